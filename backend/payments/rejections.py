"""Routing and velocity-limit rejections, kept for the operational review (backend/review).

A refused payment is never created and the work that tried rolls back, so its rejection is written
after the rollback (``after_rollback``). A payment that found a route after one or more SUB MIDs refused it
on their velocity limits is recorded with the payment, in the same transaction ("rerouted").
"""
from __future__ import annotations

from backend.core.unit_of_work import after_rollback
from backend.payments.models import RoutingRejection, Transaction

VELOCITY = "VELOCITY"


def _velocity_sub_mids(rejections: list[dict]) -> list[str]:
    return [r["target_id"] for r in rejections if r.get("code") == VELOCITY]


def _row(txn: Transaction, payment_method_id: str | None, kind: str, outcome: str, code: str, reason: str,
         sub_mid_ids: list[str], transaction_id: str | None = None) -> RoutingRejection:
    return RoutingRejection(merchant_id=txn.merchant_id, payment_method_id=payment_method_id, environment=txn.environment,
                            kind=kind, outcome=outcome, code=code[:40], reason=(reason or code)[:500], amount=txn.amount,
                            currency=txn.currency, transaction_id=transaction_id, sub_mid_ids=sub_mid_ids)


async def refused(txn: Transaction, payment_method_id: str | None, code: str, reason: str, rejections: list[dict]) -> None:
    """The routing refused `txn` (not created). Velocity when every rejection on the way was a velocity limit."""
    velocity = _velocity_sub_mids(rejections)
    kind = "velocity" if velocity and len(velocity) == len(rejections) else "routing"
    row = _row(txn, payment_method_id, kind, "refused", VELOCITY if kind == "velocity" else code, reason, velocity)
    await after_rollback(row.save)


async def rerouted(txn: Transaction, payment_method_id: str, rejections: list[dict]) -> None:
    """`txn` was routed, but SUB MIDs refused it on velocity first: record them with the payment."""
    velocity = _velocity_sub_mids(rejections)
    if not velocity:
        return
    reasons = "; ".join(r.get("message") or r.get("name") or r["target_id"] for r in rejections if r.get("code") == VELOCITY)
    await _row(txn, payment_method_id, "velocity", "rerouted", VELOCITY, reasons, velocity, transaction_id=txn.id).save()

"""Inbound provider callbacks: verify, then apply through the status machine, or store and flag.

Checks, in order: the body is a JSON object; the signature is right; its timestamp is within 5
minutes; the provider event id was not seen before (the same event again is a harmless duplicate,
another body under a known id is a replay); the transaction exists and was routed to this provider;
the amount and currency match. Anything that fails is stored as a **suspicious** callback and never
changes a transaction. Every callback, good or bad, is stored.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum

import orjson
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend.core import clock
from backend.core.money import format_amount
from backend.payments import state_machine, timeline
from backend.payments.changes import change_status
from backend.payments.models import CallbackVerdict, PaymentAttempt, ProviderCallback, Transaction, TxnStatus
from backend.payments.simulator import signing

V = CallbackVerdict


class Reason(str, Enum):
    INVALID_PAYLOAD = "invalid_payload"
    BAD_SIGNATURE = "bad_signature"
    STALE_TIMESTAMP = "stale_timestamp"
    REPLAYED_EVENT = "replayed_event"
    UNKNOWN_TRANSACTION = "unknown_transaction"
    PROVIDER_MISMATCH = "provider_mismatch"
    AMOUNT_MISMATCH = "amount_mismatch"
    CURRENCY_MISMATCH = "currency_mismatch"
    TRANSITION_REFUSED = "transition_refused"


HTTP_STATUS = {V.APPLIED: 200, V.DUPLICATE: 200, V.IGNORED: 200}
SUSPICIOUS_STATUS = {Reason.INVALID_PAYLOAD: 400, Reason.BAD_SIGNATURE: 401, Reason.STALE_TIMESTAMP: 400,
                     Reason.REPLAYED_EVENT: 409, Reason.UNKNOWN_TRANSACTION: 404, Reason.PROVIDER_MISMATCH: 422,
                     Reason.AMOUNT_MISMATCH: 422, Reason.CURRENCY_MISMATCH: 422}
COPIED = ("provider", "event_id", "transaction_id", "reported_status", "reported_amount", "reported_currency",
          "signature_valid", "body_hash", "payload", "received_at")
RESULT_STATUS = {"succeeded": TxnStatus.SETTLEMENT, "failed": TxnStatus.FAILED}


@dataclass
class Outcome:
    callback: ProviderCallback

    @property
    def http_status(self) -> int:
        cb = self.callback
        return HTTP_STATUS.get(cb.verdict) or SUSPICIOUS_STATUS.get(Reason(cb.reason), 400)

    def body(self) -> dict:
        cb = self.callback
        return {"received": cb.id, "verdict": cb.verdict.value, "reason": cb.reason, "detail": cb.detail}


async def receive(provider: str, headers: dict[str, str], raw: bytes) -> Outcome:
    """Handle one callback in the current tenant scope (set by the HTTP route from the callback URL)."""
    from backend.core.tenancy import current_tenant_id

    tenant_id = current_tenant_id()
    row = ProviderCallback(provider=provider, body_hash=hashlib.sha256(raw).hexdigest(), received_at=clock.now(),
                           verdict=V.SUSPICIOUS)
    try:
        payload = orjson.loads(raw)
        if not isinstance(payload, dict):
            raise ValueError
    except ValueError:
        return await _flag(row, Reason.INVALID_PAYLOAD, "The body is not a JSON object")
    row.payload = payload
    row.event_id = str(payload.get("event_id") or "")[:80] or None
    row.transaction_id = str(payload.get("transaction_reference") or "")[:40] or None
    row.reported_status = str(payload.get("status") or "")[:20] or None
    row.reported_amount = payload.get("amount") if isinstance(payload.get("amount"), int) else None
    row.reported_currency = str(payload.get("currency") or "")[:3] or None

    signed_at = signing.verify(tenant_id, provider, headers.get(signing.HEADER), raw)
    if signed_at is None:
        return await _flag(row, Reason.BAD_SIGNATURE, "The signature does not match this provider's secret")
    row.signature_valid = True
    if abs(clock.now().timestamp() - signed_at) > signing.WINDOW_SECONDS:
        return await _flag(row, Reason.STALE_TIMESTAMP, "Signed more than 5 minutes away from now: a replay?")
    if not row.event_id or row.reported_status not in RESULT_STATUS:
        return await _flag(row, Reason.INVALID_PAYLOAD, "event_id and status (succeeded|failed) are required")
    seen = await ProviderCallback.filter(provider=provider, event_id=row.event_id, signature_valid=True).exclude(
        verdict=V.SUSPICIOUS).first()
    if seen is not None:
        if seen.body_hash == row.body_hash:
            return await _store(row, V.DUPLICATE, None, f"Same event as {seen.id}: nothing changed")
        return await _flag(row, Reason.REPLAYED_EVENT, f"Event id already used by {seen.id} with another body")

    txn = await Transaction.get_or_none(id=row.transaction_id) if row.transaction_id else None
    if txn is None:
        return await _flag(row, Reason.UNKNOWN_TRANSACTION, "No such transaction")
    if txn.provider != provider:
        return await _flag(row, Reason.PROVIDER_MISMATCH, f"The transaction was routed to {txn.provider}", txn)
    if row.reported_amount != txn.amount:
        return await _flag(row, Reason.AMOUNT_MISMATCH, f"Reported {format_amount(row.reported_amount, txn.currency) if row.reported_amount is not None else 'no amount'}, expected {format_amount(txn.amount, txn.currency)}", txn)
    if (row.reported_currency or "").upper() != txn.currency:
        return await _flag(row, Reason.CURRENCY_MISMATCH, f"Reported {row.reported_currency}, expected {txn.currency}", txn)
    return await _apply(row, txn)


async def _apply(row: ProviderCallback, txn: Transaction) -> Outcome:
    from backend.core.tenancy import current_tenant_id

    row.dedupe_key = f"{current_tenant_id()}:{row.provider}:{row.event_id}"
    target = RESULT_STATUS[row.reported_status]
    reason = row.payload.get("reason")
    try:
        async with in_transaction():
            row.verdict = V.APPLIED
            await row.save()
            try:
                async with in_transaction():
                    await change_status(txn, target, "callback",
                                        f"Provider callback: {row.reported_status}" + (f" ({reason})" if reason else ""),
                                        {"callback_id": row.id, "event_id": row.event_id, "reason": reason})
            except state_machine.InvalidTransition as refused:
                row.verdict, row.reason = V.IGNORED, Reason.TRANSITION_REFUSED.value
                row.detail = f"Arrived when the transaction was already {refused.current.value}"
                await row.save(update_fields=["verdict", "reason", "detail"])
                await timeline.record(txn, "callback", f"Provider callback ignored: {row.detail}",
                                      {"callback_id": row.id, "event_id": row.event_id, "reported_status": row.reported_status})
        await PaymentAttempt.filter(transaction_id=txn.id, status="sent").update(status="answered")
    except IntegrityError:  # the same event, verified concurrently by another request: that one applies it
        copy = ProviderCallback(**{f: getattr(row, f) for f in COPIED})
        return await _store(copy, V.DUPLICATE, None, "Same provider event received concurrently")
    return Outcome(row)


async def _store(row: ProviderCallback, verdict: CallbackVerdict, reason: Reason | None, detail: str) -> Outcome:
    row.verdict, row.reason, row.detail = verdict, reason.value if reason else None, detail[:300]
    await row.save()
    return Outcome(row)


async def _flag(row: ProviderCallback, reason: Reason, detail: str, txn: Transaction | None = None) -> Outcome:
    """Store a suspicious callback (committed on its own: a refused callback is evidence)."""
    outcome = await _store(row, V.SUSPICIOUS, reason, detail)
    if txn is not None:
        await timeline.record(txn, "suspicious_callback", f"Suspicious callback refused: {reason.value.replace('_', ' ')}",
                              {"callback_id": row.id, "reason": reason.value, "detail": detail})
    return outcome

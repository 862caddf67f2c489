"""Disputes: open on a settled payment (holding the merchant's funds), move through the states of
backend.disputes.states, talk in a thread, resolve as won / lost / split (releasing or debiting the hold),
and escalate automatically 48 h after opening. Callers (GraphQL, jobs) check access; this checks the rules.
Nothing here commits on its own: a caller's unit of work makes each call all-or-nothing.
"""
from __future__ import annotations

from typing import Any

from backend.core import clock
from backend.core.context import current_actor
from backend.core.errors import Conflict, NotFound, Problems, ValidationFailed
from backend.core.money import format_amount
from backend.disputes import notify
from backend.disputes.errors import DisputeError as E
from backend.disputes.models import Dispute, DisputeEvent, DisputeMessage
from backend.disputes.states import AUTO_ESCALATE_FROM, ESCALATE_AFTER, DisputeOutcome, DisputeStatus, allowed, can_move
from backend.ledger import disputes as ledger
from backend.payments import timeline
from backend.payments.models import Transaction, TxnStatus

S = DisputeStatus
DISPUTABLE = frozenset({TxnStatus.SETTLEMENT, TxnStatus.PARTIALLY_REFUNDED})
REASON_LIMIT = 500
NOTE_LIMIT = 1000
MESSAGE_LIMIT = 5000
STATUS_WORDS = {S.OPENED: "opened", S.UNDER_REVIEW: "under review", S.PENDING_INFO: "waiting for information",
                S.ESCALATED: "escalated", S.RESOLVED: "resolved"}


def _text(p: Problems, field: str, value: Any, limit: int, code: E, required: bool) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        p.add(field, code, f"{field} is text")
    elif required and not text:
        p.add(field, code, f"{field} is required")
    elif len(text) > limit:
        p.add(field, code, f"{field} is at most {limit} characters")
    return text


async def event(d: Dispute, kind: str, message: str, data: dict | None = None) -> DisputeEvent:
    actor = current_actor()
    return await DisputeEvent.create(dispute_id=d.id, kind=kind, message=message, data=data or {}, actor_type=actor.type,
                                     actor_label=actor.label, at=clock.now())


async def get(dispute_id: str) -> Dispute:
    d = await Dispute.get_or_none(id=dispute_id)
    if d is None:
        raise NotFound("Dispute")
    return d


async def _locked(dispute_id: str) -> Dispute:
    d = await Dispute.filter(id=dispute_id).select_for_update().first()
    if d is None:
        raise NotFound("Dispute")
    return d


async def _save(d: Dispute, **changes: Any) -> Dispute:
    """Compare-and-set on the version: a concurrent change of the same dispute makes this one fail cleanly."""
    now = clock.now()
    done = await Dispute.filter(id=d.id, version=d.version).update(version=d.version + 1, updated_at=now, **changes)
    if not done:
        raise Conflict(E.STALE, "The dispute was changed meanwhile; reload it and try again")
    for k, v in changes.items():
        setattr(d, k, v)
    d.version += 1
    d.updated_at = now
    return d


# ------------------------------------------------------------------------------ opening

async def held_for(txn_id: str) -> int:
    """What an open dispute of the payment holds (0 without one): refunds may not touch it (payments.changes.refund)."""
    d = await Dispute.get_or_none(open_key=txn_id)
    return d.amount if d is not None else 0


async def open_dispute(txn: Transaction, amount: Any, reason: Any) -> Dispute:
    """Open a dispute on a settled (or partly refunded) payment for at most what was not refunded; hold that much."""
    txn = await Transaction.filter(id=txn.id).select_for_update().first() or txn  # one opener at a time per payment
    p = Problems()
    reason = _text(p, "reason", reason, REASON_LIMIT, E.REASON_INVALID, required=True)
    left = txn.amount - txn.refunded_amount
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        p.add("amount", E.AMOUNT_INVALID, "amount is a positive integer in minor units")
    elif amount > left:
        p.add("amount", E.AMOUNT_INVALID, f"amount is at most {format_amount(left, txn.currency)}: what the payment "
                                          f"settled minus its refunds")
    p.raise_if_any()
    if txn.status not in DISPUTABLE:
        raise Conflict(E.NOT_DISPUTABLE, f"Only settled or partly refunded payments can be disputed; this one is {txn.status.value}")
    if await Dispute.exists(open_key=txn.id):
        raise Conflict(E.ALREADY_OPEN, "This payment already has an open dispute")
    now = clock.now()
    d = await Dispute.create(merchant_id=txn.merchant_id, transaction_id=txn.id, open_key=txn.id, amount=amount,
                             currency=txn.currency, reason=reason, status=S.OPENED, opened_at=now,
                             escalate_at=now + ESCALATE_AFTER, opened_by=current_actor().label, updated_at=now)
    await ledger.post_hold(dispute_id=d.id, merchant_id=d.merchant_id, transaction_id=txn.id, currency=d.currency, amount=amount)
    money = format_amount(amount, d.currency)
    await event(d, "opened", f"Dispute opened for {money}: {reason}", {"amount": amount, "currency": d.currency})
    await event(d, "hold", f"{money} of the merchant's funds held")
    await timeline.record(txn, "dispute_opened", f"Dispute {d.id} opened for {money}; funds held",
                          {"dispute_id": d.id, "amount": amount, "reason": reason})
    await notify.merchant_users(d, f"Dispute opened on payment {txn.id}",
                                f"A dispute for {money} was opened on payment {txn.id}.\nReason: {reason}\n"
                                f"It escalates automatically if it is not resolved within 48 hours.")
    return d


# ------------------------------------------------------------------------------ moving

def _refuse_move(d: Dispute, target: DisputeStatus) -> Conflict:
    if d.status == S.RESOLVED:
        return Conflict(E.RESOLVED, "The dispute is resolved; nothing changes any more")
    options = ", ".join(s.value.upper() for s in sorted(allowed(d.status), key=list(DisputeStatus).index))
    return Conflict(E.TRANSITION_REFUSED, f"A dispute {d.status.value.upper()} cannot move to {target.value.upper()}; "
                                         f"it can move to {options}")


async def move(dispute_id: str, target: DisputeStatus, note: Any = None) -> Dispute:
    """Move to UNDER_REVIEW, PENDING_INFO or ESCALATED (resolving goes through resolve(): it needs an outcome)."""
    p = Problems()
    note = _text(p, "note", note, NOTE_LIMIT, E.MESSAGE_INVALID, required=False)
    if target == S.RESOLVED:
        p.add("status", E.OUTCOME_INVALID, "Resolve a dispute with an outcome (resolveDispute)")
    p.raise_if_any()
    d = await _locked(dispute_id)
    if not can_move(d.status, target):
        raise _refuse_move(d, target)
    return await _moved(d, target, note)


async def _moved(d: Dispute, target: DisputeStatus, note: str = "", automatic: bool = False) -> Dispute:
    previous = d.status
    changes: dict[str, Any] = {"status": target}
    if target == S.ESCALATED:
        changes["escalated_at"] = clock.now()
    await _save(d, **changes)
    why = " automatically: not resolved within 48 hours" if automatic else ""
    await event(d, "escalated" if target == S.ESCALATED else "status",
                f"Status {STATUS_WORDS[previous]} → {STATUS_WORDS[target]}{why}" + (f": {note}" if note else ""),
                {"from": previous.value, "to": target.value, "automatic": automatic, "note": note})
    txn = await Transaction.get(id=d.transaction_id)
    await timeline.record(txn, "dispute_status", f"Dispute {d.id} {STATUS_WORDS[target]}{why}", {"dispute_id": d.id, "status": target.value})
    if target in (S.ESCALATED, S.PENDING_INFO):
        ask = "Tenant staff need more information: answer in the dispute's thread or add evidence." if target == S.PENDING_INFO \
            else "It was escalated" + (" because it was not resolved within 48 hours." if automatic else ".")
        await notify.merchant_users(d, f"Dispute {d.id} {STATUS_WORDS[target]}",
                                    f"The dispute on payment {d.transaction_id} is now {STATUS_WORDS[target]}. {ask}"
                                    + (f"\nNote: {note}" if note else ""))
    return d


async def escalate_due() -> int:
    """Escalate every dispute of the current scope still unresolved 48 h after opening (the scheduled job). How many."""
    count = 0
    for d in await Dispute.filter(status__in=list(AUTO_ESCALATE_FROM), escalate_at__lte=clock.now()).order_by("escalate_at", "id"):
        d = await _locked(d.id)
        if d.status in AUTO_ESCALATE_FROM and d.escalate_at <= clock.now():
            try:
                await _moved(d, S.ESCALATED, automatic=True)
            except Conflict:  # someone changed it at this very moment (the compare-and-set wrote nothing): next run
                continue
            count += 1
    return count


# ------------------------------------------------------------------------------ resolving

async def resolve(dispute_id: str, outcome: DisputeOutcome, merchant_loss: Any = None, note: Any = None) -> Dispute:
    """Resolve: won releases the hold to the merchant, lost charges it back to the payer, split does both
    (`merchant_loss` is what the merchant loses, strictly between 0 and the disputed amount)."""
    d = await _locked(dispute_id)
    p = Problems()
    note = _text(p, "note", note, NOTE_LIMIT, E.MESSAGE_INVALID, required=False)
    outcome = DisputeOutcome(outcome)
    if outcome == DisputeOutcome.SPLIT:
        if not isinstance(merchant_loss, int) or isinstance(merchant_loss, bool) or not 0 < merchant_loss < d.amount:
            p.add("merchantLoss", E.AMOUNT_INVALID, f"a split's merchant loss is more than 0 and less than "
                                                    f"{format_amount(d.amount, d.currency)}")
    elif merchant_loss is not None:
        p.add("merchantLoss", E.AMOUNT_INVALID, "only a split takes an amount")
    p.raise_if_any()
    if not can_move(d.status, S.RESOLVED):
        raise _refuse_move(d, S.RESOLVED)
    loss = {DisputeOutcome.WON: 0, DisputeOutcome.LOST: d.amount}.get(outcome, merchant_loss)
    await _save(d, status=S.RESOLVED, outcome=outcome, merchant_loss=loss, resolution_note=note, resolved_at=clock.now(),
                open_key=None)
    await ledger.post_resolution(dispute_id=d.id, merchant_id=d.merchant_id, transaction_id=d.transaction_id,
                                 currency=d.currency, amount=d.amount, merchant_loss=loss, outcome=outcome.value)
    kept = format_amount(d.amount - loss, d.currency)
    lost = format_amount(loss, d.currency)
    summary = {DisputeOutcome.WON: f"won: {kept} released to the merchant",
               DisputeOutcome.LOST: f"lost: {lost} charged back to the payer",
               DisputeOutcome.SPLIT: f"split: {lost} charged back, {kept} released to the merchant"}[outcome]
    await event(d, "resolved", f"Resolved, {summary}" + (f": {note}" if note else ""),
                {"outcome": outcome.value, "merchant_loss": loss, "note": note})
    txn = await Transaction.get(id=d.transaction_id)
    await timeline.record(txn, "dispute_resolved", f"Dispute {d.id} {summary}", {"dispute_id": d.id, "outcome": outcome.value,
                                                                                "merchant_loss": loss})
    await notify.merchant_users(d, f"Dispute {d.id} resolved ({outcome.value})",
                                f"The dispute on payment {d.transaction_id} was resolved, {summary}." + (f"\nNote: {note}" if note else ""))
    return d


# ------------------------------------------------------------------------------ the thread

async def add_message(dispute_id: str, body: Any, side: str) -> DisputeMessage:
    p = Problems()
    body = _text(p, "body", body, MESSAGE_LIMIT, E.MESSAGE_INVALID, required=True)
    p.raise_if_any()
    d = await get(dispute_id)
    if d.status == S.RESOLVED:
        raise Conflict(E.RESOLVED, "The dispute is resolved; its thread is closed")
    actor = current_actor()
    msg = await DisputeMessage.create(dispute_id=d.id, author_id=actor.id, author_label=actor.label or actor.type,
                                      author_side=side, body=body, created_at=clock.now())
    await event(d, "message", f"Message from {'the merchant' if side == 'merchant' else 'tenant staff'}: "
                              f"{body[:200]}{'…' if len(body) > 200 else ''}", {"message_id": msg.id})
    if side == "staff":
        await notify.merchant_users(d, f"New message on dispute {d.id}", f"{actor.label} wrote:\n\n{body}")
    return msg


def bad(field: str, code: E, message: str) -> ValidationFailed:
    return ValidationFailed.on(field, code, message)

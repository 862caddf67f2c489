"""Status changes with their side effects, in one unit of work: state machine, ledger postings, timeline, outbox event."""
from __future__ import annotations

from backend.core import clock
from backend.core.context import current_actor
from backend.core.errors import ValidationFailed
from backend.core.money import format_amount
from backend.ledger import service as ledger
from backend.payments import state_machine, timeline
from backend.payments.errors import PaymentError as E
from backend.payments.models import OutboxEvent, Refund, SimulationResultLog, Transaction, TxnStatus

EVENT_FOR = {
    TxnStatus.SETTLEMENT: "payment.succeeded", TxnStatus.FAILED: "payment.failed", TxnStatus.EXPIRED: "payment.expired",
    TxnStatus.CANCELLED: "payment.cancelled", TxnStatus.REFUNDED: "payment.refunded",
    TxnStatus.PARTIALLY_REFUNDED: "payment.partially_refunded",
}
OVERRIDE_TARGET = {"approve": TxnStatus.SETTLEMENT, "reject": TxnStatus.FAILED, "expire": TxnStatus.EXPIRED,
                   "cancel": TxnStatus.CANCELLED}


def event_payload(txn: Transaction, event_type: str) -> dict:
    return {"type": event_type, "created_at": clock.now().isoformat(), "data": {
        "transaction_id": txn.id, "status": txn.status.value, "amount": txn.amount, "currency": txn.currency,
        "refunded_amount": txn.refunded_amount, "order_id": txn.order_id, "user_reference": txn.user_reference,
        "merchant_id": txn.merchant_id, "environment": txn.environment}}


async def emit(txn: Transaction, event_type: str) -> OutboxEvent:
    from backend.webhooks.delivery import event_emitted

    event = await OutboxEvent.create(merchant_id=txn.merchant_id, event_type=event_type, transaction_id=txn.id,
                                     payload=event_payload(txn, event_type))
    await event_emitted(event)  # deliveries created in this transaction, first attempts queued after commit
    return event


async def change_status(txn: Transaction, target: TxnStatus, kind: str, message: str, data: dict | None = None, *,
                        refund_amount: int | None = None, **columns) -> Transaction:
    """Apply a status change (plus column changes) and its side effects; `refund_amount` is what a refund gives back."""
    previous = txn.status
    await state_machine.apply(txn, target, **columns)
    await ledger.post_status_change(txn, previous, target, amount=refund_amount)
    await timeline.record(txn, kind, message, {"from": previous.value, "to": target.value, **(data or {})})
    await emit(txn, EVENT_FOR[target])
    return txn


async def refund(txn: Transaction, amount: int | None, reason: str) -> Transaction:
    """Full (amount None) or partial refund; never more than what settled and is not yet refunded or held by an
    open dispute (the payer would get that money twice)."""
    from backend.disputes.service import held_for

    held = await held_for(txn.id)
    refundable = txn.amount - txn.refunded_amount - held
    amount = refundable if amount is None else amount
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationFailed.on("amount", E.AMOUNT_INVALID, "Refund amount is a positive integer in minor units")
    if txn.status not in (TxnStatus.SETTLEMENT, TxnStatus.PARTIALLY_REFUNDED):
        state_machine.check(txn.status, TxnStatus.REFUNDED)
    if amount > refundable:
        raise ValidationFailed.on("amount", E.REFUND_EXCEEDS_SETTLED,
                                  f"At most {refundable} can be refunded (settled {txn.amount}, refunded {txn.refunded_amount}"
                                  + (f", held by an open dispute {held})" if held else ")"))
    total = txn.refunded_amount + amount
    target = TxnStatus.REFUNDED if total == txn.amount else TxnStatus.PARTIALLY_REFUNDED
    await change_status(txn, target, "refund", f"Refunded {format_amount(amount, txn.currency)}", {"amount": amount, "reason": reason},
                        refund_amount=amount, refunded_amount=total)
    await Refund.create(transaction_id=txn.id, amount=amount, reason=reason or "")
    return txn


async def override(txn: Transaction, action: str, reason: str, amount: int | None = None) -> SimulationResultLog:
    """Manual correction by back-office staff (transactions.override): recorded as a simulation result log entry."""
    if not (reason or "").strip():
        raise ValidationFailed.on("reason", E.REASON_REQUIRED, "Say why you override this transaction")
    previous = txn.status
    snapshot = {"status": previous.value, "amount": txn.amount, "currency": txn.currency, "refunded_amount": txn.refunded_amount,
                "routing": {"master_mid_id": txn.master_mid_id, "sub_mid_id": txn.sub_mid_id}}
    if action in ("refund", "partial_refund"):
        await refund(txn, None if action == "refund" else amount, reason)
    elif action in OVERRIDE_TARGET:
        await change_status(txn, OVERRIDE_TARGET[action], "override", f"Manual {action}: {reason}", {"reason": reason})
    else:
        raise ValidationFailed.on("action", E.REQUEST_INVALID, "Unknown action")
    actor = current_actor()
    return await SimulationResultLog.create(transaction_id=txn.id, action=action, previous_status=previous.value,
                                            new_status=txn.status.value, reason=reason.strip(), amount=amount, snapshot=snapshot,
                                            actor_id=actor.id, actor_label=actor.label)


async def expire_due(limit: int = 500) -> int:
    """Expire pending payments past expires_at (run by the scheduled job in each tenant scope)."""
    count = 0
    for txn in await Transaction.filter(status=TxnStatus.PENDING, expires_at__lte=clock.now()).limit(limit):
        try:
            await change_status(txn, TxnStatus.EXPIRED, "expired", "Payment expired before completion")
            count += 1
        except state_machine.InvalidTransition:
            continue  # changed meanwhile (paid or cancelled): nothing to do
    return count

"""Demo disputes, so the workbench is not empty out of the box: a few settled demo payments disputed at different
moments of the last days, in every state (one escalated by the job's own rule, two resolved), with messages and a
piece of evidence. Through the real service (ledger holds and releases included); once per tenant."""
from __future__ import annotations

from datetime import timedelta

from backend.core import clock
from backend.core.context import Actor, actor_var
from backend.core.unit_of_work import unit_of_work
from backend.disputes import evidence, service
from backend.disputes.models import Dispute
from backend.disputes.states import DisputeOutcome, DisputeStatus
from backend.payments.models import Transaction, TxnStatus

SEED = Actor("system", None, "demo seed")
# (hours ago it was opened, reason, what happens next)
PLAN = [
    (3, "Goods not received", "opened"),
    (20, "Item not as described: wrong size delivered", "review"),
    (30, "Cardholder does not recognise the payment", "pending_info"),
    (60, "Duplicate charge claimed by the cardholder", "escalated"),
    (90, "Product returned but not refunded", "won"),
    (120, "Damaged on arrival", "split"),
]


class _DemoFile:
    """A tiny PDF as an upload (the service reads it the way it reads a real one)."""

    def __init__(self, name: str, text: str):
        self.filename = name
        self._data = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% "
                      + text.encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")
        self.size = len(self._data)

    async def read(self, n: int = -1) -> bytes:
        data, self._data = self._data, b""
        return data


async def seed_disputes(staff_email: str, merchant_email: str) -> int:
    if await Dispute.exists():
        return 0
    txns = await Transaction.filter(status=TxnStatus.SETTLEMENT, environment="production").order_by("-created_at").limit(40)
    picked, merchants = [], set()
    for t in txns:  # one per merchant first, to spread them over the merchants
        if t.merchant_id not in merchants:
            picked.append(t)
            merchants.add(t.merchant_id)
    picked += [t for t in txns if t not in picked]  # then the rest, newest first
    picked = picked[:len(PLAN)]
    now = clock.now()
    staff, merchant = Actor("user", None, staff_email), Actor("user", None, merchant_email)
    made = 0
    try:
        for txn, (hours, reason, then) in zip(picked, PLAN):
            at = now - timedelta(hours=hours)
            amount = txn.amount - txn.refunded_amount
            if then == "split":
                amount = amount // 2
            d = await _as(SEED, at, lambda: service.open_dispute(txn, amount, reason))
            if then in ("review", "pending_info", "won", "split"):
                await _as(staff, at + timedelta(hours=1), lambda: service.move(d.id, DisputeStatus.UNDER_REVIEW))
                await _as(staff, at + timedelta(hours=1, minutes=5),
                          lambda: service.add_message(d.id, "Please send the proof of delivery and the order confirmation.", "staff"))
                await _as(merchant, at + timedelta(hours=3),
                          lambda: service.add_message(d.id, "Attached: the carrier's delivery confirmation.", "merchant"))
                await _as(merchant, at + timedelta(hours=3, minutes=1),
                          lambda: evidence.add(d.id, _DemoFile("delivery-confirmation.pdf", "Delivered " + txn.id),
                                               "Carrier's proof of delivery"))
            if then == "pending_info":
                await _as(staff, at + timedelta(hours=5), lambda: service.move(d.id, DisputeStatus.PENDING_INFO,
                                                                               "The signature on the delivery note is missing"))
            if then == "won":
                await _as(staff, at + timedelta(hours=26), lambda: service.resolve(d.id, DisputeOutcome.WON, None,
                                                                                   "Delivery proven"))
            if then == "split":
                await _as(staff, at + timedelta(hours=30), lambda: service.resolve(d.id, DisputeOutcome.SPLIT, amount // 2,
                                                                                   "Half refunded for the damage"))
            made += 1
        await _as(SEED, now, service.escalate_due)  # the one opened 60 h ago escalates as the job would
    finally:
        clock.freeze(None)
    return made


async def _as(actor: Actor, at, work):
    token = actor_var.set(actor)
    clock.freeze(at)
    try:
        async with unit_of_work():
            return await work()
    finally:
        actor_var.reset(token)

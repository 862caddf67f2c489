"""Property: whatever happens to payments, the ledger stays balanced and agrees with the payments.

Hypothesis drives random sequences of operations on one tenant: create payments (REST, two currencies,
amounts small enough that fees can exceed them), settle / reject / expire / cancel them (overrides, signed
provider callbacks through the real inbound handler — suspicious ones must change nothing — the provider path, the integrator's cancel, the expiry job), refund them fully or partly through the integrator's
path and overrides (including refunds that must be refused), release due funds, replay the ledger hook, and open
disputes on them (some refused) and resolve them as won, lost or split.
After every step: each journal entry balances per currency, the tenant's totals balance per currency, and per
currency the merchant's funds equal settled − refunded − fees − charged back of a model kept here independently.
A refused operation writes nothing.
"""
from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
import orjson

from backend.core import clock
from backend.core.errors import DomainError
from backend.core.tenancy import tenant_scope
from backend.core.unit_of_work import unit_of_work
from backend.ledger import service as ledger
from backend.ledger.models import MERCHANT_ACCOUNTS, Account, Posting
from backend.payments import callbacks, changes, service as payments
from backend.payments.models import CallbackVerdict, Refund, Transaction, TxnStatus
from backend.payments.simulator import signing
from tests.ledger.conftest import fees
from tests.ledger.test_ledger_api import pay

S = TxnStatus
SETTLED = {S.SETTLEMENT, S.PARTIALLY_REFUNDED, S.REFUNDED}
ON_PENDING = {"approve": S.SETTLEMENT, "settle": S.SETTLEMENT, "callback_ok": S.SETTLEMENT, "callback_fail": S.FAILED, "reject": S.FAILED, "expire": S.EXPIRED,
              "cancel": S.CANCELLED, "integrator_cancel": S.CANCELLED}
# Repetition weighs the draw: payments must exist, settle and be refunded often enough to matter.
KINDS = (["create"] * 4 + ["approve", "settle"] * 2 + ["reject", "expire", "cancel", "integrator_cancel"] + ["refund"] * 6
         + ["release"] * 2 + ["replay_hook"] * 2 + ["expire_due"] + ["callback_ok"] * 2 + ["callback_fail", "callback_bad"]
         + ["dispute_open"] * 5 + ["dispute_won", "dispute_lost", "dispute_split"] * 2)


@dataclass
class Payment:
    """What the test believes about one payment."""

    id: str
    amount: int
    currency: str
    status: TxnStatus = S.PENDING
    refunded: int = 0
    disputed: int = 0  # the open dispute's amount (0: none open)
    charged_back: int = 0  # what lost and split disputes took back

    @property
    def fees(self) -> int:
        return sum(fees(self.amount, self.currency))

    @property
    def refundable(self) -> int:
        return self.amount - self.refunded

    @property
    def free(self) -> int:
        """What a refund may take: an open dispute's amount is held."""
        return self.refundable - self.disputed


@dataclass(frozen=True)
class Op:
    kind: str
    pick: int  # which payment, counted back from the most recent one
    currency: str  # create
    amount: int  # create
    refund_share: int | None  # refund: percent of what is still refundable (None: "the rest"; over 100 must be refused)
    refund_raw: int | None  # refund: an arbitrary amount instead, when set
    via_override: bool  # refund through a manual override instead of the integrator's REST path

    def refund_amount(self, p: Payment) -> int | None:
        if self.refund_raw is not None:
            return self.refund_raw
        return None if self.refund_share is None else p.refundable * self.refund_share // 100


operations = st.builds(
    Op, kind=st.sampled_from(KINDS), pick=st.integers(0, 5), currency=st.sampled_from(["EUR", "USD"]),
    amount=st.one_of(st.integers(1, 60), st.integers(1, 40_000)),  # tiny amounts: the fees exceed them
    refund_share=st.one_of(st.none(), st.integers(0, 120)),
    refund_raw=st.one_of(st.none(), st.none(), st.integers(-5, 45_000)), via_override=st.booleans())


@pytest.fixture
def model() -> list[Payment]:
    """The payments of this test's tenant, across all Hypothesis examples (they share the tenant)."""
    return []


def dispute_amount(p: Payment, op: Op) -> int:
    """dispute_open: the amount asked for; dispute_split: the merchant's loss."""
    if op.kind == "dispute_split":
        return p.disputed * (50 if op.refund_share is None else op.refund_share) // 100
    amount = op.refund_amount(p)
    return p.refundable if amount is None else amount


def allowed(p: Payment, op: Op) -> bool:
    """Whether the payments and disputes domains must accept `op` on `p` (the test's own reading of SPEC §6, §11)."""
    if op.kind == "dispute_open":
        return p.status in (S.SETTLEMENT, S.PARTIALLY_REFUNDED) and not p.disputed and 0 < dispute_amount(p, op) <= p.refundable
    if op.kind in ("dispute_won", "dispute_lost"):
        return bool(p.disputed)
    if op.kind == "dispute_split":
        return bool(p.disputed) and 0 < dispute_amount(p, op) < p.disputed
    if op.kind == "refund":
        amount = op.refund_amount(p)
        amount = p.free if amount is None else amount
        return p.status in (S.SETTLEMENT, S.PARTIALLY_REFUNDED) and 0 < amount <= p.free
    if op.kind == "callback_bad":  # a suspicious callback (amount mismatch) never changes anything
        return False
    return op.kind == "replay_hook" or p.status == S.PENDING


def apply_to_model(p: Payment, op: Op) -> None:
    if op.kind == "dispute_open":
        p.disputed = dispute_amount(p, op)
    elif op.kind.startswith("dispute_"):
        p.charged_back += {"dispute_won": 0, "dispute_lost": p.disputed, "dispute_split": dispute_amount(p, op)}[op.kind]
        p.disputed = 0
    elif op.kind == "refund":
        amount = op.refund_amount(p)
        p.refunded += p.free if amount is None else amount
        p.status = S.REFUNDED if p.refunded == p.amount else S.PARTIALLY_REFUNDED
    elif op.kind in ON_PENDING:
        p.status = ON_PENDING[op.kind]


async def act(p: Payment, op: Op) -> None:
    """Perform `op` on payment `p` through the payments domain, in one unit of work."""
    async with unit_of_work():
        txn = await Transaction.get(id=p.id)
        if op.kind in ("approve", "reject", "expire", "cancel"):
            await changes.override(txn, op.kind, "property test")
        elif op.kind == "settle":
            await changes.change_status(txn, S.SETTLEMENT, "callback", "provider confirmed (test)")
        elif op.kind.startswith("callback"):
            await provider_callback(txn, op.kind)
        elif op.kind == "integrator_cancel":
            await payments.cancel(txn, "property test")
        elif op.kind == "refund" and op.via_override:
            amount = op.refund_amount(p)
            await changes.override(txn, "refund" if amount is None else "partial_refund", "property test", amount)
        elif op.kind == "refund":
            await changes.refund(txn, op.refund_amount(p), "property test")
        elif op.kind.startswith("dispute_"):
            await dispute_step(p, op, txn)
        elif op.kind == "replay_hook":  # the hook called again for the last change must post nothing new
            if txn.status in SETTLED:
                await ledger.post_status_change(txn, S.PENDING, S.SETTLEMENT)
            if txn.status in (S.PARTIALLY_REFUNDED, S.REFUNDED):
                last = await Refund.filter(transaction_id=txn.id).order_by("-created_at", "-id").first()
                await ledger.post_status_change(txn, S.SETTLEMENT, txn.status, amount=last.amount)


async def dispute_step(p: Payment, op: Op, txn: Transaction) -> None:
    from backend.disputes import service as disputes
    from backend.disputes.models import Dispute
    from backend.disputes.states import DisputeOutcome

    if op.kind == "dispute_open":
        await disputes.open_dispute(txn, dispute_amount(p, op), "property test")
        return
    d = await Dispute.get_or_none(open_key=txn.id)
    if d is None:
        raise DomainError("NO_OPEN_DISPUTE", "no open dispute on this payment")
    outcome = DisputeOutcome(op.kind.removeprefix("dispute_"))
    await disputes.resolve(d.id, outcome, dispute_amount(p, op) if outcome == DisputeOutcome.SPLIT else None)


async def provider_callback(txn: Transaction, kind: str) -> None:
    """A signed provider callback through the real inbound handler; anything but "applied" counts as refused."""
    body = orjson.dumps({"event_id": f"pev_{uuid.uuid4().hex}", "transaction_reference": txn.id,
                         "status": "failed" if kind == "callback_fail" else "succeeded",
                         "amount": txn.amount + (1 if kind == "callback_bad" else 0), "currency": txn.currency})
    headers = signing.sign_headers(txn.tenant_id, txn.provider, body, int(clock.now().timestamp()))
    outcome = await callbacks.receive(txn.provider, headers, body)
    if outcome.callback.verdict != CallbackVerdict.APPLIED:
        raise DomainError("CALLBACK_NOT_APPLIED", f"{outcome.callback.verdict.value}: {outcome.callback.reason}")


async def expire_all_pending(model: list[Payment]) -> None:
    """The expiry job, half an hour later: every pending payment expires."""
    clock.advance(payments.PAYMENT_TTL + timedelta(seconds=1))
    try:
        async with unit_of_work():
            await changes.expire_due(limit=10_000)
    finally:
        clock.reset()
    for p in model:
        if p.status == S.PENDING:
            p.status = S.EXPIRED


async def assert_ledger_agrees(model: list[Payment], merchant_id: str) -> None:
    report = await ledger.check_invariant()
    assert report.unbalanced_entry_ids == []
    assert all(t.debits == t.credits for t in report.totals), report.totals
    assert report.mismatches == [], report.mismatches
    want: dict[tuple[str, str], int] = defaultdict(int)
    for p in model:
        if p.status in SETTLED:
            want[(p.currency, "merchant")] += p.amount - p.refunded - p.fees - p.charged_back
            want[(p.currency, "provider")] += p.amount - p.refunded - p.charged_back
            want[(p.currency, "fees")] += p.fees
    got: dict[tuple[str, str], int] = defaultdict(int)
    for b in await ledger.balances(merchant_id=merchant_id):
        side = "merchant" if b.account in MERCHANT_ACCOUNTS else "provider" if b.account == Account.PROVIDER_RECEIVABLE else "fees"
        got[(b.currency, side)] += b.balance
    assert {k: v for k, v in got.items() if v} == {k: v for k, v in want.items() if v}
    statuses = dict(await Transaction.filter(id__in=[p.id for p in model] or [""]).values_list("id", "status"))
    assert {p.id: p.status for p in model} == {i: S(s) for i, s in statuses.items()}


def pick(model: list[Payment], op: Op) -> Payment:
    """The payment `op` acts on: counted back from the newest; dispute steps prefer payments they can act on (settled
    ones to open, disputed ones to resolve) so that they are not nearly always refused."""
    pool = model
    if op.kind == "dispute_open":
        pool = [p for p in model if p.status in SETTLED and not p.disputed] or model
    elif op.kind.startswith("dispute_"):
        pool = [p for p in model if p.disputed] or model
    return pool[-1 - op.pick % len(pool)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(operations, min_size=5, max_size=30))
async def test_the_ledger_stays_balanced_and_agrees_with_payments(ledger_shop, db, model, ops):
    shop, tenant_id = ledger_shop["one"], ledger_shop["tenant_id"]
    for op in ops:
        if op.kind == "create":
            model.append(Payment(await pay(shop, op.amount, op.currency), op.amount, op.currency))
            with tenant_scope(tenant_id):
                txn = await Transaction.get(id=model[-1].id)
            assert (txn.processing_fee, txn.conversion_fee) == fees(op.amount, op.currency)
            continue
        with tenant_scope(tenant_id):
            if op.kind == "expire_due":
                await expire_all_pending(model)
            elif op.kind == "release":
                async with unit_of_work():
                    await ledger.release_due()
            elif model:
                p = pick(model, op)
                before = await Posting.all().count()
                try:
                    await act(p, op)
                except DomainError:
                    event(f"{op.kind} refused")
                    assert not allowed(p, op), f"{op} refused on {p}"
                    assert await Posting.all().count() == before, "a refused operation wrote postings"
                else:
                    event(f"{op.kind} accepted")
                    assert allowed(p, op), f"{op} accepted on {p}"
                    apply_to_model(p, op)
                    if op.kind == "replay_hook":
                        assert await Posting.all().count() == before, "replaying the hook posted again"
            await assert_ledger_agrees(model, shop["merchant"]["id"])

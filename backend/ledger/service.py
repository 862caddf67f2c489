"""The ledger service: posts a balanced journal entry for every money-relevant payment event.

Settlement  Dr provider_receivable amount / Cr merchant_pending net / Cr fees_processing / Cr fees_conversion
Refund      Dr merchant_pending (or merchant_available once released) amount / Cr provider_receivable amount
Release     Dr merchant_pending / Cr merchant_available: the payment's pending funds, after the release delay

Refunds debit the bucket where that payment's money sits (pending until released, then available), so a
payment's funds are always in one place and a release moves exactly what is left. The payments domain
calls :func:`post_status_change` inside its unit of work; nothing here commits on its own.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Iterable

from tortoise.expressions import Subquery
from tortoise.functions import Sum

from backend.core import clock
from backend.core.money import is_currency
from backend.ledger import chain
from backend.ledger.models import DEBIT_NORMAL, MERCHANT_ACCOUNTS, Account, EntryKind, JournalEntry, Posting
from backend.payments.models import Transaction, TxnStatus

A = Account
# How long settled funds stay pending before the merchant may use them.
RELEASE_DELAY = {"sandbox": timedelta(0), "production": timedelta(days=1)}
REFUND_STATUSES = frozenset({TxnStatus.REFUNDED, TxnStatus.PARTIALLY_REFUNDED})
SETTLED_STATUSES = REFUND_STATUSES | {TxnStatus.SETTLEMENT}


class UnbalancedEntry(RuntimeError):
    """Postings whose debits and credits differ in some currency: a programming error; nothing is written."""


@dataclass(frozen=True)
class Line:
    """A posting to be written: a debit or a credit in minor units."""

    account: Account
    currency: str
    debit: int = 0
    credit: int = 0


def dr(account: Account, currency: str, amount: int) -> Line:
    """Debit `amount` (a negative amount becomes a credit)."""
    return Line(account, currency, debit=amount) if amount >= 0 else Line(account, currency, credit=-amount)


def cr(account: Account, currency: str, amount: int) -> Line:
    """Credit `amount` (a negative amount becomes a debit)."""
    return dr(account, currency, -amount)


def assert_balanced(lines: Iterable[Line]) -> None:
    """Raise UnbalancedEntry unless every line is valid and debits equal credits in each currency."""
    net: dict[str, int] = defaultdict(int)
    for line in lines:
        for n in (line.debit, line.credit):
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise UnbalancedEntry(f"{line.account.value}: amounts are non-negative integers in minor units, got {n!r}")
        if line.debit and line.credit:
            raise UnbalancedEntry(f"{line.account.value}: a posting is a debit or a credit, not both")
        if not is_currency(line.currency):
            raise UnbalancedEntry(f"{line.account.value}: unknown currency {line.currency!r}")
        net[line.currency] += line.debit - line.credit
    off = {c: n for c, n in net.items() if n}
    if off:
        raise UnbalancedEntry(f"debits minus credits per currency: {off}")


async def post(kind: EntryKind, event_key: str, *, merchant_id: str, transaction_id: str | None, lines: list[Line],
               description: str = "", available_at=None) -> JournalEntry:
    """Write one balanced entry for an event, once: posting the same event again returns the first entry.

    The entry joins the tenant's hash chain (backend.ledger.chain): the chain head is locked for the rest of the
    caller's transaction, so concurrent postings of one tenant are chained one after another."""
    existing = await JournalEntry.get_or_none(event_key=event_key)
    if existing is not None:
        return existing
    lines = [line for line in lines if line.debit or line.credit]
    assert_balanced(lines)
    head = await chain.lock_head()
    existing = await JournalEntry.get_or_none(event_key=event_key)  # posted while we waited for the lock
    if existing is not None:
        return existing
    entry = JournalEntry(kind=kind, event_key=event_key, merchant_id=merchant_id, transaction_id=transaction_id,
                         description=description, available_at=available_at, created_at=clock.now())
    postings = [Posting(account=line.account, merchant_id=merchant_id, transaction_id=transaction_id,
                        currency=line.currency, debit=line.debit, credit=line.credit) for line in lines]
    await chain.append(head, entry, postings)
    return entry


def release_key(txn_id: str) -> str:
    return f"{txn_id}:release"


# ------------------------------------------------------------------------------ the payments hook

async def post_status_change(txn: Transaction, previous: TxnStatus, target: TxnStatus, amount: int | None = None) -> None:
    """Post what a successful status change means for money. `amount` is the refund amount of a refund.

    pending -> settlement posts the settlement; a (partial) refund posts the refund; failed, expired
    and cancelled payments never moved money and post nothing.
    """
    if previous == TxnStatus.PENDING and target == TxnStatus.SETTLEMENT:
        await _post_settlement(txn)
    elif target in REFUND_STATUSES:
        await _post_refund(txn, amount)


async def _post_settlement(txn: Transaction) -> JournalEntry:
    c = txn.currency
    net = txn.amount - txn.processing_fee - txn.conversion_fee
    lines = [dr(A.PROVIDER_RECEIVABLE, c, txn.amount), cr(A.MERCHANT_PENDING, c, net),
             cr(A.FEES_PROCESSING, c, txn.processing_fee), cr(A.FEES_CONVERSION, c, txn.conversion_fee)]
    delay = RELEASE_DELAY.get(txn.environment, RELEASE_DELAY["production"])
    return await post(EntryKind.SETTLEMENT, f"{txn.id}:settlement", merchant_id=txn.merchant_id, transaction_id=txn.id,
                      lines=lines, description=f"Payment settled: {txn.amount} {c}", available_at=clock.now() + delay)


async def _post_refund(txn: Transaction, amount: int | None) -> JournalEntry:
    key = f"{txn.id}:refund:{txn.refunded_amount}"  # refunded totals only grow: one key per refund
    existing = await JournalEntry.get_or_none(event_key=key)
    if existing is not None:
        return existing
    if amount is None:  # a caller that did not say: what the payment refunded beyond what the ledger knows
        amount = txn.refunded_amount - await _refunded_in_ledger(txn.id)
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise UnbalancedEntry(f"a refund posts a positive amount, got {amount!r}")
    released = await JournalEntry.exists(event_key=release_key(txn.id))
    bucket = A.MERCHANT_AVAILABLE if released else A.MERCHANT_PENDING
    lines = [dr(bucket, txn.currency, amount), cr(A.PROVIDER_RECEIVABLE, txn.currency, amount)]
    return await post(EntryKind.REFUND, key, merchant_id=txn.merchant_id,
                      transaction_id=txn.id, lines=lines, description=f"Refund: {amount} {txn.currency}")


async def _refunded_in_ledger(txn_id: str) -> int:
    rows = await Posting.filter(transaction_id=txn_id, account=A.PROVIDER_RECEIVABLE, entry__kind=EntryKind.REFUND) \
        .annotate(total=Sum("credit")).group_by("transaction_id").values("total")
    return int(rows[0]["total"] or 0) if rows else 0


# ------------------------------------------------------------------------------ releasing funds

def due_settlements():
    """Settlements whose release delay has passed and whose funds were not released yet (in the current scope)."""
    released = JournalEntry.filter(kind=EntryKind.RELEASE).values("transaction_id")
    return JournalEntry.filter(kind=EntryKind.SETTLEMENT, available_at__lte=clock.now()) \
        .exclude(transaction_id__in=Subquery(released))


async def release_due(limit: int = 500) -> int:
    """Move merchants' pending funds to available for every settlement past its release delay. Returns how many."""
    count = 0
    for settlement in await due_settlements().order_by("available_at", "id").limit(limit):
        await release(settlement)
        count += 1
    return count


async def release(settlement: JournalEntry) -> JournalEntry:
    """Move what is left of one payment's pending funds to available (an entry without postings when nothing is left)."""
    # Lock the payment: a refund of it in flight either commits first (and we see it) or waits for us.
    await Transaction.filter(id=settlement.transaction_id).select_for_update().first()
    pending = await _merchant_bucket(settlement.transaction_id, A.MERCHANT_PENDING)
    lines = [dr(A.MERCHANT_PENDING, c, n) for c, n in pending.items()] + \
            [cr(A.MERCHANT_AVAILABLE, c, n) for c, n in pending.items()]
    return await post(EntryKind.RELEASE, release_key(settlement.transaction_id), merchant_id=settlement.merchant_id,
                      transaction_id=settlement.transaction_id, lines=lines, description="Funds released to available")


async def _merchant_bucket(txn_id: str, account: Account) -> dict[str, int]:
    rows = await Posting.filter(transaction_id=txn_id, account=account).annotate(d=Sum("debit"), c=Sum("credit")) \
        .group_by("currency").values("currency", "d", "c")
    return {r["currency"]: int(r["c"] or 0) - int(r["d"] or 0) for r in rows}


# ------------------------------------------------------------------------------ reading

@dataclass(frozen=True)
class Balance:
    """What one account holds for one merchant in one currency; `balance` is on the account's normal side."""

    merchant_id: str
    account: Account
    currency: str
    debits: int
    credits: int

    @property
    def balance(self) -> int:
        return self.debits - self.credits if self.account in DEBIT_NORMAL else self.credits - self.debits


async def balances(merchant_id: str | None = None, currency: str | None = None,
                   merchant_ids: Iterable[str] | None = None) -> list[Balance]:
    """Balances per merchant, account and currency; optionally one merchant, one currency, or a set of merchants."""
    qs = Posting.all()
    if merchant_id:
        qs = qs.filter(merchant_id=merchant_id)
    if merchant_ids is not None:
        qs = qs.filter(merchant_id__in=list(merchant_ids) or [""])
    if currency:
        qs = qs.filter(currency=currency.upper())
    rows = await qs.annotate(d=Sum("debit"), c=Sum("credit")).group_by("merchant_id", "account", "currency") \
        .values("merchant_id", "account", "currency", "d", "c")
    out = [Balance(r["merchant_id"], Account(r["account"]), r["currency"], int(r["d"] or 0), int(r["c"] or 0)) for r in rows]
    return sorted(out, key=lambda b: (b.merchant_id, b.currency, list(Account).index(b.account)))


async def journal_for_transaction(txn_id: str) -> list[tuple[JournalEntry, list[Posting]]]:
    """A payment's journal: its entries in order, each with its postings."""
    return (await journals_for_transactions([txn_id]))[0]


async def journals_for_transactions(txn_ids: list[str]) -> list[list[tuple[JournalEntry, list[Posting]]]]:
    """The journals of several payments in two queries (for a page of transactions), in the order of txn_ids."""
    entries = await JournalEntry.filter(transaction_id__in=list(set(txn_ids)) or [""]).order_by("created_at", "id")
    postings: dict[str, list[Posting]] = defaultdict(list)
    if entries:
        for p in await Posting.filter(entry_id__in=[e.id for e in entries]).order_by("id"):
            postings[p.entry_id].append(p)
    by_txn: dict[str, list[tuple[JournalEntry, list[Posting]]]] = defaultdict(list)
    for e in entries:
        by_txn[e.transaction_id].append((e, postings[e.id]))
    return [by_txn.get(t, []) for t in txn_ids]


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    debits: int
    credits: int


@dataclass(frozen=True)
class Mismatch:
    """A payment whose merchant funds in the ledger differ from settled − refunded − fees − charged back in disputes."""

    transaction_id: str
    currency: str
    expected: int
    actual: int


@dataclass(frozen=True)
class InvariantReport:
    totals: list[CurrencyTotal]
    unbalanced_entry_ids: list[str]
    mismatches: list[Mismatch]
    entries_checked: int

    @property
    def ok(self) -> bool:
        return all(t.debits == t.credits for t in self.totals) and not self.unbalanced_entry_ids and not self.mismatches


async def check_invariant() -> InvariantReport:
    """The tenant's ledger checked whole: totals balance per currency, every entry balances, every payment's
    merchant funds equal what settled minus refunds, fees and disputes charged back, and every payment's
    dispute hold equals its open dispute's amount."""
    totals = [CurrencyTotal(r["currency"], int(r["d"] or 0), int(r["c"] or 0)) for r in
              await Posting.all().annotate(d=Sum("debit"), c=Sum("credit")).group_by("currency").values("currency", "d", "c")]
    per_entry = await Posting.all().annotate(d=Sum("debit"), c=Sum("credit")).group_by("entry_id", "currency") \
        .values("entry_id", "d", "c")
    unbalanced = sorted({r["entry_id"] for r in per_entry if int(r["d"] or 0) != int(r["c"] or 0)})
    return InvariantReport(totals=sorted(totals, key=lambda t: t.currency), unbalanced_entry_ids=unbalanced,
                           mismatches=await _merchant_fund_mismatches() + await _dispute_hold_mismatches(),
                           entries_checked=await JournalEntry.all().count())


async def _dispute_hold_mismatches() -> list[Mismatch]:
    """dispute_hold of each payment equals the amount of its open dispute (zero once resolved)."""
    from backend.ledger.disputes import hold_mismatches

    return [Mismatch(*m) for m in await hold_mismatches()]


async def _merchant_fund_mismatches() -> list[Mismatch]:
    actual: dict[tuple[str, str], int] = {}
    rows = await Posting.filter(account__in=[a.value for a in MERCHANT_ACCOUNTS], transaction_id__not_isnull=True) \
        .annotate(d=Sum("debit"), c=Sum("credit")).group_by("transaction_id", "currency").values("transaction_id", "currency", "d", "c")
    for r in rows:
        actual[(r["transaction_id"], r["currency"])] = int(r["c"] or 0) - int(r["d"] or 0)
    expected: dict[tuple[str, str], int] = {}
    for t in await Transaction.filter(status__in=[s.value for s in SETTLED_STATUSES]) \
            .values("id", "currency", "amount", "refunded_amount", "processing_fee", "conversion_fee"):
        expected[(t["id"], t["currency"])] = t["amount"] - t["refunded_amount"] - t["processing_fee"] - t["conversion_fee"]
    from backend.ledger.disputes import charged_back  # lost and split disputes took money back from the merchant

    for key, lost in (await charged_back()).items():
        expected[key] = expected.get(key, 0) - lost
    return [Mismatch(txn_id, cur, expected.get((txn_id, cur), 0), actual.get((txn_id, cur), 0))
            for txn_id, cur in sorted(set(actual) | set(expected))
            if expected.get((txn_id, cur), 0) != actual.get((txn_id, cur), 0)]

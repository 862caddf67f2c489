"""GraphQL for the ledger (ledger.read): balances per merchant and currency, the invariant check, a payment's journal."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

import strawberry
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.core import clock
from backend.core.errors import NotFound
from backend.graphql.common import MinorUnits
from backend.graphql.permissions import needs, needs_anywhere
from backend.ledger import models, service
from backend.merchants.reach import can, merchant_with, reachable_merchants
from backend.payments.models import Transaction

LedgerAccount = strawberry.enum(models.Account, name="LedgerAccount")
JournalEntryKind = strawberry.enum(models.EntryKind, name="JournalEntryKind")


@strawberry.type(description="One line of a journal entry: a debit or a credit to an account, in minor units.")
class LedgerPosting:
    id: strawberry.ID
    account: LedgerAccount
    merchant_id: strawberry.ID
    currency: str
    debit: MinorUnits
    credit: MinorUnits


@strawberry.type(name="JournalEntry", description="One money-relevant event; its postings balance in every currency.")
class JournalEntryType:
    id: strawberry.ID
    kind: JournalEntryKind
    merchant_id: strawberry.ID
    transaction_id: Optional[strawberry.ID]
    event_key: str
    description: str
    available_at: Optional[datetime]
    created_at: datetime
    postings: list[LedgerPosting]

    @classmethod
    def from_model(cls, e: models.JournalEntry, postings: list[models.Posting]) -> "JournalEntryType":
        return cls(id=e.id, kind=e.kind, merchant_id=e.merchant_id, transaction_id=e.transaction_id, event_key=e.event_key,
                   description=e.description, available_at=e.available_at, created_at=e.created_at,
                   postings=[LedgerPosting(id=p.id, account=p.account, merchant_id=p.merchant_id, currency=p.currency,
                                           debit=p.debit, credit=p.credit) for p in postings])


@strawberry.type(description="What one account holds for one merchant in one currency; balance is on the account's normal side.")
class LedgerBalance:
    merchant_id: strawberry.ID
    account: LedgerAccount
    currency: str
    debits: MinorUnits
    credits: MinorUnits
    balance: MinorUnits


@strawberry.type(description="Sum of all debits and credits of the tenant in one currency.")
class LedgerCurrencyTotal:
    currency: str
    debits: MinorUnits
    credits: MinorUnits
    balanced: bool


@strawberry.type(description="A payment whose merchant funds in the ledger differ from settled − refunded − fees.")
class LedgerMismatch:
    transaction_id: strawberry.ID
    currency: str
    expected: MinorUnits
    actual: MinorUnits


@strawberry.type(description="The whole tenant's ledger checked now.")
class LedgerInvariantReport:
    ok: bool
    totals: list[LedgerCurrencyTotal]
    unbalanced_entry_ids: list[strawberry.ID]
    mismatches: list[LedgerMismatch]
    entries_checked: int
    checked_at: datetime


async def journal_entries_for(txn_id: str) -> list[JournalEntryType]:
    """A payment's journal entries for the Transaction type; the calling field checks ledger.read."""
    return [JournalEntryType.from_model(e, ps) for e, ps in await service.journal_for_transaction(txn_id)]


async def _merchant_ids(principal, merchant_id: str | None) -> list[str] | None:
    """The merchants whose ledger the caller may read (None: all of the tenant)."""
    if merchant_id:
        return [(await merchant_with(principal, Perm.LEDGER_READ, merchant_id)).id]
    if principal.has(Perm.LEDGER_READ) and principal.has(Perm.MERCHANTS_ACCESS_ALL):
        return None
    return [m.id for m in await reachable_merchants(principal) if can(principal, Perm.LEDGER_READ, m)]


@strawberry.type
class LedgerQuery:
    @strawberry.field(permission_classes=[needs_anywhere(Perm.LEDGER_READ)],
                      description="Balances per merchant, account and currency, of the merchants you may see.")
    async def ledger_balances(self, info: Info, merchant_id: Optional[strawberry.ID] = None,
                              currency: Optional[str] = None) -> list[LedgerBalance]:
        ids = await _merchant_ids(info.context.principal, merchant_id)
        rows = await service.balances(currency=currency, merchant_ids=ids)
        return [LedgerBalance(merchant_id=b.merchant_id, account=b.account, currency=b.currency, debits=b.debits,
                              credits=b.credits, balance=b.balance) for b in rows]

    @strawberry.field(permission_classes=[needs(Perm.LEDGER_READ)],
                      description="Check the tenant's whole ledger: every entry and every currency balances, merchant funds match payments.")
    async def ledger_invariant(self) -> LedgerInvariantReport:
        r = await service.check_invariant()
        return LedgerInvariantReport(
            ok=r.ok, unbalanced_entry_ids=r.unbalanced_entry_ids, entries_checked=r.entries_checked, checked_at=clock.now(),
            totals=[LedgerCurrencyTotal(currency=t.currency, debits=t.debits, credits=t.credits, balanced=t.debits == t.credits)
                    for t in r.totals],
            mismatches=[LedgerMismatch(transaction_id=m.transaction_id, currency=m.currency, expected=m.expected, actual=m.actual)
                        for m in r.mismatches])

    @strawberry.field(permission_classes=[needs_anywhere(Perm.LEDGER_READ)],
                      description="A payment's journal: its entries in order, with their postings.")
    async def ledger_journal(self, info: Info, transaction_id: strawberry.ID) -> list[JournalEntryType]:
        txn = await Transaction.get_or_none(id=transaction_id)
        if txn is None:
            raise NotFound("Transaction")
        await merchant_with(info.context.principal, Perm.LEDGER_READ, txn.merchant_id)
        return await journal_entries_for(txn.id)

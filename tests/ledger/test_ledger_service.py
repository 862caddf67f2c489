"""Ledger service rules that need this process: idempotent posting, unbalanced entries refused, the production release delay."""
from __future__ import annotations

from datetime import timedelta

import pytest

from backend.core import clock
from backend.core.tenancy import tenant_scope
from backend.core.unit_of_work import unit_of_work
from backend.ledger import service as ledger
from backend.ledger.models import Account, EntryKind, JournalEntry, Posting
from backend.payments import changes
from backend.payments.models import Transaction, TxnStatus
from tests.ledger.test_ledger_api import pay


async def _settle(tenant_id: str, txn_id: str) -> Transaction:
    with tenant_scope(tenant_id):
        async with unit_of_work():
            txn = await Transaction.get(id=txn_id)
            return await changes.change_status(txn, TxnStatus.SETTLEMENT, "callback", "settled (test)")


async def _counts(tenant_id: str) -> tuple[int, int]:
    with tenant_scope(tenant_id):
        return await JournalEntry.all().count(), await Posting.all().count()


async def test_posting_twice_for_the_same_event_writes_one_entry(ledger_shop, db):
    tid, shop = ledger_shop["tenant_id"], ledger_shop["one"]
    txn = await _settle(tid, await pay(shop, 1_000, "EUR"))
    assert await _counts(tid) == (1, 3)  # EUR: no conversion fee line
    with tenant_scope(tid):
        async with unit_of_work():
            await ledger.post_status_change(txn, TxnStatus.PENDING, TxnStatus.SETTLEMENT)
            await changes.refund(txn, 100, "partial")
            await ledger.post_status_change(txn, TxnStatus.SETTLEMENT, TxnStatus.PARTIALLY_REFUNDED, amount=100)
            await ledger.post_status_change(txn, TxnStatus.SETTLEMENT, TxnStatus.PARTIALLY_REFUNDED)  # amount derived: 0 left
    assert await _counts(tid) == (2, 5)
    with tenant_scope(tid):
        assert (await ledger.check_invariant()).ok


async def test_a_refund_without_its_amount_posts_what_the_ledger_has_not_seen_yet(ledger_shop, db):
    """A caller of change_status that does not pass refund_amount (e.g. a future provider callback) still posts right."""
    tid, shop = ledger_shop["tenant_id"], ledger_shop["one"]
    txn = await _settle(tid, await pay(shop, 1_000, "EUR"))
    with tenant_scope(tid):
        async with unit_of_work():
            await changes.change_status(txn, TxnStatus.PARTIALLY_REFUNDED, "refund", "refund (test)", refunded_amount=300)
            await changes.change_status(txn, TxnStatus.REFUNDED, "refund", "refund (test)", refunded_amount=1_000)
        journal = await ledger.journal_for_transaction(txn.id)
        assert [(e.kind, [(p.account, p.debit, p.credit) for p in ps]) for e, ps in journal[1:]] == [
            (EntryKind.REFUND, [(Account.MERCHANT_PENDING, 300, 0), (Account.PROVIDER_RECEIVABLE, 0, 300)]),
            (EntryKind.REFUND, [(Account.MERCHANT_PENDING, 700, 0), (Account.PROVIDER_RECEIVABLE, 0, 700)])]
        assert (await ledger.check_invariant()).ok


async def test_an_unbalanced_entry_is_refused_and_nothing_is_written(ledger_shop, db):
    tid = ledger_shop["tenant_id"]
    m = ledger_shop["one"]["merchant"]["id"]
    bad = [
        [ledger.dr(Account.PROVIDER_RECEIVABLE, "EUR", 100), ledger.cr(Account.MERCHANT_PENDING, "EUR", 99)],
        [ledger.dr(Account.PROVIDER_RECEIVABLE, "EUR", 100), ledger.cr(Account.MERCHANT_PENDING, "USD", 100)],
        [ledger.Line(Account.PROVIDER_RECEIVABLE, "EUR", debit=100, credit=100)],
        [ledger.Line(Account.PROVIDER_RECEIVABLE, "EUR", debit=1.5), ledger.Line(Account.MERCHANT_PENDING, "EUR", credit=1.5)],
        [ledger.dr(Account.PROVIDER_RECEIVABLE, "XXX", 100), ledger.cr(Account.MERCHANT_PENDING, "XXX", 100)],
    ]
    for i, lines in enumerate(bad):
        with pytest.raises(ledger.UnbalancedEntry):
            with tenant_scope(tid):
                async with unit_of_work():
                    await ledger.post(EntryKind.SETTLEMENT, f"test:{i}", merchant_id=m, transaction_id=None, lines=lines)
    assert await _counts(tid) == (0, 0)


async def test_production_funds_become_available_after_one_day(ledger_shop, db):
    tid, shop = ledger_shop["tenant_id"], ledger_shop["one"]
    txn = await _settle(tid, await pay(shop, 2_000, "EUR", env="production"))
    net = 2_000 - (2_000 * 250 // 10000 + 30)
    try:
        with tenant_scope(tid):
            assert await ledger.release_due() == 0
            clock.advance(timedelta(hours=23, minutes=59))
            assert await ledger.release_due() == 0
            clock.advance(timedelta(minutes=2))
            async with unit_of_work():
                assert await ledger.release_due() == 1
            assert await ledger.release_due() == 0
            got = {b.account: b.balance for b in await ledger.balances(merchant_id=txn.merchant_id)}
            assert got[Account.MERCHANT_PENDING] == 0 and got[Account.MERCHANT_AVAILABLE] == net
            assert (await ledger.check_invariant()).ok
    finally:
        clock.reset()

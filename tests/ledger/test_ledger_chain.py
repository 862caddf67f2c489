"""The journal's hash chain: concurrent postings of one tenant chain one after another (the head row is locked),
the chain verifies, and changing one posting afterwards is found; the disputes' entry point post() is unchanged."""
from __future__ import annotations

import asyncio

from tortoise.transactions import in_transaction

from backend.core.tenancy import tenant_scope
from backend.ledger import chain
from backend.ledger.models import Account, EntryKind, JournalEntry, Posting
from backend.ledger.service import cr, dr, post


async def _post(i: int) -> JournalEntry:
    async with in_transaction():
        return await post(EntryKind.DISPUTE_HOLD, f"chain-test:{i}", merchant_id="mer_chain", transaction_id=None,
                          lines=[dr(Account.MERCHANT_AVAILABLE, "EUR", 100 + i), cr(Account.DISPUTE_HOLD, "EUR", 100 + i)],
                          description=f"hold {i}")


async def test_concurrent_postings_form_one_chain_and_tampering_is_found(tenant, db):
    with tenant_scope(tenant["id"]):
        assert await chain.head() == chain.HeadInfo(0, chain.GENESIS)
        entries = await asyncio.gather(*(_post(i) for i in range(24)))
        again = await _post(3)  # the same event again: the first entry, nothing new chained
        assert again.id == entries[3].id
        stored = await JournalEntry.all().order_by("sequence")
        assert [e.sequence for e in stored] == list(range(1, 25))
        assert all(b.prev_hash == a.hash for a, b in zip(stored, stored[1:])) and stored[0].prev_hash == chain.GENESIS
        report = await chain.verify()
        assert report.ok and report.entries_checked == 24 and report.head_hash == stored[-1].hash
        assert await chain.head() == chain.HeadInfo(24, stored[-1].hash)

        victim = stored[10]
        posting = await Posting.filter(entry_id=victim.id, account=Account.DISPUTE_HOLD).first()
        await Posting.filter(id=posting.id).update(credit=posting.credit + 1)
        await Posting.filter(entry_id=victim.id, account=Account.MERCHANT_AVAILABLE).update(debit=posting.credit + 1)
        broken = await chain.verify()
        assert not broken.ok and broken.broken_entry_id == victim.id and broken.entries_checked == 10
        assert "changed after they were chained" in broken.reason
        await Posting.filter(id=posting.id).update(credit=posting.credit)
        await Posting.filter(entry_id=victim.id, account=Account.MERCHANT_AVAILABLE).update(debit=posting.credit)
        assert (await chain.verify()).ok

        await Posting.filter(entry_id=stored[-1].id).delete()
        await JournalEntry.filter(id=stored[-1].id).delete()  # dropping the last entry: the head no longer matches
        gone = await chain.verify()
        assert not gone.ok and "head does not match" in gone.reason

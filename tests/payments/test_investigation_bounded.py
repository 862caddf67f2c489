"""The investigation list stays bounded in time on PostgreSQL (backend/payments/search.py): a count that takes too long
leaves totalCount null (unknown) with the page complete, and a page that takes too long is SEARCH_TOO_BROAD.

"Too long" is made real without millions of rows: another session holds an ACCESS EXCLUSIVE lock on the transactions
table, so the API's queries wait on it, and the time they wait counts against their statement timeout."""
from __future__ import annotations

import asyncio
import os

import asyncpg
import pytest

from backend.payments import search
from tests.payments.investigation_support import LIST, investigation_world

pytestmark = pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                reason="statement timeouts are PostgreSQL's")


@pytest.fixture(scope="module")
async def world(api_server):
    w = await investigation_world(api_server["url"], count=60)
    yield w
    await w["admin"].close()


async def _while_locked(seconds: float, request):
    """Run `request` while another session holds the transactions table exclusively, until `seconds` after the API's
    first query queued behind the lock (the list's page and count queries start together)."""
    conn = await asyncpg.connect(os.environ["DATABASE_URL"])
    try:
        tx = conn.transaction()
        await tx.start()
        await conn.execute("LOCK TABLE transactions IN ACCESS EXCLUSIVE MODE")
        task = asyncio.ensure_future(request())
        for _ in range(2000):
            if await conn.fetchval("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") or task.done():
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(seconds)
        await tx.rollback()
        return await task
    finally:
        await conn.close()


async def test_a_count_that_runs_out_of_time_is_null_and_the_page_is_still_complete(world):
    admin = world["admin"]
    wait = search.COUNT_TIMEOUT_MS / 1000 + 0.25  # longer than the count may take, far shorter than a page may
    body = await _while_locked(wait, lambda: admin.data(LIST, first=25, f={"currency": "EUR"}))
    page = body["transactions"]
    assert page["totalCount"] is None and page["totalCountCapped"] is False
    expected = [r["id"] for r in world["all"] if r["currency"] == "EUR"]
    assert [e["node"]["id"] for e in page["edges"]] == expected[:25]
    assert page["pageInfo"]["hasNextPage"] is (len(expected) > 25)
    # unlocked, the same request counts again
    again = (await admin.data(LIST, first=25, f={"currency": "EUR"}))["transactions"]
    assert again["totalCount"] == len(expected) and again["totalCountCapped"] is False


async def test_a_page_that_runs_out_of_time_asks_to_narrow_the_filters(world):
    admin = world["admin"]
    wait = search.PAGE_TIMEOUT_MS / 1000 + 0.5
    res = await _while_locked(wait, lambda: admin.q(LIST, first=25, f={"currency": "EUR", "amountMin": 1}))
    assert res["data"] is None or res["data"].get("transactions") is None
    err = res["errors"][0]
    assert err["extensions"]["code"] == "SEARCH_TOO_BROAD" and "narrow" in err["message"]
    # without totalCount selected no count is started; the page alone answers once the table is free
    plain = (await admin.data("query { transactions(first: 3) { edges { node { id } } } }"))["transactions"]
    assert len(plain["edges"]) == 3

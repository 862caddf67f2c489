"""A page of transactions with every nested field costs a small, constant number of SQL queries (DataLoaders).

The real ASGI app runs in this process (the `app_client` fixture) so every SQL statement it sends through tortoise
can be counted; a page of 50 must cost exactly what a page of 5 costs: a nested field without a loader would add
one query per row.
"""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from tortoise import connections

from tests.payments.investigation_support import investigation_world
from tests.payments.test_simulator import deposit
from tests.webhooks.helpers import create_endpoint

EVERYTHING = """query($first: Int!) { transactions(first: $first) { totalCount totalCountCapped pageInfo { hasNextPage endCursor }
  edges { cursor node { id status amount currency customer
    merchant { id name } brand { id name } paymentMethod { id name kind }
    viewerCan { override resendWebhook openDispute readCallbacks readPii readLedger readWebhooks }
    attempts { id method status } timeline { id kind at } callbacks { id verdict } overrides { id action reason }
    refunds { id amount } ledgerEntries { id kind postings { account debit credit } }
    webhookDeliveries { id eventType status attempts { number responseStatus } } } } } }"""
OVERRIDE = """mutation($id: ID!, $a: OverrideAction!, $amount: MinorUnits) { overrideTransaction(id: $id, action: $a,
  reason: "query count test", amount: $amount) { __typename } }"""
QUERY_BUDGET = 20  # session + permissions + page + count + one per nested field


@contextmanager
def counting_queries():
    """Every SQL statement the default tortoise connection (and its transactions) executes meanwhile."""
    cls = type(connections.get("default"))
    seen: list[str] = []
    originals = {}
    for name in ("execute_query", "execute_query_dict", "execute_insert", "execute_many", "execute_script"):
        original = getattr(cls, name)
        originals[name] = cls.__dict__.get(name)

        def counted(original=original):
            async def run(self, query, *args, **kwargs):
                seen.append(query)
                return await original(self, query, *args, **kwargs)
            return run
        setattr(cls, name, counted())
    try:
        yield seen
    finally:
        for name, original in originals.items():
            if original is None:
                delattr(cls, name)
            else:
                setattr(cls, name, original)


@pytest.fixture(scope="module")
async def world(api_server):
    w = await investigation_world(api_server["url"], count=80)
    shop, admin = w["shops"][0], w["admin"]
    # real payments with every kind of history: attempts, overrides, ledger entries, refunds, webhook deliveries
    await create_endpoint(admin, shop["merchant"]["id"], api_server["url"] + "/webhook-receiver/pending")
    for i in range(3):
        txn = (await deposit(shop, "no_answer"))["transaction"]["id"]
        assert (await admin.data(OVERRIDE, id=txn, a="APPROVE"))["overrideTransaction"]["__typename"] == "OverridePayload"
        res = await admin.data(OVERRIDE, id=txn, a="PARTIAL_REFUND", amount=100 + i)
        assert res["overrideTransaction"]["__typename"] == "OverridePayload"
    yield w
    await w["admin"].close()


async def _gql(app_client, query: str, **variables) -> dict:
    r = await app_client.post("/graphql", json={"query": query, "variables": variables})
    body = r.json()
    assert not body.get("errors"), body
    return body["data"]


async def test_a_page_of_50_with_every_nested_field_costs_what_a_page_of_5_costs(world, app_client):
    await _gql(app_client, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }',
               e=world["admin_email"], p="s3cret-password")
    counts, pages = {}, {}
    for first in (5, 50):
        with counting_queries() as seen:
            pages[first] = (await _gql(app_client, EVERYTHING, first=first))["transactions"]
        counts[first] = len(seen)
    nodes = [e["node"] for e in pages[50]["edges"]]
    assert len(nodes) == 50
    # the page really has every kind of nested row (else a missing loader might cost nothing)
    for field in ("attempts", "timeline", "overrides", "refunds", "ledgerEntries", "webhookDeliveries"):
        assert any(n[field] for n in nodes), field
    assert all(n["merchant"] and n["brand"] and n["paymentMethod"] for n in nodes)
    print("SQL queries per page:", counts)
    assert counts[50] == counts[5], counts
    assert counts[50] <= QUERY_BUDGET, counts


async def test_the_counter_sees_one_query_per_row_without_a_loader(world, app_client):
    """The counting works: resolving a nested field row by row (as before the loaders) shows up as N more queries."""
    from backend.payments.models import TimelineEvent

    await _gql(app_client, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }',
               e=world["admin_email"], p="s3cret-password")
    ids = [e["node"]["id"] for e in (await _gql(app_client, EVERYTHING, first=12))["transactions"]["edges"]]
    from backend.core.tenancy import tenant_scope

    with tenant_scope(world["id"]), counting_queries() as seen:
        for txn_id in ids:
            await TimelineEvent.filter(transaction_id=txn_id).order_by("at")
    assert len(seen) == len(ids)

"""Browser test of the live transaction page: it follows the API's GraphQL subscription (transactionTimeline over
graphql-transport-ws, fed by Redis pub/sub), so overrides made elsewhere show up without a reload, also once the
transaction has left `pending` (when the fallback polling has stopped and only the subscription can bring them).
"""
from __future__ import annotations

import os
import uuid

import pytest
from playwright.sync_api import Page, expect

from .conftest import ADMIN_EMAIL
from .test_access_ui import api_as_admin, login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="live events travel through Redis (REDIS_URL)"),
]

MERCHANTS = """{ merchants { id name } }"""
METHODS = """query($m: ID!) { paymentMethods(merchantId: $m) { id type } }"""
DEPOSIT = """mutation($i: TestDepositInput!) { createTestDeposit(input: $i) { __typename
  ... on TestDepositPayload { transaction { id status } } } }"""
OVERRIDE = """mutation($id: ID!, $a: OverrideAction!, $r: String!) { overrideTransaction(id: $id, action: $a, reason: $r) {
  __typename } }"""
TXN = """query($id: ID!) { transaction(id: $id) { status timeline { id kind } } }"""


def _gql(client, query: str, **variables) -> dict:
    body = client.post("/graphql", json={"query": query, "variables": variables}).json()
    assert not body.get("errors"), body
    return body["data"]


def test_transaction_page_follows_overrides_made_elsewhere_without_reload(page: Page, e2e_api) -> None:
    tag = uuid.uuid4().hex[:8]
    with api_as_admin(e2e_api["url"]) as api:
        merchant = next(m for m in _gql(api, MERCHANTS)["merchants"] if m["name"] == "Acme Shoes")
        method = next(pm for pm in _gql(api, METHODS, m=merchant["id"])["paymentMethods"] if pm["type"] == "CARD")
        out = _gql(api, DEPOSIT, i={"merchantId": merchant["id"], "paymentMethodId": method["id"], "amount": 2500,
                                    "currency": "EUR", "scenario": "guest", "orderId": f"E2E-LIVE-{tag}"})
        txn_id = out["createTestDeposit"]["transaction"]["id"]

        login(page, ADMIN_EMAIL)
        page.goto(f"/transactions/{txn_id}?tab=timeline")
        expect(page.get_by_test_id("txn-id")).to_have_text(txn_id)
        status = page.get_by_test_id("txn-status").first
        expect(status).to_have_text("Pending")
        expect(page.get_by_test_id("live-mode")).to_have_text("Live", timeout=15_000)  # the subscription is up
        entries = page.get_by_test_id("timeline-entry")
        shown = entries.count()
        assert shown >= 1

        # someone else approves it: status and timeline follow, no reload
        page.evaluate("window.__cw_no_reload = true")
        approved = _gql(api, OVERRIDE, id=txn_id, a="APPROVE", r=f"E2E live approve {tag}")
        assert approved["overrideTransaction"]["__typename"] == "OverridePayload", approved
        expect(status).to_have_text("Settlement", timeout=10_000)
        expect(page.locator('[data-testid="timeline-entry"][data-kind="override"]')).to_have_count(1)
        expect(page.get_by_test_id("live-indicator")).to_have_count(0)  # no longer pending: polling is over

        # settled: only the subscription can bring the refund now
        refunded = _gql(api, OVERRIDE, id=txn_id, a="REFUND", r=f"E2E live refund {tag}")
        assert refunded["overrideTransaction"]["__typename"] == "OverridePayload", refunded
        expect(status).to_have_text("Refunded", timeout=10_000)
        # the page shows what is stored (webhook attempts keep arriving after each change: compare once both settle)
        for _ in range(40):
            stored = [e["kind"] for e in _gql(api, TXN, id=txn_id)["transaction"]["timeline"]]
            shown = [entries.nth(i).get_attribute("data-kind") for i in range(entries.count())]
            if shown == stored:
                break
            page.wait_for_timeout(250)
        assert shown == stored
        assert page.evaluate("window.__cw_no_reload") is True  # the same document all along

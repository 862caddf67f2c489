"""`python -m backend generate-transactions`: realistic transactions in bulk whose detail page renders."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.payments.investigation_support import generate

DETAIL = """query($id: ID!) { transaction(id: $id) { id status amount currency refundedAmount processingFee orderId userReference
  createdAt updatedAt expiresAt routingPath masterMidId subMidId provider customer
  merchant { id name } brand { id name } paymentMethod { id name kind }
  timeline { kind message at } refunds { amount reason createdAt } attempts { id } overrides { id } } }"""
LIST = """query($after: String) { transactions(first: 100, after: $after) { totalCount
  pageInfo { hasNextPage endCursor } edges { node { id status } } } }"""


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "backend", "generate-transactions", *args], cwd=ROOT, env=os.environ.copy(),
                          capture_output=True, text=True, timeout=120)


async def test_generated_transactions_are_consistent_enough_for_the_detail_page(tenant, shop):
    admin = shop["admin"]
    out = generate(tenant["slug"], 120, seed=7, days=3)
    assert "created 120 transactions" in out and "/s" in out  # progress with its rate
    listing = (await admin.data(LIST))["transactions"]
    assert listing["totalCount"] == 120
    ids = [e["node"]["id"] for e in listing["edges"]]
    ids += [e["node"]["id"] for e in (await admin.data(LIST, after=listing["pageInfo"]["endCursor"]))["transactions"]["edges"]]
    assert len(set(ids)) == 120
    seen_statuses = set()
    for txn_id in ids:
        t = (await admin.data(DETAIL, id=txn_id))["transaction"]
        seen_statuses.add(t["status"])
        assert t["merchant"]["id"] == shop["merchant"]["id"] and t["paymentMethod"]["id"] == shop["pm"]["id"]
        assert t["paymentMethod"]["kind"] == "CARD" and t["brand"]["name"]
        assert t["masterMidId"] == shop["ex"]["master_mid"]["id"] and t["subMidId"] == shop["ex"]["subs"][0]["id"]
        assert t["routingPath"]["sub_mid_id"] == t["subMidId"] and t["provider"] == "sim_card"
        assert t["currency"] in ("EUR", "USD") and 100 <= t["amount"] <= 1_000_000 and t["processingFee"] > 0
        assert t["orderId"].startswith("ORD-") and t["userReference"].startswith("cust-") and "@" in t["customer"]["email"]
        kinds = [e["kind"] for e in t["timeline"]]
        assert kinds[:2] == ["created", "routed"], kinds
        assert [e["at"] for e in t["timeline"]] == sorted(e["at"] for e in t["timeline"])
        assert t["timeline"][0]["at"] == t["createdAt"] and t["createdAt"] <= t["updatedAt"]
        assert sum(r["amount"] for r in t["refunds"]) == t["refundedAmount"]
        expected_last = {"SETTLEMENT": "callback", "FAILED": "callback", "EXPIRED": "expired", "CANCELLED": "cancelled",
                         "REFUNDED": "refund", "PARTIALLY_REFUNDED": "refund", "PENDING": "routed"}[t["status"]]
        assert kinds[-1] == expected_last, (t["status"], kinds)
        if t["status"] == "REFUNDED":
            assert t["refundedAmount"] == t["amount"]
        if t["status"] == "PARTIALLY_REFUNDED":
            assert 0 < t["refundedAmount"] < t["amount"]
    assert {"SETTLEMENT", "FAILED", "EXPIRED"} <= seen_statuses


async def test_the_command_refuses_an_unknown_tenant_or_one_without_routing(tenant):
    unknown = _cli("--tenant", "no-such-tenant", "--count", "5")
    assert unknown.returncode == 2 and "no tenant with slug" in unknown.stderr
    empty = _cli("--tenant", tenant["slug"], "--count", "5")
    assert empty.returncode == 2 and "no enabled payment method with a routing blueprint" in empty.stderr
    assert (await tenant["admin"].data(LIST))["transactions"]["totalCount"] == 0

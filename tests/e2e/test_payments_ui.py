"""Browser test of the payment pages: the tenant admin creates test deposits on a seeded merchant's
Developer tab, follows them to their transaction page and watches the simulated provider settle one
(an applied callback, the timeline); a guest deposit stays pending and is rejected through the
override controls (reason required, confirmation dialog); a third one loses a race with another
override and shows the conflict; the transactions list shows them.

Everything the UI claims is checked again through GraphQL. Provider answers come from a real arq
worker (``e2e_worker``), so the test needs the REDIS_URL that ``./clearway test`` provides.
"""
from __future__ import annotations

import os
import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from .conftest import ADMIN_EMAIL
from .test_access_ui import api_as_admin, login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="provider answers need a worker and REDIS_URL"),
]

TXN = """query($id: ID!) { transaction(id: $id) {
  id status amount currency orderId environment
  callbacks { verdict }
  timeline { kind }
  overrides { action previousStatus newStatus reason actorLabel }
} }"""
READINESS = """query($id: ID!) { merchant(id: $id) { readiness { key done } } }"""
CANCEL = """mutation($id: ID!) { overrideTransaction(id: $id, action: CANCEL, reason: "E2E: duplicate order") {
  __typename } }"""

SETTLE_TIMEOUT = 30_000  # the provider answers after 0.3 s; the page polls every 2 s


def _open_developer_tab(page: Page, merchant: str) -> str:
    page.get_by_test_id("nav-merchants").click()
    page.get_by_test_id("merchant-row").filter(has_text=merchant).get_by_test_id("merchant-link").click()
    expect(page.get_by_test_id("merchant-name")).to_have_text(merchant)
    merchant_id = re.search(r"/merchants/(mer_[0-9a-z]+)", page.url).group(1)
    page.get_by_test_id("tab-developer").click()
    expect(page).to_have_url(re.compile(r"\?tab=developer$"))
    expect(page.get_by_test_id("deposit-form")).to_be_visible()
    expect(page.get_by_test_id("test-card").first).to_be_visible()  # the simulator's test inputs
    return merchant_id


def _create_deposit(page: Page, scenario_label: str, order_id: str, amount: str = "25.00") -> str:
    if scenario_label != "Approved":
        page.get_by_test_id("select-scenario").click()
        page.get_by_role("option", name=scenario_label).click()
    expect(page.get_by_test_id("select-scenario")).to_contain_text(scenario_label)
    page.get_by_test_id("input-amount").fill(amount)
    expect(page.get_by_text("Sent as 2,500 minor units")).to_be_visible()  # major -> minor by the exponent
    page.get_by_test_id("input-orderId").fill(order_id)
    page.get_by_test_id("create-deposit").click()
    result = page.get_by_test_id("deposit-result")
    expect(result).to_be_visible()
    expect(result).to_contain_text(scenario_label)
    # the hosted page link, shown once, opens in a new tab
    link = page.get_by_test_id("deposit-payment-link")
    expect(link).to_have_attribute("href", re.compile(r"^http://127\.0\.0\.1:\d+/pay/[\w-]{16,}$"))
    expect(link).to_have_attribute("target", "_blank")
    txn_id = page.get_by_test_id("deposit-id").inner_text().strip()
    assert txn_id.startswith("txn_"), txn_id
    expect(page.get_by_test_id("recent-row").filter(has_text=txn_id)).to_be_visible()
    return txn_id


def test_test_deposits_settle_and_override(page: Page, e2e_api, e2e_worker) -> None:
    tag = uuid.uuid4().hex[:8]
    login(page, ADMIN_EMAIL)
    merchant_id = _open_developer_tab(page, "Acme Shoes")

    # ---- an "approve" deposit: the provider's signed callback settles it while the page watches
    approved = _create_deposit(page, "Approved", f"E2E-APPROVE-{tag}")
    page.get_by_test_id("deposit-transaction-link").click()
    expect(page).to_have_url(re.compile(rf"/transactions/{approved}$"))
    expect(page.get_by_test_id("txn-id")).to_have_text(approved)
    expect(page.get_by_test_id("txn-amount")).to_have_text("25.00 EUR")
    expect(page.get_by_test_id("txn-env").first).to_have_text("Sandbox")
    status = page.get_by_test_id("txn-status").first
    expect(status).to_have_text("Settlement", timeout=SETTLE_TIMEOUT)  # no reload: the page polls
    expect(page.get_by_test_id("live-indicator")).to_have_count(0)  # settled: polling stopped
    expect(page.get_by_test_id("ov-order-id")).to_have_text(f"E2E-APPROVE-{tag}")
    expect(page.get_by_test_id("ov-provider")).to_contain_text("sim_card")
    ledger = page.get_by_test_id("ledger-table")  # the settlement's balanced journal entry
    expect(ledger).to_contain_text("Provider receivable")
    expect(ledger).to_contain_text("Merchant pending")
    expect(ledger).to_contain_text("25.00 EUR")

    page.get_by_test_id("txn-tab-callbacks").click()
    callback = page.get_by_test_id("callback-row")
    expect(callback).to_have_count(1)
    expect(callback).to_have_attribute("data-verdict", "applied")
    expect(callback.get_by_test_id("callback-verdict")).to_have_text("Applied")
    callback.get_by_test_id("view-payload").click()
    expect(page.get_by_test_id("payload-json")).to_contain_text(approved)
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("payload-dialog")).to_have_count(0)

    page.get_by_test_id("txn-tab-timeline").click()
    entries = page.get_by_test_id("timeline-entry")
    # oldest first; webhook attempts may follow the callback
    expect(page.locator('[data-testid="timeline-entry"][data-kind="callback"]')).to_contain_text("Provider callback: succeeded")
    kinds = [entries.nth(i).get_attribute("data-kind") for i in range(entries.count())]
    assert kinds[:2] == ["created", "routed"], kinds
    assert {"attempt", "provider_request", "callback"} <= set(kinds), kinds

    page.get_by_test_id("txn-tab-routing").click()
    expect(page.get_by_test_id("path-step").last).to_have_attribute("data-kind", "sub_mid")
    expect(page.get_by_test_id("route-sub-mid")).not_to_have_text("—")

    # ---- a "guest" deposit stays pending; the tenant admin rejects it by hand
    page.goto(f"/merchants/{merchant_id}?tab=developer")
    expect(page.get_by_test_id("deposit-form")).to_be_visible()
    expect(page.get_by_test_id("deposit-payment-link")).to_have_count(0)  # the link was shown once only
    guest = _create_deposit(page, "Guest pays on the hosted page", f"E2E-GUEST-{tag}")
    expect(page.get_by_test_id("deposit-status")).to_have_text("Pending")
    page.get_by_test_id("deposit-transaction-link").click()
    expect(page.get_by_test_id("txn-id")).to_have_text(guest)
    expect(page.get_by_test_id("txn-status").first).to_have_text("Pending")
    expect(page.get_by_test_id("live-indicator")).to_be_visible()

    page.get_by_test_id("open-override").click()
    controls = page.get_by_test_id("override-controls")
    expect(controls).to_be_visible()
    controls.get_by_test_id("select-override-action").click()
    page.get_by_role("option", name="Reject").click()
    expect(controls.get_by_test_id("override-hint")).to_contain_text("Pending → Failed")
    controls.get_by_test_id("override-submit").click()  # no reason: refused beside the field
    expect(controls.get_by_test_id("field-error-reason")).to_be_visible()
    expect(page.get_by_test_id("confirm-dialog")).to_have_count(0)
    reason = f"E2E: customer called, card stolen ({tag})"
    controls.get_by_test_id("input-override-reason").fill(reason)
    controls.get_by_test_id("override-submit").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Pending → Failed")
    expect(dialog).to_contain_text(reason)
    dialog.get_by_test_id("confirm-yes").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_test_id("txn-status").first).to_have_text("Failed")
    row = page.get_by_test_id("override-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Reject")
    expect(row.get_by_test_id("override-reason")).to_have_text(reason)
    expect(row.get_by_test_id("change-from")).to_have_text("Pending")
    expect(row.get_by_test_id("change-to")).to_have_text("Failed")
    expect(row).to_contain_text(ADMIN_EMAIL)
    expect(page.get_by_test_id("override-final")).to_be_visible()  # failed is final: nothing left to do
    page.get_by_test_id("txn-tab-timeline").click()
    expect(page.locator('[data-testid="timeline-entry"][data-kind="override"]')).to_have_count(1)

    # ---- two overrides at once: someone cancels it while the admin confirms an approval
    page.goto(f"/merchants/{merchant_id}?tab=developer")
    raced = _create_deposit(page, "Guest pays on the hosted page", f"E2E-RACE-{tag}")
    page.get_by_test_id("deposit-transaction-link").click()
    expect(page.get_by_test_id("txn-id")).to_have_text(raced)
    page.get_by_test_id("auto-refresh").click()  # keep the stale view while the other override lands
    expect(page.get_by_test_id("live-indicator")).to_have_count(0)
    page.get_by_test_id("open-override").click()
    page.get_by_test_id("select-override-action").click()
    page.get_by_role("option", name="Approve").click()
    page.get_by_test_id("input-override-reason").fill("Paid by bank transfer")
    page.get_by_test_id("override-submit").click()
    expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
    with api_as_admin(e2e_api["url"]) as client:
        won = client.post("/graphql", json={"query": CANCEL, "variables": {"id": raced}}).json()
        assert won["data"]["overrideTransaction"]["__typename"] == "OverridePayload", won
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_test_id("override-conflict")).to_contain_text("cancelled")
    expect(page.get_by_test_id("txn-status").first).to_have_text("Cancelled")  # the current status
    expect(page.get_by_test_id("override-row")).to_have_count(1)  # only the winner's
    expect(page.get_by_test_id("override-row")).to_contain_text("Cancel")

    # ---- the transactions list of this merchant shows both, newest first
    page.goto(f"/transactions?merchant={merchant_id}")
    expect(page.get_by_test_id("filter-chip")).to_contain_text("Merchant: Acme Shoes")
    rows = page.get_by_test_id("txn-row")
    expect(rows.first).to_contain_text(raced)
    expect(rows.filter(has_text=guest).get_by_test_id("txn-status")).to_have_text("Failed")
    expect(rows.filter(has_text=approved).get_by_test_id("txn-status")).to_have_text("Settlement")
    rows.filter(has_text=approved).get_by_test_id("txn-link").click()
    expect(page.get_by_test_id("txn-id")).to_have_text(approved)

    # ---- and the API agrees, independently of the UI
    with api_as_admin(e2e_api["url"]) as client:
        t = client.post("/graphql", json={"query": TXN, "variables": {"id": approved}}).json()["data"]["transaction"]
        assert (t["status"], t["amount"], t["currency"], t["environment"]) == ("SETTLEMENT", 2500, "EUR", "sandbox")
        assert t["orderId"] == f"E2E-APPROVE-{tag}"
        assert [c["verdict"] for c in t["callbacks"]] == ["applied"]
        assert t["overrides"] == []
        g = client.post("/graphql", json={"query": TXN, "variables": {"id": guest}}).json()["data"]["transaction"]
        assert g["status"] == "FAILED"
        assert g["callbacks"] == []
        assert g["overrides"] == [{"action": "reject", "previousStatus": "pending", "newStatus": "failed",
                                   "reason": reason, "actorLabel": ADMIN_EMAIL}]
        assert [e["kind"] for e in g["timeline"] if e["kind"] != "webhook_attempt"][-1] == "override"
        steps = client.post("/graphql", json={"query": READINESS, "variables": {"id": merchant_id}}).json()
        done = {s["key"]: s["done"] for s in steps["data"]["merchant"]["readiness"]}
        assert done["test_deposit"] and done["verify"], done

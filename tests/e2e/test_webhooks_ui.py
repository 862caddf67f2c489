"""Browser test of live webhooks: two signed-in browser contexts. B watches a pending transaction's page and the
delivery log of an endpoint this test creates (on the demo's Acme Shoes, pointed at the built-in receiver, filtered
to payment.succeeded); A approves the transaction through the override controls; without a reload B sees the
timeline entry, the new status and, from the real worker's attempt, the delivered webhook in the log (through the
`webhookDeliveries` subscription), with its attempt details. B then sends a test delivery from the log's dialog and
resends the first event (confirmation dialog); both arrive live.
"""
from __future__ import annotations

import os
import uuid

import pytest
from playwright.sync_api import Page, expect

from .conftest import ADMIN_EMAIL
from .test_access_ui import api_as_admin, login
from .test_live_timeline_ui import DEPOSIT, MERCHANTS, METHODS, _gql

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="deliveries need a worker, live events Redis (REDIS_URL)"),
]

CREATE = """mutation($m: ID!, $i: WebhookEndpointInput!) { createWebhookEndpoint(merchantId: $m, input: $i) { __typename
  ... on WebhookEndpointCreated { webhookEndpoint { id } } } }"""
UPDATE = """mutation($id: ID!, $u: String!) { updateWebhookEndpoint(id: $id, input: {url: $u}) { __typename } }"""
DELETE = """mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { __typename } }"""
DELIVERIES = """query($e: ID!) { webhookDeliveries(endpointId: $e) { edges { node { eventType status transactionId } } } }"""


def _signed_in_page(browser, e2e_ui) -> Page:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=e2e_ui["url"])
    context.set_default_timeout(20_000)
    pg = context.new_page()
    login(pg, ADMIN_EMAIL)
    return pg


def test_delivery_log_and_timeline_follow_an_override_made_in_another_browser(browser, e2e_ui, e2e_api, e2e_worker):
    tag = uuid.uuid4().hex[:8]
    with api_as_admin(e2e_api["url"]) as api:
        merchant = next(m for m in _gql(api, MERCHANTS)["merchants"] if m["name"] == "Acme Shoes")
        method = next(pm for pm in _gql(api, METHODS, m=merchant["id"])["paymentMethods"] if pm["type"] == "CARD")
        created = _gql(api, CREATE, m=merchant["id"], i={"url": e2e_api["url"] + "/webhook-receiver/pending",
                                                         "description": f"E2E live log {tag}",
                                                         "eventTypes": ["payment.succeeded"]})["createWebhookEndpoint"]
        ep = created["webhookEndpoint"]["id"]
        try:
            assert _gql(api, UPDATE, id=ep, u=f"{e2e_api['url']}/webhook-receiver/{ep}")["updateWebhookEndpoint"][
                "__typename"] == "WebhookEndpointPayload"
            txn_id = _gql(api, DEPOSIT, i={"merchantId": merchant["id"], "paymentMethodId": method["id"], "amount": 4200,
                                           "currency": "EUR", "scenario": "guest", "orderId": f"E2E-WH-{tag}"}
                          )["createTestDeposit"]["transaction"]["id"]
            _run(browser, e2e_ui, api, ep, txn_id, tag)
        finally:
            _gql(api, DELETE, id=ep)


def _run(browser, e2e_ui, api, ep: str, txn_id: str, tag: str) -> None:
    # ---- B: the transaction page and the endpoint's delivery log, both live
    b_txn = _signed_in_page(browser, e2e_ui)
    b_txn.goto(f"/transactions/{txn_id}?tab=timeline")
    expect(b_txn.get_by_test_id("txn-status").first).to_have_text("Pending")
    expect(b_txn.get_by_test_id("live-mode")).to_have_text("Live", timeout=15_000)

    b_log = b_txn.context.new_page()  # a new tab of the same browser: signed in already (the shared UI session)
    b_log.goto(f"/webhooks/{ep}")
    expect(b_log.get_by_test_id("topbar-email")).to_have_text(ADMIN_EMAIL)
    expect(b_log.get_by_test_id("endpoint-url")).to_contain_text(f"/webhook-receiver/{ep}")
    expect(b_log.get_by_test_id("endpoint-status")).to_have_text("Healthy")
    expect(b_log.get_by_test_id("delivery-log")).to_contain_text("No deliveries yet")
    expect(b_log.get_by_test_id("log-live-mode")).to_have_text("Live", timeout=15_000)  # the subscription is up
    for pg in (b_txn, b_log):
        pg.evaluate("window.__cw_no_reload = true")

    # ---- A: approves it through the override controls
    a = _signed_in_page(browser, e2e_ui)
    a.goto(f"/transactions/{txn_id}")
    expect(a.get_by_test_id("txn-status").first).to_have_text("Pending")
    a.get_by_test_id("open-override").click()
    controls = a.get_by_test_id("override-controls")
    controls.get_by_test_id("select-override-action").click()
    a.get_by_role("option", name="Approve").click()
    controls.get_by_test_id("input-override-reason").fill(f"E2E: paid by bank transfer ({tag})")
    controls.get_by_test_id("override-submit").click()
    a.get_by_test_id("confirm-dialog").get_by_test_id("confirm-yes").click()
    expect(a.get_by_test_id("txn-status").first).to_have_text("Settlement")

    # ---- B: both pages follow without a reload
    expect(b_txn.get_by_test_id("txn-status").first).to_have_text("Settlement", timeout=10_000)
    expect(b_txn.locator('[data-testid="timeline-entry"][data-kind="override"]')).to_have_count(1)
    row = b_log.get_by_test_id("delivery-row")
    expect(row).to_have_count(1, timeout=20_000)
    expect(row).to_contain_text("payment.succeeded")
    expect(row.get_by_test_id("delivery-status")).to_have_text("Delivered", timeout=20_000)
    expect(row.get_by_test_id("delivery-response")).to_have_text("HTTP 200")
    expect(b_log.get_by_test_id("delivery-count")).to_have_text("1 delivery")
    stored = [e["node"] for e in _gql(api, DELIVERIES, e=ep)["webhookDeliveries"]["edges"]]
    assert [(d["eventType"], d["status"], d["transactionId"]) for d in stored] == [("payment.succeeded", "SUCCEEDED", txn_id)]

    # attempt details: the signed request and the receiver's answer
    row.click()
    detail = b_log.get_by_test_id("delivery-detail")
    expect(detail).to_be_visible()
    expect(detail.get_by_test_id("attempt")).to_have_count(1)
    expect(detail.get_by_test_id("attempt-code")).to_have_text("HTTP 200")
    expect(detail.get_by_test_id("attempt-headers")).to_contain_text("webhook-signature: v1,")
    expect(detail.get_by_test_id("attempt-body")).to_contain_text(txn_id)
    b_log.keyboard.press("Escape")
    expect(detail).to_have_count(0)

    # a test delivery sent from the log shows up in it, delivered, still without a reload
    b_log.get_by_test_id("open-send-test").click()
    dialog = b_log.get_by_test_id("send-test-dialog")
    dialog.get_by_test_id("test-event-type").click()
    b_log.get_by_role("option", name="payment.refunded").click()
    dialog.get_by_test_id("send-test").click()
    expect(dialog).to_have_count(0)
    expect(row).to_have_count(2)
    test_row = row.filter(has_text="payment.refunded")
    expect(test_row).to_contain_text("test")
    expect(test_row.get_by_test_id("delivery-status")).to_have_text("Delivered", timeout=20_000)

    # resend the delivered event (confirmation dialog): its second attempt arrives live too
    succeeded = row.filter(has_text="payment.succeeded")
    succeeded.get_by_test_id("delivery-resend").click()
    confirm = b_log.get_by_test_id("confirm-dialog")
    expect(confirm).to_contain_text("Resend this event?")
    confirm.get_by_test_id("confirm-yes").click()
    expect(confirm).to_have_count(0)
    expect(succeeded.get_by_test_id("delivery-attempts")).to_have_text("2", timeout=20_000)
    expect(succeeded.get_by_test_id("delivery-status")).to_have_text("Delivered")
    for pg in (b_txn, b_log):
        assert pg.evaluate("window.__cw_no_reload") is True  # the same documents all along
    for pg in (a, b_txn):
        pg.context.close()

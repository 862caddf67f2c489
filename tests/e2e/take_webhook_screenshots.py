"""Screenshots of the webhook pages, for review (not a test).

    python tests/e2e/take_webhook_screenshots.py http://127.0.0.1:3000 var/shots [http://127.0.0.1:8400]

Needs the API, a worker (it makes the delivery attempts) and the UI: `./clearway up`. As the demo tenant admin it
sends test deliveries to the demo's built-in-receiver endpoint of Acme Shoes, adds (once) a failing endpoint (the
built-in receiver of another endpoint id: refused) and a second one; it marks them failing and disabled in the database
(DATABASE_URL, default the runner's SQLite file: 5 days of failures are not waited for), then saves one 1440x900
PNG per page / state. It writes data: use a development instance.
"""
from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EMAIL, PASSWORD = "admin@demo.clearway.local", "clearway-demo"
FAILING, DISABLED = "Fulfilment service (staging)", "Legacy ERP bridge"
LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }'
ENDPOINTS = "{ webhookEndpoints { id merchantId merchantName url description } }"
CREATE = """mutation($m: ID!, $i: WebhookEndpointInput!) { createWebhookEndpoint(merchantId: $m, input: $i) { __typename
  ... on WebhookEndpointCreated { webhookEndpoint { id } } } }"""
TEST = 'mutation($e: ID!, $t: String!) { sendTestWebhook(endpointId: $e, eventType: $t) { __typename } }'
VIEWER = "webhook-viewer@demo.clearway.local"  # webhooks.read only: the read-only view
ROLE = """mutation($i: RoleInput!) { createRole(input: $i) { __typename ... on RolePayload { role { id } } } }"""
USER = """mutation($i: CreateUserInput!) { createUser(input: $i) { __typename ... on UserPayload { user { id } } } }"""
ASSIGN = """mutation($i: AssignRoleInput!) { assignRole(input: $i) { __typename } }"""


def gql(api: httpx.Client, query: str, **variables) -> dict:
    for _ in range(5):  # SQLite: a write may meet "database is locked" while the worker records attempts
        body = api.post("/graphql", json={"query": query, "variables": variables}).json()
        if not any((e.get("extensions") or {}).get("code") == "INTERNAL" for e in body.get("errors") or []):
            break
        time.sleep(1)
    assert not body.get("errors"), body
    return body["data"]


def prepare(api_url: str) -> tuple[str, str, str]:
    """(demo endpoint, failing endpoint, disabled endpoint) ids, with a few deliveries each."""
    with httpx.Client(base_url=api_url, timeout=20) as api:
        assert gql(api, LOGIN, e=EMAIL, p=PASSWORD)["login"]["__typename"] == "LoginSuccess"
        endpoints = gql(api, ENDPOINTS)["webhookEndpoints"]
        demo = next(e for e in endpoints if e["merchantName"] == "Acme Shoes" and "/webhook-receiver/" in e["url"]
                    and e["url"].endswith(e["id"]))
        user = gql(api, USER, i={"email": VIEWER, "name": "Wendy Viewer", "password": PASSWORD, "kind": "PLATFORM"})
        if user["createUser"]["__typename"] == "UserPayload":  # once
            role = gql(api, ROLE, i={"name": "Webhook viewer", "kind": "PLATFORM",
                                     "permissions": ["webhooks.read", "merchants.read", "merchants.access_all"]})
            gql(api, ASSIGN, i={"userId": user["createUser"]["user"]["id"], "roleId": role["createRole"]["role"]["id"],
                                "contextType": "TENANT"})
        ids = {}
        for description, events in ((FAILING, ["payment.succeeded", "payment.failed", "payment.refunded"]),
                                    (DISABLED, ["payment.succeeded"])):
            found = next((e for e in endpoints if e["description"] == description), None)
            if found is None:
                res = gql(api, CREATE, m=demo["merchantId"], i={"url": api_url + "/webhook-receiver/pending",
                                                                 "description": description, "eventTypes": events})
                found = res["createWebhookEndpoint"]["webhookEndpoint"]
            ids[description] = found["id"]
        for t in ("payment.created", "payment.failed", "dispute.opened", "payment.refunded"):
            gql(api, TEST, e=demo["id"], t=t)
        for t in ("payment.succeeded", "payment.failed"):
            gql(api, TEST, e=ids[FAILING], t=t)
        gql(api, TEST, e=ids[DISABLED], t="payment.succeeded")
    asyncio.run(_mark_states(ids[FAILING], ids[DISABLED]))
    return demo["id"], ids[FAILING], ids[DISABLED]


async def _mark_states(failing_id: str, endpoint_id: str) -> None:
    """Failing for 2 hours, and what 5 days of failures end in (delivery.disable_endpoint), without waiting (test
    deliveries never change an endpoint's health)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", f"sqlite://{ROOT}/var/clearway.sqlite3")
    from backend.core import clock
    from backend.core.db import close_db, init_db
    from backend.core.tenancy import system_scope
    from backend.webhooks.models import WebhookEndpoint

    await init_db(migrate=False)
    try:
        with system_scope():
            await WebhookEndpoint.filter(id=failing_id).update(failing_since=clock.now() - timedelta(hours=2))
            since = clock.now() - timedelta(days=5, minutes=3)
            await WebhookEndpoint.filter(id=endpoint_id).update(
                enabled=False, failing_since=since, disabled_at=clock.now(),
                disabled_reason=f"Disabled automatically: every delivery failed since {since:%Y-%m-%d %H:%M} UTC "
                                "(last error: connection: [Errno 111] Connection refused)")
    finally:
        await close_db()


def login(page: Page, email: str) -> None:
    page.goto("/login")
    expect(page.get_by_test_id("login-submit")).to_be_enabled()
    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("topbar-email")).to_have_text(email)


def main(base: str, out: Path, api_url: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    demo, failing, disabled = prepare(api_url)

    def shot(page: Page, name: str, full: bool = False) -> None:
        page.wait_for_timeout(900)
        page.screenshot(path=str(out / f"{name}.png"), full_page=full)
        print("saved", out / f"{name}.png")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=ARGS)
        ctx = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=base)
        ctx.set_default_timeout(30_000)
        page = ctx.new_page()
        login(page, EMAIL)

        page.get_by_test_id("nav-webhooks").click()
        expect(page.get_by_test_id("webhook-endpoint-row").first).to_be_visible()
        shot(page, "wh-01-endpoints")
        page.get_by_test_id("webhooks-tab-signing").click()
        expect(page.get_by_test_id("signing-examples")).to_be_visible()
        shot(page, "wh-02-signing")
        shot(page, "wh-03-signing-full", full=True)
        for lang in ("node", "php", "go", "shell"):
            page.get_by_test_id(f"lang-{lang}").click()
            page.get_by_test_id("signing-examples").scroll_into_view_if_needed()
            shot(page, f"wh-04-signing-{lang}")

        page.goto(f"/webhooks/{demo}")
        expect(page.get_by_test_id("delivery-row").first).to_be_visible()
        expect(page.get_by_test_id("log-live-mode")).to_have_text("Live")
        page.wait_for_timeout(3000)  # the test deliveries above are delivered meanwhile (live)
        shot(page, "wh-05-delivery-log")
        page.get_by_test_id("delivery-row").first.click()
        expect(page.get_by_test_id("delivery-detail")).to_be_visible()
        shot(page, "wh-06-attempt-details")
        page.get_by_role("tab", name="Event payload").click()
        shot(page, "wh-07-event-payload")
        page.get_by_test_id("detail-resend").click()
        expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
        shot(page, "wh-08-resend-confirm")
        page.get_by_test_id("confirm-cancel").click()
        expect(page.get_by_test_id("confirm-dialog")).to_have_count(0)
        page.get_by_test_id("open-send-test").click()
        expect(page.get_by_test_id("send-test-dialog")).to_be_visible()
        page.get_by_test_id("test-event-type").click()
        shot(page, "wh-09-send-test-picker")
        page.get_by_role("option", name="dispute.resolved").click()
        shot(page, "wh-10-send-test")
        page.get_by_test_id("send-test").click()
        page.wait_for_timeout(2500)
        shot(page, "wh-11-test-delivered-live")
        page.get_by_test_id("open-resend-failed").click()
        expect(page.get_by_test_id("resend-failed-dialog")).to_be_visible()
        shot(page, "wh-12-resend-failed")
        page.get_by_test_id("input-to").fill("2020-01-01T00:00")
        page.get_by_test_id("form-submit").click()
        expect(page.get_by_test_id("field-error-to")).to_be_visible()
        shot(page, "wh-13-resend-failed-range-error")
        page.keyboard.press("Escape")

        page.goto(f"/webhooks/{failing}")
        expect(page.get_by_test_id("failing-banner")).to_be_visible()
        shot(page, "wh-14-failing-endpoint")
        page.get_by_test_id("delivery-row").first.click()
        expect(page.get_by_test_id("attempt-error").first).to_be_visible()
        shot(page, "wh-15-failed-attempt-details")
        page.keyboard.press("Escape")
        page.goto(f"/webhooks/{disabled}")
        expect(page.get_by_test_id("disabled-banner")).to_be_visible()
        shot(page, "wh-16-disabled-banner")
        page.get_by_test_id("status-filter").click()
        page.get_by_role("option", name="Delivered").click()
        expect(page.get_by_test_id("delivery-log")).to_contain_text("No deliveries with this status")
        shot(page, "wh-17-log-filtered-empty")

        page.goto("/webhooks/whe_doesnotexist")
        expect(page.get_by_test_id("endpoint-not-found")).to_be_visible()
        shot(page, "wh-18-not-found")
        page.goto("/merchants")
        page.get_by_test_id("merchant-row").filter(has_text="Acme Shoes").get_by_test_id("merchant-link").click()
        page.get_by_test_id("tab-webhooks").click()
        expect(page.get_by_test_id("endpoint-log").first).to_be_visible()
        shot(page, "wh-19-merchant-tab")

        viewer = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=base).new_page()
        login(viewer, VIEWER)
        viewer.goto(f"/webhooks/{disabled}")
        expect(viewer.get_by_test_id("read-only-note")).to_be_visible()
        shot(viewer, "wh-20-read-only")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3000",
         Path(sys.argv[2] if len(sys.argv) > 2 else "var/shots"),
         sys.argv[3] if len(sys.argv) > 3 else os.environ.get("CLEARWAY_API_URL", "http://127.0.0.1:8400"))

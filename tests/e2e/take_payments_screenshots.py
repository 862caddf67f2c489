"""Screenshots of the payment pages, for review (not a test).

    python tests/e2e/take_payments_screenshots.py http://127.0.0.1:3000 var/shots

Needs the API, a worker (the simulated providers answer through it) and the UI: `./clearway up`.
Logs in as the demo tenant admin, creates test deposits on Acme Shoes (approve, amount mismatch,
guest), rejects the guest one and partially refunds the approved one, and saves one 1440x900 PNG
per page/state; the last ones are the merchant admin's view (no override controls, no raw callbacks).
It writes data: use a development instance.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "clearway-demo"
SETTLE = 30_000


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)

    def shot(page: Page, name: str, full: bool = False) -> None:
        page.wait_for_timeout(800)
        page.screenshot(path=str(out / f"{name}.png"), full_page=full)
        print("saved", out / f"{name}.png")

    def login(page: Page, email: str) -> None:
        page.goto("/login")
        expect(page.get_by_test_id("login-submit")).to_be_enabled()
        page.get_by_test_id("login-email").fill(email)
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("topbar-email")).to_have_text(email)

    def deposit(page: Page, scenario: str, order_id: str, amount: str = "25.00") -> str:
        page.get_by_test_id("select-scenario").click()
        page.get_by_role("option", name=scenario).click()
        page.get_by_test_id("input-amount").fill(amount)
        page.get_by_test_id("input-orderId").fill(order_id)
        page.get_by_test_id("create-deposit").click()
        expect(page.get_by_test_id("deposit-result")).to_contain_text(scenario)
        return page.get_by_test_id("deposit-id").inner_text().strip()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=ARGS)
        ctx = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=base)
        ctx.set_default_timeout(20_000)
        page = ctx.new_page()
        login(page, "admin@demo.clearway.local")

        # ---- merchant page, Developer tab
        page.get_by_test_id("nav-merchants").click()
        page.get_by_test_id("merchant-row").filter(has_text="Acme Shoes").get_by_test_id("merchant-link").click()
        expect(page.get_by_test_id("merchant-name")).to_have_text("Acme Shoes")
        mid = re.search(r"/merchants/(mer_[0-9a-z]+)", page.url).group(1)
        page.get_by_test_id("tab-developer").click()
        expect(page.get_by_test_id("test-card").first).to_be_visible()
        shot(page, "pay-01-developer-tab")
        mismatch = deposit(page, "Amount mismatch (suspicious)", "ORDER-2001", "49.90")
        guest = deposit(page, "Guest pays on the hosted page", "ORDER-2002", "120.00")
        approved = deposit(page, "Approved", "ORDER-2003", "89.00")
        shot(page, "pay-02-developer-deposit-created")
        expect(page.get_by_test_id("deposit-status")).to_have_text("Settlement", timeout=SETTLE)
        shot(page, "pay-03-developer-deposit-settled", full=True)

        # ---- the settled transaction
        page.get_by_test_id("deposit-transaction-link").click()
        expect(page.get_by_test_id("txn-id")).to_have_text(approved)
        shot(page, "pay-04-transaction-overview")
        page.get_by_test_id("txn-tab-timeline").click()
        shot(page, "pay-05-transaction-timeline")
        page.get_by_test_id("txn-tab-routing").click()
        shot(page, "pay-06-transaction-routing-path")
        page.get_by_test_id("txn-tab-attempts").click()
        shot(page, "pay-07-transaction-attempts")
        page.get_by_test_id("txn-tab-callbacks").click()
        expect(page.get_by_test_id("callback-row")).to_have_count(1)
        shot(page, "pay-08-transaction-callbacks")
        page.get_by_test_id("view-payload").click()
        expect(page.get_by_test_id("payload-json")).to_be_visible()
        shot(page, "pay-09-callback-payload")
        page.keyboard.press("Escape")

        # partial refund through the override controls
        page.get_by_test_id("open-override").click()
        page.get_by_test_id("select-override-action").click()
        page.get_by_role("option", name="Partial refund").click()
        page.get_by_test_id("input-override-amount").fill("100.00")
        page.get_by_test_id("input-override-reason").fill("Goodwill refund")
        page.get_by_test_id("override-submit").click()
        expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
        page.get_by_test_id("confirm-yes").click()
        expect(page.get_by_test_id("field-error-amount")).to_be_visible()  # more than what settled
        shot(page, "pay-10-override-field-error")
        page.get_by_test_id("input-override-amount").fill("20.00")
        page.get_by_test_id("override-submit").click()
        page.get_by_test_id("confirm-yes").click()
        expect(page.get_by_test_id("txn-status").first).to_have_text("Partially refunded")
        shot(page, "pay-11-override-partial-refund")

        # ---- the suspicious callback
        page.goto(f"/transactions/{mismatch}?tab=callbacks")
        expect(page.get_by_test_id("callback-row")).to_have_count(1, timeout=SETTLE)
        shot(page, "pay-12-suspicious-callback")
        page.get_by_test_id("txn-tab-timeline").click()
        shot(page, "pay-13-suspicious-timeline")

        # ---- the guest payment: live, then rejected by hand
        page.goto(f"/transactions/{guest}")
        expect(page.get_by_test_id("live-indicator")).to_be_visible()
        shot(page, "pay-14-pending-live")
        page.get_by_test_id("open-override").click()
        page.get_by_test_id("select-override-action").click()
        page.get_by_role("option", name="Reject").click()
        page.get_by_test_id("input-override-reason").fill("Customer asked to cancel the order by phone")
        shot(page, "pay-15-override-controls")
        page.get_by_test_id("override-submit").click()
        expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
        shot(page, "pay-16-override-confirm")
        page.get_by_test_id("confirm-yes").click()
        expect(page.get_by_test_id("txn-status").first).to_have_text("Failed")
        shot(page, "pay-17-override-done")

        # ---- the list
        page.goto("/transactions")
        expect(page.get_by_test_id("txn-row").first).to_be_visible()
        shot(page, "pay-18-transactions")
        page.goto(f"/transactions?merchant={mid}")
        expect(page.get_by_test_id("filter-chip").first).to_be_visible()
        shot(page, "pay-19-transactions-merchant")
        ctx.close()

        # ---- the merchant admin: no override controls, no raw callbacks
        ctx = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=base)
        ctx.set_default_timeout(20_000)
        page = ctx.new_page()
        login(page, "merchant@demo.clearway.local")
        page.goto(f"/transactions/{approved}?tab=overrides")
        expect(page.get_by_test_id("txn-id")).to_have_text(approved)
        shot(page, "pay-20-merchant-admin-overrides")
        page.get_by_test_id("txn-tab-callbacks").click()
        shot(page, "pay-21-merchant-admin-callbacks")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3000",
         Path(sys.argv[2] if len(sys.argv) > 2 else "var/shots"))

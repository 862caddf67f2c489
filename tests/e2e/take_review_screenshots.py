"""Screenshots of the operational review and the transactions search, for review (not a test).

    python tests/e2e/take_review_screenshots.py http://127.0.0.1:3000 var/shots

Needs the API, its worker and the UI with the demo data (`./clearway up`). As the demo tenant admin it opens the
pages and saves one 1440x900 PNG per page/state (review-*.png, txn-search-*.png); it writes one approved test deposit
on Acme Shoes (for a webhook history): use a development instance.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "clearway-demo"
TABS = ["webhooks", "callbacks", "routing", "velocity", "corrections", "audit"]


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)

    def shot(page: Page, name: str, full: bool = False) -> None:
        page.wait_for_timeout(900)
        page.screenshot(path=str(out / f"{name}.png"), full_page=full)
        print("saved", out / f"{name}.png")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=ARGS)
        ctx = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=base)
        ctx.set_default_timeout(30_000)
        page = ctx.new_page()
        page.goto("/login")
        expect(page.get_by_test_id("login-submit")).to_be_enabled()
        page.get_by_test_id("login-email").fill("admin@demo.clearway.local")
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("topbar-email")).to_have_text("admin@demo.clearway.local")

        # ---- operational review
        page.get_by_test_id("nav-review").click()
        expect(page.get_by_test_id("review-queues")).to_be_visible()
        shot(page, "review-01-last-24h")
        shot(page, "review-02-full-page", full=True)
        for by in ("method", "mid"):
            page.goto(f"/review?by={by}")
            expect(page.get_by_test_id("review-queues")).to_be_visible()
            shot(page, f"review-03-by-{by}")
        page.goto("/review?range=30d")
        expect(page.get_by_test_id("review-queues")).to_be_visible()
        shot(page, "review-04-30-days")
        page.goto("/review?range=7d")
        expect(page.get_by_test_id("review-queues")).to_be_visible()
        for i, tab in enumerate(TABS):
            page.get_by_test_id(f"review-tab-{tab}").click()
            page.get_by_test_id("review-queues").scroll_into_view_if_needed()
            shot(page, f"review-05-{i}-tab-{tab}")

        # ---- transactions search
        page.goto("/transactions?status=failed,expired&sort=amount&dir=desc")
        expect(page.get_by_test_id("transactions-table")).to_be_visible()
        shot(page, "txn-search-01-failed-by-amount")
        page.goto("/transactions?min=50&max=120&currency=EUR")
        expect(page.get_by_test_id("transactions-table")).to_be_visible()
        shot(page, "txn-search-02-amount-range")
        page.goto("/transactions?q=no-such-order")
        expect(page.get_by_test_id("table-empty")).to_be_visible()
        shot(page, "txn-search-03-empty")
        # ---- a payment with a webhook history: one approved test deposit on Acme Shoes (needs the worker)
        page.get_by_test_id("nav-merchants").click()
        page.get_by_test_id("merchant-row").filter(has_text="Acme Shoes").get_by_test_id("merchant-link").click()
        page.get_by_test_id("tab-developer").click()
        expect(page.get_by_test_id("deposit-form")).to_be_visible()
        page.get_by_test_id("input-amount").fill("42.00")
        page.get_by_test_id("create-deposit").click()
        expect(page.get_by_test_id("deposit-status")).to_have_text("Settlement", timeout=60_000)
        page.get_by_test_id("deposit-transaction-link").click()
        expect(page.get_by_test_id("txn-id")).to_be_visible()
        shot(page, "txn-search-04-detail")
        page.get_by_test_id("txn-tab-webhooks").click()
        expect(page.get_by_test_id("webhook-delivery").first).to_be_visible(timeout=60_000)
        page.wait_for_timeout(4000)
        page.get_by_test_id("txn-refresh").click()
        shot(page, "txn-search-05-detail-webhooks")
        page.get_by_test_id("txn-tab-routing").click()
        shot(page, "txn-search-06-detail-routing")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3000", Path(sys.argv[2] if len(sys.argv) > 2 else "var/shots"))

"""Screenshots of the dispute workbench, for review (not a test).

    python tests/e2e/take_dispute_screenshots.py http://127.0.0.1:3000 var/shots

Needs the API and the UI with the demo data (`./clearway up`: the seed opens a few demo disputes). Logs in as the
demo tenant admin; saves one 1440x900 PNG per page/state: the list, an escalated dispute, one under review with
evidence and thread, a refused upload, the resolve dialog and its confirmation (cancelled), a settled transaction's
Disputes card and Open dispute dialog (cancelled), then the merchant admin's view. It writes nothing but a refused
upload attempt.
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
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"This program cannot be run in DOS mode." + b"\x00" * 64


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

    def open_row(page: Page, status_label: str) -> None:
        page.goto("/disputes?status=all")
        row = page.get_by_test_id("dispute-row").filter(has=page.get_by_test_id("dispute-status").filter(has_text=status_label))
        row.first.get_by_test_id("dispute-link").click()
        expect(page).to_have_url(re.compile(r"/disputes/dsp_"))
        expect(page.get_by_test_id("dispute-amount")).to_be_visible()
        expect(page.get_by_test_id("dispute-status")).to_have_text(status_label)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=ARGS)
        ctx = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=base)
        ctx.set_default_timeout(20_000)
        page = ctx.new_page()
        login(page, "admin@demo.clearway.local")

        page.get_by_test_id("nav-disputes").click()
        expect(page.get_by_test_id("dispute-row").first).to_be_visible()
        shot(page, "dsp-01-list-open")
        page.goto("/disputes?status=all")
        expect(page.get_by_test_id("dispute-row").filter(has_text="Resolved").first).to_be_visible()
        shot(page, "dsp-02-list-all")

        open_row(page, "Escalated")
        shot(page, "dsp-03-detail-escalated")
        open_row(page, "Under review")
        expect(page.get_by_test_id("evidence-item").first).to_be_visible()
        shot(page, "dsp-04-detail-under-review")
        shot(page, "dsp-05-detail-under-review-full", full=True)
        dropzone = page.get_by_test_id("evidence-dropzone").locator("input[type=file]")
        dropzone.set_input_files({"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": EXE})
        page.get_by_test_id("upload-evidence").click()
        expect(page.get_by_test_id("upload-error")).to_be_visible()
        page.get_by_test_id("upload-error").scroll_into_view_if_needed()
        shot(page, "dsp-06-upload-refused")

        page.get_by_test_id("open-resolve").click()
        dialog = page.get_by_test_id("resolve-dialog")
        dialog.get_by_test_id("select-outcome").click()
        page.get_by_role("option", name="Split: part charged back").click()
        dialog.get_by_test_id("input-merchantLoss").fill("25.00")
        shot(page, "dsp-07-resolve-dialog")
        dialog.get_by_test_id("form-submit").click()
        expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
        shot(page, "dsp-08-resolve-confirmation")
        page.get_by_test_id("confirm-cancel").click()

        open_row(page, "Resolved")
        shot(page, "dsp-09-detail-resolved")

        # a settled transaction without a dispute: its Disputes card and the Open dispute dialog
        page.goto("/transactions")
        expect(page.get_by_test_id("txn-row").first).to_be_visible()
        rows = page.get_by_test_id("txn-row").filter(has=page.get_by_test_id("txn-status").filter(has_text="Settlement"))
        for i in range(min(rows.count(), 15)):
            rows.nth(i).get_by_test_id("txn-link").click()
            card = page.get_by_test_id("txn-disputes")
            expect(card).to_be_visible()
            page.wait_for_timeout(600)
            if card.get_by_test_id("open-dispute").count():
                break
            page.go_back()
            expect(page.get_by_test_id("txn-row").first).to_be_visible()
            rows = page.get_by_test_id("txn-row").filter(has=page.get_by_test_id("txn-status").filter(has_text="Settlement"))
        shot(page, "dsp-10-transaction-disputes-card")
        page.get_by_test_id("open-dispute").click()
        expect(page.get_by_test_id("open-dispute-dialog")).to_be_visible()
        shot(page, "dsp-11-open-dispute-dialog")

        # the merchant admin (Acme Shoes): works evidence and the thread, no state actions
        ctx.close()
        ctx = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=base)
        ctx.set_default_timeout(20_000)
        page = ctx.new_page()
        login(page, "merchant@demo.clearway.local")
        page.goto("/disputes?status=all")
        expect(page.get_by_test_id("dispute-row").first).to_be_visible()
        shot(page, "dsp-12-merchant-list")
        if page.get_by_test_id("dispute-row").count():
            page.get_by_test_id("dispute-row").first.get_by_test_id("dispute-link").click()
            expect(page.get_by_test_id("dispute-amount")).to_be_visible()
            shot(page, "dsp-13-merchant-detail")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3000", Path(sys.argv[2] if len(sys.argv) > 2 else "var/shots"))

"""Screenshots of every UI page, for review (not a test).

    python tests/e2e/take_screenshots.py http://127.0.0.1:3000 var/screenshots

Logs in with the demo accounts (password clearway-demo) and saves one PNG per page/state.
Uses Debian chromium ($CHROMIUM_PATH, default /usr/bin/chromium); never downloads a browser.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "clearway-demo"


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

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=ARGS)
        ctx = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=base)
        page = ctx.new_page()

        page.goto("/login")
        expect(page.get_by_test_id("login-submit")).to_be_enabled()
        shot(page, "01-login")
        page.get_by_test_id("login-email").fill("admin@demo.clearway.local")
        page.get_by_test_id("login-password").fill("not-the-password")
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("login-error")).to_be_visible()
        shot(page, "02-login-error")

        login(page, "admin@demo.clearway.local")
        shot(page, "03-overview")

        page.goto("/access/users")
        expect(page.get_by_test_id("user-row").first).to_be_visible()
        shot(page, "04-users")
        page.get_by_test_id("new-user").click()
        dialog = page.get_by_test_id("user-dialog")
        dialog.get_by_test_id("input-email").fill("not-an-email")
        dialog.get_by_test_id("input-password").fill("short")
        dialog.get_by_test_id("form-submit").click()
        expect(dialog.get_by_test_id("field-error-email")).to_be_visible()
        shot(page, "05-users-new-field-errors")
        page.keyboard.press("Escape")
        page.get_by_test_id("toggle-active").first.click()
        expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
        shot(page, "06-users-confirm")
        page.get_by_test_id("confirm-cancel").click()

        page.goto("/access/roles")
        expect(page.get_by_test_id("role-row").first).to_be_visible()
        shot(page, "07-roles")
        page.get_by_test_id("new-role").click()
        dialog = page.get_by_test_id("role-dialog")
        dialog.get_by_test_id("input-name").fill("Support agent")
        dialog.get_by_test_id("perm-access.read").click()
        dialog.get_by_test_id("perm-audit.read").click()
        shot(page, "08-roles-new")
        page.keyboard.press("Escape")

        page.goto("/access/assignments")
        expect(page.get_by_test_id("assignments-table")).to_be_visible()
        page.wait_for_timeout(1000)
        shot(page, "09-assignments", full=True)
        page.get_by_test_id("assign-role").click()
        expect(page.get_by_test_id("assign-dialog")).to_be_visible()
        shot(page, "10-assign-dialog")
        page.keyboard.press("Escape")
        page.get_by_test_id("grant-access").click()
        expect(page.get_by_test_id("grant-dialog")).to_be_visible()
        shot(page, "11-grant-dialog")
        page.keyboard.press("Escape")

        page.goto("/audit")
        expect(page.get_by_test_id("audit-row").first).to_be_visible()
        shot(page, "12-audit")

        page.goto("/merchants")
        expect(page.get_by_test_id("coming-soon")).to_be_visible()
        shot(page, "13-coming-soon")

        page.get_by_test_id("logout").click()
        login(page, "merchant@demo.clearway.local")
        page.goto("/access/users")
        expect(page.get_by_test_id("forbidden")).to_be_visible()
        shot(page, "14-merchant-admin-forbidden")

        page.get_by_test_id("logout").click()
        login(page, "operator@clearway.local")
        expect(page.get_by_test_id("tenant-row").first).to_be_visible()
        shot(page, "15-operator-tenants")
        page.get_by_test_id("new-tenant").click()
        page.get_by_test_id("tenant-dialog").get_by_test_id("form-submit").click()
        page.wait_for_timeout(800)
        shot(page, "16-operator-new-tenant-errors")
        page.keyboard.press("Escape")
        page.get_by_test_id("toggle-status").first.click()
        expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
        shot(page, "17-operator-suspend-confirm")
        page.get_by_test_id("confirm-cancel").click()
        page.goto("/operator/health")
        page.wait_for_timeout(1500)
        shot(page, "18-operator-health")
        page.goto("/audit")
        page.wait_for_timeout(1500)
        shot(page, "19-operator-audit")

        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2] if len(sys.argv) > 2 else "var/screenshots"))

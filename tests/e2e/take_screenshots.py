"""Screenshots of every UI page, for review (not a test).

    python tests/e2e/take_screenshots.py http://127.0.0.1:3000 var/screenshots

Logs in with the demo accounts (password clearway-demo) and saves one PNG per page/state.
Uses Debian chromium ($CHROMIUM_PATH, default /usr/bin/chromium); never downloads a browser.

The merchant-setup part works on a merchant "Northwind Outfitters" (created when missing, with a
brand, a webhook endpoint and an invitation) and issues one API key per run to show the secret
dialog: run it against a development instance, not one whose data matters.
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

        page.goto("/transactions")
        expect(page.get_by_test_id("coming-soon")).to_be_visible()
        shot(page, "13-coming-soon")

        merchant_setup(page, shot)

        page.get_by_test_id("logout").click()
        login(page, "merchant@demo.clearway.local")
        page.goto("/access/users")
        expect(page.get_by_test_id("forbidden")).to_be_visible()
        shot(page, "14-merchant-admin-forbidden")
        merchant_admin(page, shot)

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


NAME = "Northwind Outfitters"


def merchant_setup(page: Page, shot) -> None:
    """Merchants list, the merchant page's tabs and dialogs, invitations, outbox, accept page."""
    page.goto("/merchants")
    expect(page.get_by_test_id("merchant-row").first).to_be_visible()
    if page.get_by_test_id("merchant-row").filter(has_text=NAME).count() == 0:
        page.get_by_test_id("new-merchant").click()
        dialog = page.get_by_test_id("merchant-dialog")
        dialog.get_by_test_id("input-name").fill("Acme Shoes")
        dialog.get_by_test_id("form-submit").click()
        expect(dialog.get_by_test_id("field-error-name")).to_be_visible()
        shot(page, "20-merchant-new-name-taken")
        dialog.get_by_test_id("input-name").fill(NAME)
        dialog.get_by_test_id("form-submit").click()
        expect(page.get_by_test_id("merchant-name")).to_have_text(NAME)
        page.goto("/merchants")
        expect(page.get_by_test_id("merchant-row").first).to_be_visible()
    shot(page, "21-merchants")
    page.get_by_test_id("new-group").click()
    expect(page.get_by_test_id("group-dialog")).to_be_visible()
    shot(page, "22-merchant-group-new")
    page.keyboard.press("Escape")

    page.get_by_test_id("merchant-row").filter(has_text=NAME).get_by_test_id("merchant-link").click()
    expect(page.get_by_test_id("merchant-name")).to_have_text(NAME)
    base = page.url.split("?")[0]

    page.goto(base + "?tab=brands")
    expect(page.get_by_test_id("brands-table")).to_be_visible()
    page.wait_for_timeout(800)
    page.get_by_test_id("new-brand").click()
    dialog = page.get_by_test_id("brand-dialog")
    dialog.get_by_test_id("input-name").fill("Northwind EU")
    dialog.get_by_test_id("input-defaultCurrency").fill("EUR")
    dialog.get_by_test_id("input-color").fill("#0f766e")
    shot(page, "24-brand-new-preview")
    if page.get_by_test_id("brand-row").count() == 0:
        dialog.get_by_test_id("form-submit").click()
        expect(dialog).to_be_hidden()
    else:
        page.keyboard.press("Escape")
    expect(page.get_by_test_id("brand-row").first).to_be_visible()
    shot(page, "25-brands")

    page.goto(base + "?tab=providers")
    expect(page.get_by_test_id("provider-card").first).to_be_visible()
    card = page.locator('[data-testid="provider-card"][data-provider="CARD"]')
    if card.get_attribute("data-granted") == "false":
        card.get_by_test_id("grant-provider").click()
        expect(card).to_have_attribute("data-granted", "true")
    shot(page, "26-providers")
    card.get_by_test_id("revoke-provider").click()
    expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
    shot(page, "27-provider-revoke-confirm")
    page.get_by_test_id("confirm-cancel").click()

    page.goto(base + "?tab=users")
    expect(page.get_by_test_id("invitations-table")).to_be_visible()
    page.wait_for_timeout(800)
    if page.get_by_test_id("invitation-row").count() == 0:
        page.get_by_test_id("invite-user").click()
        dialog = page.get_by_test_id("invite-dialog")
        dialog.get_by_test_id("input-email").fill("ops@northwind.example")
        dialog.get_by_test_id("input-name").fill("Olivia Ops")
        dialog.get_by_test_id("select-roleId").click()
        page.get_by_role("option", name="Merchant admin").click()
        shot(page, "28-invite-user")
        dialog.get_by_test_id("form-submit").click()
        expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("invitation-row").first).to_be_visible()
    page.set_viewport_size({"width": 1440, "height": 1100})
    shot(page, "29-users")
    page.set_viewport_size({"width": 1440, "height": 900})

    page.goto(base + "?tab=api-keys")
    expect(page.get_by_test_id("api-keys-table")).to_be_visible()
    page.get_by_test_id("new-api-key").click()
    dialog = page.get_by_test_id("api-key-dialog")
    dialog.get_by_test_id("input-name").fill("Checkout backend")
    dialog.get_by_test_id("form-submit").click()
    page.wait_for_selector('[data-testid="api-key-secret-dialog"], [data-testid="field-error-name"]')
    if dialog.get_by_test_id("field-error-name").count():  # a live key with that name exists
        dialog.get_by_test_id("input-name").fill(f"Checkout backend {page.evaluate('Date.now()')}")
        dialog.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("api-key-secret-dialog")).to_be_visible()
    shot(page, "30-api-key-secret-once")
    page.get_by_test_id("secret-done").click()
    shot(page, "31-api-keys")
    page.get_by_test_id("rotate-key").first.click()
    expect(page.get_by_test_id("rotate-key-dialog")).to_be_visible()
    shot(page, "32-api-key-rotate")
    page.keyboard.press("Escape")
    page.get_by_test_id("revoke-key").first.click()
    expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
    shot(page, "33-api-key-revoke-confirm")
    page.get_by_test_id("confirm-cancel").click()
    page.get_by_test_id("new-api-key").click()
    shot(page, "34-api-key-new")
    page.keyboard.press("Escape")

    page.goto(base + "?tab=webhooks")
    expect(page.get_by_test_id("endpoints-table")).to_be_visible()
    page.wait_for_timeout(800)
    page.get_by_test_id("new-endpoint").click()
    dialog = page.get_by_test_id("endpoint-dialog")
    dialog.get_by_test_id("input-url").fill("http://169.254.169.254/latest/meta-data")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog.get_by_test_id("field-error-url")).to_be_visible()
    shot(page, "35-webhook-new-ssrf-refused")
    if page.get_by_test_id("endpoint-row").count() == 0:
        dialog.get_by_test_id("input-url").fill("https://northwind.example/webhooks/clearway")
        dialog.get_by_test_id("input-description").fill("Order service")
        dialog.get_by_test_id("form-submit").click()
        expect(page.get_by_test_id("endpoint-secret-dialog")).to_be_visible()
        shot(page, "36-webhook-secret-once")
        page.get_by_test_id("secret-done").click()
    else:
        page.keyboard.press("Escape")
    expect(page.get_by_test_id("endpoint-row").first).to_be_visible()
    shot(page, "37-webhooks")
    page.get_by_test_id("rotate-endpoint").first.click()
    expect(page.get_by_test_id("rotate-endpoint-dialog")).to_be_visible()
    shot(page, "38-webhook-rotate")
    page.keyboard.press("Escape")

    for tab in ("routing", "developer"):
        page.goto(f"{base}?tab={tab}")
        expect(page.get_by_test_id(f"{tab}-placeholder")).to_be_visible()
        shot(page, f"39-merchant-{tab}")

    page.goto(base)
    expect(page.get_by_test_id("readiness-step").first).to_be_visible()
    page.set_viewport_size({"width": 1440, "height": 1180})  # the whole checklist (the sidebar is fixed)
    shot(page, "23-merchant-overview")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.get_by_test_id("edit-merchant").click()
    expect(page.get_by_test_id("edit-merchant-dialog")).to_be_visible()
    shot(page, "23b-merchant-edit")
    page.keyboard.press("Escape")

    page.goto("/access/invitations")
    expect(page.get_by_test_id("invitation-row").first).to_be_visible()
    shot(page, "40-invitations")
    page.get_by_test_id("invite-user").click()
    expect(page.get_by_test_id("invite-dialog")).to_be_visible()
    shot(page, "41-invitations-invite")
    page.keyboard.press("Escape")

    page.goto("/access/outbox")
    expect(page.get_by_test_id("outbox-row").first).to_be_visible()
    shot(page, "42-outbox")
    page.get_by_test_id("outbox-row").first.click()
    expect(page.get_by_test_id("outbox-dialog")).to_be_visible()
    shot(page, "43-outbox-email")
    link = page.get_by_test_id("outbox-link").first.get_attribute("href") or ""
    page.keyboard.press("Escape")

    # the public accept page, in a separate browser context (no session)
    public = page.context.browser.new_context(viewport={"width": 1440, "height": 900}, base_url=page.url.split("/access")[0])
    pp = public.new_page()
    token = link.split("token=", 1)[1] if "token=" in link else "not-a-token"
    pp.goto(f"/accept-invite?token={token}")
    expect(pp.get_by_test_id("form-submit")).to_be_enabled()
    shot(pp, "44-accept-invite")
    pp.get_by_test_id("input-name").fill("Olivia Ops")
    pp.get_by_test_id("input-password").fill("short")
    pp.get_by_test_id("input-confirm").fill("short")
    pp.get_by_test_id("form-submit").click()
    expect(pp.get_by_test_id("field-error-password")).to_be_visible()
    shot(pp, "45-accept-invite-errors")
    pp.goto("/accept-invite?token=not-a-real-token")
    expect(pp.get_by_test_id("form-submit")).to_be_enabled()
    pp.get_by_test_id("input-name").fill("Someone")
    pp.get_by_test_id("input-password").fill("a-long-enough-password")
    pp.get_by_test_id("input-confirm").fill("a-long-enough-password")
    pp.get_by_test_id("form-submit").click()
    expect(pp.get_by_test_id("field-error-token")).to_be_visible()
    shot(pp, "46-accept-invite-invalid-token")
    public.close()


def merchant_admin(page: Page, shot) -> None:
    """The merchant admin of Acme Shoes: one merchant, no Access section."""
    page.goto("/")
    expect(page.get_by_test_id("overview-tenant")).to_be_visible()
    shot(page, "47-merchant-admin-overview")
    page.get_by_test_id("nav-merchants").click()
    expect(page.get_by_test_id("merchant-row").first).to_be_visible()
    shot(page, "48-merchant-admin-merchants")
    page.get_by_test_id("merchant-link").first.click()
    expect(page.get_by_test_id("readiness-step").first).to_be_visible()
    shot(page, "49-merchant-admin-merchant")
    page.get_by_test_id("tab-users").click()
    expect(page.get_by_test_id("invite-user")).to_be_visible()
    page.get_by_test_id("invite-user").click()
    expect(page.get_by_test_id("invite-dialog")).to_be_visible()
    shot(page, "50-merchant-admin-invite")
    page.keyboard.press("Escape")
    page.get_by_test_id("tab-api-keys").click()
    expect(page.get_by_test_id("api-keys-table")).to_be_visible()
    shot(page, "51-merchant-admin-api-keys")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2] if len(sys.argv) > 2 else "var/screenshots"))

"""Screenshots of the routing and execution-layer pages, for review (not a test).

    python tests/e2e/take_routing_screenshots.py http://127.0.0.1:3000 var/screenshots

Logs in as the demo tenant admin (password clearway-demo) and saves one PNG per page and state
(6x-routing-*, 7x/8x-execution-*). It changes data: it starts drafts, saves and publishes blueprints
on the demo's "Cards" of Acme Books and on the first MASTER MID, adds a SUB MID GROUP and a member,
and toggles a MASTER MID off and on again. Run it against a development instance, not one whose data
matters. Uses Debian chromium ($CHROMIUM_PATH, default /usr/bin/chromium); never downloads a browser.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "clearway-demo"


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    tag = str(int(time.time()))[-5:]

    def shot(page: Page, name: str, full: bool = False) -> None:
        page.wait_for_timeout(700)
        page.screenshot(path=str(out / f"{name}.png"), full_page=full)
        print("saved", out / f"{name}.png")

    def top(page: Page) -> None:
        page.evaluate("window.scrollTo(0, 0)")

    def login(page: Page, email: str) -> None:
        page.goto("/login")
        expect(page.get_by_test_id("login-submit")).to_be_enabled()
        page.get_by_test_id("login-email").fill(email)
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("topbar-email")).to_have_text(email)

    def add_rule(page: Page):
        cards = page.get_by_test_id("rule-card")
        n = cards.count()
        page.get_by_test_id("add-rule").click()
        expect(cards).to_have_count(n + 1)
        return cards.nth(n)

    def pick_target(page: Page, card, name: str) -> None:
        card.get_by_test_id("add-target").click()
        page.get_by_test_id("target-option").filter(has_text=name).click()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=ARGS)
        ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, base_url=base)
        ctx.set_default_timeout(20_000)
        page = ctx.new_page()
        login(page, "admin@demo.clearway.local")

        # ---- /routing
        page.goto("/routing")
        expect(page.get_by_test_id("method-row").first).to_be_visible()
        shot(page, "60-routing")
        page.get_by_test_id("new-method").click()
        dialog = page.get_by_test_id("method-dialog")
        dialog.get_by_test_id("input-currencies").fill("EUR, XYZ")
        dialog.get_by_test_id("input-minAmount").fill("5000")
        dialog.get_by_test_id("input-maxAmount").fill("100")
        dialog.get_by_test_id("form-submit").click()
        expect(dialog.get_by_test_id("field-error-currencies")).to_be_visible()
        shot(page, "60b-routing-new-method-errors")
        page.keyboard.press("Escape")

        # ---- /routing/[id]: Acme Books' cards
        page.get_by_test_id("method-row").filter(has_text="Acme Books").get_by_test_id("method-link").click()
        expect(page.get_by_test_id("method-name")).to_be_visible()
        if page.get_by_test_id("start-draft").count():
            shot(page, "61-routing-live")
            page.get_by_test_id("start-draft").click()
        expect(page.get_by_test_id("blueprint-editor")).to_be_visible()
        shot(page, "62-routing-draft")
        cards = page.get_by_test_id("rule-card")
        # a rename, a new condition, a new rule: the diff shows them
        cards.first.get_by_test_id("rule-name").fill(f"VIP and returning {tag}")
        cards.first.get_by_test_id("add-condition").click()
        page.get_by_test_id("add-condition-customer_segment").click()
        cards.first.get_by_test_id("cond-values").last.fill("returning")
        new = add_rule(page)
        new.get_by_test_id("rule-name").fill("Large payments")
        new.get_by_test_id("cond-min").fill("abc")
        new.get_by_test_id("add-condition").click()
        page.get_by_test_id("add-condition-user_reference").click()
        new.get_by_test_id("cond-pattern").fill("([")
        new.get_by_test_id("add-condition").click()
        page.get_by_test_id("add-condition-time_window").click()
        page.get_by_test_id("save-draft").click()
        expect(page.get_by_test_id("blueprint-problems")).to_be_visible()
        top(page)
        shot(page, "63-routing-save-problems")
        new.scroll_into_view_if_needed()
        shot(page, "63b-routing-problems-beside-fields")
        new.get_by_test_id("cond-min").fill("50000")
        new.get_by_test_id("cond-pattern").fill("^ORD-")
        new.get_by_test_id("cond-start").fill("08:00")
        new.get_by_test_id("cond-end").fill("20:00")
        new.get_by_test_id("remove-condition").nth(1).click()
        new.get_by_test_id("remove-condition").nth(1).click()
        pick_target(page, new, "EWALLET acquirers")
        page.get_by_test_id("save-draft").click()
        expect(page.get_by_test_id("dirty-flag")).to_have_count(0)
        cards.last.get_by_test_id("rule-delete").click()
        expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
        shot(page, "67-routing-delete-rule-confirm")
        page.get_by_test_id("confirm-cancel").click()

        # preview: a routed payment, then a refused one
        page.get_by_test_id("preview-amount").fill("75000")
        page.get_by_test_id("preview-currency").fill("EUR")
        page.get_by_test_id("preview-run").click()
        expect(page.get_by_test_id("preview-result")).to_be_visible()
        top(page)
        shot(page, "64-routing-preview")
        page.get_by_test_id("preview-result").evaluate("e => e.scrollIntoView()")
        shot(page, "64b-routing-preview-trace")
        page.get_by_test_id("preview-currency").fill("GBP")
        page.get_by_test_id("preview-run").click()
        expect(page.get_by_test_id("preview-outcome")).to_contain_text("refused")
        page.get_by_test_id("preview-result").evaluate("e => e.scrollIntoView()")
        shot(page, "65-routing-preview-refused")

        # publish refused: a catch-all rule before another makes it unreachable
        top(page)
        catch_all = add_rule(page)
        catch_all.get_by_test_id("remove-condition").click()
        pick_target(page, catch_all, "CARD acquirers")
        after = add_rule(page)
        after.get_by_test_id("cond-min").fill("1")
        pick_target(page, after, "CARD acquirers")
        page.get_by_test_id("publish").click()
        expect(page.get_by_test_id("blueprint-problems")).to_contain_text("never match")
        after.scroll_into_view_if_needed()
        shot(page, "68-routing-publish-problems")
        for _ in range(2):
            n = cards.count()
            cards.last.get_by_test_id("rule-delete").click()
            page.get_by_test_id("confirm-yes").click()
            expect(cards).to_have_count(n - 1)
        page.get_by_test_id("publish").click()
        expect(page.get_by_test_id("live-badge")).to_contain_text("Published v")
        top(page)
        shot(page, "69-routing-published")

        page.get_by_test_id("edit-method").click()
        expect(page.get_by_test_id("method-edit-dialog")).to_be_visible()
        shot(page, "69b-routing-edit-method")
        page.keyboard.press("Escape")
        page.get_by_test_id("tab-history").click()
        expect(page.get_by_test_id("version-row").first).to_be_visible()
        page.get_by_test_id("version-compare").first.click()
        expect(page.get_by_test_id("diff-view")).to_be_visible()
        shot(page, "70-routing-versions-diff", full=True)
        page.get_by_test_id("version-view").first.click()
        expect(page.get_by_test_id("version-dialog")).to_be_visible()
        shot(page, "70b-routing-version-dialog")
        page.keyboard.press("Escape")
        page.goto("/routing/pm_does_not_exist")
        expect(page.get_by_test_id("method-not-found")).to_be_visible()
        shot(page, "70c-routing-not-found")

        # ---- /execution
        page.goto("/execution")
        expect(page.get_by_test_id("mid-row").first).to_be_visible()
        shot(page, "71-execution")
        page.get_by_test_id("new-mid").click()
        dialog = page.get_by_test_id("mid-dialog")
        dialog.get_by_test_id("fee-percent").fill("abc")
        dialog.get_by_test_id("form-submit").click()
        expect(dialog.get_by_test_id("field-error-name")).to_be_visible()
        shot(page, "72-execution-new-mid-errors")
        page.keyboard.press("Escape")
        page.get_by_test_id("new-mid-group").click()
        shot(page, "72b-execution-new-group")
        page.keyboard.press("Escape")

        # ---- /execution/[id]
        page.get_by_test_id("mid-row").first.get_by_test_id("mid-link").click()
        expect(page.get_by_test_id("member-row").first).to_be_visible()
        shot(page, "73-execution-mid")
        page.get_by_test_id("new-sub-group").click()
        dialog = page.get_by_test_id("sub-group-dialog")
        dialog.get_by_test_id("input-name").fill(f"Spill {tag}")
        dialog.get_by_test_id("strategy-weight").click()
        shot(page, "75-execution-new-sub-group")
        dialog.get_by_test_id("form-submit").click()
        expect(dialog).to_be_hidden()
        group = page.get_by_test_id("sub-group").filter(has_text=f"Spill {tag}")
        group.get_by_test_id("add-member").click()
        dialog = page.get_by_test_id("member-dialog")
        dialog.get_by_test_id("input-name").fill(f"Aggregator {tag}")
        dialog.get_by_test_id("select-kind").click()
        page.get_by_role("option", name="SUB MID AGGREGATOR").click()
        dialog.get_by_test_id("velocity-add").click()
        dialog.get_by_test_id("velocity-window").fill("0")
        dialog.get_by_test_id("input-credentials").fill(f"demo-credential-{tag}")
        dialog.get_by_test_id("form-submit").click()
        expect(dialog.get_by_test_id("velocity-error")).to_be_visible()
        shot(page, "76-execution-member-errors")
        dialog.get_by_test_id("velocity-window").fill("600")
        dialog.get_by_test_id("form-submit").click()
        expect(dialog).to_be_hidden()
        row = page.get_by_test_id("member-row").filter(has_text=f"Aggregator {tag}")
        row.get_by_test_id("replace-credentials").click()
        dialog = page.get_by_test_id("credentials-dialog")
        dialog.get_by_test_id("input-credentials").fill(f"new-credential-{tag}")
        shot(page, "77-execution-replace-credentials")
        dialog.get_by_test_id("form-submit").click()
        expect(dialog).to_be_hidden()
        row.scroll_into_view_if_needed()
        shot(page, "78-execution-members")
        row.get_by_test_id("member-enabled").click()
        expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
        shot(page, "79-execution-disable-confirm")
        page.get_by_test_id("confirm-cancel").click()
        row.get_by_test_id("edit-member").click()
        expect(page.get_by_test_id("member-dialog")).to_be_visible()
        shot(page, "79b-execution-edit-member")
        page.keyboard.press("Escape")

        top(page)
        page.get_by_test_id("tab-blueprint").click()
        if page.get_by_test_id("start-draft").count():
            shot(page, "80-execution-blueprint-live")
            page.get_by_test_id("start-draft").click()
        expect(page.get_by_test_id("blueprint-editor")).to_be_visible()
        card = add_rule(page)
        card.get_by_test_id("rule-name").fill("Night traffic")
        card.get_by_test_id("cond-type").click()
        page.get_by_role("option", name="Time of day").click()
        card.get_by_test_id("cond-start").fill("22:00")
        card.get_by_test_id("cond-end").fill("06:00")
        pick_target(page, card, f"Spill {tag}")
        shot(page, "81-execution-blueprint-draft")
        page.get_by_test_id("publish").click()
        expect(page.get_by_test_id("live-badge")).to_contain_text("Published v")
        shot(page, "82-execution-blueprint-published")
        page.get_by_test_id("tab-history").click()
        page.get_by_test_id("diff-run").click()
        expect(page.get_by_test_id("diff-view")).to_be_visible()
        shot(page, "83-execution-versions-diff")

        # ---- a disabled MASTER MID shows up as a rejection in the preview, then is enabled again
        top(page)
        mid_url = page.url
        mid_name = page.get_by_test_id("mid-name").inner_text()
        page.get_by_test_id("mid-enabled").click()
        page.get_by_test_id("confirm-yes").click()
        expect(page.get_by_test_id("mid-enabled")).not_to_be_checked()
        page.goto("/routing")
        page.get_by_test_id("method-row").filter(has_text="Acme Books").get_by_test_id("method-link").click()
        page.get_by_test_id("preview-amount").fill("1000")
        page.get_by_test_id("preview-currency").fill("USD")
        page.get_by_test_id("preview-run").click()
        expect(page.get_by_test_id("trace-rejection").first).to_contain_text(mid_name)
        page.get_by_test_id("trace-rejection").first.evaluate("e => e.scrollIntoView({block: 'center'})")
        shot(page, "84-routing-preview-rejection")
        page.goto(mid_url)
        page.get_by_test_id("mid-enabled").click()
        expect(page.get_by_test_id("mid-enabled")).to_be_checked()

        # ---- a merchant admin: read-only routing
        ctx2 = browser.new_context(viewport={"width": 1440, "height": 1000}, base_url=base)
        page2 = ctx2.new_page()
        login(page2, "merchant@demo.clearway.local")
        page2.goto("/routing")
        expect(page2.get_by_test_id("method-row").first).to_be_visible()
        shot(page2, "85-merchant-admin-routing")
        page2.get_by_test_id("method-row").first.get_by_test_id("method-link").click()
        expect(page2.get_by_test_id("live-blueprint")).to_be_visible()
        shot(page2, "85b-merchant-admin-blueprint")
        page2.goto("/execution")
        page2.wait_for_timeout(1500)
        shot(page2, "86-merchant-admin-execution")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3000",
         Path(sys.argv[2] if len(sys.argv) > 2 else "var/screenshots"))

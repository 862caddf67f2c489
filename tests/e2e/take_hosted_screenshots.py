"""Screenshots of the guest's hosted payment page in every state, desktop (1440x900) and mobile (390x844).

    python tests/e2e/take_hosted_screenshots.py [out_dir]          # default var/shots

Starts its own throwaway stack (embedded Redis, SQLite with the demo data, API, arq worker), pays
sandbox payments of the demo merchants through the page and saves <state>-desktop.png and
<state>-mobile.png: card, ewallet, va, qr, challenge, challenge-error, processing, success, failed,
expired, cancelled, not-found. Uses Debian chromium ($CHROMIUM_PATH, default /usr/bin/chromium);
never downloads a browser. Not a test.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.e2e.hosted_support import demo_shop, stack  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "mobile": {"width": 390, "height": 844}}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with stack() as api, demo_shop(api) as shop, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=ARGS)
        pages: dict[str, Page] = {}
        for name, viewport in VIEWPORTS.items():
            ctx = browser.new_context(viewport=viewport, device_scale_factor=1 if name == "desktop" else 2, base_url=api)
            ctx.set_default_timeout(20_000)
            pages[name] = ctx.new_page()

        def shoot(state: str, path: str, ready: str, full: bool = False) -> None:
            for name, page in pages.items():
                page.goto(path)
                expect(page.get_by_test_id(ready).first).to_be_visible()
                page.wait_for_timeout(600)  # entrance animations
                target = out / f"{state}-{name}.png"
                page.screenshot(path=str(target), full_page=full)
                print("saved", target)

        desk = pages["desktop"]
        card = shop.pay("Acme Shoes", "Cards", 12900, "EUR", "AS-10482")
        shoot("card", card["path"], "card-form")
        shoot("card-full", card["path"], "card-form", full=True)
        wallet = shop.pay("Acme Shoes", "E-wallet", 4590, "EUR", "AS-10483")
        shoot("ewallet", wallet["path"], "wallet-panel")
        va = shop.pay("Globex Games", "Virtual account", 75_000_000, "IDR", "GX-2291")
        shoot("va", va["path"], "va-panel")
        qr = shop.pay("Globex Games", "QRIS", 25_000_000, "IDR", "GX-2292")
        shoot("qr", qr["path"], "qr-panel")

        # 3DS: the card form, then the bank's challenge (and once with a wrong code)
        challenge = shop.pay("Acme Shoes", "Cards", 24900, "EUR", "AS-10484")
        _pay_card(desk, challenge["path"], "4000000000003220")
        expect(desk.get_by_test_id("challenge")).to_be_visible()
        shoot("challenge", challenge["path"], "challenge")
        code = desk.get_by_test_id("sms-code").inner_text()
        desk.get_by_test_id("otp-input").fill(f"{(int(code) + 1) % 1_000_000:06d}")
        desk.get_by_test_id("otp-submit").click()
        expect(desk.get_by_test_id("otp-error")).to_be_visible()
        desk.wait_for_timeout(600)
        desk.screenshot(path=str(out / "challenge-error-desktop.png"))
        print("saved", out / "challenge-error-desktop.png")

        # processing: a card whose provider never answers
        quiet = shop.pay("Acme Shoes", "Cards", 8900, "EUR", "AS-10485")
        _pay_card(desk, quiet["path"], "4000000000005126")
        shoot("processing", quiet["path"], "processing")

        ok = shop.pay("Acme Shoes", "Cards", 12900, "EUR", "AS-10486")
        _pay_card(desk, ok["path"], "4242424242424242")
        expect(desk.get_by_test_id("outcome-success")).to_be_visible()
        shoot("success", ok["path"], "outcome-success")

        bad = shop.pay("Acme Shoes", "Cards", 12900, "EUR", "AS-10487")
        _pay_card(desk, bad["path"], "4000000000009995")
        expect(desk.get_by_test_id("outcome-failed")).to_be_visible()
        shoot("failed", bad["path"], "outcome-failed")

        late = shop.pay("Acme Shoes", "Cards", 12900, "EUR", "AS-10488")
        shop.override(late["transaction_id"], "EXPIRE", "the guest did not pay in time")
        shoot("expired", late["path"], "outcome-expired")
        gone = shop.pay("Acme Shoes", "Cards", 12900, "EUR", "AS-10489")
        shop.override(gone["transaction_id"], "CANCEL", "order cancelled")
        shoot("cancelled", gone["path"], "outcome-cancelled")
        shoot("not-found", "/pay/" + "x" * 32, "not-found")
        browser.close()


def _pay_card(page: Page, path: str, number: str) -> None:
    page.goto(path)
    page.get_by_test_id("card-number").fill(number)
    page.get_by_test_id("card-expiry").fill("12 / 34")
    page.get_by_test_id("card-cvc").fill("123")
    page.get_by_test_id("card-holder").fill("Jane Doe")
    page.get_by_test_id("pay-button").click()
    page.wait_for_url(re.compile(re.escape(path) + "$"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "var" / "shots")


"""Browser test of the guest's hosted payment page (no back-office UI needed: the API serves /pay).

A guest pays a sandbox payment of the demo merchant Globex Games by virtual account (copies the
account number, says "I have transferred", waits for success), and one of Acme Shoes by a 3DS card
(types a wrong one-time code once, sees the error, then the right code from the simulated SMS, and
reaches success). The outcome comes from the simulated provider through a real arq worker.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .hosted_support import demo_shop

pytestmark = pytest.mark.e2e


@pytest.fixture
def hosted(e2e_api, e2e_worker):
    """The seeded demo merchants on the e2e API, with a worker answering as the simulated providers."""
    with demo_shop(e2e_api["url"]) as shop:
        yield shop


def test_guest_pays_by_virtual_account(guest_page: Page, hosted) -> None:
    page = guest_page
    payment = hosted.pay("Globex Games", "Virtual account", 15_000_000, "IDR", "GX-E2E-1")
    page.goto(payment["path"])
    expect(page.get_by_test_id("merchant-name")).to_have_text("Globex")
    expect(page.get_by_test_id("amount")).to_contain_text("150,000")
    expect(page.get_by_test_id("test-mode")).to_be_visible()
    countdown = page.get_by_test_id("countdown").locator("time")
    first = countdown.inner_text()
    expect(countdown).not_to_have_text(first, timeout=5_000)  # it ticks

    number = page.get_by_test_id("va-number").inner_text().replace(" ", "")
    assert re.fullmatch(r"8808\d{12}", number), number
    copy = page.get_by_test_id("copy-va")
    copy.click()
    expect(copy).to_contain_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == number

    page.get_by_test_id("transferred-button").click()
    expect(page.get_by_test_id("outcome-success")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("outcome-success")).to_contain_text("150,000.00 IDR")


def test_guest_pays_by_card_with_3ds_and_one_time_code(guest_page: Page, hosted) -> None:
    page = guest_page
    payment = hosted.pay("Acme Shoes", "Cards", 4_990, "EUR", "AS-E2E-2")
    page.goto(payment["path"])
    expect(page.get_by_test_id("card-form")).to_be_visible()
    page.get_by_test_id("card-number").press_sequentially("4000000000003220")
    expect(page.get_by_test_id("card-number")).to_have_value("4000 0000 0000 3220")  # spaced as typed
    page.get_by_test_id("card-expiry").press_sequentially("1234")
    expect(page.get_by_test_id("card-expiry")).to_have_value("12 / 34")
    page.get_by_test_id("card-cvc").fill("123")
    page.get_by_test_id("card-holder").fill("Jane Guest")
    page.get_by_test_id("pay-button").click()

    expect(page.get_by_test_id("challenge")).to_be_visible()
    expect(page.get_by_test_id("attempts-left")).to_have_text("3 attempts left")
    expect(page.get_by_test_id("otp-resend")).to_be_disabled()  # once a minute
    code = page.get_by_test_id("sms-code").inner_text()
    assert re.fullmatch(r"\d{6}", code)

    page.get_by_test_id("otp-input").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    page.get_by_test_id("otp-submit").click()
    expect(page.get_by_test_id("otp-error")).to_contain_text("not right")
    expect(page.get_by_test_id("attempts-left")).to_have_text("2 attempts left")

    code = page.get_by_test_id("sms-code").inner_text()  # the same code, read again from the notice
    page.get_by_test_id("otp-input").fill(code)
    page.get_by_test_id("otp-submit").click()
    expect(page.get_by_test_id("outcome-success")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("outcome-success")).to_contain_text("49.90 EUR")

"""Browser test of routing: the tenant admin builds a two-rule blueprint on a payment method, previews
two sample payments that take different paths, and publishes; the API confirms the new version.

The demo payment method "Cards" of Acme Shoes (EUR, USD) already has a published version: starting a
draft copies it, and the test replaces its rules with its own two.

The preview asks the velocity gate (Redis) about SUB MIDs with limits: it needs the REDIS_URL that
``./clearway test`` provides.
"""
from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import ADMIN_EMAIL
from .test_access_ui import api_as_admin, login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="the routing preview needs REDIS_URL (./clearway test)"),
]

METHOD = """query($id: ID!) { paymentMethod(id: $id) {
  name
  published { id version status document }
  versions { version status }
} }"""


def _pick_target(page: Page, card, name: str) -> None:
    card.get_by_test_id("add-target").click()
    page.get_by_test_id("target-option").filter(has_text=name).click()
    expect(card.get_by_test_id("target-chip").filter(has_text=name)).to_be_visible()


def _preview(page: Page, amount: str, currency: str) -> None:
    page.get_by_test_id("preview-amount").fill(amount)
    page.get_by_test_id("preview-currency").fill(currency)
    page.get_by_test_id("preview-run").click()
    expect(page.get_by_test_id("preview-result")).to_be_visible()


def test_admin_builds_previews_and_publishes_a_blueprint(page: Page, e2e_api) -> None:
    login(page, ADMIN_EMAIL)

    # ---- the payment methods of reachable merchants; open Acme Shoes' cards
    page.get_by_test_id("nav-routing").click()
    expect(page).to_have_url(re.compile(r"/routing/?$"))
    row = page.get_by_test_id("method-row").filter(has_text="Acme Shoes").filter(has_text="Card")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("method-published")).to_contain_text("Live v")
    row.get_by_test_id("method-link").click()
    expect(page).to_have_url(re.compile(r"/routing/pm_[0-9a-z]+/?$"))
    method_id = page.url.rstrip("/").rsplit("/", 1)[1]
    expect(page.get_by_test_id("method-name")).to_have_text("Cards")

    # ---- a draft, copied from the published version; its rules are replaced by ours
    if page.get_by_test_id("start-draft").count():
        page.get_by_test_id("start-draft").click()
    expect(page.get_by_test_id("blueprint-editor")).to_be_visible()
    draft_version = int(page.get_by_test_id("draft-badge").inner_text().strip().rsplit("v", 1)[1])
    cards = page.get_by_test_id("rule-card")
    while cards.count():
        n = cards.count()
        cards.first.get_by_test_id("rule-delete").click()
        expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
        page.get_by_test_id("confirm-yes").click()
        expect(cards).to_have_count(n - 1)

    # rule 1: amount >= 50000 -> EWALLET acquirers
    page.get_by_test_id("add-rule").click()
    large = cards.nth(0)
    large.get_by_test_id("rule-name").fill("Large payments")
    large.get_by_test_id("cond-min").fill("50000")
    _pick_target(page, large, "EWALLET acquirers")

    # rule 2: currency USD -> CARD acquirers (first with an unknown currency: refused beside the field)
    page.get_by_test_id("add-rule").click()
    usd = cards.nth(1)
    usd.get_by_test_id("rule-name").fill("US dollars")
    usd.get_by_test_id("cond-type").click()
    page.get_by_role("option", name="Currency").click()
    usd.get_by_test_id("cond-values").fill("XYZ")
    _pick_target(page, usd, "CARD acquirers")
    expect(page.get_by_test_id("dirty-flag")).to_be_visible()
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_test_id("blueprint-problems")).to_contain_text("Rule 2")
    expect(usd.get_by_test_id("cond-error")).to_contain_text("Unknown currency")
    expect(large.get_by_test_id("cond-error")).to_have_count(0)

    usd.get_by_test_id("cond-values").fill("USD")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_test_id("dirty-flag")).to_have_count(0)
    expect(page.get_by_test_id("blueprint-problems")).to_have_count(0)
    expect(cards).to_have_count(2)

    # ---- two sample payments through the draft take different paths
    expect(page.get_by_test_id("preview-use-draft")).to_be_checked()
    _preview(page, "60000", "EUR")
    expect(page.get_by_test_id("preview-outcome")).to_contain_text("Routed to")
    expect(page.get_by_test_id("preview-source")).to_contain_text(f"Draft blueprint v{draft_version}")
    expect(page.get_by_test_id("preview-rule")).to_have_text("Large payments")
    expect(page.get_by_test_id("preview-master-mid")).to_contain_text("sim_ewallet")
    first_mid = page.get_by_test_id("preview-master-mid").inner_text()
    path = page.get_by_test_id("trace-step")
    expect(path.first).to_have_attribute("data-kind", "payment_method")
    expect(path.last).to_have_attribute("data-kind", "sub_mid")
    expect(page.get_by_test_id("trace-path")).to_contain_text("EWALLET acquirers")

    _preview(page, "1000", "USD")
    expect(page.get_by_test_id("preview-rule")).to_have_text("US dollars")
    expect(page.get_by_test_id("preview-master-mid")).to_contain_text("sim_card")
    assert page.get_by_test_id("preview-master-mid").inner_text() != first_mid
    expect(page.get_by_test_id("trace-path")).to_contain_text("CARD acquirers")
    # the rule above it did not match, and says why
    miss = page.get_by_test_id("trace-miss").filter(has_text="Large payments")
    expect(miss.get_by_test_id("miss-reason")).to_contain_text("below min 50000")
    expect(page.get_by_test_id("preview-fee-total")).to_contain_text("USD")

    # ---- publish: the draft becomes the live version
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("live-badge")).to_have_text(f"Published v{draft_version}")
    expect(page.get_by_test_id("live-blueprint")).to_contain_text("Amount ≥ 50,000")
    expect(page.get_by_test_id("live-blueprint")).to_contain_text("Currency is USD")
    page.get_by_test_id("tab-history").click()
    newest = page.get_by_test_id("version-row").first
    expect(newest).to_contain_text(f"v{draft_version}")
    expect(newest).to_have_attribute("data-status", "PUBLISHED")
    expect(newest.get_by_test_id("version-status")).to_have_text("Published")
    expect(page.get_by_test_id("version-row").nth(1)).to_have_attribute("data-status", "ARCHIVED")

    # ---- and the API agrees
    with api_as_admin(e2e_api["url"]) as client:
        r = client.post("/graphql", json={"query": METHOD, "variables": {"id": method_id}})
        pm = r.json()["data"]["paymentMethod"]
        assert pm["published"]["version"] == draft_version, r.text
        assert pm["published"]["status"] == "PUBLISHED"
        doc = pm["published"]["document"]
        assert [rule["name"] for rule in doc["rules"]] == ["Large payments", "US dollars"]
        assert doc["rules"][0]["conditions"] == [{"type": "amount_range", "min": 50000, "max": None}]
        assert doc["rules"][1]["conditions"] == [{"type": "currency", "in": ["USD"]}]
        assert doc["fallback"], "the fallback copied from the published version stays"
        statuses = {v["version"]: v["status"] for v in pm["versions"]}
        assert statuses[draft_version] == "PUBLISHED"
        assert "DRAFT" not in statuses.values()

"""Browser tests of investigation: the transactions search (filters in the URL, chips, sort), a transaction's page
(names, routing path, timeline), and the operational review (the success-rate chart with the demo incident's drop,
linking to the failed payments behind it).

The payments are created through GraphQL (sandbox test deposits that stay pending, then corrected by hand); what the
UI shows is checked against the API. Routing asks the velocity gate, so REDIS_URL is needed.
"""
from __future__ import annotations

import asyncio
import os
import re
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import asyncpg
import pytest
from playwright.sync_api import Page, expect

from backend.payments import search

from .conftest import ADMIN_EMAIL
from .test_access_ui import api_as_admin, login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="routing asks the velocity gate: needs REDIS_URL"),
]

LOOKUP = """{ merchants { id name } paymentMethods { id name merchantId type } }"""
DEPOSIT = """mutation($i: TestDepositInput!) { createTestDeposit(input: $i) { __typename
  ... on TestDepositPayload { transaction { id } } ... on ValidationError { code message } ... on ConflictError { code message } } }"""
REJECT = """mutation($id: ID!) { overrideTransaction(id: $id, action: REJECT, reason: "E2E investigation") { __typename } }"""
SEARCH = """query($f: TransactionFilter) { transactions(filter: $f, first: 50) { totalCount edges { node { id } } } }"""


def _seed_payments(api_url: str, tag: str) -> dict[str, str]:
    """Three sandbox payments on Acme Shoes' cards: 77.70 failed, 12.34 failed, 77.80 pending."""
    with api_as_admin(api_url) as client:
        data = client.post("/graphql", json={"query": LOOKUP}).json()["data"]
        merchant = next(m for m in data["merchants"] if m["name"] == "Acme Shoes")
        pm = next(p for p in data["paymentMethods"] if p["merchantId"] == merchant["id"] and p["type"] == "CARD")
        made = {}
        for key, amount in (("hit", 7770), ("cheap", 1234), ("pending", 7780)):
            body = {"merchantId": merchant["id"], "paymentMethodId": pm["id"], "amount": amount, "currency": "EUR",
                    "scenario": "guest", "orderId": f"E2E-INV-{key}-{tag}"}
            out = client.post("/graphql", json={"query": DEPOSIT, "variables": {"i": body}}).json()["data"]["createTestDeposit"]
            assert out["__typename"] == "TestDepositPayload", out
            made[key] = out["transaction"]["id"]
        for key in ("hit", "cheap"):
            res = client.post("/graphql", json={"query": REJECT, "variables": {"id": made[key]}}).json()
            assert res["data"]["overrideTransaction"]["__typename"] == "OverridePayload", res
        made["merchant"] = merchant["id"]
    return made


def _comes_before(page: Page, first: str, second: str, timeout: float = 15.0) -> bool:
    """True once the list shows `first` above `second` (the rows follow the URL's sort after a reload)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ids = [t.strip() for t in page.get_by_test_id("txn-link").all_inner_texts()]
        pos = {key: next((i for i, text in enumerate(ids) if text.startswith(key)), None) for key in (first, second)}
        if None not in pos.values() and pos[first] < pos[second]:
            return True
        page.wait_for_timeout(250)
    return False


def test_filter_by_status_and_amount_then_open_the_payment(page: Page, e2e_api) -> None:
    tag = uuid.uuid4().hex[:8]
    since = (datetime.now(timezone.utc) - timedelta(minutes=1)).replace(second=0, microsecond=0)
    made = _seed_payments(e2e_api["url"], tag)
    login(page, ADMIN_EMAIL)
    page.get_by_test_id("nav-transactions").click()
    expect(page.get_by_test_id("txn-row").first).to_be_visible()

    # ---- build the view with the filter bar: status Failed, 77.00–78.00 EUR, created since the test started
    page.get_by_test_id("filter-status").click()
    page.get_by_role("checkbox", name="Failed", exact=True).click()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("filter-status")).to_contain_text("Status · 1")
    page.get_by_test_id("filter-min").fill("77.00")
    page.get_by_test_id("filter-max").fill("78.00")
    page.get_by_test_id("filter-from").fill(since.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_test_id("filter-apply").click()
    expect(page).to_have_url(re.compile(r"status=failed"))
    query = parse_qs(urlparse(page.url).query)
    assert query["status"] == ["failed"] and query["min"] == ["77.00"] and query["max"] == ["78.00"], query
    assert query["from"] == [since.strftime("%Y-%m-%dT%H:%MZ")], query
    rows = page.get_by_test_id("txn-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(made["hit"])
    expect(rows.first.get_by_test_id("txn-status")).to_have_text("Failed")
    expect(rows.first).to_contain_text("77.70 EUR")
    chips = page.get_by_test_id("filter-chip")
    expect(chips).to_have_count(4)
    expect(chips.filter(has_text="Status: Failed")).to_have_count(1)
    expect(chips.filter(has_text="Amount ≥ 77.00")).to_have_count(1)

    # ---- the view is the URL: a fresh load shows the same; removing the amount chip brings the 12.34 one back
    page.reload()
    expect(page.get_by_test_id("txn-row")).to_have_count(1)
    expect(page.get_by_test_id("filter-min")).to_have_value("77.00")
    chips.filter(has_text="Amount ≥ 77.00").click()
    expect(chips).to_have_count(3)
    expect(page).not_to_have_url(re.compile(r"min="))
    chips.filter(has_text="Amount ≤ 78.00").click()
    expect(chips).to_have_count(2)
    for key in ("hit", "cheap"):  # (other tests' payments of the last minute may show too)
        expect(page.get_by_test_id("txn-row").filter(has_text=made[key])).to_have_count(1)
    page.get_by_test_id("sort-amount").click()  # amount, highest first
    expect(page).to_have_url(re.compile(r"sort=amount"))
    expect(page.get_by_test_id("sort-label")).to_have_text("Amount: highest first")
    assert _comes_before(page, made["hit"], made["cheap"])
    page.get_by_test_id("sort-amount").click()  # lowest first
    expect(page).to_have_url(re.compile(r"dir=asc"))
    expect(page.get_by_test_id("sort-label")).to_have_text("Amount: lowest first")
    assert _comes_before(page, made["cheap"], made["hit"])

    # ---- the API agrees with the list
    with api_as_admin(e2e_api["url"]) as client:
        f = {"statuses": ["FAILED"], "amountMin": 7700, "amountMax": 7800, "createdFrom": since.isoformat()}
        found = client.post("/graphql", json={"query": SEARCH, "variables": {"f": f}}).json()["data"]["transactions"]
        assert [e["node"]["id"] for e in found["edges"]] == [made["hit"]]

    # ---- open it: names, routing path down to the SUB MID, the timeline with the correction
    page.get_by_test_id("txn-row").filter(has_text=made["hit"]).get_by_test_id("txn-link").click()
    expect(page.get_by_test_id("txn-id")).to_have_text(made["hit"])
    expect(page.get_by_test_id("txn-merchant")).to_contain_text("Acme Shoes")
    expect(page.get_by_test_id("txn-method")).to_have_text("Cards")
    page.get_by_test_id("txn-tab-routing").click()
    steps = page.get_by_test_id("path-step")
    expect(steps.first).to_have_attribute("data-kind", "payment_method")
    expect(steps.last).to_have_attribute("data-kind", "sub_mid")
    expect(page.get_by_test_id("route-sub-mid")).not_to_have_text("—")
    page.get_by_test_id("txn-tab-timeline").click()
    entries = page.get_by_test_id("timeline-entry")
    expect(page.locator('[data-testid="timeline-entry"][data-kind="override"]')).to_have_count(1)
    kinds = [entries.nth(i).get_attribute("data-kind") for i in range(entries.count())]
    assert kinds[:2] == ["created", "routed"], kinds
    page.get_by_test_id("txn-tab-webhooks").click()
    expect(page.get_by_test_id("webhook-delivery").or_(page.get_by_test_id("webhooks-empty")).first).to_be_visible()


def test_review_page_shows_the_success_rate_chart_and_links_a_drop(page: Page, e2e_api) -> None:
    login(page, ADMIN_EMAIL)
    page.get_by_test_id("nav-review").click()
    expect(page).to_have_url(re.compile(r"/review$"))
    chart = page.get_by_test_id("success-rate-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("svg.recharts-surface")).to_be_visible()
    expect(chart.locator(".recharts-line").first).to_be_attached()
    # the demo data's incident (most cards declined four to five hours ago) is flagged on Acme Shoes
    drops = page.get_by_test_id("drop-row").filter(has_text="Acme Shoes")
    expect(drops.first).to_be_visible()
    assert page.get_by_test_id("stat-drops").inner_text().strip() != "0"
    expect(page.get_by_test_id("series-row").filter(has_text="Acme Shoes")).to_be_visible()

    # the queues: tabs switch and keep the view in the URL
    page.get_by_test_id("review-tab-corrections").click()
    expect(page.get_by_test_id("review-corrections")).to_be_visible()
    page.get_by_test_id("review-tab-velocity").click()
    expect(page.get_by_test_id("review-velocity-groups")).to_be_visible()

    # a drop opens the unsuccessful payments of its bucket
    drops.first.get_by_test_id("drop-link").click()
    expect(page).to_have_url(re.compile(r"/transactions\?.*status=failed,expired"))
    chips = page.get_by_test_id("filter-chip")
    expect(chips.filter(has_text="Merchant: Acme Shoes")).to_have_count(1)
    expect(chips.filter(has_text="Status: Failed")).to_have_count(1)
    expect(page.get_by_test_id("txn-row").first).to_be_visible()
    statuses = page.get_by_test_id("txn-row").get_by_test_id("txn-status").all_inner_texts()
    assert statuses and set(statuses) <= {"Failed", "Expired"}, statuses

    # per MASTER MID: the same incident, on the card acquirer's MID
    page.goto("/review?by=mid")
    expect(page.get_by_test_id("review-dimension")).to_be_visible()
    expect(page.get_by_test_id("drop-row").filter(has_text="sim_card").first).to_be_visible()


def _hold_transactions_until_the_count_gives_up(locked: threading.Event, done: threading.Event, seen: list) -> None:
    """Hold the transactions table exclusively until the list's capped count has waited on it past its timeout, then
    let the page query (which may wait far longer) through. In a thread: Playwright's sync API owns this one's loop."""
    async def run() -> None:
        conn = await asyncpg.connect(os.environ["DATABASE_URL"])
        try:
            tx = conn.transaction()
            await tx.start()
            await conn.execute("LOCK TABLE transactions IN ACCESS EXCLUSIVE MODE")
            locked.set()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:  # the list's page and count queries queue behind the lock together
                waiting = await conn.fetch("SELECT left(query, 60) AS q FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                if waiting:
                    seen.extend(r["q"] for r in waiting)
                    break
                await asyncio.sleep(0.01)
            await asyncio.sleep(search.COUNT_TIMEOUT_MS / 1000 + 0.25)
            await tx.rollback()
        finally:
            await conn.close()
            done.set()
    asyncio.run(run())


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="statement timeouts are PostgreSQL's")
def test_a_total_too_slow_to_count_is_shown_as_not_counted(page: Page, tmp_path) -> None:
    login(page, ADMIN_EMAIL)
    page.get_by_test_id("nav-transactions").click()
    expect(page.get_by_test_id("txn-row").first).to_be_visible()
    expect(page.get_by_test_id("txn-total")).to_contain_text(re.compile(r"\d\+? transactions?"))
    locked, done, seen = threading.Event(), threading.Event(), []
    holder = threading.Thread(target=_hold_transactions_until_the_count_gives_up, args=(locked, done, seen), daemon=True)
    holder.start()
    assert locked.wait(10)
    page.get_by_test_id("sort-amount").click()  # a new fetch while the table is held
    assert done.wait(30)
    assert seen, "no query waited on the table"
    expect(page.get_by_test_id("txn-total")).to_have_text("Total not counted (too slow for these filters)")
    expect(page.get_by_test_id("txn-row").first).to_be_visible()
    expect(page.get_by_test_id("table-range")).to_have_text(re.compile(r"^1–\d+( of more)?$"))
    shots = Path(os.environ.get("CLEARWAY_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "transactions-total-not-counted.png"))
    page.reload()  # counted again once the table is free
    expect(page.get_by_test_id("txn-total")).to_contain_text(re.compile(r"\d\+? transactions?"))

"""Browser test: the operational review's queue tables sort by their columns (click: ascending, again: descending),
and screenshots at 1440x900 of /review, /transactions and a transaction page (saved under var/shots for review),
with a check that the transactions table fits the page at that width."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import ADMIN_EMAIL
from .test_access_ui import login

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"


def _ints(page: Page, rows: str, cell: int) -> list[int]:
    return [int(t.strip()) for t in page.get_by_test_id(rows).locator(f"td:nth-child({cell})").all_inner_texts()]


def test_review_tables_sort_and_pages_fit_at_1440(page: Page, e2e_api) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, ADMIN_EMAIL)
    page.goto("/review?range=7d&tab=audit")
    rows = page.get_by_test_id("audit-count-row")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 2, "the demo data has audit activity of several actions"
    page.get_by_test_id("sort-audit_counts-count").click()
    expect(page.get_by_test_id("sort-audit_counts-count").locator("svg.lucide-arrow-up")).to_be_visible()
    counts = _ints(page, "audit-count-row", 3)
    assert counts == sorted(counts), counts
    page.get_by_test_id("sort-audit_counts-count").click()
    expect(page.get_by_test_id("sort-audit_counts-count").locator("svg.lucide-arrow-down")).to_be_visible()
    counts = _ints(page, "audit-count-row", 3)
    assert counts == sorted(counts, reverse=True), counts
    page.get_by_test_id("sort-audit_counts-label").click()
    expect(page.get_by_test_id("sort-audit_counts-label").locator("svg.lucide-arrow-up")).to_be_visible()
    labels = page.get_by_test_id("audit-count-row").locator("td:nth-child(1)").all_inner_texts()
    assert labels == sorted(labels, key=str.lower), labels

    page.get_by_test_id("review-tab-corrections").click()
    expect(page.get_by_test_id("review-corrections")).to_be_visible()
    page.get_by_test_id("sort-corrections-at_ts").click()
    expect(page.get_by_test_id("sort-corrections-at_ts").locator("svg.lucide-arrow-up")).to_be_visible()
    page.get_by_test_id("review-corrections").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "review-corrections-sorted.png"))
    page.goto("/review")
    expect(page.get_by_test_id("success-rate-chart")).to_be_visible()
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / "review.png"))

    page.goto("/transactions")
    expect(page.get_by_test_id("txn-row").first).to_be_visible()
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "transactions.png"))
    over = page.get_by_test_id("transactions-table").evaluate(
        "root => root.querySelector('table').getBoundingClientRect().width - root.getBoundingClientRect().width")
    assert over <= 0, f"the transactions table is {over} px wider than its card at 1440 px"
    doc_width = page.evaluate("document.documentElement.scrollWidth")
    assert doc_width <= 1440, f"the transactions page scrolls sideways at 1440 px ({doc_width} px wide)"
    page.get_by_test_id("txn-link").first.click()
    expect(page.get_by_test_id("txn-status").first).to_be_visible()
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / "transaction.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440

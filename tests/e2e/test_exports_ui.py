"""Browser test of exports: the tenant admin creates a filtered CSV export on /exports, watches it finish (a real arq
worker runs it), downloads it (a Playwright download through the single-use link) and checks its header and rows;
then downloads a transaction's PDF receipt from the transaction page. Screenshots go to var/e2e/screenshots."""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from backend.exports.writers import TXN_HEADER

from .conftest import ADMIN_EMAIL, ROOT
from .test_access_ui import api_as_admin, login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="exports run on a worker: needs REDIS_URL"),
]

SHOTS = ROOT / "var" / "e2e" / "screenshots"
SETTLED = """{ transactions(first: 100) { edges { node { id status currency } } } }"""


def test_csv_export_is_created_followed_and_downloaded(page: Page, e2e_api, e2e_worker) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, ADMIN_EMAIL)
    page.goto("/exports")
    expect(page.get_by_test_id("export-form")).to_be_visible()
    page.get_by_test_id("select-statuses").click()
    page.get_by_role("option", name="Settlement").click()
    page.get_by_test_id("input-currency").fill("EUR")
    page.get_by_test_id("input-amountMin").fill("abc")
    page.get_by_test_id("create-export").click()
    expect(page.get_by_test_id("field-error-amountMin")).to_be_visible()  # checked before anything is sent
    page.get_by_test_id("input-amountMin").fill("")
    page.get_by_test_id("create-export").click()

    row = page.get_by_test_id("export-row").first
    expect(row).to_contain_text("Transactions (CSV)")
    expect(row).to_contain_text("statuses: settlement; currency: EUR")
    expect(row.get_by_test_id("export-status")).to_have_text("Succeeded", timeout=60_000)
    expect(row.get_by_test_id("export-kept-until")).to_contain_text("kept until 20")  # the retention date (7 days)
    page.screenshot(path=str(SHOTS / "exports-page.png"), full_page=True)

    with page.expect_download() as info:
        row.get_by_test_id("export-download").click()
    download = info.value
    assert download.suggested_filename.startswith("transactions-") and download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_text(encoding="utf-8")
    lines = content.splitlines()
    assert lines[0].split(",") == TXN_HEADER
    rows = list(csv.DictReader(io.StringIO(content)))
    assert rows and all(r["status"] == "settlement" and r["currency"] == "EUR" for r in rows)
    with api_as_admin(e2e_api["url"]) as api:
        seen = [e["node"] for e in api.post("/graphql", json={"query": SETTLED}).json()["data"]["transactions"]["edges"]]
    ids = {r["transaction_id"] for r in rows}
    assert {t["id"] for t in seen if t["status"] == "SETTLEMENT" and t["currency"] == "EUR"} <= ids  # newest 100 included
    assert expect(row).to_contain_text(f"{len(rows):,}") is None

    # The same link cannot be used twice: the page asks for a new one at each click
    with page.expect_download() as again:
        row.get_by_test_id("export-download").click()
    assert Path(again.value.path()).read_text(encoding="utf-8") == content

    # A transaction's PDF receipt from its page
    txn = next(t for t in seen if t["status"] == "SETTLEMENT")
    page.goto(f"/transactions/{txn['id']}")
    expect(page.get_by_test_id("txn-id")).to_have_text(txn["id"])
    page.get_by_test_id("txn-download").click()
    expect(page.get_by_test_id("txn-download-receipt_pdf")).to_be_visible()
    page.wait_for_timeout(400)  # the menu's opening animation
    page.screenshot(path=str(SHOTS / "transaction-downloads.png"))
    with page.expect_download(timeout=60_000) as pdf:
        page.get_by_test_id("txn-download-receipt_pdf").click()
    assert pdf.value.suggested_filename == f"receipt-{txn['id']}.pdf"
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF-")


def _sql(statement: str, *args) -> None:
    """One statement on the e2e database (PostgreSQL), from a thread of its own (sync Playwright owns this one)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1))
        try:
            await conn.execute(statement, *args)
        finally:
            await conn.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="writes the job row with asyncpg")
def test_a_running_export_shows_its_progress_as_it_moves(page: Page, e2e_api) -> None:
    """A big export in progress (its row written as the worker would, so the test need not load a million rows):
    the history shows a progress bar that follows rows_done without a reload, then the failure and its reason."""
    import uuid
    from datetime import datetime, timezone

    with api_as_admin(e2e_api["url"]) as api:
        me = api.post("/graphql", json={"query": "{ me { id tenant { id } } }"}).json()["data"]["me"]
    export_id = f"exp_e2e{uuid.uuid4().hex[:20]}"
    now = datetime.now(timezone.utc)
    _sql("""INSERT INTO export_jobs (id, tenant_id, kind, criteria, merchant_ids, include_pii, status, rows_done, rows_total,
            file_name, created_by_id, created_by_label, created_at, started_at)
            VALUES ($1, $2, 'transactions_xlsx', '{"statuses": ["settlement"]}', '[]', false, 'running', 420000, 1000000,
            'transactions-big.xlsx', $3, $4, $5, $5)""", export_id, me["tenant"]["id"], me["id"], ADMIN_EMAIL, now)
    login(page, ADMIN_EMAIL)
    page.goto("/exports")
    row = page.get_by_test_id("export-row").filter(has_text="transactions-big.xlsx")
    expect(row.get_by_test_id("export-progress")).to_be_visible()
    expect(row).to_contain_text("42 %")
    expect(row).to_contain_text("420,000 of 1,000,000")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "exports-running.png"), full_page=True)
    _sql("UPDATE export_jobs SET rows_done = 730000 WHERE id = $1", export_id)
    expect(row).to_contain_text("73 %", timeout=10_000)  # followed without a reload
    _sql("UPDATE export_jobs SET status = 'failed', error = 'worker stopped (e2e)' WHERE id = $1", export_id)
    expect(row.get_by_test_id("export-status")).to_have_text("Failed", timeout=10_000)
    expect(row).to_contain_text("worker stopped (e2e)")
    expect(row.get_by_test_id("export-progress")).to_have_count(0)
    expect(row.get_by_test_id("export-download")).to_have_count(0)

"""Streaming writers: transactions as CSV or XLSX and the webhook log report, read in keyset batches.

Memory stays constant whatever the row count: rows are read `BATCH` at a time (ordered by id, the next batch
starting after the last id seen), written at once and dropped; XLSX uses xlsxwriter's constant_memory mode
(each row is flushed to disk when the next one starts) and rolls over to a new sheet at Excel's row limit.
Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed with an apostrophe.
"""
from __future__ import annotations

import csv
from datetime import datetime, timezone
from typing import Any, AsyncIterator, Awaitable, Callable

from tortoise.expressions import Subquery

from backend.core.money import CURRENCIES
from backend.payments.models import Transaction
from backend.webhooks.models import WebhookAttempt, WebhookDelivery

BATCH = 5000
XLSX_MAX_ROWS = 1_048_576

Progress = Callable[[int], Awaitable[None]]

TXN_COLUMNS = [  # (header, field)
    ("transaction_id", "id"), ("created_at", "created_at"), ("updated_at", "updated_at"), ("merchant_id", "merchant_id"),
    ("brand_id", "brand_id"), ("payment_method_id", "payment_method_id"), ("environment", "environment"),
    ("status", "status"), ("amount_minor", "amount"), ("currency", "currency"), ("amount", None),
    ("refunded_amount_minor", "refunded_amount"), ("processing_fee_minor", "processing_fee"),
    ("conversion_fee_minor", "conversion_fee"), ("order_id", "order_id"), ("user_reference", "user_reference"),
    ("provider", "provider"), ("master_mid_id", "master_mid_id"), ("sub_mid_id", "sub_mid_id"),
]
TXN_FIELDS = [f for _, f in TXN_COLUMNS if f]
TXN_HEADER = [h for h, _ in TXN_COLUMNS]

WEBHOOK_HEADER = ["attempt_id", "attempted_at", "transaction_id", "event_id", "event_type", "delivery_id", "delivery_status",
                  "endpoint_id", "url", "attempt_number", "succeeded", "response_status", "duration_ms", "error",
                  "next_attempt_at"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: datetimes as ISO 8601 UTC, enums as their value, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _when(value)
    value = getattr(value, "value", value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    return cell(value)


def _when(value: Any) -> str:
    """ISO 8601 in UTC (naive values are UTC already)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.isoformat() + "+00:00"
        return (value if not value.utcoffset() else value.astimezone(timezone.utc)).isoformat()
    return "" if value is None else str(value)


def _major(amount: int, currency: str) -> str:
    exp = CURRENCIES.get(currency, 2)
    if not exp:
        return str(amount)
    whole, frac = divmod(abs(amount), 10 ** exp)
    return f"{'-' if amount < 0 else ''}{whole}.{frac:0{exp}d}"


def txn_row(v: Any) -> list:
    """One CSV/XLSX row from the selected columns (TXN_FIELDS order): user-supplied text defused, times ISO 8601."""
    # id created updated merchant brand method env status amount currency refunded pfee cfee order user provider mm sm
    return [v[0], _when(v[1]), _when(v[2]), v[3], v[4], v[5], v[6], getattr(v[7], "value", v[7]), v[8], v[9],
            _major(v[8], v[9]), v[10], v[11], v[12], _text(v[13]), _text(v[14]), _text(v[15]), _text(v[16]), _text(v[17])]


async def _batch(qs, fields: list[str], after: str) -> list:
    """One keyset batch as raw database rows. The SQL is the tenant-scoped queryset's own (so the tenant filter is
    in it by construction); only tortoise's per-value conversion is skipped, which is most of the cost at 1M rows."""
    page = (qs.filter(id__gt=after) if after else qs).order_by("id").limit(BATCH).values_list(*fields)
    page._choose_db_if_not_chosen()
    page._make_query()
    sql, params = page.query.get_parameterized_sql()
    _, rows = await page._db.execute_query(sql, params)
    return rows


async def transaction_rows(qs) -> AsyncIterator[list]:
    """The filtered transactions, oldest first, read BATCH at a time by keyset on id."""
    last = ""
    while True:
        batch = await _batch(qs, TXN_FIELDS, last)
        if not batch:
            return
        for values in batch:
            yield txn_row(values)
        last = batch[-1][0]
        if len(batch) < BATCH:
            return


async def webhook_rows(transaction_ids_qs) -> AsyncIterator[list]:
    """Every webhook attempt of the filtered transactions' deliveries (and deliveries never attempted), by delivery."""
    last = ""
    txn_ids = Subquery(transaction_ids_qs.values("id"))
    while True:
        qs = WebhookDelivery.filter(transaction_id__in=txn_ids)
        if last:
            qs = qs.filter(id__gt=last)
        deliveries = await qs.order_by("id").limit(BATCH // 5)
        if not deliveries:
            return
        attempts: dict[str, list[WebhookAttempt]] = {}
        for a in await WebhookAttempt.filter(delivery_id__in=[d.id for d in deliveries]).order_by("delivery_id", "number"):
            attempts.setdefault(a.delivery_id, []).append(a)
        for d in deliveries:
            base = [d.transaction_id, d.event_id, d.event_type, d.id, d.status, d.endpoint_id]
            tried = attempts.get(d.id, [])
            if not tried:
                yield [cell(v) for v in ["", None, *base, "", 0, "", "", "", "not attempted yet", d.next_attempt_at]]
            for i, a in enumerate(tried):
                nxt = d.next_attempt_at if i == len(tried) - 1 else None
                yield [cell(v) for v in [a.id, a.created_at, *base, a.url, a.number, a.succeeded, a.response_status,
                                         a.duration_ms, a.error, nxt]]
        last = deliveries[-1].id


async def write_csv(path: str, header: list[str], rows: AsyncIterator[list], progress: Progress) -> int:
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        async for row in rows:
            writer.writerow(row)
            count += 1
            if count % BATCH == 0:
                await progress(count)
    await progress(count)
    return count


async def write_xlsx(path: str, header: list[str], rows: AsyncIterator[list], progress: Progress, sheet: str = "Transactions") -> int:
    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    count, sheets = 0, 0
    ws, r = None, XLSX_MAX_ROWS
    try:
        async for row in rows:
            if r >= XLSX_MAX_ROWS:
                sheets += 1
                ws = book.add_worksheet(sheet if sheets == 1 else f"{sheet} {sheets}")
                ws.write_row(0, 0, header, bold)
                ws.freeze_panes(1, 0)
                r = 1
            ws.write_row(r, 0, row)
            r += 1
            count += 1
            if count % BATCH == 0:
                await progress(count)
        if ws is None:
            book.add_worksheet(sheet).write_row(0, 0, header, bold)
    finally:
        book.close()
    await progress(count)
    return count


def transactions_of(criteria: dict, merchant_ids: list[str]):
    """The tenant-scoped queryset of an export's transactions (the manager adds the caller's tenant)."""
    from backend.exports.filters import apply

    return apply(Transaction.all(), criteria, merchant_ids)

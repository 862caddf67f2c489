"""Finding any transaction fast: filters, sorting and keyset pages on (sort key, id), all in the database.

Pages never use OFFSET: a cursor holds the sort key and id of the last row shown, and the next page asks for rows
strictly after it ("seek"). The condition is written as ``key <= v AND (key < v OR id < last_id)`` (for a descending
sort): the first part is a plain range the database uses as an index bound, so a deep page costs what the first one
costs. The indexes that serve these queries are declared on ``models.Transaction`` (see its Meta).

Every query here is bounded in time on PostgreSQL (a statement timeout in its own short transaction): the capped
count gives up after COUNT_TIMEOUT_MS and the list says its total is unknown (``capped_count`` returns None), and a
page that cannot be found within PAGE_TIMEOUT_MS (filters each matching many rows, together few or none, that no
index serves as a whole) fails with SEARCH_TOO_BROAD, asking to narrow the filters, instead of holding a connection
and a CPU for seconds.

The tenant is never filtered here: ``TenantScoped`` adds it to every query. The caller passes the merchants the
principal reaches (``backend.merchants.reach``), or ``None`` when it reaches every merchant of the tenant.
"""
from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import asyncpg
from tortoise import connections
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from backend.core.errors import DomainError, Problems, ValidationFailed
from backend.payments.models import Transaction, TxnStatus

PAGE_MAX = 100
COUNT_CAP = 10_000  # totalCount is exact up to this many rows; beyond, it says "more than 10,000" (capped)
COUNT_TIMEOUT_MS = 60  # the count is a nicety: past this, totalCount is null ("unknown") and the page is still shown
PAGE_TIMEOUT_MS = 1_000  # past this, SEARCH_TOO_BROAD (pages take 0.1-25 ms of PostgreSQL at 1,000,000 rows when cached)
SORT_FIELDS = ("created_at", "amount")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class SearchTooBroad(DomainError):
    def __init__(self) -> None:
        super().__init__("SEARCH_TOO_BROAD", "These filters take too long to search together: narrow them (e.g. a shorter "
                                             "date range, one merchant, or fewer combined filters)")


@dataclass
class TxnFilter:
    merchant_ids: list[str] | None = None
    brand_ids: list[str] | None = None
    payment_method_ids: list[str] | None = None
    statuses: list[TxnStatus] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    currency: str | None = None
    user_reference: str | None = None
    search: str | None = None  # an exact transaction id or order id


@dataclass
class Sort:
    field: str = "created_at"
    descending: bool = True


@dataclass
class Page:
    rows: list[Transaction]
    cursors: list[str]
    has_next: bool
    queryset: QuerySet = field(repr=False)  # the filtered rows (for the capped count)


def validate(f: TxnFilter, first: int) -> TxnFilter:
    """Check the filter (every problem at once) and return it normalised (trimmed, currency upper-cased)."""
    problems = Problems()
    if first < 1:
        problems.add("first", "FIRST_INVALID", "first must be at least 1")
    for name in ("amount_min", "amount_max"):
        value = getattr(f, name)
        if value is not None and value < 0:
            problems.add(f"filter.{_camel(name)}", "AMOUNT_INVALID", "An amount cannot be negative")
    if f.amount_min is not None and f.amount_max is not None and f.amount_min > f.amount_max:
        problems.add("filter.amountMin", "AMOUNT_RANGE_INVALID", "amountMin is greater than amountMax")
    if f.created_from and f.created_to and _aware(f.created_from) > _aware(f.created_to):
        problems.add("filter.createdFrom", "DATE_RANGE_INVALID", "createdFrom is after createdTo")
    currency = (f.currency or "").strip().upper() or None
    if currency is not None and not _CURRENCY.match(currency):
        problems.add("filter.currency", "CURRENCY_INVALID", "A currency is a three-letter ISO 4217 code, e.g. EUR")
    if problems.items:
        raise ValidationFailed(problems.items, message=problems.items[0].message if len(problems.items) == 1
                               else "The transaction filter is not valid")
    return TxnFilter(
        merchant_ids=f.merchant_ids, brand_ids=f.brand_ids, payment_method_ids=f.payment_method_ids, statuses=f.statuses,
        created_from=_aware(f.created_from), created_to=_aware(f.created_to), amount_min=f.amount_min, amount_max=f.amount_max,
        currency=currency, user_reference=(f.user_reference or "").strip() or None, search=(f.search or "").strip() or None)


def filtered(f: TxnFilter, reachable: list[str] | None) -> QuerySet:
    """Transactions matching the (validated) filter among the reachable merchants (None: all of the tenant)."""
    qs = Transaction.all()
    merchants = reachable
    if f.merchant_ids is not None:
        merchants = [m for m in f.merchant_ids if reachable is None or m in set(reachable)]
    if merchants is not None:
        qs = qs.filter(merchant_id__in=merchants or [""])
    if f.brand_ids is not None:
        qs = qs.filter(brand_id__in=f.brand_ids or [""])
    if f.payment_method_ids is not None:
        qs = qs.filter(payment_method_id__in=f.payment_method_ids or [""])
    if f.statuses is not None:
        qs = qs.filter(status__in=[s.value for s in f.statuses] or [""])
    if f.created_from:
        qs = qs.filter(created_at__gte=f.created_from)
    if f.created_to:
        qs = qs.filter(created_at__lte=f.created_to)
    if f.amount_min is not None:
        qs = qs.filter(amount__gte=f.amount_min)
    if f.amount_max is not None:
        qs = qs.filter(amount__lte=f.amount_max)
    if f.currency:
        qs = qs.filter(currency=f.currency)
    if f.user_reference:
        qs = qs.filter(user_reference=f.user_reference)
    if f.search:
        qs = qs.filter(Q(id=f.search) | Q(order_id=f.search))
    return qs


def page_query(qs: QuerySet, sort: Sort, first: int, after: str | None) -> QuerySet:
    """The query of one page: `first`+1 rows after the cursor (the extra row tells whether more exist), by (sort key, id).

    In two steps within one statement: the ids of the page (which an index-only scan can find when the filters'
    columns are in the index: migration 0018 adds status, currency and amount to the time-ordered indexes on
    PostgreSQL), then those rows. Filters that match few of the index's entries (e.g. a method with an amount range)
    then read index pages only instead of a table row per candidate: 36-70 ms instead of 0.4-5.8 s to learn that
    nothing matches among the ~200,000 rows of a payment method at 1,000,000 rows (bench/README.md)."""
    key, desc = sort.field, sort.descending
    if after:
        value, last_id = decode_cursor(after, sort)
        if desc:
            qs = qs.filter(Q(**{f"{key}__lte": value}), Q(Q(**{f"{key}__lt": value}), Q(id__lt=last_id), join_type="OR"))
        else:
            qs = qs.filter(Q(**{f"{key}__gte": value}), Q(Q(**{f"{key}__gt": value}), Q(id__gt=last_id), join_type="OR"))
    order = ("-" if desc else "") + key, ("-" if desc else "") + "id"
    ids = qs.order_by(*order).limit(min(first, PAGE_MAX) + 1).values("id")
    return Transaction.filter(id__in=Subquery(ids)).order_by(*order)


async def page(qs: QuerySet, sort: Sort, first: int, after: str | None) -> Page:
    """One page of at most `first` (capped at PAGE_MAX) rows after the cursor; SEARCH_TOO_BROAD past PAGE_TIMEOUT_MS."""
    first = min(first, PAGE_MAX)
    query = page_query(qs, sort, first, after)
    query.sql()  # builds the query and chooses the connection
    records = await _bounded(*query.query.get_parameterized_sql(), PAGE_TIMEOUT_MS)
    if records is None:
        raise SearchTooBroad()
    rows = [Transaction._init_from_db(**dict(r)) for r in records]
    has_next = len(rows) > first
    rows = rows[:first]
    return Page(rows=rows, cursors=[encode_cursor(r, sort) for r in rows], has_next=has_next, queryset=qs)


def capped_count_sql(qs: QuerySet, cap: int = COUNT_CAP) -> tuple[str, list]:
    """SELECT COUNT(*) over the first cap+1 matching ids (tortoise has no public API for a count over a subquery).

    Without ORDER BY: PostgreSQL counts along whichever index (or scan) finds cap+1 matches soonest. Giving it the
    page's order was measured worse at 1,000,000 rows (bench/README.md): amount ranges and combinations with an amount
    went from 20-100 ms to 800-1,000 ms, as the order forced a walk of the created_at index."""
    inner = qs.limit(cap + 1).values_list("id", flat=True)
    inner.sql()  # builds the query and chooses the connection
    sql, params = inner.query.get_parameterized_sql()
    return f"SELECT COUNT(*) AS n FROM ({sql}) AS capped", params


async def capped_count(qs: QuerySet, cap: int = COUNT_CAP, timeout_ms: int = COUNT_TIMEOUT_MS) -> tuple[int | None, bool]:
    """How many rows match, counting at most cap+1 of them: (min(n, cap), n > cap). Never a full count of millions.
    (None, False) when counting takes longer than `timeout_ms` (PostgreSQL): the total is unknown."""
    rows = await _bounded(*capped_count_sql(qs, cap), timeout_ms)
    if rows is None:
        return None, False
    n = int(dict(rows[0])["n"]) if rows else 0
    return min(n, cap), n > cap


async def _bounded(sql: str, params: list, timeout_ms: int) -> list | None:
    """The rows of a read-only query, or None when it ran longer than timeout_ms. On PostgreSQL the query runs in a
    transaction of its own with SET LOCAL statement_timeout (the pooled connection keeps its defaults); elsewhere
    (SQLite, embedded and small) it is not bounded."""
    db = connections.get("default")
    if not type(db).__module__.startswith("tortoise.backends.asyncpg"):
        return (await db.execute_query(sql, params))[1]
    async with db.acquire_connection() as raw:
        try:
            async with raw.transaction(readonly=True):
                # custom plans always: after five runs of the same prepared statement PostgreSQL may switch to a
                # generic plan, which for a LIMITed count with unknown values is a sequential scan (measured: the
                # combinations' counts went from 5-40 ms to the timeout on the sixth repeat)
                await raw.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}; SET LOCAL plan_cache_mode = force_custom_plan")
                return await raw.fetch(sql, *params)
        except asyncpg.QueryCanceledError:
            return None


# ---------------------------------------------------------------- cursors

def encode_cursor(t: Transaction, sort: Sort) -> str:
    value: Any = t.created_at.astimezone(timezone.utc).isoformat() if sort.field == "created_at" else t.amount
    raw = json.dumps([sort.field, "d" if sort.descending else "a", value, t.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: Sort) -> tuple[Any, str]:
    """The (sort key value, id) of a cursor made for this same sort; CURSOR_INVALID otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        key, direction, value, last_id = json.loads(raw)
        if not isinstance(last_id, str) or key not in SORT_FIELDS or direction not in ("a", "d"):
            raise ValueError("malformed")
        if key == "created_at":
            value = _aware(datetime.fromisoformat(value))
        elif isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("malformed")
    except Exception:
        raise ValidationFailed.on("after", "CURSOR_INVALID", "The cursor is not valid") from None
    if key != sort.field or (direction == "d") != sort.descending:
        raise ValidationFailed.on("after", "CURSOR_INVALID", "The cursor belongs to another sort order: start again from the first page")
    return value, last_id


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)

"""GraphQL for investigation: the transactions list with filters, sorting and keyset pages (backend/payments/search.py)."""
from __future__ import annotations

import asyncio
from datetime import datetime
from enum import Enum
from typing import Optional

import strawberry
from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from backend.access.permissions import Perm
from backend.graphql.common import Edge, MinorUnits, PageInfo
from backend.graphql.permissions import needs_anywhere
from backend.merchants.reach import reachable_merchants
from backend.payments import search
from backend.payments.api.transaction import Transaction, TxnStatus


@strawberry.input(description="Every field is optional; given fields combine with AND. Dates and amounts are inclusive bounds.")
class TransactionFilter:
    merchant_ids: Optional[list[strawberry.ID]] = None
    brand_ids: Optional[list[strawberry.ID]] = None
    payment_method_ids: Optional[list[strawberry.ID]] = None
    statuses: Optional[list[TxnStatus]] = None
    created_from: Optional[datetime] = strawberry.field(default=None, description="created_at >= createdFrom")
    created_to: Optional[datetime] = strawberry.field(default=None, description="created_at <= createdTo")
    amount_min: Optional[MinorUnits] = None
    amount_max: Optional[MinorUnits] = None
    currency: Optional[str] = strawberry.field(default=None, description="ISO 4217 code, e.g. EUR")
    user_reference: Optional[str] = strawberry.field(default=None, description="Exact user reference")
    search: Optional[str] = strawberry.field(default=None, description="An exact transaction id or order id")


@strawberry.enum
class TransactionSortField(Enum):
    CREATED_AT = "created_at"
    AMOUNT = "amount"


@strawberry.enum
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.input
class TransactionSort:
    field: TransactionSortField = TransactionSortField.CREATED_AT
    direction: SortDirection = SortDirection.DESC


@strawberry.type(description="A page of transactions. Follow pageInfo.endCursor with `after` (same filter and sort) for the next.")
class TransactionConnection:
    edges: list[Edge[Transaction]]
    page_info: PageInfo
    _rows: strawberry.Private[object]
    _counted: strawberry.Private[dict]

    @strawberry.field(description="How many transactions match, counted up to 10,000: when there are more, this is 10000 and "
                                  "totalCountCapped is true (counting millions of rows would make every page slow). Null when "
                                  "the count could not be made quickly (filters that together match few of many candidate "
                                  "rows): the total is unknown, the page itself is complete.")
    async def total_count(self) -> Optional[int]:
        return (await self._count())[0]

    @strawberry.field(description="True when more than 10,000 transactions match (totalCount then says 10000).")
    async def total_count_capped(self) -> bool:
        return (await self._count())[1]

    def _count(self) -> "asyncio.Future[tuple[int | None, bool]]":
        """One capped count per page, shared by both count fields."""
        if "n" not in self._counted:
            self._counted["n"] = asyncio.ensure_future(search.capped_count(self._rows))
        return self._counted["n"]


@strawberry.type
class InvestigationQuery:
    @strawberry.field(permission_classes=[needs_anywhere(Perm.TRANSACTIONS_READ)],
                      description="Transactions of the merchants you reach, filtered and sorted (newest first by default), in "
                                  "keyset pages of `first` (at most 100). `merchantId` is the older single-merchant filter.")
    async def transactions(self, info: Info, filter: Optional[TransactionFilter] = None, sort: Optional[TransactionSort] = None,
                           first: int = 20, after: Optional[str] = None, merchant_id: Optional[strawberry.ID] = None
                           ) -> TransactionConnection:
        f = filter or TransactionFilter()
        criteria = search.validate(search.TxnFilter(
            merchant_ids=_ids(f.merchant_ids), brand_ids=_ids(f.brand_ids), payment_method_ids=_ids(f.payment_method_ids),
            statuses=[search.TxnStatus(s.value) for s in f.statuses] if f.statuses is not None else None,
            created_from=f.created_from, created_to=f.created_to, amount_min=f.amount_min, amount_max=f.amount_max,
            currency=f.currency, user_reference=f.user_reference, search=f.search), first)
        if merchant_id:
            given = criteria.merchant_ids if criteria.merchant_ids is not None else [str(merchant_id)]
            criteria.merchant_ids = [m for m in given if m == str(merchant_id)]
        s = sort or TransactionSort()
        order = search.Sort(field=s.field.value, descending=s.direction == SortDirection.DESC)
        qs = search.filtered(criteria, await _reachable(info))
        counted: dict = {}
        if _asks_count(info):  # count while the page is read (another pooled connection), not after it
            counted["n"] = asyncio.ensure_future(search.capped_count(qs))
        try:
            page = await search.page(qs, order, first, after)
        except BaseException:
            if "n" in counted:
                counted["n"].cancel()
            raise
        nodes = await Transaction.page_of(info, page.rows) if _asks_refs(info) else [Transaction.from_model(t) for t in page.rows]
        edges = [Edge(cursor=c, node=n) for n, c in zip(nodes, page.cursors)]
        return TransactionConnection(edges=edges, page_info=PageInfo(has_next_page=page.has_next,
                                                                     end_cursor=page.cursors[-1] if page.cursors else None),
                                     _rows=qs, _counted=counted)


async def _reachable(info: Info) -> list[str] | None:
    """The merchant ids the caller reaches, or None when it reaches every merchant of the tenant (no filter needed)."""
    p = info.context.principal
    if p.kind != "api_key" and p.has(Perm.MERCHANTS_ACCESS_ALL):
        return None
    return [str(m) for m in await reachable_merchants(p).values_list("id", flat=True)]


def _asks_count(info: Info) -> bool:
    """Whether the query selects totalCount or totalCountCapped on this connection (fragments included)."""
    def walk(selections) -> bool:
        for sel in selections or ():
            if isinstance(sel, SelectedField) and sel.name in ("totalCount", "totalCountCapped"):
                return True
            if isinstance(sel, (InlineFragment, FragmentSpread)) and walk(sel.selections):
                return True
        return False
    return any(walk(f.selections) for f in info.selected_fields)


REF_FIELDS = ("merchant", "brand", "paymentMethod", "customer", "viewerCan")


def _asks_refs(info: Info) -> bool:
    """Whether the page's nodes select a field that needs the row's merchant, brand or payment method."""
    def walk(selections, depth: int) -> bool:
        for sel in selections or ():
            if isinstance(sel, (InlineFragment, FragmentSpread)):
                if walk(sel.selections, depth):
                    return True
            elif depth == 2 and sel.name in REF_FIELDS:
                return True
            elif (depth, sel.name) in ((0, "edges"), (1, "node")) and walk(sel.selections, depth + 1):
                return True
        return False
    return any(walk(f.selections, 0) for f in info.selected_fields)


def _ids(values: Optional[list[strawberry.ID]]) -> Optional[list[str]]:
    return [str(v) for v in values] if values is not None else None

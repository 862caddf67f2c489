"""GraphQL for investigation: the transactions list with filters, sorting and keyset pages (backend/payments/search.py)."""
from __future__ import annotations

import asyncio
from datetime import datetime
from enum import Enum
from typing import Optional

import strawberry
from strawberry.types import Info

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
                                  "totalCountCapped is true (counting millions of rows would make every page slow).")
    async def total_count(self) -> int:
        return (await self._count())[0]

    @strawberry.field(description="True when more than 10,000 transactions match (totalCount then says 10000).")
    async def total_count_capped(self) -> bool:
        return (await self._count())[1]

    def _count(self) -> "asyncio.Future[tuple[int, bool]]":
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
        page = await search.page(qs, order, first, after)
        edges = [Edge(cursor=c, node=Transaction.from_model(t)) for t, c in zip(page.rows, page.cursors)]
        return TransactionConnection(edges=edges, page_info=PageInfo(has_next_page=page.has_next,
                                                                     end_cursor=page.cursors[-1] if page.cursors else None),
                                     _rows=qs, _counted={})


async def _reachable(info: Info) -> list[str] | None:
    """The merchant ids the caller reaches, or None when it reaches every merchant of the tenant (no filter needed)."""
    p = info.context.principal
    if p.kind != "api_key" and p.has(Perm.MERCHANTS_ACCESS_ALL):
        return None
    return [str(m) for m in await reachable_merchants(p).values_list("id", flat=True)]


def _ids(values: Optional[list[strawberry.ID]]) -> Optional[list[str]]:
    return [str(v) for v in values] if values is not None else None

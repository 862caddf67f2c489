"""State of /transactions: the transactions the caller reaches, newest first, paged with the API's
keyset cursors (``?merchant=<id>`` narrows it to one merchant). The full investigation search
(status, dates, amounts, references) comes later; this list is deliberately simple."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from ..components.payments import STATUS_STYLES
from ..gql import payments as P
from .base import AuthState
from .money import fmt_money
from .util import fmt_dt_s, fmt_relative, humanize

PAGE_SIZE = 20
TYPE_LABELS = {"CARD": "Card", "VIRTUAL_ACCOUNT": "Virtual account", "EWALLET": "E-wallet", "QR": "QR"}


@dataclass
class TxnRow:
    id: str = ""
    status: str = ""
    status_label: str = ""
    amount: str = ""
    refunded: str = ""
    merchant_id: str = ""
    merchant: str = ""
    method: str = ""
    method_type: str = ""
    environment: str = ""
    order_id: str = ""
    created_rel: str = ""
    created_abs: str = ""


def txn_row(t: dict[str, Any], merchants: dict[str, str], methods: dict[str, dict[str, Any]]) -> TxnRow:
    status = str(t.get("status") or "").upper()
    cur = str(t.get("currency") or "")
    refunded = int(t.get("refundedAmount") or 0)
    pm = methods.get(str(t.get("paymentMethodId") or "")) or {}
    mtype = str(pm.get("type") or "")
    return TxnRow(
        id=str(t.get("id") or ""),
        status=status,
        status_label=STATUS_STYLES.get(status, (humanize(status), ""))[0],
        amount=fmt_money(t.get("amount"), cur),
        refunded=f"{fmt_money(refunded, cur)} refunded" if refunded else "",
        merchant_id=str(t.get("merchantId") or ""),
        merchant=merchants.get(str(t.get("merchantId") or ""), str(t.get("merchantId") or "")),
        method=str(pm.get("name") or TYPE_LABELS.get(mtype, "") or str(t.get("provider") or "—")),
        method_type=mtype,
        environment=str(t.get("environment") or ""),
        order_id=str(t.get("orderId") or ""),
        created_rel=fmt_relative(t.get("createdAt")),
        created_abs=fmt_dt_s(t.get("createdAt")),
    )


class TransactionsState(AuthState):
    rows: list[TxnRow] = []
    loading: bool = False
    loaded: bool = False
    forbidden: bool = False
    error: str = ""
    total: int = 0
    has_next: bool = False
    page_index: int = 0
    merchant_filter: str = ""
    merchant_filter_name: str = ""
    merchant_options: list[dict[str, str]] = []
    # the `after` cursor of every page visited so far ("" = the first page)
    _afters: list[str] = [""]
    _next_cursor: str = ""
    _merchants: dict[str, str] = {}
    _methods: dict[str, dict[str, Any]] = {}

    # the vars data_table() reads
    sort_key: str = ""
    sort_desc: bool = False

    @rx.var
    def total_rows(self) -> int:
        return len(self.rows)

    @rx.var
    def has_prev(self) -> bool:
        return self.page_index > 0

    @rx.var
    def range_label(self) -> str:
        if not self.rows:
            return "No transactions"
        start = self.page_index * PAGE_SIZE + 1
        end = start + len(self.rows) - 1
        return f"{start:,}–{end:,} of {self.total:,}"

    @rx.var
    def filter_value(self) -> str:
        return self.merchant_filter or "all"

    async def _lookups(self) -> None:
        res = await self._gql(P.TXN_LOOKUP_MERCHANTS)
        merchants = {str(m["id"]): m.get("name") or "" for m in res.get("merchants") or []}
        self._merchants = merchants
        self.merchant_options = [{"id": "all", "label": "All merchants"}] + sorted(
            ({"id": k, "label": v} for k, v in merchants.items()), key=lambda o: o["label"].lower())
        methods = await self._gql(P.TXN_LOOKUP_METHODS, {"merchantId": None})
        # payment methods need routing.read: without it the list shows the provider instead
        self._methods = {str(pm["id"]): pm for pm in methods.get("paymentMethods") or []}

    async def _fetch(self):
        after = self._afters[self.page_index] if self.page_index < len(self._afters) else ""
        res = await self._gql(P.TRANSACTIONS, {"merchantId": self.merchant_filter or None, "first": PAGE_SIZE,
                                               "after": after or None})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        conn = res.get("transactions")
        if conn is None:
            self.forbidden = res.forbidden
            if not res.forbidden:
                self.error = res.first_error() or "Could not load transactions."
            self.rows = []
            return None
        self.forbidden = False
        self.error = ""
        self.total = int(conn.get("totalCount") or 0)
        info = conn.get("pageInfo") or {}
        self.has_next = bool(info.get("hasNextPage"))
        self._next_cursor = str(info.get("endCursor") or "")
        self.rows = [txn_row(e.get("node") or {}, self._merchants, self._methods) for e in conn.get("edges") or []]
        return None

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        merchant = str(self.router.url.query_parameters.get("merchant") or "")
        self.merchant_filter = merchant
        self.page_index = 0
        self._afters = [""]
        self.error = ""
        self.loading = True
        if not self.loaded:
            self.rows = []
        yield
        await self._lookups()
        self.merchant_filter_name = self._merchants.get(merchant, merchant) if merchant else ""
        redirect = await self._fetch()
        self.loading = False
        self.loaded = True
        if redirect is not None:
            yield redirect

    async def _go(self):
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        if redirect is not None:
            yield redirect

    @rx.event
    async def next_page(self):
        if not self.has_next or not self._next_cursor:
            return
        afters = self._afters[: self.page_index + 1]
        afters.append(self._next_cursor)
        self._afters = afters
        self.page_index += 1
        async for update in self._go():
            yield update

    @rx.event
    async def prev_page(self):
        if self.page_index == 0:
            return
        self.page_index -= 1
        async for update in self._go():
            yield update

    @rx.event
    async def refresh(self):
        async for update in self._go():
            yield update

    @rx.event
    def filter_merchant(self, merchant_id: str):
        if merchant_id in ("", "all"):
            return rx.redirect("/transactions")
        return rx.redirect(f"/transactions?merchant={merchant_id}")

    @rx.event
    def sort_by(self, key: str):  # the list is always newest first (keyset order)
        return None

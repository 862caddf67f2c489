"""State of /transactions: the investigation search. Every filter and the sort live in the URL query string
(state/txn_query.py), so a view can be shared and the operational review can link to one; the page reads them
on load. The filter bar edits a draft; "Apply" (or Enter) navigates to the new URL. Pages are the API's keyset
cursors (Newer / Older)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import reflex as rx

from ..components.payments import STATUS_STYLES
from ..gql import payments as P
from . import txn_query
from .base import AuthState
from .money import fmt_money, to_minor
from .util import fmt_dt, fmt_dt_s, fmt_relative, humanize

PAGE_SIZE = 20
TYPE_LABELS = {"CARD": "Card", "VIRTUAL_ACCOUNT": "Virtual account", "EWALLET": "E-wallet", "QR": "QR"}
STATUS_OPTIONS = [(s, STATUS_STYLES.get(s.upper(), (humanize(s), ""))[0]) for s in txn_query.STATUSES]


@dataclass
class TxnRow:
    id: str = ""
    status: str = ""
    status_label: str = ""
    amount: str = ""
    refunded: str = ""
    merchant_id: str = ""
    merchant: str = ""
    brand: str = ""
    method: str = ""
    method_type: str = ""
    environment: str = ""
    order_id: str = ""
    user_reference: str = ""
    created_rel: str = ""
    created_abs: str = ""


@dataclass
class Opt:
    id: str = ""
    label: str = ""
    hint: str = ""


@dataclass
class Chip:
    label: str = ""
    href: str = ""  # the same view without this filter


def txn_row(t: dict[str, Any], merchants: dict[str, str], methods: dict[str, dict[str, Any]]) -> TxnRow:
    status = str(t.get("status") or "").upper()
    cur = str(t.get("currency") or "")
    refunded = int(t.get("refundedAmount") or 0)
    pm = t.get("paymentMethod") or methods.get(str(t.get("paymentMethodId") or "")) or {}
    mtype = str(pm.get("kind") or pm.get("type") or "")
    merchant_id = str(t.get("merchantId") or "")
    return TxnRow(
        id=str(t.get("id") or ""),
        status=status,
        status_label=STATUS_STYLES.get(status, (humanize(status), ""))[0],
        amount=fmt_money(t.get("amount"), cur),
        refunded=f"{fmt_money(refunded, cur)} refunded" if refunded else "",
        merchant_id=merchant_id,
        merchant=(t.get("merchant") or {}).get("name") or merchants.get(merchant_id, merchant_id),
        brand=(t.get("brand") or {}).get("name") or "",
        method=str(pm.get("name") or TYPE_LABELS.get(mtype, "") or str(t.get("provider") or "—")),
        method_type=mtype,
        environment=str(t.get("environment") or ""),
        order_id=str(t.get("orderId") or ""),
        user_reference=str(t.get("userReference") or ""),
        created_rel=fmt_relative(t.get("createdAt")),
        created_abs=fmt_dt_s(t.get("createdAt")),
    )


def _iso_in(text: str) -> str | None:
    """A URL / input time (ISO date or datetime, UTC when no zone) -> ISO 8601 for the API; None when unparsable."""
    raw = text.strip().replace("Z", "+00:00")
    if not raw:
        return None
    try:
        dt = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat()


def _input_time(text: str) -> str:
    """ISO -> the value of a datetime-local input (UTC, minutes)."""
    iso = _iso_in(text)
    return datetime.fromisoformat(iso).strftime("%Y-%m-%dT%H:%M") if iso else ""


def _url_time(value: str) -> str:
    """A datetime-local input value (UTC) -> the URL form '2026-11-23T14:00Z'."""
    iso = _iso_in(value)
    return datetime.fromisoformat(iso).strftime("%Y-%m-%dT%H:%MZ") if iso else ""


class TransactionsState(AuthState):
    rows: list[TxnRow] = []
    loading: bool = False
    loaded: bool = False
    forbidden: bool = False
    error: str = ""
    filter_error: str = ""
    total: int = 0
    total_capped: bool = False
    total_known: bool = True  # false when the API could not count quickly (totalCount null): the page itself is complete
    has_next: bool = False
    page_index: int = 0
    # the applied view (from the URL) and the chips describing it
    view: dict[str, Any] = {}
    chips: list[Chip] = []
    sort_field: str = "created"
    sort_dir: str = "desc"
    # the draft the filter bar edits
    f_merchants: list[str] = []
    f_brands: list[str] = []
    f_methods: list[str] = []
    f_statuses: list[str] = []
    f_from: str = ""
    f_to: str = ""
    f_min: str = ""
    f_max: str = ""
    f_currency: str = ""
    f_ref: str = ""
    f_q: str = ""
    # choices
    merchant_options: list[Opt] = []
    brand_options: list[Opt] = []
    method_options: list[Opt] = []
    status_options: list[Opt] = [Opt(k, v) for k, v in STATUS_OPTIONS]
    currency_options: list[str] = []
    # the `after` cursor of every page visited so far ("" = the first page)
    _afters: list[str] = [""]
    _next_cursor: str = ""
    _merchants: dict[str, str] = {}
    _brands: dict[str, str] = {}
    _methods: dict[str, dict[str, Any]] = {}

    # the vars data_table() reads
    sort_key: str = "created"
    sort_desc: bool = True

    @rx.var
    def total_rows(self) -> int:
        return len(self.rows)

    @rx.var
    def has_prev(self) -> bool:
        return self.page_index > 0

    @rx.var
    def has_filters(self) -> bool:
        return bool(self.chips)

    @rx.var
    def range_label(self) -> str:
        if not self.rows:
            return "No transactions"
        start = self.page_index * PAGE_SIZE + 1
        end = start + len(self.rows) - 1
        if not self.total_known:
            return f"{start:,}–{end:,}" + (" of more" if self.has_next else "")
        total = f"{self.total:,}+" if self.total_capped else f"{self.total:,}"
        return f"{start:,}–{end:,} of {total}"

    @rx.var
    def total_label(self) -> str:
        if not self.total_known:
            return "Total not counted (too slow for these filters)"
        n = f"{self.total:,}+" if self.total_capped else f"{self.total:,}"
        return f"{n} transaction" + ("" if self.total == 1 and not self.total_capped else "s")

    @rx.var
    def sort_label(self) -> str:
        what = "Amount" if self.sort_field == "amount" else "Created"
        if self.sort_field == "amount":
            return f"{what}: {'highest' if self.sort_dir == 'desc' else 'lowest'} first"
        return f"{what}: {'newest' if self.sort_dir == 'desc' else 'oldest'} first"

    @rx.var
    def merchant_button(self) -> str:
        return _count_label("Merchant", self.f_merchants)

    @rx.var
    def brand_button(self) -> str:
        return _count_label("Brand", self.f_brands)

    @rx.var
    def method_button(self) -> str:
        return _count_label("Method", self.f_methods)

    @rx.var
    def status_button(self) -> str:
        return _count_label("Status", self.f_statuses)

    @rx.var
    def currency_value(self) -> str:
        return self.f_currency or "any"

    # ------------------------------------------------------------------ loading

    async def _lookups(self) -> None:
        res = await self._gql(P.TXN_LOOKUP_MERCHANTS)
        merchants = res.get("merchants") or []
        self._merchants = {str(m["id"]): m.get("name") or "" for m in merchants}
        self._brands = {str(b["id"]): f"{b.get('name')}" for m in merchants for b in m.get("brands") or []}
        self.merchant_options = sorted((Opt(k, v) for k, v in self._merchants.items()), key=lambda o: o.label.lower())
        self.brand_options = sorted((Opt(str(b["id"]), b.get("name") or "", m.get("name") or "")
                                     for m in merchants for b in m.get("brands") or []), key=lambda o: (o.label.lower(), o.hint))
        methods = await self._gql(P.TXN_LOOKUP_METHODS, {"merchantId": None})
        # payment methods need routing.read: without it the method filter offers nothing and rows show the API's names
        self._methods = {str(pm["id"]): pm for pm in methods.get("paymentMethods") or []}
        self.method_options = sorted((Opt(k, pm.get("name") or k, self._merchants.get(str(pm.get("merchantId")), ""))
                                      for k, pm in self._methods.items()), key=lambda o: (o.label.lower(), o.hint))
        self.currency_options = ["any"] + sorted({c for pm in self._methods.values() for c in pm.get("currencies") or []} | {"EUR", "USD"})

    def _api_filter(self) -> tuple[dict[str, Any], str]:
        """The applied view -> TransactionFilter (and a problem with it, shown above the table)."""
        v = self.view
        f: dict[str, Any] = {}
        for key, api in (("merchant", "merchantIds"), ("brand", "brandIds"), ("method", "paymentMethodIds")):
            if v.get(key):
                f[api] = list(v[key])
        if v.get("status"):
            f["statuses"] = [s.upper() for s in v["status"]]
        problems = []
        for key, api in (("from", "createdFrom"), ("to", "createdTo")):
            if v.get(key):
                iso = _iso_in(v[key])
                if iso is None:
                    problems.append(f"'{v[key]}' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM).")
                else:
                    f[api] = iso
        cur = v.get("currency") or ""
        for key, api in (("min", "amountMin"), ("max", "amountMax")):
            if v.get(key):
                minor, problem = to_minor(v[key], cur or "EUR")
                if minor is None:
                    problems.append(f"{'Minimum' if key == 'min' else 'Maximum'} amount: {problem}")
                else:
                    f[api] = minor
        for key, api in (("currency", "currency"), ("ref", "userReference"), ("q", "search")):
            if v.get(key):
                f[api] = v[key]
        return f, " ".join(problems)

    def _chips(self) -> list[Chip]:
        v, out = self.view, []

        def without(key: str, value: str | None = None) -> str:
            other = dict(v)
            other[key] = [x for x in v.get(key) or [] if x != value] if value is not None else ""
            return txn_query.build(other)

        for key, names, label in (("merchant", self._merchants, "Merchant"), ("brand", self._brands, "Brand")):
            for value in v.get(key) or []:
                out.append(Chip(f"{label}: {names.get(value, value)}", without(key, value)))
        for value in v.get("method") or []:
            out.append(Chip(f"Method: {(self._methods.get(value) or {}).get('name') or value}", without("method", value)))
        for value in v.get("status") or []:
            out.append(Chip(f"Status: {dict(STATUS_OPTIONS).get(value, value)}", without("status", value)))
        if v.get("from"):
            out.append(Chip(f"From {fmt_dt(_iso_in(v['from']) or v['from'])}", without("from")))
        if v.get("to"):
            out.append(Chip(f"To {fmt_dt(_iso_in(v['to']) or v['to'])}", without("to")))
        cur = v.get("currency") or ""
        if v.get("min"):
            out.append(Chip(f"Amount ≥ {v['min']} {cur}".rstrip(), without("min")))
        if v.get("max"):
            out.append(Chip(f"Amount ≤ {v['max']} {cur}".rstrip(), without("max")))
        if cur:
            out.append(Chip(f"Currency: {cur}", without("currency")))
        if v.get("ref"):
            out.append(Chip(f"User reference: {v['ref']}", without("ref")))
        if v.get("q"):
            out.append(Chip(f"Id / order: {v['q']}", without("q")))
        return out

    async def _fetch(self):
        f, problem = self._api_filter()
        self.filter_error = problem
        after = self._afters[self.page_index] if self.page_index < len(self._afters) else ""
        sort = {"field": "AMOUNT" if self.sort_field == "amount" else "CREATED_AT", "direction": self.sort_dir.upper()}
        res = await self._gql(P.TRANSACTIONS, {"filter": f or None, "sort": sort, "first": PAGE_SIZE, "after": after or None})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        conn = res.get("transactions")
        if conn is None:
            self.forbidden = res.forbidden
            if not res.forbidden:
                self.error = res.first_error() or "Could not load transactions."
            self.rows = []
            self.total = 0
            return None
        self.forbidden = False
        self.error = ""
        self.total_known = conn.get("totalCount") is not None
        self.total = int(conn.get("totalCount") or 0)
        self.total_capped = bool(conn.get("totalCountCapped"))
        info = conn.get("pageInfo") or {}
        self.has_next = bool(info.get("hasNextPage"))
        self._next_cursor = str(info.get("endCursor") or "")
        self.rows = [txn_row(e.get("node") or {}, self._merchants, self._methods) for e in conn.get("edges") or []]
        return None

    def _draft_from_view(self) -> None:
        v = self.view
        self.f_merchants, self.f_brands, self.f_methods = list(v["merchant"]), list(v["brand"]), list(v["method"])
        self.f_statuses = list(v["status"])
        self.f_from, self.f_to = _input_time(v["from"]), _input_time(v["to"])
        self.f_min, self.f_max, self.f_currency = v["min"], v["max"], v["currency"]
        self.f_ref, self.f_q = v["ref"], v["q"]
        self.sort_field = v["sort"] or "created"
        self.sort_dir = v["dir"] or "desc"
        self.sort_key, self.sort_desc = self.sort_field, self.sort_dir == "desc"

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        self.view = txn_query.parse(self.router.url.query_parameters)
        self._draft_from_view()
        self.page_index = 0
        self._afters = [""]
        self.error = ""
        self.loading = True
        if not self.loaded:
            self.rows = []
        yield
        await self._lookups()
        self.chips = self._chips()
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

    # ------------------------------------------------------------------ editing the draft, applying it

    def _draft_view(self) -> dict[str, Any]:
        return {"merchant": self.f_merchants, "brand": self.f_brands, "method": self.f_methods, "status": self.f_statuses,
                "from": _url_time(self.f_from), "to": _url_time(self.f_to), "min": self.f_min.strip(), "max": self.f_max.strip(),
                "currency": self.f_currency, "ref": self.f_ref.strip(), "q": self.f_q.strip(),
                "sort": self.sort_field, "dir": self.sort_dir}

    @rx.event
    def toggle(self, key: str, value: str):
        attr = {"merchant": "f_merchants", "brand": "f_brands", "method": "f_methods", "status": "f_statuses"}[key]
        current = list(getattr(self, attr))
        setattr(self, attr, [v for v in current if v != value] if value in current else current + [value])

    @rx.event
    def set_text(self, key: str, value: str):
        if key in ("f_from", "f_to", "f_min", "f_max", "f_ref", "f_q"):
            setattr(self, key, value)

    @rx.event
    def set_currency(self, value: str):
        self.f_currency = "" if value == "any" else value

    @rx.event
    def apply(self, _form: dict | None = None):
        view = self._draft_view()
        for key in ("min", "max"):
            if view[key]:
                minor, problem = to_minor(view[key], view["currency"] or "EUR")
                if minor is None:
                    self.filter_error = f"{'Minimum' if key == 'min' else 'Maximum'} amount: {problem}"
                    return None
        return rx.redirect(txn_query.build(view))

    @rx.event
    def clear_all(self):
        return rx.redirect("/transactions")

    @rx.event
    def sort_by(self, key: str):
        """Click on a sortable header: the same column flips the direction, another starts descending."""
        if key not in txn_query.SORTS:
            return None
        direction = ("asc" if self.sort_dir == "desc" else "desc") if key == self.sort_field else "desc"
        return rx.redirect(txn_query.build({**self.view, "sort": key, "dir": direction}))


def _count_label(label: str, values: list[str]) -> str:
    return f"{label} · {len(values)}" if values else label


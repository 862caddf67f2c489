"""State of /disputes: the dispute workbench list. Filters (status, merchant) go to the API; the newest 200 matches
are kept backend-side and sorted / paged here (TableMixin)."""
from __future__ import annotations

import reflex as rx

from ..gql import disputes as D
from .base import AuthState
from .dispute_rows import OPEN, STATUS_LABELS, dispute_row
from .mixins import TableMixin

FETCH = 200
STATUS_FILTERS = [("open", "Open (not resolved)"), ("all", "All statuses")] + [(k.lower(), v) for k, v in STATUS_LABELS.items()]


class DisputesState(AuthState, TableMixin):
    status_filter: str = "open"
    merchant_filter: str = "all"
    merchant_options: list[dict[str, str]] = []
    matching: int = 0  # how many disputes match the filters (the list keeps the newest FETCH)
    counts: dict[str, int] = {}

    @rx.var
    def can_read(self) -> bool:
        return "disputes.read" in self.permissions

    @rx.var
    def truncated(self) -> bool:
        return self.matching > len(self._rows)

    def _statuses(self) -> list[str] | None:
        if self.status_filter == "all":
            return None
        if self.status_filter == "open":
            return list(OPEN)
        return [self.status_filter.upper()]

    async def _fetch(self):
        res = await self._gql(D.DISPUTES, {"status": self._statuses(), "first": FETCH,
                                           "merchantId": None if self.merchant_filter == "all" else self.merchant_filter})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        conn = res.get("disputes")
        if conn is None:
            self.forbidden = res.forbidden
            self.error = "" if res.forbidden else (res.first_error() or "Could not load disputes.")
            self._rows = []
            return None
        self.forbidden = False
        self.error = ""
        self.matching = int(conn.get("totalCount") or 0)
        self._rows = [dispute_row(e.get("node") or {}) for e in conn.get("edges") or []]
        self.page = 0
        return None

    async def _count_statuses(self) -> None:
        """The status chips: how many disputes per status (same merchant filter)."""
        merchant = None if self.merchant_filter == "all" else self.merchant_filter
        counts: dict[str, int] = {}
        for status in STATUS_LABELS:
            res = await self._gql(D.DISPUTES, {"status": [status], "first": 1, "merchantId": merchant})
            counts[status] = int((res.get("disputes") or {}).get("totalCount") or 0)
        self.counts = counts

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        query = self.router.url.query_parameters
        self.status_filter = str(query.get("status") or self.status_filter or "open")
        self.merchant_filter = str(query.get("merchant") or "all")
        if not self.sort_key:
            self.sort_key, self.sort_desc = "opened_at", True
        self.loading = True
        yield
        res = await self._gql(D.DISPUTE_MERCHANTS)
        self.merchant_options = [{"id": "all", "label": "All merchants"}] + sorted(
            ({"id": str(m["id"]), "label": m.get("name") or m["id"]} for m in res.get("merchants") or []),
            key=lambda o: o["label"].lower())
        redirect = await self._fetch()
        if redirect is None and not self.forbidden:
            await self._count_statuses()
        self.loading = False
        self.loaded = True
        if redirect is not None:
            yield redirect

    async def _reload(self):
        self.loading = True
        yield
        redirect = await self._fetch()
        if redirect is None and not self.forbidden:
            await self._count_statuses()
        self.loading = False
        if redirect is not None:
            yield redirect

    @rx.event
    async def set_status_filter(self, value: str):
        self.status_filter = value or "open"
        async for update in self._reload():
            yield update

    @rx.event
    async def set_merchant_filter(self, value: str):
        self.merchant_filter = value or "all"
        async for update in self._reload():
            yield update

    @rx.event
    async def refresh(self):
        async for update in self._reload():
            yield update

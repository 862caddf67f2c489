"""State of /audit: server-side cursor paging with filters (newest first)."""
from __future__ import annotations

import json
from typing import Any

import reflex as rx

from ..gql import queries as Q
from .base import AuthState
from .mixins import TableMixin
from .util import fmt_dt, humanize

AUDIT_PAGE_SIZES = ["25", "50", "100"]


def audit_row(e: dict[str, Any]) -> dict[str, Any]:
    diff = e.get("diff")
    if isinstance(diff, str):
        try:
            diff = json.loads(diff)
        except ValueError:
            pass
    diff_text = json.dumps(diff, indent=2, sort_keys=True, default=str) if diff not in (None, "", {}) else ""
    return {
        "id": str(e.get("id") or ""),
        "occurred": e.get("occurredAt") or "",
        "occurred_label": fmt_dt(e.get("occurredAt")),
        "actor_type": e.get("actorType") or "",
        "actor_type_label": humanize(e.get("actorType")),
        "actor": e.get("actorLabel") or e.get("actorId") or "—",
        "actor_id": str(e.get("actorId") or ""),
        "action": e.get("action") or "",
        "target_type": e.get("targetType") or "",
        "target_id": str(e.get("targetId") or ""),
        "ip": e.get("ip") or "",
        "outcome": e.get("outcome") or "ok",
        "request_id": e.get("requestId") or "",
        "diff": diff_text,
    }


class AuditState(AuthState, TableMixin):
    action_filter: str = ""
    target_filter: str = ""
    server_page: int = 0
    server_page_size: int = 25
    server_has_next: bool = False
    server_total: int = -1
    _cursors: list[str | None] = [None]
    detail_open: bool = False
    detail: dict[str, str] = {}

    @rx.var
    def server_range(self) -> str:
        n = len(self._rows)
        if n == 0:
            return "No events"
        start = self.server_page * self.server_page_size + 1
        end = start + n - 1
        if self.server_total >= 0:
            return f"{start}–{end} of {self.server_total}"
        return f"{start}–{end}"

    async def _fetch(self):
        after = self._cursors[self.server_page] if self.server_page < len(self._cursors) else None
        # the system operator has no tenant: show the operator's own (platform) trail
        platform = self.is_operator and not self.tenant_id
        res = await self._gql(
            Q.PLATFORM_AUDIT_EVENTS if platform else Q.AUDIT_EVENTS,
            {
                "first": self.server_page_size,
                "after": after,
                "action": self.action_filter.strip() or None,
                "targetType": self.target_filter.strip() or None,
            },
        )
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        conn = res.get("auditEvents")
        if conn is None:
            if res.forbidden:
                self.forbidden = True
            else:
                self.error = res.first_error() or "Could not load audit events."
            self._rows = []
            return None
        self.forbidden = False
        self._rows = [audit_row(e["node"]) for e in conn.get("edges") or [] if e.get("node")]
        info = conn.get("pageInfo") or {}
        self.server_has_next = bool(info.get("hasNextPage"))
        total = conn.get("totalCount")
        self.server_total = int(total) if total is not None else -1
        cursors = list(self._cursors[: self.server_page + 1])
        if self.server_has_next and info.get("endCursor"):
            cursors.append(info["endCursor"])
        self._cursors = cursors
        return None

    async def _reload(self, reset: bool):
        if reset:
            self.server_page = 0
            self._cursors = [None]
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        self.loaded = True
        if redirect is not None:
            yield redirect

    @rx.event
    async def load(self):
        self.error = ""
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        self.page_size = 1000  # the whole server page is shown; paging happens on the server
        linked = str(self.router.url.query_parameters.get("action") or "")  # /audit?action=… (from the operational review)
        if linked:
            self.action_filter = linked
        async for ev in self._reload(reset=True):
            yield ev

    @rx.event
    async def set_action_filter(self, value: str):
        self.action_filter = value
        async for ev in self._reload(reset=True):
            yield ev

    @rx.event
    async def set_target_filter(self, value: str):
        self.target_filter = "" if value == "ALL" else value
        async for ev in self._reload(reset=True):
            yield ev

    @rx.event
    async def clear_filters(self):
        self.action_filter = ""
        self.target_filter = ""
        async for ev in self._reload(reset=True):
            yield ev

    @rx.event
    async def set_server_page_size(self, value: str):
        try:
            self.server_page_size = int(value)
        except ValueError:
            return
        async for ev in self._reload(reset=True):
            yield ev

    @rx.event
    async def server_next(self):
        if not self.server_has_next:
            return
        self.server_page += 1
        async for ev in self._reload(reset=False):
            yield ev

    @rx.event
    async def server_prev(self):
        if self.server_page == 0:
            return
        self.server_page -= 1
        async for ev in self._reload(reset=False):
            yield ev

    @rx.event
    def show_detail(self, event_id: str):
        row = next((r for r in self._rows if r["id"] == event_id), None)
        if row is None:
            return
        self.detail = {k: str(v) for k, v in row.items()}
        self.detail_open = True

    @rx.event
    def set_detail_open(self, value: bool):
        self.detail_open = value

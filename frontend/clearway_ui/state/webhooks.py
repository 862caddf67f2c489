"""State of /webhooks: endpoints of every merchant the caller reaches (webhooks.read), and the signing rules tab."""
from __future__ import annotations

import reflex as rx

from ..content.webhook_signing import EXAMPLES
from ..gql import webhooks as W
from .base import AuthState
from .mixins import TableMixin
from .webhook_rows import endpoint_list_row

TABS = [("endpoints", "Endpoints", "webhook"), ("signing", "Signing & verification", "shield-check")]
TAB_KEYS = [t[0] for t in TABS]


class WebhooksState(AuthState, TableMixin):
    tab: str = "endpoints"
    language: str = EXAMPLES[0][0]
    status_counts: dict[str, int] = {}

    @rx.var
    def can_webhooks_read(self) -> bool:
        return "webhooks.read" in self.permissions or "webhooks.manage" in self.permissions

    async def _fetch(self):
        res = await self._gql(W.WEBHOOK_ENDPOINTS)
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        endpoints = res.get("webhookEndpoints")
        if endpoints is None:
            self.forbidden = res.forbidden
            self.error = "" if res.forbidden else (res.first_error() or "Could not load webhook endpoints.")
            self._rows = []
            return None
        self.forbidden, self.error = False, ""
        self._rows = [endpoint_list_row(e) for e in endpoints]
        counts: dict[str, int] = {}
        for r in self._rows:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        self.status_counts = counts
        return None

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        tab = (self.router.url.query_parameters.get("tab") or "endpoints").lower()
        self.tab = tab if tab in TAB_KEYS else "endpoints"
        if not self.sort_key:
            self.sort_key, self.sort_desc = "created", True
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading, self.loaded = False, True
        if redirect is not None:
            yield redirect

    @rx.event
    def set_tab(self, tab: str):
        if tab in TAB_KEYS:
            self.tab = tab

    @rx.event
    def set_language(self, value: str):
        self.language = value

    @rx.event
    def open_endpoint(self, endpoint_id: str):
        return rx.redirect(f"/webhooks/{endpoint_id}")

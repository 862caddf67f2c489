"""State of /webhooks/[endpoint_id]: one endpoint with its delivery log, attempt details, resend (one, or failed ones
in a date range), test deliveries and the disabled banner with re-enable.

Live updates: while the page is open, a background task (``follow``) holds the API's GraphQL subscription
``webhookDeliveries`` (graphql-transport-ws, as the logged-in user, see gql/live.py) with replay, and puts every
attempt's delivery into the log at once (new rows on top, changed rows in place). It stops when the tab shows another
page, auto-refresh is switched off, another ``follow`` replaces it, or after LIVE_MAX_SECONDS; when the API refuses
or drops it, it retries a few times with back-off. Fallback: ``poll`` re-reads the log every POLL_SECONDS whenever
the subscription is not up.
"""
from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone
from typing import Any

import reflex as rx

from ..gql import webhooks as W
from ..gql.live import LiveError, subscription
from .base import AuthState
from .mixins import ConfirmMixin, FormMixin, TableMixin
from .util import fmt_dt
from .webhook_actions import WebhookActionsMixin
from .webhook_rows import STATUS_FILTERS, delivery_detail, delivery_row, endpoint_list_row

PAGE = 50
POLL_SECONDS = 5.0
POLL_MAX_SECONDS = 15 * 60
LIVE_CHECK_SECONDS = 2.0
LIVE_MAX_SECONDS = 60 * 60
LIVE_RETRIES = 5


class WebhookEndpointState(AuthState, WebhookActionsMixin, TableMixin, ConfirmMixin, FormMixin):  # actions first: its _on_confirm
    ep_id: str = ""
    ep: dict[str, Any] = {}
    ep_loaded: bool = False
    not_found: bool = False
    can_manage: bool = False
    event_types: list[dict[str, str]] = []
    status_filter: str = "ALL"
    delivery_total: int = 0
    has_more: bool = False
    _cursor: str = ""
    _nodes: dict[str, dict[str, Any]] = {}
    refreshed_label: str = ""
    # live
    auto_refresh: bool = True
    live: bool = False
    polling: bool = False
    _live_gen: int = 0
    _poll_gen: int = 0
    # attempt details
    detail_open: bool = False
    detail: dict[str, Any] = {}
    detail_attempts: list[dict[str, Any]] = []
    enabling: bool = False

    @rx.var
    def status_options(self) -> list[dict[str, str]]:
        return STATUS_FILTERS

    # ---- loading --------------------------------------------------------------------------------
    def _route_id(self) -> str:
        parts = [p for p in (self.router.url.path or "").split("/") if p]
        return parts[1] if len(parts) >= 2 and parts[0] == "webhooks" else ""

    def _still_here(self, ep_id: str) -> bool:
        return self._route_id() == ep_id and self.authed

    def _put_rows(self, nodes: list[dict[str, Any]], replace: bool) -> None:
        known = {} if replace else dict(self._nodes)
        for n in nodes:
            known[str(n["id"])] = n
        self._nodes = known
        self._rows = [delivery_row(n) for n in known.values()]

    async def _fetch(self):
        status = None if self.status_filter == "ALL" else self.status_filter
        res = await self._gql(W.WEBHOOK_ENDPOINT, {"id": self.ep_id, "status": status, "first": PAGE})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        if res.forbidden:
            self.forbidden = True
            return None
        if res.transport_error or (res.errors and res.data is None):
            self.error = res.first_error() or "Could not load the endpoint."
            return None
        e = res.get("webhookEndpoint")
        if e is None:
            self.not_found = True
            return None
        self.not_found, self.forbidden, self.error = False, False, ""
        self._apply_endpoint(e)
        self.event_types = [{"name": t["name"], "description": t.get("description") or ""}
                            for t in res.get("webhookEventTypes") or []]
        conn = res.get("webhookDeliveries") or {}
        self._apply_page(conn, replace=True)
        return None

    def _apply_endpoint(self, e: dict[str, Any]) -> None:
        row = endpoint_list_row(e)
        self.ep = {**row, "disabled_reason": e.get("disabledReason") or "", "disabled_at": fmt_dt(e.get("disabledAt")),
                   "failing_since": fmt_dt(e.get("failingSince")), "events_label": ", ".join(row["_events"]) or
                   "every event type"}
        self.can_manage = bool(e.get("viewerCanManage"))

    def _apply_page(self, conn: dict[str, Any], replace: bool) -> None:
        self._put_rows([edge["node"] for edge in conn.get("edges") or []], replace)
        self.delivery_total = int(conn.get("totalCount") or 0)
        info = conn.get("pageInfo") or {}
        self.has_more = bool(info.get("hasNextPage"))
        self._cursor = info.get("endCursor") or ""
        self.refreshed_label = datetime.now(timezone.utc).strftime("%H:%M:%S UTC")

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        ep_id = self._route_id()
        self.detail_open = self.test_open = self.form_open = self.confirm_open = False
        if ep_id != self.ep_id:
            self.ep_id, self.ep, self.ep_loaded, self.not_found = ep_id, {}, False, False
            self._nodes, self._rows, self.loaded, self.status_filter = {}, [], False, "ALL"
            self.sort_key, self.sort_desc, self.page = "created", True, 0
            self.auto_refresh = True
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading, self.loaded, self.ep_loaded = False, True, True
        if redirect is not None:
            yield redirect
            return
        if not self.not_found and not self.forbidden and self.auto_refresh:
            yield [WebhookEndpointState.follow, WebhookEndpointState.poll]

    @rx.event
    async def refresh(self):
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        if redirect is not None:
            yield redirect
        elif self.auto_refresh and not self.live:
            yield WebhookEndpointState.follow

    @rx.event
    async def set_status_filter(self, value: str):
        self.status_filter = value
        self.page = 0
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        if redirect is not None:
            yield redirect

    @rx.event
    async def load_more(self):
        if not self.has_more:
            return
        self.loading = True
        yield
        status = None if self.status_filter == "ALL" else self.status_filter
        res = await self._gql(W.WEBHOOK_DELIVERIES, {"id": self.ep_id, "status": status, "first": PAGE, "after": self._cursor})
        self.loading = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        conn = res.get("webhookDeliveries")
        if conn is None:
            yield rx.toast.error(res.first_error() or "Could not load older deliveries.")
            return
        self._apply_page(conn, replace=False)
        self.page = max(0, self.page_count - 1)

    # ---- live -----------------------------------------------------------------------------------
    def _put_live(self, d: dict[str, Any]) -> None:
        """A delivery from the subscription: replace its row, or add it when it belongs in this (filtered) log."""
        did = str(d.get("id") or "")
        if not did:
            return
        if self.status_filter != "ALL" and d.get("status") != self.status_filter:
            if did in self._nodes:
                nodes = dict(self._nodes)
                nodes.pop(did)
                self._nodes = nodes
                self._rows = [delivery_row(n) for n in nodes.values()]
            return
        if did not in self._nodes:
            oldest = min((str(n.get("createdAt") or "") for n in self._nodes.values()), default="")
            if self.has_more and oldest and str(d.get("createdAt") or "") < oldest:
                return  # a retry of a delivery beyond the loaded pages: "Load older deliveries" brings it
            self.delivery_total += 1
        self._put_rows([d], replace=False)
        if self.detail_open and self.detail.get("id") == did:
            self._open_detail(d)
        self.refreshed_label = datetime.now(timezone.utc).strftime("%H:%M:%S UTC")

    def _live_ok(self, gen: int, ep_id: str, started: float) -> bool:
        return (gen == self._live_gen and self.auto_refresh and self.ep_id == ep_id and self._still_here(ep_id)
                and time.monotonic() - started < LIVE_MAX_SECONDS)

    @rx.event(background=True)
    async def follow(self):
        async with self:
            self._live_gen += 1
            gen, ep_id, cookies = self._live_gen, self.ep_id, dict(await self._current_session())
        started, failures = time.monotonic(), 0
        while True:
            try:
                async with subscription(W.WEBHOOK_DELIVERY_LOG, {"endpointId": ep_id, "replay": True}, cookies) as results:
                    while True:
                        try:
                            data = await asyncio.wait_for(results.next(), LIVE_CHECK_SECONDS)
                        except TimeoutError:
                            data = {}
                        if data is None:
                            raise LiveError("The live delivery log ended")
                        async with self:
                            if not self._live_ok(gen, ep_id, started):
                                if gen == self._live_gen:
                                    self.live = False
                                return
                            self.live, failures = True, 0
                            event = (data or {}).get("webhookDeliveries") or {}
                            if event.get("delivery"):
                                self._put_live(event["delivery"])
            except Exception as exc:  # LiveError, or anything unexpected: never leave `live` on (polling waits on it)
                code = exc.code if isinstance(exc, LiveError) else ""
                async with self:
                    if gen == self._live_gen:
                        self.live = False
                    if not self._live_ok(gen, ep_id, started) or code in ("NOT_FOUND", "FORBIDDEN"):
                        return
                    if code == "UNAUTHENTICATED" and await self._fetch() is not None:  # refresh the session over HTTP
                        return
                    cookies = dict(await self._current_session())
                failures += 1
                if failures > LIVE_RETRIES:
                    return  # polling and the refresh button remain
                await asyncio.sleep(min(30.0, 2.0 ** failures))

    @rx.event(background=True)
    async def poll(self):
        async with self:
            self._poll_gen += 1
            gen, ep_id = self._poll_gen, self.ep_id
        started = time.monotonic()
        while True:
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if gen != self._poll_gen or not self.auto_refresh or not self._still_here(ep_id) or self.ep_id != ep_id:
                    self.polling = False
                    return
                if time.monotonic() - started > POLL_MAX_SECONDS:
                    self.polling = False
                    return
                self.polling = not self.live
                if self.live or self.page > 0 or len(self._nodes) > PAGE:
                    continue  # the subscription brings every change (and never re-read over older pages)
                if await self._fetch() is not None:
                    self.polling = False
                    return

    @rx.event
    def set_auto_refresh(self, value: bool):
        self.auto_refresh = bool(value)
        if not value:
            self._live_gen += 1
            self._poll_gen += 1
            self.live = self.polling = False
            return None
        return [WebhookEndpointState.follow, WebhookEndpointState.poll]

    # ---- attempt details --------------------------------------------------------------------------
    def _open_detail(self, d: dict[str, Any]) -> None:
        detail = delivery_detail(d)
        self.detail_attempts = detail.pop("attempt_list")
        self.detail = detail

    @rx.event
    def view_delivery(self, delivery_id: str):
        node = self._nodes.get(delivery_id)
        if node is None:
            return
        self._open_detail(node)
        self.detail_open = True

    @rx.event
    def set_detail_open(self, value: bool):
        self.detail_open = value

    # ---- re-enable --------------------------------------------------------------------------------
    @rx.event
    async def enable(self):
        self.enabling = True
        yield
        res = await self._gql(W.ENABLE_WEBHOOK_ENDPOINT, {"id": self.ep_id})
        self.enabling = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = res.get("updateWebhookEndpoint") or {}
        if result.get("__typename") == "WebhookEndpointPayload":
            self._apply_endpoint(result["webhookEndpoint"])
            yield rx.toast.success("Endpoint enabled: new events are delivered again")
        else:
            yield rx.toast.error(result.get("message") or res.first_error() or "The endpoint was not enabled.")

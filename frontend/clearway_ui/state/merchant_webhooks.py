"""Webhooks tab of /merchants/[merchant_key]: endpoints, signing secrets (shown once), rotation."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .merchant import MerchantState
from .mixins import ConfirmMixin, FormMixin, TableMixin
from .results import result_error, result_toast, result_typename
from .secrets import RotateWithGraceMixin, Rotation, SecretRevealMixin, grace_until
from .util import fmt_dt, in_future

PREVIEW = 2  # event chips shown per row


def endpoint_row(e: dict[str, Any]) -> dict[str, Any]:
    events = sorted(e.get("eventTypes") or [])
    prev_until = e.get("secretPreviousValidUntil") or ""
    row = {
        "id": str(e.get("id") or ""),
        "url": e.get("url") or "",
        "description": e.get("description") or "",
        "enabled": bool(e.get("enabled")),
        "event_count": len(events),
        "events_more": max(0, len(events) - PREVIEW),
        "secret_hint": e.get("secretHint") or "",
        "rotating": in_future(prev_until),
        "prev_until_label": fmt_dt(prev_until),
        "created": e.get("createdAt") or "",
        "created_label": fmt_dt(e.get("createdAt"))[:10],
        "_events": events,
    }
    for i in range(PREVIEW):
        row[f"event_{i}"] = events[i] if i < len(events) else ""
    return row


class WebhooksState(MerchantState, TableMixin, FormMixin, ConfirmMixin, SecretRevealMixin, RotateWithGraceMixin):
    event_types: list[dict[str, str]] = []
    editing_id: str = ""
    w_url: str = ""
    w_description: str = ""
    w_events: list[str] = []
    w_enabled: bool = True

    @rx.var
    def w_event_count(self) -> int:
        return len(self.w_events)

    async def _fetch(self):
        res = await self._gql(Q.MERCHANT_WEBHOOKS, {"id": self.mid})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        types = res.get("webhookEventTypes")
        if types is not None:
            self.event_types = [{"name": t["name"], "description": t.get("description") or ""} for t in types]
        endpoints = (res.get("merchant") or {}).get("webhookEndpoints")
        self._take_rows(res, None if endpoints is None else [endpoint_row(e) for e in endpoints],
                        "Could not load webhook endpoints.")
        return None

    @rx.event
    async def load_tab(self):
        self._forget_rotation()
        if self.tab != "webhooks" or not self.mid:
            return
        self._default_sort("created", desc=True)
        async for update in self._load_rows():
            yield update

    # ---- create / edit -------------------------------------------------------------------------
    @rx.event
    def open_create(self):
        self._reset_form()
        self.editing_id = ""
        self.w_url, self.w_description = "", ""
        self.w_events = [t["name"] for t in self.event_types if t["name"].startswith("payment.")]
        self.w_enabled = True
        self.form_open = True

    @rx.event
    def open_edit(self, endpoint_id: str):
        row = self._find_row(endpoint_id)
        if row is None:
            return
        self._reset_form()
        self.editing_id = endpoint_id
        self.w_url, self.w_description = row["url"], row["description"]
        self.w_events = list(row["_events"])
        self.w_enabled = row["enabled"]
        self.form_open = True

    @rx.event
    def set_w_url(self, value: str):
        self.w_url = value

    @rx.event
    def set_w_description(self, value: str):
        self.w_description = value

    @rx.event
    def set_w_enabled(self, value: bool):
        self.w_enabled = bool(value)

    @rx.event
    def toggle_event(self, name: str, checked: bool):
        events = [e for e in self.w_events if e != name]
        if checked:
            events.append(name)
        self.w_events = events

    @rx.event
    def select_events(self, which: str):
        if which == "all":
            self.w_events = [t["name"] for t in self.event_types]
        elif which == "none":
            self.w_events = []
        else:
            self.w_events = [t["name"] for t in self.event_types if t["name"].startswith(which + ".")]

    @rx.event
    async def save(self, form: dict[str, Any]):
        self._start_submit()
        yield
        payload = {
            "url": self.w_url.strip(),
            "description": self.w_description.strip(),
            "eventTypes": sorted(self.w_events),
            "enabled": self.w_enabled,
        }
        if self.editing_id:
            res = await self._gql(Q.UPDATE_WEBHOOK_ENDPOINT, {"id": self.editing_id, "input": payload})
            root = "updateWebhookEndpoint"
        else:
            res = await self._gql(Q.CREATE_WEBHOOK_ENDPOINT, {"merchantId": self.mid, "input": payload})
            root = "createWebhookEndpoint"
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = self._form_success(res, root, ("WebhookEndpointCreated", "WebhookEndpointPayload"),
                                    "The endpoint was not saved.", {"url", "description", "eventTypes", "enabled"})
        if result is None:
            return
        self.form_open = False
        if result["__typename"] == "WebhookEndpointCreated":
            self._reveal(
                "Webhook endpoint created",
                str(result.get("signingSecret") or ""),
                f"Signing secret for {payload['url']}. Verify every delivery's webhook-signature header with it.",
            )
        else:
            yield rx.toast.success("Webhook endpoint saved")
        if (redirect := await self._refetch()) is not None:
            yield redirect

    # ---- enable / disable ----------------------------------------------------------------------------
    @rx.event
    async def toggle_enabled(self, endpoint_id: str):
        row = self._find_row(endpoint_id)
        if row is None:
            return
        res = await self._gql(Q.UPDATE_WEBHOOK_ENDPOINT, {"id": endpoint_id, "input": {"enabled": not row["enabled"]}})
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = res.get("updateWebhookEndpoint") or {}
        if result.get("__typename") == "WebhookEndpointPayload":
            updated = endpoint_row(result.get("webhookEndpoint") or {})
            self._rows = [updated if r["id"] == endpoint_id else r for r in self._rows]
            yield rx.toast.success("Endpoint enabled" if updated["enabled"] else "Endpoint disabled")
        else:
            yield rx.toast.error(result_error(res, "updateWebhookEndpoint", "The endpoint was not changed."))

    # ---- rotate secret (RotateWithGraceMixin) -------------------------------------------------------
    def _rotation(self) -> Rotation:
        return Rotation(Q.ROTATE_WEBHOOK_SECRET, "rotateWebhookSecret", "WebhookEndpointCreated",
                        "The secret was not rotated.")

    def _rotate_label(self, row: dict[str, Any]) -> str:
        return row["url"]

    def _rotated(self, result: dict[str, Any], grace: int) -> None:
        old = "stops signing now" if grace == 0 else f"keeps signing alongside until {grace_until(grace)}"
        self._reveal(
            "Signing secret rotated",
            str(result.get("signingSecret") or ""),
            f"New signing secret for {self.rotate_label}. The old secret {old}.",
        )

    # ---- delete -----------------------------------------------------------------------------------------
    @rx.event
    def ask_delete(self, endpoint_id: str):
        row = self._find_row(endpoint_id)
        if row is None:
            return
        self._ask(
            "delete",
            endpoint_id,
            "Delete webhook endpoint?",
            f"{row['url']} stops receiving events and its signing secret is destroyed. This cannot be undone.",
            "Delete endpoint",
        )

    async def _on_confirm(self, action: str, target: str):
        res = await self._gql(Q.DELETE_WEBHOOK_ENDPOINT, {"id": target})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        if result_typename(res, "deleteWebhookEndpoint") == "DeletePayload":
            self._rows = [r for r in self._rows if r["id"] != target]
        return result_toast(res, "deleteWebhookEndpoint", "DeletePayload", "Webhook endpoint deleted",
                            "The endpoint was not deleted.")

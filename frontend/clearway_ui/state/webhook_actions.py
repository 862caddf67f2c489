"""The actions of an endpoint's page (mixed into WebhookEndpointState): resend one delivery, resend the failed ones
of a date range, send a test delivery. The page state provides ep_id, ep, event_types, _nodes, _fetch, _put_live,
detail_open and the ConfirmMixin / FormMixin dialogs."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import reflex as rx

from ..gql import webhooks as W


def _iso(value: str) -> str | None:
    """A datetime-local input value (taken as UTC) -> ISO 8601; None when empty; ValueError when unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc).isoformat()


class WebhookActionsMixin(rx.State, mixin=True):
    # send test
    test_open: bool = False
    test_busy: bool = False
    test_error: str = ""
    test_type: str = "payment.succeeded"
    # resend failed (FormMixin's dialog)
    r_from: str = ""
    r_to: str = ""

    @rx.var
    def test_description(self) -> str:
        return next((t["description"] for t in self.event_types if t["name"] == self.test_type), "")

    # ---- resend one -------------------------------------------------------------------------------
    @rx.event
    def ask_resend(self, delivery_id: str):
        node = self._nodes.get(delivery_id)
        if node is None:
            return
        self.detail_open = False  # one dialog at a time
        self._ask("resend", delivery_id, "Resend this event?",
                  f"{node.get('eventType')} ({node.get('eventId')}) is sent to {self.ep.get('url')} again now, with the "
                  "same webhook-id, so a receiver that already processed it can skip it. Its retry schedule starts over.",
                  "Resend event", danger=False)

    async def _on_confirm(self, action: str, target: str):
        if action != "resend":
            return None
        res = await self._gql(W.RESEND_WEBHOOK_EVENT, {"deliveryId": target})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        result = res.get("resendWebhookEvent") or {}
        if result.get("__typename") == "WebhookDeliveryPayload":
            self._put_live(result["webhookDelivery"])
            return rx.toast.success("Event queued for resending")
        return rx.toast.error(result.get("message") or res.first_error() or "The event was not resent.")

    # ---- resend failed in a date range -----------------------------------------------------------
    @rx.event
    def open_resend_failed(self):
        self._reset_form()
        today = datetime.now(timezone.utc)
        self.r_from = today.replace(hour=0, minute=0, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")
        self.r_to = today.strftime("%Y-%m-%dT%H:%M")
        self.form_open = True

    @rx.event
    def set_r_from(self, value: str):
        self.r_from = value

    @rx.event
    def set_r_to(self, value: str):
        self.r_to = value

    @rx.event
    async def resend_failed(self, form: dict[str, Any]):
        self.form_error, self.field_errors = "", {}
        try:
            start, end = _iso(self.r_from), _iso(self.r_to)
        except ValueError:
            self.form_error = "Enter dates as YYYY-MM-DD HH:MM."
            return
        self.form_busy = True
        yield
        res = await self._gql(W.RESEND_FAILED_WEBHOOKS, {"endpointId": self.ep_id, "from": start, "to": end})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = res.get("resendFailedWebhooks") or {}
        if result.get("__typename") != "WebhookResendPayload":
            self._apply_result_errors(result or {"message": res.first_error()}, "Nothing was resent.", {"from", "to"})
            return
        self.form_open = False
        count = int(result.get("count") or 0)
        yield (rx.toast.success(f"{count} failed deliver{'y' if count == 1 else 'ies'} queued for resending") if count
               else rx.toast.info("No failed deliveries in that range"))
        redirect = await self._fetch()
        if redirect is not None:
            yield redirect

    # ---- send a test delivery ----------------------------------------------------------------------
    @rx.event
    def open_test(self):
        self.test_error, self.test_busy, self.test_open = "", False, True
        if self.event_types and self.test_type not in [t["name"] for t in self.event_types]:
            self.test_type = self.event_types[0]["name"]

    @rx.event
    def set_test_open(self, value: bool):
        self.test_open = value

    @rx.event
    def set_test_type(self, value: str):
        self.test_type = value

    @rx.event
    async def send_test(self):
        self.test_busy, self.test_error = True, ""
        yield
        res = await self._gql(W.SEND_TEST_WEBHOOK, {"endpointId": self.ep_id, "eventType": self.test_type})
        self.test_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = res.get("sendTestWebhook") or {}
        if result.get("__typename") != "WebhookDeliveryPayload":
            fields = result.get("fields") or []
            self.test_error = " ".join(str(f.get("message")) for f in fields) or result.get("message") or \
                res.first_error() or "The test delivery was not sent."
            return
        self.test_open = False
        self._put_live(result["webhookDelivery"])
        yield rx.toast.success(f"Test {self.test_type} queued")


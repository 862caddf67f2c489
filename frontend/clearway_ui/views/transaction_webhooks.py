"""The Webhooks tab of /transactions/<id>: every delivery of this payment's events to the merchant's endpoints,
with its attempts (response code, duration, error) and a Resend button when viewerCan.resendWebhook."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..state.transaction import TransactionState as S
from ..components.payments import MONO
from .transaction_sections import empty_card

COLORS = ("green", "amber", "red", "blue")


def _attempt(a: Any) -> rx.Component:
    return rx.hstack(
        rx.text("#", a.number.to_string(), size="1", color=T.MUTED, width="28px"),
        rx.badge(a.outcome, color_scheme=rx.cond(a.succeeded, "green", "red"), variant="soft", size="1"),
        rx.text(a.duration, size="1", color=T.MUTED, width="64px"),
        rx.text(a.at, size="1", color=T.MUTED, white_space="nowrap"),
        rx.text(a.body, size="1", color=T.MUTED, font_family=MONO, overflow="hidden", text_overflow="ellipsis",
                white_space="nowrap", max_width="420px"),
        spacing="3", align="center", width="100%", data_testid="webhook-attempt",
    )


def _delivery(w: Any) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.icon("webhook", size=16, color="#4f46e5"),
            rx.vstack(
                rx.hstack(rx.code(w.event, size="2", variant="soft"),
                          rx.badge(w.status, color_scheme=rx.match(w.status_color, ("green", "green"), ("amber", "amber"),
                                                                    ("red", "red"), ("blue", "blue"), "gray"),
                                   variant="soft", radius="full", data_testid="webhook-status"),
                          rx.cond(w.is_test, rx.badge("test", variant="outline", size="1")),
                          spacing="2", align="center"),
                rx.text("webhook-id ", rx.text.span(w.event_id, font_family=MONO), " · created ", w.created_rel, " · ",
                        w.attempt_count.to_string(), " attempt(s)", size="1", color=T.MUTED, title=w.created_abs),
                spacing="1",
            ),
            rx.spacer(),
            rx.vstack(
                rx.cond(w.next_attempt != "", rx.text("Next attempt ", w.next_attempt, size="1", color=T.MUTED)),
                rx.cond(w.last_error != "", rx.text("Last error: ", w.last_error, size="1", color="#b45309")),
                spacing="0", align="end",
            ),
            rx.cond(
                S.can_resend,
                rx.button(rx.cond(S.resending == w.id, rx.spinner(size="1"), rx.icon("send", size=13)), "Resend",
                          size="1", variant="soft", disabled=S.resending != "", on_click=S.resend_webhook(w.id),
                          data_testid="webhook-resend"),
            ),
            spacing="3", align="center", width="100%",
        ),
        rx.cond(w.attempts.length() > 0,
                rx.vstack(rx.foreach(w.attempts, _attempt), spacing="1", padding_left="28px", padding_top="10px", width="100%")),
        padding="14px 16px", width="100%", border_bottom=f"1px solid {T.BORDER}", data_testid="webhook-delivery",
    )


def webhooks_section() -> rx.Component:
    return rx.cond(
        S.webhooks.length() == 0,
        empty_card("webhook", "No webhook deliveries",
                   "Deliveries appear when the payment changes and the merchant has an enabled endpoint for the event "
                   "(seeing them needs webhooks.read on the merchant).", "webhooks-empty"),
        rx.vstack(
            rx.cond(S.resend_note != "", rx.callout(S.resend_note, icon="info", size="1", width="100%",
                                                    data_testid="webhook-resend-note")),
            rx.box(rx.foreach(S.webhooks, _delivery), width="100%", overflow="hidden", **T.CARD_STYLE),
            spacing="3", width="100%", data_testid="section-webhooks",
        ),
    )

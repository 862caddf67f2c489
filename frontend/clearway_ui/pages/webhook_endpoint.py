"""/webhooks/[endpoint_id] — one endpoint: status and disabled banner (re-enable), its delivery log following the
`webhookDeliveries` subscription live, attempt details, resend one / resend failed in a range, send a test."""
from __future__ import annotations

import reflex as rx

from ..components import theme as T
from ..components.feedback import forbidden_state
from ..components.forms import confirm_dialog
from ..components.layout import shell
from ..components.payments import pulse_style
from ..state.webhook_endpoint import WebhookEndpointState as S
from ..views.webhook_endpoint import (banners, delivery_log, detail_dialog, header, resend_failed_dialog,
                                      test_dialog)


def _not_found() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(rx.icon("search-x", size=26, color="#f59e0b"), width="56px", height="56px", border_radius="16px",
                      background="#f1f5f9"),
            rx.heading("Webhook endpoint not found", size="5", weight="bold"),
            rx.text("It does not exist, was deleted, or belongs to a merchant you cannot reach.", size="2", color=T.MUTED),
            rx.link(rx.button(rx.icon("arrow-left", size=14), "All endpoints", variant="soft"), href="/webhooks"),
            align="center",
            spacing="3",
        ),
        padding_y="72px",
        width="100%",
        data_testid="endpoint-not-found",
        **T.CARD_STYLE,
    )


def _loading() -> rx.Component:
    return rx.vstack(
        rx.skeleton(rx.box(height="96px", width="100%"), loading=True),
        rx.skeleton(rx.box(height="360px", width="100%"), loading=True),
        spacing="4",
        width="100%",
    )


@rx.page(route="/webhooks/[endpoint_id]", title="Webhook endpoint · Clearway", on_load=S.load)
def webhook_endpoint() -> rx.Component:
    return shell(
        pulse_style(),
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=14), rx.text("Webhooks", size="2"), spacing="1", align="center"),
            href="/webhooks",
            color=T.MUTED,
            underline="none",
            margin_bottom="14px",
            display="inline-block",
        ),
        rx.cond(
            S.forbidden,
            forbidden_state("this endpoint's deliveries (webhooks.read)"),
            rx.cond(
                S.not_found,
                _not_found(),
                rx.cond(
                    S.ep_loaded,
                    rx.box(
                        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                                          variant="surface", size="1", width="100%", margin_bottom="16px")),
                        rx.cond(S.ep.contains("url"), rx.box(header(), banners(), delivery_log(), width="100%")),
                        width="100%",
                    ),
                    _loading(),
                ),
            ),
        ),
        detail_dialog(),
        test_dialog(),
        resend_failed_dialog(),
        confirm_dialog(S),
        active="/webhooks",
        title="Webhook endpoint",
        section="Configuration",
    )

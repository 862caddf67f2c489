"""/review — the operational review: success rate over time per merchant / payment method / MASTER MID with drops
flagged, and the queues to work through (webhook failures, suspicious callbacks, routing and velocity rejections,
manual corrections, audit). Every row links to the transaction(s) behind it."""
from __future__ import annotations

import reflex as rx

from ..components import theme as T
from ..components.feedback import error_callout, forbidden_state
from ..components.layout import page_header, shell
from ..state.review import DIMENSIONS, RANGES, ReviewState as S
from ..views.review_chart import drops_card, rate_chart_card, series_card
from ..views.review_sections import queue_tabs


def _stat(label: str, value, icon: str, tone: str, testid: str, tab: str = "") -> rx.Component:
    body = rx.hstack(
        rx.center(rx.icon(icon, size=15, color=tone), width="30px", height="30px", border_radius="9px", background="#f1f5f9",
                  flex_shrink="0"),
        rx.vstack(rx.text(label, size="1", color=T.MUTED, line_height="1.2"),
                  rx.text(value, size="5", weight="bold", color=T.TEXT, data_testid=testid), spacing="0"),
        spacing="2", align="center", padding="12px", width="100%", cursor="pointer" if tab else "default",
        on_click=S.set_tab(tab) if tab else None, **T.CARD_STYLE,
    )
    return body


def _controls() -> rx.Component:
    return rx.hstack(
        rx.select.root(
            rx.select.trigger(width="200px", data_testid="review-merchant"),
            rx.select.content(rx.foreach(S.merchant_options, lambda o: rx.select.item(o["label"], value=o["id"])),
                              position="popper", max_height="320px"),
            value=S.merchant_value, on_change=S.set_merchant,
        ),
        rx.segmented_control.root(
            *[rx.segmented_control.item(label, value=key) for key, (_, _, label) in RANGES.items()],
            value=S.range_key, on_change=S.set_range, size="2", data_testid="review-range",
        ),
        rx.button(rx.cond(S.loading & S.loaded, rx.spinner(size="1"), rx.icon("refresh-cw", size=14)), "Refresh",
                  variant="soft", color_scheme="gray", on_click=S.refresh, data_testid="review-refresh"),
        spacing="3", align="center",
    )


def _figures() -> rx.Component:
    return rx.grid(
        _stat("Success rate", S.overall_rate, "gauge", "#4f46e5", "stat-success-rate"),
        _stat("Drops flagged", S.drop_count.to_string(), "trending-down", "#dc2626", "stat-drops"),
        _stat("Webhook failures", (S.webhook_failed + S.webhook_dead).to_string(), "webhook", "#f59e0b", "stat-webhooks", "webhooks"),
        _stat("Suspicious callbacks", S.suspicious.to_string(), "shield-alert", "#dc2626", "stat-callbacks", "callbacks"),
        _stat("Routing rejections", S.routing_total.to_string(), "git-branch", "#0ea5e9", "stat-routing", "routing"),
        _stat("Velocity rejections", S.velocity_total.to_string(), "timer", "#8b5cf6", "stat-velocity", "velocity"),
        _stat("Manual corrections", S.corrections_total.to_string(), "pencil-line", "#10b981", "stat-corrections", "corrections"),
        columns="7", spacing="3", width="100%", margin_bottom="16px",
    )


def _content() -> rx.Component:
    return rx.cond(
        S.loaded,
        rx.vstack(
            _figures(),
            rate_chart_card(),
            rx.grid(series_card(), drops_card(), columns="2", spacing="4", width="100%"),
            queue_tabs(),
            spacing="4", width="100%",
        ),
        rx.vstack(rx.skeleton(rx.box(height="74px", width="100%"), loading=True),
                  rx.skeleton(rx.box(height="360px", width="100%"), loading=True), spacing="4", width="100%"),
    )


@rx.page(route="/review", title="Operational review · Clearway", on_load=S.load)
def review() -> rx.Component:
    return shell(
        page_header("Operational review", S.range_label, rx.cond(S.forbidden, rx.fragment(), _controls())),
        error_callout(S.error),
        rx.cond(S.forbidden, forbidden_state("the operational review (review.read)"), _content()),
        active="/review",
        title="Operational review",
        section="Reporting",
    )


__all__ = ["review", "DIMENSIONS"]

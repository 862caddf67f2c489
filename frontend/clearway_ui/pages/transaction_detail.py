"""/transactions/[txn_id] — one transaction: header, then Overview | Timeline | Routing path | Attempts |
Provider callbacks | Overrides (the sections live in views/transaction_sections.py). While it is
pending the page refreshes itself every 2 s."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.forms import confirm_dialog
from ..components.layout import shell
from ..components.payments import id_code, method_icon, pulse_style, txn_env_badge, txn_status_badge
from ..state.transaction import TABS
from ..state.transaction import TransactionState as S
from ..views.transaction_disputes import disputes_card
from ..views.transaction_exports import export_buttons
from ..views.transaction_sections import (
    attempts_section,
    callbacks_section,
    overrides_section,
    overview_section,
    routing_section,
    timeline_section,
    viewer_dialog,
)
from ..views.transaction_webhooks import webhooks_section


def _live_indicator() -> rx.Component:
    return rx.cond(
        S.is_pending,
        rx.hstack(
            rx.cond(
                S.polling | S.live,
                rx.hstack(
                    rx.box(width="8px", height="8px", border_radius="999px", background="#16a34a",
                           class_name="cw-pulse"),
                    rx.text(rx.cond(S.live, "Live", "Live: refreshing every 2 s"), size="1", color="#166534",
                            weight="medium", data_testid="live-mode"),
                    spacing="2",
                    align="center",
                    data_testid="live-indicator",
                ),
                rx.text(rx.cond(S.poll_paused, "Auto-refresh paused", "Auto-refresh off"), size="1", color=T.MUTED),
            ),
            rx.switch(checked=S.auto_refresh, on_change=S.set_auto_refresh, size="1",
                      data_testid="auto-refresh"),
            spacing="2",
            align="center",
            padding="4px 10px",
            border_radius="999px",
            background=rx.cond(S.polling | S.live, "#f0fdf4", "#f8fafc"),
            border=rx.cond(S.polling | S.live, "1px solid #bbf7d0", f"1px solid {T.BORDER}"),
        ),
    )


def _header() -> rx.Component:
    t = S.txn
    return rx.box(
        rx.hstack(
            rx.center(
                method_icon(t.method_type, 22, "white"),
                width="52px",
                height="52px",
                border_radius="14px",
                background=T.BRAND_GRADIENT,
                box_shadow="0 4px 14px rgba(79,70,229,0.3)",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.hstack(
                    rx.heading(t.amount, size="7", weight="bold", letter_spacing="-0.02em", color=T.TEXT,
                               font_variant_numeric="tabular-nums", data_testid="txn-amount"),
                    txn_status_badge(t.status, t.status_label, size="2"),
                    txn_env_badge(t.environment, size="2"),
                    spacing="3",
                    align="center",
                ),
                rx.hstack(
                    rx.link(
                        rx.hstack(rx.icon("store", size=13), rx.text(rx.cond(t.merchant_name != "", t.merchant_name,
                                                                             t.merchant_id), size="2"),
                                  spacing="1", align="center"),
                        href="/merchants/" + t.merchant_id,
                        color=T.TEXT,
                        underline="hover",
                        data_testid="txn-merchant",
                    ),
                    rx.cond(t.brand_name != "", rx.fragment(
                        rx.text("·", size="2", color="#cbd5e1"),
                        rx.text(t.brand_name, size="2", color=T.MUTED, data_testid="txn-brand"),
                    )),
                    rx.text("·", size="2", color="#cbd5e1"),
                    rx.text(rx.cond(t.method_name != "", t.method_name, "Payment method"), size="2", color=T.MUTED,
                            data_testid="txn-method"),
                    rx.cond(t.order_id != "", rx.fragment(
                        rx.text("·", size="2", color="#cbd5e1"),
                        rx.text("Order ", size="2", color=T.MUTED),
                        id_code(t.order_id),
                    )),
                    rx.text("·", size="2", color="#cbd5e1"),
                    rx.text("Created " + t.created_rel, size="2", color=T.MUTED, title=t.created_abs),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                rx.hstack(
                    id_code(t.id, "txn-id"),
                    rx.icon_button(rx.icon("copy", size=12), size="1", variant="ghost", color_scheme="gray",
                                   on_click=[rx.set_clipboard(t.id), rx.toast.success("Transaction id copied")],
                                   aria_label="Copy transaction id"),
                    spacing="1",
                    align="center",
                ),
                spacing="1",
                min_width="0",
            ),
            rx.spacer(),
            rx.vstack(
                rx.hstack(
                    _live_indicator(),
                    rx.button(
                        rx.cond(S.refreshing, rx.spinner(size="1"), rx.icon("refresh-cw", size=14)),
                        "Refresh",
                        variant="soft",
                        color_scheme="gray",
                        on_click=S.refresh,
                        data_testid="txn-refresh",
                    ),
                    export_buttons(),
                    rx.cond(
                        S.can_override & (S.action_options.length() > 0),
                        rx.button(rx.icon("hand", size=14), "Override", on_click=S.go_overrides,
                                  data_testid="open-override"),
                    ),
                    spacing="2",
                    align="center",
                ),
                rx.text("Updated ", S.refreshed_label, size="1", color=T.MUTED),
                spacing="1",
                align="end",
            ),
            spacing="4",
            align="center",
            width="100%",
        ),
        padding="20px 22px",
        width="100%",
        margin_bottom="18px",
        **T.CARD_STYLE,
    )


def _count(n: Any, danger: Any = False) -> rx.Component:
    return rx.cond(
        n > 0,
        rx.badge(n.to_string(), size="1", variant="soft", color_scheme=rx.cond(danger, "red", "gray"),
                 radius="full"),
    )


def _tabs() -> rx.Component:
    counts = {
        "timeline": _count(S.counts["timeline"]),
        "attempts": _count(S.counts["attempts"]),
        "callbacks": _count(S.counts["callbacks"], S.counts["suspicious"] > 0),
        "webhooks": _count(S.counts["webhooks"], S.counts["webhooks_failing"] > 0),
        "overrides": _count(S.counts["overrides"]),
    }
    return rx.tabs.root(
        rx.tabs.list(
            *[
                rx.tabs.trigger(
                    rx.hstack(rx.icon(icon, size=14), rx.text(label), counts.get(key, rx.fragment()), spacing="2",
                              align="center"),
                    value=key,
                    data_testid=f"txn-tab-{key}",
                )
                for key, label, icon in TABS
            ],
            size="2",
        ),
        value=S.tab,
        on_change=S.set_tab,
        width="100%",
        margin_bottom="18px",
    )


def _body() -> rx.Component:
    return rx.match(
        S.tab,
        ("timeline", timeline_section()),
        ("routing", routing_section()),
        ("attempts", attempts_section()),
        ("callbacks", callbacks_section()),
        ("webhooks", webhooks_section()),
        ("overrides", overrides_section()),
        overview_section(),
    )


def _not_found() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(rx.icon("search-x", size=26, color="#f59e0b"), width="56px", height="56px",
                      border_radius="16px", background="#f1f5f9"),
            rx.heading("Transaction not found", size="5", weight="bold"),
            rx.text("It does not exist, or it belongs to a merchant you cannot reach.", size="2", color=T.MUTED),
            rx.link(rx.button(rx.icon("arrow-left", size=14), "All transactions", variant="soft"),
                    href="/transactions"),
            align="center",
            spacing="3",
        ),
        padding_y="72px",
        width="100%",
        data_testid="txn-not-found",
        **T.CARD_STYLE,
    )


def _loading() -> rx.Component:
    return rx.vstack(
        rx.skeleton(rx.box(height="96px", width="100%"), loading=True),
        rx.skeleton(rx.box(height="36px", width="100%"), loading=True),
        rx.skeleton(rx.box(height="320px", width="100%"), loading=True),
        spacing="4",
        width="100%",
    )


@rx.page(route="/transactions/[txn_id]", title="Transaction · Clearway", on_load=S.load)
def transaction_detail() -> rx.Component:
    return shell(
        pulse_style(),
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=14), rx.text("Transactions", size="2"), spacing="1", align="center"),
            href="/transactions",
            color=T.MUTED,
            underline="none",
            margin_bottom="14px",
            display="inline-block",
            data_testid="back-to-transactions",
        ),
        rx.cond(
            S.not_found,
            _not_found(),
            rx.cond(
                S.t_loaded,
                rx.box(
                    rx.cond(
                        S.t_error != "",
                        rx.callout(S.t_error, icon="triangle-alert", color_scheme="red", variant="surface",
                                   size="1", width="100%", margin_bottom="16px", data_testid="page-error"),
                    ),
                    rx.cond(
                        S.txn.id != "",
                        rx.box(_header(), disputes_card(), _tabs(), _body(), width="100%"),
                    ),
                    width="100%",
                ),
                _loading(),
            ),
        ),
        confirm_dialog(S),
        viewer_dialog(),
        active="/transactions",
        title=rx.cond(S.txn.id != "", S.txn.id, "Transaction"),
        section="Transactions",
    )

"""/webhooks — webhook endpoints of every merchant the caller reaches (status incl. failing / disabled; a row opens
its delivery log), and the signing rules for integrators (?tab=signing)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import forbidden_state
from ..components.forms import confirm_dialog
from ..components.layout import page_header, shell
from ..components.table import Col, count_label, data_table, search_box, toolbar
from ..state.webhooks import TABS
from ..state.webhooks import WebhooksState as S
from ..views.merchant_webhooks import event_chips
from ..views.webhook_signing import signing_tab

COLUMNS = [
    Col("Merchant", "merchant", width="190px"),
    Col("Endpoint", "url"),
    Col("Events", "event_count", width="270px"),
    Col("Status", "status_label", width="230px"),
    Col("Created", "created", width="120px"),
    Col("", width="40px"),
]


def status_pill(label: Any, color: Any, testid: str = "endpoint-status") -> rx.Component:
    return rx.badge(label, color_scheme=color, variant="soft", size="1", radius="full", data_testid=testid)


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["merchant"], size="2", weight="medium"), vertical_align="middle"),
        rx.table.cell(
            rx.vstack(
                rx.text(row["url"], size="2", font_family="ui-monospace, SFMono-Regular, Menlo, monospace",
                        max_width="420px", truncate=True, title=row["url"]),
                rx.text(rx.cond(row["description"] != "", row["description"], "No description"), size="1", color=T.MUTED),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(event_chips(row), vertical_align="middle"),
        rx.table.cell(status_pill(row["status_label"], row["status_color"]), vertical_align="middle"),
        rx.table.cell(rx.text(row["created_label"], size="2", color=T.MUTED), vertical_align="middle"),
        rx.table.cell(rx.icon("chevron-right", size=16, color="#94a3b8"), vertical_align="middle"),
        on_click=S.open_endpoint(row["id"]),
        cursor="pointer",
        _hover={"background": "#f8fafc"},
        data_testid="webhook-endpoint-row",
    )


def _summary(key: str, label: str, color: str, icon: str) -> rx.Component:
    n = S.status_counts.get(key, 0)
    return rx.hstack(
        rx.center(rx.icon(icon, size=15, color=color), width="30px", height="30px", border_radius="8px",
                  background="#f8fafc"),
        rx.vstack(rx.text(n.to_string(), size="4", weight="bold", color=T.TEXT),
                  rx.text(label, size="1", color=T.MUTED), spacing="0"),
        spacing="3",
        align="center",
        padding="12px 16px",
        flex="1",
        **T.CARD_STYLE,
    )


def _endpoints_tab() -> rx.Component:
    return rx.cond(
        S.forbidden,
        forbidden_state("webhook endpoints (webhooks.read)"),
        rx.vstack(
            rx.hstack(
                _summary("healthy", "Healthy", "#16a34a", "circle-check"),
                _summary("failing", "Failing", "#d97706", "triangle-alert"),
                _summary("disabled", "Disabled automatically", "#dc2626", "circle-off"),
                _summary("off", "Switched off", "#64748b", "pause"),
                spacing="3",
                width="100%",
            ),
            rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", variant="surface",
                                              size="1", width="100%")),
            data_table(
                S,
                COLUMNS,
                _row,
                toolbar=toolbar(
                    search_box(S.quick_filter, S.set_quick_filter, "Search merchant, URL, event…", "endpoint-search"),
                    rx.spacer(),
                    count_label(S.total_rows, "endpoint", "endpoints"),
                ),
                empty_title="No webhook endpoints",
                empty_description="Add one on a merchant's Webhooks tab: Merchants → a merchant → Webhooks.",
                empty_icon="webhook",
                testid="webhook-endpoints-table",
            ),
            spacing="4",
            width="100%",
        ),
    )


def private_targets_toggle() -> rx.Component:
    """The tenant's SSRF setting: a switch for tenant admins (confirmed in a dialog), read-only for everyone else."""
    switch = rx.switch(
        checked=S.private_targets,
        on_change=S.ask_private_targets,
        disabled=~S.can_manage_settings,
        size="1",
        data_testid="private-targets-switch",
    )
    return rx.cond(
        S.settings_loaded,
        rx.vstack(
            rx.tooltip(
                rx.hstack(
                    rx.icon("shield-alert", size=14, color=rx.cond(S.private_targets, "#d97706", "#64748b")),
                    rx.text("Private network targets", size="2", color=T.TEXT, white_space="nowrap"),
                    switch,
                    rx.badge(rx.cond(S.private_targets, "Allowed", "Refused"),
                             color_scheme=rx.cond(S.private_targets, "amber", "gray"), variant="soft", size="1",
                             data_testid="private-targets-state"),
                    spacing="2",
                    align="center",
                    padding="6px 10px",
                    border="1px solid #e2e8f0",
                    border_radius="8px",
                    background="white",
                ),
                content=rx.cond(
                    S.can_manage_settings,
                    "Tenant-wide: whether webhook URLs on loopback or private networks are accepted (SSRF guard).",
                    "Only a tenant admin (webhooks.manage for the whole tenant) can change this.",
                ),
            ),
            rx.cond(S.settings_message != "", rx.text(S.settings_message, size="1", color="#dc2626")),
            spacing="1",
            align="end",
            data_testid="private-targets",
        ),
    )


@rx.page(route="/webhooks", title="Webhooks · Clearway", on_load=S.load)
def webhooks() -> rx.Component:
    return shell(
        page_header(
            "Webhooks",
            "Where merchants receive payment and dispute events, how every delivery went, and how to verify them.",
            rx.hstack(
                private_targets_toggle(),
                rx.link(rx.button(rx.icon("store", size=14), "Add an endpoint on a merchant", variant="soft",
                                  white_space="nowrap"), href="/merchants"),
                spacing="3",
                align="center",
                flex_shrink="0",
            ),
        ),
        confirm_dialog(S),
        rx.tabs.root(
            rx.tabs.list(*[
                rx.tabs.trigger(rx.hstack(rx.icon(icon, size=14), rx.text(label), spacing="2", align="center"),
                                value=key, data_testid=f"webhooks-tab-{key}")
                for key, label, icon in TABS
            ]),
            value=S.tab,
            on_change=S.set_tab,
            margin_bottom="18px",
        ),
        rx.cond(S.tab == "signing", signing_tab(), _endpoints_tab()),
        active="/webhooks",
        title="Webhooks",
        section="Configuration",
    )

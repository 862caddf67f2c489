"""Webhooks tab: endpoints table, create/edit dialog, enable/disable, rotate secret, delete."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import forbidden_state
from ..components.forms import confirm_dialog, field_error, form_dialog, text_field
from ..components.secrets import grace_dialog, secret_dialog
from ..components.table import Col, count_label, data_table, toolbar
from ..state.merchant_webhooks import PREVIEW
from ..state.merchant_webhooks import WebhooksState as W
from .merchant_common import icon_action, section_title

COLUMNS = [
    Col("Endpoint", "url"),
    Col("Events", "event_count", width="270px"),
    Col("Enabled", "enabled", width="100px"),
    Col("Signing secret", "secret_hint", width="190px"),
    Col("", width="140px", align="right"),
]


def event_chips(row: Any) -> rx.Component:
    """The first event types of an endpoint row as chips, then '+n more' (also used by /webhooks)."""
    return rx.hstack(
        *[rx.cond(row[f"event_{i}"] != "", rx.code(row[f"event_{i}"], size="1", variant="soft", color_scheme="indigo"))
          for i in range(PREVIEW)],
        rx.cond(row["events_more"].to(int) > 0,
                rx.text("+", row["events_more"].to(int).to_string(), " more", size="1", color=T.MUTED)),
        rx.cond(row["event_count"].to(int) == 0, rx.badge("All event types", size="1", variant="soft", color_scheme="gray")),
        spacing="1",
        align="center",
        wrap="wrap",
    )


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(row["url"], size="2", weight="medium", font_family="ui-monospace, SFMono-Regular, Menlo, monospace",
                        max_width="420px", truncate=True, title=row["url"]),
                rx.text(rx.cond(row["description"] != "", row["description"], "No description"), size="1",
                        color=T.MUTED),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(event_chips(row), vertical_align="middle"),
        rx.table.cell(
            rx.cond(
                W.can_webhooks_manage,
                rx.switch(checked=row["enabled"].to(bool), on_change=lambda _: W.toggle_enabled(row["id"]),
                          color_scheme="green", data_testid="toggle-endpoint"),
                rx.cond(row["enabled"].to(bool), rx.badge("On", color_scheme="green", variant="soft"),
                        rx.badge("Off", color_scheme="gray", variant="soft")),
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.vstack(
                rx.code(row["secret_hint"], size="1", variant="ghost", color_scheme="gray"),
                rx.cond(row["rotating"].to(bool),
                        rx.text("Old secret valid until ", row["prev_until_label"], size="1", color="#b45309")),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.hstack(
                icon_action("scroll-text", "Delivery log", rx.redirect("/webhooks/" + row["id"].to(str)), "endpoint-log"),
                rx.cond(
                    W.can_webhooks_manage,
                    rx.hstack(
                        icon_action("pencil", "Edit", W.open_edit(row["id"]), "edit-endpoint"),
                        icon_action("refresh-cw", "Rotate signing secret", W.open_rotate(row["id"]), "rotate-endpoint"),
                        icon_action("trash-2", "Delete", W.ask_delete(row["id"]), "delete-endpoint", "red"),
                        spacing="3",
                    ),
                ),
                spacing="3",
                justify="end",
            ),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="endpoint-row",
    )


def _event_checkbox(t: Any) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.checkbox(
                checked=W.w_events.contains(t["name"]),
                on_change=lambda checked: W.toggle_event(t["name"], checked),
                margin_top="2px",
                data_testid="event-" + t["name"].to(str),
            ),
            rx.vstack(
                rx.code(t["name"], size="1", variant="ghost", color_scheme="gray", weight="medium"),
                rx.text(t["description"], size="1", color=T.MUTED),
                spacing="0",
            ),
            spacing="2",
            align="start",
        ),
        cursor="pointer",
        display="block",
    )


def _events_field() -> rx.Component:
    quick = lambda label, which: rx.link(label, size="1", on_click=W.select_events(which), cursor="pointer")  # noqa: E731
    return rx.vstack(
        rx.hstack(
            rx.text("Event types", size="2", weight="medium", color=T.TEXT),
            rx.badge(W.w_event_count.to_string() + " selected", size="1", variant="soft"),
            rx.spacer(),
            quick("All", "all"), quick("Payments", "payment"), quick("Disputes", "dispute"), quick("None", "none"),
            spacing="3",
            align="center",
            width="100%",
        ),
        rx.box(
            rx.foreach(W.event_types, _event_checkbox),
            display="grid",
            grid_template_columns="repeat(2, minmax(0, 1fr))",
            gap="10px 16px",
            padding="12px",
            border=f"1px solid {T.BORDER}",
            border_radius="10px",
            background="#f8fafc",
            max_height="260px",
            overflow_y="auto",
            width="100%",
        ),
        field_error(W, "eventTypes"),
        spacing="2",
        width="100%",
    )


def endpoint_dialog() -> rx.Component:
    return form_dialog(
        W,
        rx.cond(W.editing_id != "", "Edit webhook endpoint", "New webhook endpoint"),
        "Clearway POSTs signed Standard Webhooks to this URL. Private and metadata addresses are refused.",
        rx.vstack(
            text_field(W, "URL", "url", type="url", placeholder="https://shop.example.com/webhooks/clearway",
                       value=W.w_url, on_change=W.set_w_url, auto_focus=True),
            text_field(W, "Description", "description", placeholder="Order service (production)",
                       value=W.w_description, on_change=W.set_w_description),
            _events_field(),
            rx.el.label(
                rx.hstack(
                    rx.switch(checked=W.w_enabled, on_change=W.set_w_enabled, data_testid="input-enabled"),
                    rx.vstack(
                        rx.text("Enabled", size="2", weight="medium"),
                        rx.text("Disabled endpoints receive nothing until enabled again.", size="1", color=T.MUTED),
                        spacing="0",
                    ),
                    spacing="3",
                    align="center",
                ),
                cursor="pointer",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=W.save,
        submit_label=rx.cond(W.editing_id != "", "Save endpoint", "Create endpoint"),
        max_width="640px",
        testid="endpoint-dialog",
    )


def rotate_dialog() -> rx.Component:
    return grace_dialog(
        W,
        title="Rotate signing secret",
        body=rx.text("A new secret for ", rx.code(W.rotate_label, size="1"),
                     " is shown once. During the grace period deliveries carry signatures of both secrets."),
        confirm_label="Rotate secret",
        testid="rotate-endpoint-dialog",
    )


def webhooks_tab() -> rx.Component:
    return rx.cond(
        W.forbidden,
        forbidden_state("the webhook endpoints of this merchant"),
        rx.box(
            section_title(
                "Webhook endpoints",
                "Where this merchant receives payment and dispute events, signed with a whsec_ secret.",
                rx.cond(W.can_webhooks_manage,
                        rx.button(rx.icon("plus", size=16), "New endpoint", on_click=W.open_create,
                                  data_testid="new-endpoint")),
            ),
            rx.cond(
                W.error != "",
                rx.callout(W.error, icon="triangle-alert", color_scheme="red", variant="surface", size="1",
                           width="100%", margin_bottom="12px"),
            ),
            data_table(
                W,
                COLUMNS,
                _row,
                toolbar=toolbar(rx.spacer(), count_label(W.total_rows, "endpoint", "endpoints")),
                empty_title="No webhook endpoints",
                empty_description="Add the URL where the merchant's system should receive events.",
                empty_icon="webhook",
                testid="endpoints-table",
            ),
        ),
    )


def webhooks_dialogs() -> rx.Component:
    return rx.fragment(endpoint_dialog(), rotate_dialog(), confirm_dialog(W), secret_dialog(W, "endpoint-secret-dialog"))

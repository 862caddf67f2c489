"""Pieces of /webhooks/[endpoint_id]: header, banners, the delivery log table and its dialogs (attempt details, send
test, resend failed in a date range)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.forms import form_dialog, text_field
from ..components.payments import MONO, card, id_code, json_view
from ..components.table import Col, data_table, pager, toolbar
from ..state.webhook_endpoint import WebhookEndpointState as S
from .merchant_common import icon_action

COLUMNS = [
    Col("Event", "event_type"),
    Col("Status", "status", width="130px"),
    Col("Attempts", "attempts", width="100px", align="right"),
    Col("Next retry", "next_retry_abs", width="130px"),
    Col("Last response", "response", width="230px"),
    Col("Created", "created", width="130px"),
    Col("", width="80px", align="right"),
]


def status_pill(label: Any, color: Any, testid: str = "delivery-status") -> rx.Component:
    return rx.badge(label, color_scheme=color, variant="soft", size="1", radius="full", data_testid=testid)


def live_indicator() -> rx.Component:
    on = S.live | S.polling
    return rx.hstack(
        rx.cond(
            on,
            rx.hstack(
                rx.box(width="8px", height="8px", border_radius="999px", background="#16a34a", class_name="cw-pulse"),
                rx.text(rx.cond(S.live, "Live", "Refreshing every 5 s"), size="1", color="#166534", weight="medium",
                        data_testid="log-live-mode"),
                spacing="2",
                align="center",
            ),
            rx.text("Auto-refresh off", size="1", color=T.MUTED),
        ),
        rx.switch(checked=S.auto_refresh, on_change=S.set_auto_refresh, size="1", data_testid="log-auto-refresh"),
        spacing="2",
        align="center",
        padding="4px 10px",
        border_radius="999px",
        background=rx.cond(on, "#f0fdf4", "#f8fafc"),
        border=rx.cond(on, "1px solid #bbf7d0", f"1px solid {T.BORDER}"),
        data_testid="log-live-indicator",
    )


def header() -> rx.Component:
    e = S.ep
    return card(
        rx.hstack(
            rx.center(rx.icon("webhook", size=22, color="white"), width="52px", height="52px", border_radius="14px",
                      background=T.BRAND_GRADIENT, flex_shrink="0"),
            rx.vstack(
                rx.hstack(
                    rx.text(e["url"], size="3", weight="bold", font_family=MONO, color=T.TEXT, word_break="break-all",
                            data_testid="endpoint-url"),
                    status_pill(e["status_label"], e["status_color"], "endpoint-status"),
                    spacing="3",
                    align="center",
                    wrap="wrap",
                ),
                rx.hstack(
                    rx.link(rx.hstack(rx.icon("store", size=13), rx.text(e["merchant"], size="2"), spacing="1",
                                      align="center"),
                            href="/merchants/" + e["merchant_id"].to(str) + "?tab=webhooks", color=T.TEXT,
                            underline="hover", data_testid="endpoint-merchant"),
                    rx.text("·", color="#cbd5e1"),
                    rx.text(rx.cond(e["description"] != "", e["description"], "No description"), size="2", color=T.MUTED),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                rx.hstack(
                    rx.text("Signing secret", size="1", color=T.MUTED),
                    id_code(e["secret_hint"]),
                    rx.text("·", color="#cbd5e1"),
                    rx.text("Events: ", e["events_label"], size="1", color=T.MUTED),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                spacing="1",
                min_width="0",
                flex="1",
            ),
            rx.vstack(
                rx.hstack(
                    live_indicator(),
                    rx.button(rx.icon("refresh-cw", size=14), "Refresh", variant="soft", color_scheme="gray",
                              on_click=S.refresh, data_testid="log-refresh"),
                    spacing="2",
                    align="center",
                ),
                rx.cond(
                    S.can_manage,
                    rx.hstack(
                        rx.button(rx.icon("send", size=14), "Send test", on_click=S.open_test, data_testid="open-send-test"),
                        rx.button(rx.icon("rotate-ccw", size=14), "Resend failed…", variant="soft",
                                  on_click=S.open_resend_failed, data_testid="open-resend-failed"),
                        rx.link(rx.button(rx.icon("pencil", size=14), "Edit", variant="soft", color_scheme="gray"),
                                href="/merchants/" + e["merchant_id"].to(str) + "?tab=webhooks"),
                        spacing="2",
                    ),
                    rx.text("Read only: sending and resending need webhooks.manage", size="1", color=T.MUTED,
                            data_testid="read-only-note"),
                ),
                rx.text("Updated ", S.refreshed_label, size="1", color=T.MUTED),
                spacing="2",
                align="end",
            ),
            spacing="4",
            align="center",
            width="100%",
        ),
        padding="20px 22px",
        margin_bottom="16px",
    )


def banners() -> rx.Component:
    e = S.ep
    enable = rx.cond(
        S.can_manage,
        rx.button(rx.cond(S.enabling, rx.spinner(size="1"), rx.icon("power", size=14)), "Re-enable endpoint",
                  color_scheme="red", on_click=S.enable, disabled=S.enabling, data_testid="enable-endpoint"),
    )
    return rx.fragment(
        rx.cond(
            e["status"] == "disabled",
            rx.callout.root(
                rx.callout.icon(rx.icon("circle-off")),
                rx.hstack(
                    rx.vstack(
                        rx.text("This endpoint was disabled on ", e["disabled_at"], weight="bold", size="2"),
                        rx.text(e["disabled_reason"], size="2"),
                        rx.text("New events are not delivered to it. Fix the receiver, re-enable, then resend the failed "
                                "deliveries of the gap.", size="1"),
                        spacing="1",
                    ),
                    rx.spacer(),
                    enable,
                    align="center",
                    width="100%",
                ),
                color_scheme="red",
                variant="surface",
                width="100%",
                margin_bottom="16px",
                data_testid="disabled-banner",
            ),
        ),
        rx.cond(
            e["status"] == "off",
            rx.callout.root(
                rx.callout.icon(rx.icon("pause")),
                rx.hstack(rx.text("This endpoint is switched off: it receives nothing until enabled again.", size="2"),
                          rx.spacer(), enable, align="center", width="100%"),
                color_scheme="gray", variant="surface", width="100%", margin_bottom="16px", data_testid="off-banner",
            ),
        ),
        rx.cond(
            e["status"] == "failing",
            rx.callout(
                rx.text("Every delivery has failed since ", e["failing_since"], ". Retries continue; after 5 days of "
                        "failures the endpoint is disabled automatically and the tenant is emailed."),
                icon="triangle-alert", color_scheme="amber", variant="surface", size="1", width="100%",
                margin_bottom="16px", data_testid="failing-banner",
            ),
        ),
    )


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.hstack(
                    rx.code(row["event_type"], size="2", variant="ghost", weight="medium"),
                    rx.cond(row["is_test"].to(bool), rx.badge("test", size="1", color_scheme="violet", variant="soft")),
                    spacing="2",
                    align="center",
                ),
                rx.text(row["event_id"], size="1", color=T.MUTED, font_family=MONO),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(status_pill(row["status_label"], row["status_color"]), vertical_align="middle"),
        rx.table.cell(rx.text(row["attempts"].to_string(), size="2", font_variant_numeric="tabular-nums",
                              data_testid="delivery-attempts"), text_align="right", vertical_align="middle"),
        rx.table.cell(rx.text(rx.cond(row["next_retry"] != "", row["next_retry"], "—"), size="2", color=T.MUTED,
                              title=row["next_retry_abs"]), vertical_align="middle"),
        rx.table.cell(rx.text(row["response"], size="2", color=rx.cond(row["response_ok"].to(bool), "#166534", "#b91c1c"),
                              truncate=True, max_width="220px", title=row["response_title"], data_testid="delivery-response"),
                      vertical_align="middle"),
        rx.table.cell(rx.text(row["created_label"], size="2", color=T.MUTED, title=row["created_abs"]),
                      vertical_align="middle"),
        rx.table.cell(
            rx.hstack(
                icon_action("file-search", "Attempt details", S.view_delivery(row["id"]), "delivery-details"),
                rx.cond(S.can_manage & row["can_resend"].to(bool),
                        icon_action("rotate-ccw", "Resend", S.ask_resend(row["id"]), "delivery-resend")),
                spacing="3",
                justify="end",
            ),
            text_align="right",
            vertical_align="middle",
            on_click=rx.stop_propagation,
        ),
        on_click=S.view_delivery(row["id"]),
        cursor="pointer",
        _hover={"background": "#f8fafc"},
        data_testid="delivery-row",
    )


def delivery_log() -> rx.Component:
    return data_table(
        S,
        COLUMNS,
        _row,
        toolbar=toolbar(
            rx.text("Delivery log", size="3", weight="bold"),
            rx.select.root(
                rx.select.trigger(width="210px", data_testid="status-filter"),
                rx.select.content(rx.foreach(S.status_options, lambda o: rx.select.item(o["label"], value=o["id"]))),
                value=S.status_filter,
                on_change=S.set_status_filter,
                size="2",
            ),
            rx.spacer(),
            rx.text(rx.cond(S.delivery_total == 1, "1 delivery", S.delivery_total.to_string() + " deliveries"), size="2",
                    color=T.MUTED, data_testid="delivery-count"),
        ),
        footer=rx.vstack(
            pager(S),
            rx.cond(S.has_more, rx.center(
                rx.button(rx.icon("chevrons-down", size=14), "Load older deliveries", variant="soft", color_scheme="gray",
                          size="1", on_click=S.load_more, disabled=S.loading, data_testid="load-older"),
                width="100%", padding_bottom="10px")),
            spacing="0",
            width="100%",
        ),
        empty_title=rx.cond(S.status_filter == "ALL", "No deliveries yet", "No deliveries with this status"),
        empty_description=rx.cond(S.status_filter == "ALL",
                                  "Events this endpoint subscribes to appear here as they are sent. Send a test delivery "
                                  "to try it.", "Choose another status, or all statuses."),
        empty_icon="send",
        testid="delivery-log",
    )


def _attempt(a: Any) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.badge("Attempt ", a["number"].to_string(), size="1", variant="outline", color_scheme="gray"),
            rx.badge(rx.cond(a["succeeded"].to(bool), "Delivered", "Failed"),
                     color_scheme=rx.cond(a["succeeded"].to(bool), "green", "red"), variant="soft", size="1"),
            rx.text("HTTP ", a["response_status"], size="2", weight="medium", data_testid="attempt-code"),
            rx.text(a["duration"], size="2", color=T.MUTED),
            rx.spacer(),
            rx.text(a["at"], size="1", color=T.MUTED),
            spacing="3",
            align="center",
            width="100%",
        ),
        rx.cond(a["error"] != "", rx.callout(a["error"], icon="circle-alert", color_scheme="red", variant="surface",
                                             size="1", margin_top="10px", data_testid="attempt-error")),
        rx.grid(
            rx.vstack(rx.text("Request headers", size="1", weight="medium", color=T.MUTED),
                      json_view(a["request_headers"], "180px", "attempt-headers"), spacing="1", width="100%"),
            rx.vstack(rx.text("Response body (first 2 KB)", size="1", weight="medium", color=T.MUTED),
                      json_view(rx.cond(a["response_body"] != "", a["response_body"], "(empty)"), "180px",
                                "attempt-response"), spacing="1", width="100%"),
            columns="2",
            gap="12px",
            margin_top="10px",
            width="100%",
        ),
        rx.vstack(rx.text("Request body POSTed to ", rx.code(a["url"], size="1"), size="1", weight="medium",
                          color=T.MUTED),
                  json_view(a["request_body"], "200px", "attempt-body"), spacing="1", width="100%", margin_top="10px"),
        padding="14px",
        border=f"1px solid {T.BORDER}",
        border_radius="10px",
        width="100%",
        data_testid="attempt",
    )


def detail_dialog() -> rx.Component:
    d = S.detail
    return rx.dialog.root(
        rx.dialog.content(
            rx.hstack(
                rx.dialog.title(rx.code(d["event_type"], size="4", variant="ghost"), margin="0"),
                status_pill(d["status_label"], d["status_color"], "detail-status"),
                rx.cond(d["is_test"].to(bool), rx.badge("test", color_scheme="violet", variant="soft")),
                rx.spacer(),
                rx.cond(S.can_manage & d["can_resend"].to(bool),
                        rx.button(rx.icon("rotate-ccw", size=14), "Resend", size="2", variant="soft",
                                  on_click=S.ask_resend(d["id"].to(str)), data_testid="detail-resend")),
                rx.dialog.close(rx.icon_button(rx.icon("x", size=16), variant="ghost", color_scheme="gray")),
                spacing="3",
                align="center",
                width="100%",
            ),
            rx.dialog.description(
                rx.hstack(
                    rx.text("webhook-id ", size="1", color=T.MUTED), id_code(d["event_id"]),
                    rx.text("· created ", d["created_abs"], size="1", color=T.MUTED),
                    rx.cond(d["next_retry"] != "", rx.text("· next retry ", d["next_retry"], " (", d["next_retry_abs"], ")",
                                                           size="1", color=T.MUTED)),
                    rx.cond(d["transaction_id"] != "", rx.link("Open transaction", href="/transactions/" + d["transaction_id"].to(str),
                                                                size="1")),
                    spacing="2", align="center", wrap="wrap",
                ),
                margin_bottom="12px",
            ),
            rx.tabs.root(
                rx.tabs.list(rx.tabs.trigger("Attempts (", S.detail_attempts.length().to_string(), ")", value="attempts"),
                             rx.tabs.trigger("Event payload", value="payload")),
                rx.tabs.content(
                    rx.cond(S.detail_attempts.length() > 0,
                            rx.vstack(rx.foreach(S.detail_attempts, _attempt), spacing="3", width="100%", padding_top="12px"),
                            rx.text("Not sent yet: the first attempt is queued.", size="2", color=T.MUTED, padding_top="12px")),
                    value="attempts",
                ),
                rx.tabs.content(rx.box(json_view(d["payload"], "60vh", "delivery-payload"), padding_top="12px"),
                                value="payload"),
                default_value="attempts",
            ),
            max_width="980px",
            max_height="88vh",
            overflow_y="auto",
            data_testid="delivery-detail",
        ),
        open=S.detail_open,
        on_open_change=S.set_detail_open,
    )


def test_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Send a test delivery", size="5"),
            rx.dialog.description("A sample payload of the chosen event type, marked \"test\": true, is signed and sent "
                                  "now. It appears in the delivery log like any other.", color=T.MUTED,
                                  custom_attrs={"size": "2"}, margin_bottom="14px"),
            rx.vstack(
                rx.text("Event type", size="2", weight="medium"),
                rx.select.root(
                    rx.select.trigger(width="100%", data_testid="test-event-type"),
                    rx.select.content(rx.foreach(S.event_types, lambda t: rx.select.item(t["name"], value=t["name"]))),
                    value=S.test_type,
                    on_change=S.set_test_type,
                ),
                rx.text(S.test_description, size="1", color=T.MUTED),
                rx.cond(S.test_error != "", rx.callout(S.test_error, icon="circle-alert", color_scheme="red",
                                                       variant="surface", size="1", width="100%")),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(rx.cond(S.test_busy, rx.spinner(size="1"), rx.icon("send", size=14)), "Send test",
                              on_click=S.send_test, disabled=S.test_busy, data_testid="send-test"),
                    justify="end",
                    spacing="3",
                    width="100%",
                    padding_top="8px",
                ),
                spacing="2",
                width="100%",
            ),
            max_width="460px",
            data_testid="send-test-dialog",
        ),
        open=S.test_open,
        on_open_change=S.set_test_open,
    )


def resend_failed_dialog() -> rx.Component:
    return form_dialog(
        S,
        "Resend failed deliveries",
        "Every delivery of this endpoint that failed or ran out of retries, created in this range (UTC), is sent again "
        "now with its original webhook-id. Receivers must deduplicate on it.",
        rx.grid(
            text_field(S, "From (UTC)", "from", type="datetime-local", value=S.r_from, on_change=S.set_r_from),
            text_field(S, "To (UTC)", "to", type="datetime-local", value=S.r_to, on_change=S.set_r_to),
            columns="2",
            gap="12px",
            width="100%",
        ),
        on_submit=S.resend_failed,
        submit_label="Resend failed deliveries",
        testid="resend-failed-dialog",
    )

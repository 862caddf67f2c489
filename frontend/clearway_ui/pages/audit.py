"""/audit — the append-only audit trail."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import error_callout, forbidden_state
from ..components.layout import page_header, shell
from ..components.table import Col, data_table, search_box, toolbar
from ..state.audit import AUDIT_PAGE_SIZES, AuditState

S = AuditState

COLUMNS = [
    Col("Time (UTC)"),
    Col("Actor"),
    Col("Action"),
    Col("Target"),
    Col("IP"),
    Col("", width="90px", align="right"),
]

TARGET_TYPES = [
    ("ALL", "All targets"),
    ("user", "User"),
    ("role", "Role"),
    ("role_assignment", "Role assignment"),
    ("access_grant", "Access grant"),
    ("tenant", "Tenant"),
    ("merchant_group", "Merchant group"),
    ("merchant", "Merchant"),
    ("api_key", "API key"),
    ("session", "Session"),
]


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.text(row["occurred_label"], size="2", white_space="nowrap", font_variant_numeric="tabular-nums"),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.vstack(
                rx.text(row["actor"], size="2", weight="medium"),
                rx.text(row["actor_type_label"], size="1", color=T.MUTED),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.hstack(
                rx.code(row["action"], size="2", variant="soft"),
                rx.cond(
                    row["outcome"] != "ok",
                    rx.badge(row["outcome"], color_scheme=rx.cond(row["outcome"] == "denied", "orange", "red"),
                             variant="soft", size="1"),
                ),
                spacing="2",
                align="center",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.vstack(
                rx.text(row["target_type"], size="2"),
                rx.text(row["target_id"], size="1", color=T.MUTED, font_family="monospace"),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(rx.text(row["ip"], size="2", color=T.MUTED, font_family="monospace"), vertical_align="middle"),
        rx.table.cell(
            rx.button("Details", size="1", variant="ghost", color_scheme="gray", on_click=S.show_detail(row["id"])),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="audit-row",
    )


def _footer() -> rx.Component:
    return rx.hstack(
        rx.text(S.server_range, size="2", color=T.MUTED, data_testid="table-range"),
        rx.spacer(),
        rx.hstack(
            rx.text("Rows per page", size="1", color=T.MUTED),
            rx.select(AUDIT_PAGE_SIZES, value=S.server_page_size.to_string(), on_change=S.set_server_page_size,
                      size="1", variant="soft", color_scheme="gray"),
            spacing="2",
            align="center",
        ),
        rx.text("Page ", (S.server_page + 1).to_string(), size="2", color=T.MUTED),
        rx.hstack(
            rx.icon_button(rx.icon("chevron-left", size=16), variant="outline", color_scheme="gray", size="1",
                           disabled=S.server_page == 0, on_click=S.server_prev, aria_label="Previous page",
                           data_testid="page-prev"),
            rx.icon_button(rx.icon("chevron-right", size=16), variant="outline", color_scheme="gray", size="1",
                           disabled=~S.server_has_next, on_click=S.server_next, aria_label="Next page",
                           data_testid="page-next"),
            spacing="1",
        ),
        spacing="4",
        align="center",
        padding_x="16px",
        padding_y="10px",
        border_top=f"1px solid {T.BORDER}",
        width="100%",
    )


def _meta(label: str, value: Any) -> rx.Component:
    return rx.data_list.item(
        rx.data_list.label(label),
        rx.data_list.value(rx.text(value, size="2", font_family="monospace", word_break="break-all")),
    )


def _detail_dialog() -> rx.Component:
    d = S.detail
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.hstack(rx.text("Audit event"), rx.code(d["action"], variant="soft"), spacing="2")),
            rx.data_list.root(
                _meta("Time", d["occurred_label"]),
                _meta("Actor", d["actor"] + " (" + d["actor_type_label"] + ")"),
                _meta("Target", d["target_type"] + " " + d["target_id"]),
                _meta("Outcome", d["outcome"]),
                _meta("IP", d["ip"]),
                _meta("Request id", d["request_id"]),
                size="2",
                margin_y="12px",
            ),
            rx.text("Change (secrets masked)", size="2", weight="medium"),
            rx.cond(
                d["diff"] != "",
                rx.code_block(d["diff"], language="json", wrap_long_lines=True, custom_style={"fontSize": "12px"},
                              max_height="45vh", overflow="auto"),
                rx.text("No field changes recorded.", size="2", color=T.MUTED),
            ),
            rx.hstack(rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")), justify="end",
                      margin_top="12px"),
            max_width="720px",
        ),
        open=S.detail_open,
        on_open_change=S.set_detail_open,
    )


@rx.page(route="/audit", title="Audit · Clearway", on_load=S.load)
def audit() -> rx.Component:
    return shell(
        page_header(
            "Audit trail",
            rx.cond(
                S.is_operator & ~S.has_tenant,
                "The system operator's own actions: tenant management and operator logins. Newest first.",
                "Every change and sensitive read in this tenant, newest first. Append-only.",
            ),
        ),
        error_callout(S.error),
        rx.cond(
            S.forbidden,
            forbidden_state("the audit trail"),
            data_table(
                S,
                COLUMNS,
                _row,
                toolbar=toolbar(
                    rx.debounce_input(
                        search_box(S.action_filter, S.set_action_filter, "Action, e.g. user.create", "audit-action"),
                        debounce_timeout=400,
                    ),
                    rx.select.root(
                        rx.select.trigger(data_testid="audit-target", min_width="170px"),
                        rx.select.content(*[rx.select.item(lbl, value=val) for val, lbl in TARGET_TYPES]),
                        value=rx.cond(S.target_filter == "", "ALL", S.target_filter),
                        on_change=S.set_target_filter,
                    ),
                    rx.cond(
                        (S.action_filter != "") | (S.target_filter != ""),
                        rx.button("Clear filters", variant="ghost", color_scheme="gray", size="2",
                                  on_click=S.clear_filters),
                    ),
                ),
                empty_title="No audit events",
                empty_description="Nothing matches these filters.",
                empty_icon="scroll-text",
                footer=_footer(),
                testid="audit-table",
            ),
        ),
        _detail_dialog(),
        active="/audit",
        title="Audit",
        section="Reporting",
    )

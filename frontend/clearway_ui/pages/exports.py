"""/exports — new export (kind + transaction filter) and the history with live progress and downloads."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import error_callout, forbidden_state
from ..components.forms import form_error, labelled_select, option_select, text_field
from ..components.layout import page_header, shell
from ..components.table import Col, data_table
from ..state.exports import KINDS, STATUSES, ExportsState

S = ExportsState

COLUMNS = [
    Col("Export", "kind_label"),
    Col("Status", "status", width="220px"),
    Col("Rows", "rows_done", align="right"),
    Col("File"),
    Col("Created (UTC)", "created"),
    Col("", width="130px", align="right"),
]

STATUS_COLORS = {"QUEUED": "gray", "RUNNING": "indigo", "SUCCEEDED": "green", "FAILED": "red", "EXPIRED": "amber"}


def _status(row: Any) -> rx.Component:
    badge = rx.badge(row["status_label"], color_scheme=rx.match(row["status"], *STATUS_COLORS.items(), "gray"),
                     variant="soft", size="1", data_testid="export-status")
    return rx.vstack(
        rx.hstack(badge, rx.cond(row["running"], rx.text(row["progress"].to_string() + " %", size="1", color=T.MUTED)),
                  spacing="2", align="center"),
        rx.cond(row["running"], rx.progress(value=row["progress"], max=100, size="1", color_scheme="indigo",
                                            width="160px", data_testid="export-progress")),
        rx.cond(row["error"] != "", rx.text(row["error"], size="1", color=T.DANGER)),
        rx.cond(row["status"] == "EXPIRED", rx.text("File deleted (retention): create the export again", size="1",
                                                    color=T.MUTED, data_testid="export-expired")),
        spacing="1",
    )


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(row["kind_label"], size="2", weight="medium"),
                                rx.text(row["filter"], size="1", color=T.MUTED, max_width="360px"),
                                spacing="0"), vertical_align="middle"),
        rx.table.cell(_status(row), vertical_align="middle"),
        rx.table.cell(rx.text(row["rows"], size="2", font_variant_numeric="tabular-nums", white_space="nowrap"), text_align="right",
                      vertical_align="middle"),
        rx.table.cell(rx.vstack(rx.text(row["file_name"], size="1", font_family="monospace"),
                                rx.text(row["size_line"], size="1", color=T.MUTED, data_testid="export-kept-until",
                                        title="Files are deleted after the retention period"),
                                spacing="0"), vertical_align="middle"),
        rx.table.cell(rx.vstack(rx.text(row["created_label"], size="2", white_space="nowrap"),
                                rx.text(row["created_by"], size="1", color=T.MUTED), spacing="0"), vertical_align="middle"),
        rx.table.cell(
            rx.cond(row["succeeded"], rx.button(
                rx.cond(S.downloading == row["id"], rx.spinner(size="1"), rx.icon("download", size=14)), "Download",
                size="1", variant="soft", on_click=S.download(row["id"]), data_testid="export-download",
                title="A single-use link valid 5 minutes")),
            text_align="right", vertical_align="middle"),
        data_testid="export-row",
    )


def _input(label: str, name: str, value: Any, field: str, placeholder: str = "", type: str = "text") -> rx.Component:
    return text_field(S, label, name, value=value, on_change=lambda v: S.set_field(field, v), placeholder=placeholder,
                      type=type)


def _form() -> rx.Component:
    return rx.box(
        rx.hstack(rx.icon("file-plus-2", size=18, color="#4f46e5"), rx.heading("New export", size="4"), spacing="2",
                  align="center"),
        rx.text("Exports run in the background; large ones show their progress below. Downloads use a link valid "
                "for 5 minutes, once.", size="2", color=T.MUTED),
        form_error(S),
        rx.grid(
            labelled_select(S, "What", "kind", KINDS, value=S.kind, on_change=S.set_kind),
            option_select(S, "Merchant", "merchantIds", S.merchants, value=S.merchant_id, on_change=S.set_merchant_id),
            labelled_select(S, "Status", "statuses", STATUSES, value=S.status, on_change=S.set_status),
            _input("Currency", "currency", S.currency, "currency", "e.g. EUR"),
            _input("Created from", "createdFrom", S.created_from, "created_from", type="date"),
            _input("Created to", "createdTo", S.created_to, "created_to", type="date"),
            _input("Amount from", "amountMin", S.amount_min, "amount_min", "e.g. 10.00"),
            _input("Amount to", "amountMax", S.amount_max, "amount_max", "e.g. 500.00"),
            _input("User reference", "userReference", S.user_reference, "user_reference"),
            _input("Transaction or order id", "search", S.search, "search"),
            columns=rx.breakpoints(initial="1", sm="2", lg="5"),
            spacing="3",
            width="100%",
        ),
        rx.hstack(
            rx.button(rx.cond(S.form_busy, rx.spinner(size="2"), rx.icon("play", size=15)), "Create export",
                      on_click=S.create, disabled=S.form_busy, data_testid="create-export"),
            rx.button("Clear filters", variant="ghost", color_scheme="gray", on_click=S.clear_filters),
            spacing="3",
        ),
        display="flex",
        flex_direction="column",
        gap="14px",
        padding="20px",
        margin_bottom="20px",
        **T.CARD_STYLE,
        data_testid="export-form",
    )


@rx.page(route="/exports", title="Exports · Clearway", on_load=S.load)
def exports() -> rx.Component:
    return shell(
        page_header("Exports", "CSV and XLSX of any filtered transaction list, webhook log reports, and signed "
                               "compliance bundles. PDF receipts and JSON evidence are on each transaction's page."),
        error_callout(S.error),
        rx.cond(
            S.forbidden,
            forbidden_state("exports"),
            rx.fragment(
                _form(),
                data_table(S, COLUMNS, _row, empty_title="No exports yet",
                           empty_description="Create one above: it appears here with its progress.",
                           empty_icon="download", testid="exports-table"),
            ),
        ),
        active="/exports",
        title="Exports",
        section="Reporting",
    )

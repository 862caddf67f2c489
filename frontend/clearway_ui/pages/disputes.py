"""/disputes — the dispute workbench: disputes of the merchants you may read, filtered by status and merchant,
sortable and paged; rows open /disputes/<id>. Disputes are opened from a settled transaction's page."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.disputes import dispute_status_badge, outcome_badge
from ..components.feedback import error_callout, forbidden_state
from ..components.layout import page_header, shell
from ..components.payments import amount_text
from ..components.table import Col, data_table, search_box, toolbar
from ..state.dispute_rows import STATUS_LABELS
from ..state.disputes import STATUS_FILTERS
from ..state.disputes import DisputesState as S

MONO = "ui-monospace, SFMono-Regular, Menlo, monospace"
COLUMNS = [
    Col("Dispute"),
    Col("Status", key="status", width="170px"),
    Col("Amount", key="amount", width="130px", align="right"),
    Col("Merchant", key="merchant", width="130px"),
    Col("Transaction", width="150px"),
    Col("Opened", key="opened_at", width="150px"),
    Col("Escalates", width="90px"),
    Col("", width="40px"),
]


def _row(row: Any) -> rx.Component:
    href = "/disputes/" + row["id"].to(str)
    return rx.table.row(
        rx.table.cell(
            rx.link(
                rx.vstack(
                    rx.text(row["id"], size="2", weight="medium", color="#4338ca", font_family=MONO, white_space="nowrap"),
                    rx.text(row["reason"], size="1", color=T.MUTED, max_width="230px", overflow="hidden",
                            text_overflow="ellipsis", white_space="nowrap"),
                    spacing="0",
                ),
                href=href, underline="none", data_testid="dispute-link",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(rx.hstack(dispute_status_badge(row["status"], row["status_label"]),
                                outcome_badge(row["outcome"], row["outcome_label"]), spacing="1", align="center"),
                      vertical_align="middle"),
        rx.table.cell(amount_text(row["amount_label"], size="2", weight="medium"), text_align="right", vertical_align="middle"),
        rx.table.cell(rx.link(rx.text(row["merchant"], size="2", color=T.TEXT, white_space="nowrap"),
                              href="/merchants/" + row["merchant_id"].to(str), underline="hover"), vertical_align="middle"),
        rx.table.cell(rx.link(rx.text(row["transaction_id"], size="1", font_family=MONO, white_space="nowrap", overflow="hidden",
                                      text_overflow="ellipsis", max_width="140px", title=row["transaction_id"]),
                              href="/transactions/" + row["transaction_id"].to(str), underline="hover", color="#4338ca"),
                      vertical_align="middle"),
        rx.table.cell(rx.vstack(rx.text(row["opened_rel"], size="2", white_space="nowrap"),
                                rx.text(row["opened_abs"], size="1", color=T.MUTED, white_space="nowrap"), spacing="0"),
                      vertical_align="middle"),
        rx.table.cell(
            rx.cond(row["escalates"] != "",
                    rx.text(row["escalates"], size="2", white_space="nowrap", title=row["escalate_abs"],
                            color=rx.cond(row["escalates"] == "due now", T.DANGER, T.TEXT)),
                    rx.text("—", size="2", color="#cbd5e1")),
            vertical_align="middle",
        ),
        rx.table.cell(rx.link(rx.icon_button(rx.icon("chevron-right", size=16), size="1", variant="ghost", color_scheme="gray",
                                             aria_label="Open dispute"), href=href),
                      text_align="right", vertical_align="middle"),
        data_testid="dispute-row",
        _hover={"background": "#f8fafc"},
    )


def _status_chip(key: str, label: str) -> rx.Component:
    active = S.status_filter == key.lower()
    return rx.button(
        label,
        rx.badge(S.counts[key].to_string(), size="1", radius="full", variant=rx.cond(active, "solid", "soft"),
                 color_scheme=rx.cond(active, "indigo", "gray")),
        size="1",
        variant=rx.cond(active, "soft", "ghost"),
        color_scheme=rx.cond(active, "indigo", "gray"),
        on_click=S.set_status_filter(key.lower()),
        data_testid=f"status-chip-{key.lower()}",
    )


def _toolbar() -> rx.Component:
    return toolbar(
        rx.select.root(
            rx.select.trigger(width="200px", data_testid="status-select"),
            rx.select.content(*[rx.select.item(label, value=value) for value, label in STATUS_FILTERS], position="popper"),
            value=S.status_filter,
            on_change=S.set_status_filter,
        ),
        rx.select.root(
            rx.select.trigger(width="210px", data_testid="merchant-select"),
            rx.select.content(rx.foreach(S.merchant_options, lambda o: rx.select.item(o["label"], value=o["id"])),
                              position="popper", max_height="320px"),
            value=S.merchant_filter,
            on_change=S.set_merchant_filter,
        ),
        search_box(S.quick_filter, S.set_quick_filter, "Filter by id, reason, merchant…", "dispute-search"),
        rx.spacer(),
        rx.cond(S.truncated, rx.text("Newest ", S.total_rows.to_string(), " of ", S.matching.to_string(), size="1",
                                     color=T.MUTED)),
        rx.button(rx.cond(S.loading & S.loaded, rx.spinner(size="1"), rx.icon("refresh-cw", size=14)), "Refresh",
                  size="2", variant="soft", color_scheme="gray", on_click=S.refresh, data_testid="disputes-refresh"),
    )


@rx.page(route="/disputes", title="Disputes · Clearway", on_load=S.load)
def disputes() -> rx.Component:
    return shell(
        page_header(
            "Disputes",
            "Payers' disputes of settled payments: the held amount, evidence, the thread with the merchant, and the "
            "outcome. Unresolved disputes escalate 48 hours after opening. Open one from a settled transaction.",
        ),
        error_callout(S.error),
        rx.cond(
            S.forbidden,
            forbidden_state("disputes"),
            rx.vstack(
                rx.hstack(*[_status_chip(k, v) for k, v in STATUS_LABELS.items()], spacing="2", wrap="wrap",
                          data_testid="status-chips"),
                data_table(
                    S, COLUMNS, _row,
                    toolbar=_toolbar(),
                    empty_title="No disputes here",
                    empty_description="Nothing matches these filters. Disputes are opened from a settled transaction's "
                                      "page (Open dispute).",
                    empty_icon="scale",
                    testid="disputes-table",
                ),
                spacing="3",
                width="100%",
            ),
        ),
        active="/disputes",
        title="Disputes",
        section="Payments",
    )

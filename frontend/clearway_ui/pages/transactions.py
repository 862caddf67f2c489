"""/transactions — the transactions the caller reaches, newest first, keyset-paged;
``?merchant=<id>`` shows one merchant's (a removable filter chip). Rows open /transactions/<id>."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import error_callout, forbidden_state
from ..components.layout import page_header, shell
from ..components.payments import amount_text, id_code, method_icon, pulse_style, txn_env_badge, txn_status_badge
from ..components.table import Col, data_table, toolbar
from ..state.transactions import TransactionsState as S

COLUMNS = [
    Col("Transaction"),
    Col("Status", width="150px"),
    Col("Amount", width="140px", align="right"),
    Col("Merchant", width="170px"),
    Col("Method", width="170px"),
    Col("Environment", width="120px"),
    Col("Created", width="200px"),
    Col("", width="48px"),
]


def txn_link_cell(row: Any) -> rx.Component:
    return rx.table.cell(
        rx.link(
            rx.vstack(
                rx.text(row.id, size="2", weight="medium", color="#4338ca", font_family="ui-monospace, SFMono-Regular, Menlo, monospace",
                        white_space="nowrap"),
                rx.cond(row.order_id != "", rx.text("Order " + row.order_id, size="1", color=T.MUTED),
                        rx.text("No order id", size="1", color="#cbd5e1")),
                spacing="0",
            ),
            href="/transactions/" + row.id,
            underline="none",
            data_testid="txn-link",
        ),
        vertical_align="middle",
    )


def _row(row: Any) -> rx.Component:
    href = "/transactions/" + row.id
    return rx.table.row(
        txn_link_cell(row),
        rx.table.cell(txn_status_badge(row.status, row.status_label), vertical_align="middle"),
        rx.table.cell(
            rx.vstack(
                amount_text(row.amount, size="2", weight="medium"),
                rx.cond(row.refunded != "", rx.text(row.refunded, size="1", color="#6d28d9", white_space="nowrap")),
                spacing="0",
                align="end",
            ),
            text_align="right",
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.link(rx.text(row.merchant, size="2", color=T.TEXT, white_space="nowrap"),
                    href="/merchants/" + row.merchant_id, underline="hover"),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.hstack(method_icon(row.method_type, 14, T.MUTED), rx.text(row.method, size="2", white_space="nowrap"),
                      spacing="2", align="center"),
            vertical_align="middle",
        ),
        rx.table.cell(txn_env_badge(row.environment), vertical_align="middle"),
        rx.table.cell(
            rx.vstack(rx.text(row.created_rel, size="2", white_space="nowrap"),
                      rx.text(row.created_abs, size="1", color=T.MUTED, white_space="nowrap"), spacing="0"),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.link(rx.icon_button(rx.icon("chevron-right", size=16), size="1", variant="ghost", color_scheme="gray",
                                   aria_label="Open transaction"), href=href),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="txn-row",
        _hover={"background": "#f8fafc"},
    )


def keyset_pager() -> rx.Component:
    return rx.hstack(
        rx.text(S.range_label, size="2", color=T.MUTED, data_testid="table-range"),
        rx.spacer(),
        rx.text("Newest first", size="1", color=T.MUTED),
        rx.hstack(
            rx.button(rx.icon("chevron-left", size=15), "Newer", size="1", variant="outline", color_scheme="gray",
                      disabled=~S.has_prev, on_click=S.prev_page, data_testid="page-prev"),
            rx.button("Older", rx.icon("chevron-right", size=15), size="1", variant="outline", color_scheme="gray",
                      disabled=~S.has_next, on_click=S.next_page, data_testid="page-next"),
            spacing="2",
        ),
        spacing="4",
        align="center",
        padding_x="16px",
        padding_y="10px",
        border_top=f"1px solid {T.BORDER}",
        width="100%",
    )


def _toolbar() -> rx.Component:
    return toolbar(
        rx.select.root(
            rx.select.trigger(width="220px", data_testid="merchant-select"),
            rx.select.content(
                rx.foreach(S.merchant_options, lambda o: rx.select.item(o["label"], value=o["id"])),
                position="popper",
                max_height="320px",
            ),
            value=S.filter_value,
            on_change=S.filter_merchant,
        ),
        rx.cond(
            S.merchant_filter != "",
            rx.link(
                rx.badge(rx.icon("store", size=12), "Merchant: " + S.merchant_filter_name, rx.icon("x", size=12),
                         variant="soft", color_scheme="indigo", size="2", radius="full"),
                href="/transactions",
                underline="none",
                data_testid="merchant-filter",
            ),
        ),
        rx.spacer(),
        rx.text(S.total.to_string(), rx.cond(S.total == 1, " transaction", " transactions"), size="2",
                color=T.MUTED, data_testid="txn-total"),
        rx.button(rx.cond(S.loading & S.loaded, rx.spinner(size="1"), rx.icon("refresh-cw", size=14)), "Refresh",
                  size="2", variant="soft", color_scheme="gray", on_click=S.refresh, data_testid="txn-list-refresh"),
    )


@rx.page(route="/transactions", title="Transactions · Clearway", on_load=S.load)
def transactions() -> rx.Component:
    return shell(
        pulse_style(),
        page_header(
            "Transactions",
            "Every payment of the merchants you reach, newest first. Open one for its timeline, routing path, "
            "provider callbacks and overrides.",
        ),
        error_callout(S.error),
        rx.cond(
            S.forbidden,
            forbidden_state("transactions"),
            data_table(
                S,
                COLUMNS,
                _row,
                rows=S.rows,
                toolbar=_toolbar(),
                footer=keyset_pager(),
                empty_title=rx.cond(S.merchant_filter != "", "No transactions for this merchant yet",
                                    "No transactions yet"),
                empty_description="Create a test deposit on a merchant's Developer tab, or send a payment through "
                                  "the integrator API.",
                empty_icon="arrow-left-right",
                testid="transactions-table",
            ),
        ),
        active="/transactions",
        title="Transactions",
        section="Payments",
    )

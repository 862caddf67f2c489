"""/transactions — the investigation search: every filter (merchant, brand, method, status, dates, amounts, currency,
user reference, id / order id) and the sort are in the URL (see state/txn_query.py), shown as removable chips;
keyset pages; rows open /transactions/<id>."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import error_callout, forbidden_state
from ..components.layout import page_header, shell
from ..components.payments import amount_text, id_code, method_icon, pulse_style, txn_env_badge, txn_status_badge
from ..components.table import Col, data_table
from ..state.transactions import TransactionsState as S

COLUMNS = [
    Col("Transaction"),
    Col("Status", width="150px"),
    Col("Amount", key="amount", width="150px", align="right"),
    Col("Merchant / brand", width="180px"),
    Col("Method", width="170px"),
    Col("Environment", width="120px"),
    Col("Created", key="created", width="200px"),
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
            rx.vstack(
                rx.link(rx.text(row.merchant, size="2", color=T.TEXT, white_space="nowrap"),
                        href="/merchants/" + row.merchant_id, underline="hover"),
                rx.text(row.brand, size="1", color=T.MUTED, white_space="nowrap"),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            # a long method name wraps: the table fits at 1440 px
            rx.hstack(method_icon(row.method_type, 14, T.MUTED), rx.text(row.method, size="2"), spacing="2", align="center"),
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
        rx.text(S.sort_label, size="1", color=T.MUTED, data_testid="sort-label"),
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


def _multi(label: Any, options: Any, key: str, selected: Any, testid: str) -> rx.Component:
    """A filter with several values: a button opening a checklist (the choice applies with Apply)."""
    active = selected.length() > 0
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(label, rx.icon("chevron-down", size=14), type="button", size="2",
                      variant=rx.cond(active, "soft", "outline"), color_scheme=rx.cond(active, "indigo", "gray"),
                      data_testid=testid),
        ),
        rx.popover.content(
            rx.vstack(
                rx.cond(options.length() == 0, rx.text("Nothing to choose from.", size="2", color=T.MUTED)),
                rx.foreach(options, lambda o: rx.hstack(
                    rx.checkbox(o.label, checked=selected.contains(o.id), on_change=lambda _v: S.toggle(key, o.id), size="2",
                                data_testid=f"{testid}-option"),
                    rx.text(o.hint, size="1", color=T.MUTED),
                    spacing="2", align="center",
                )),
                spacing="2", max_height="320px", overflow_y="auto", min_width="220px",
            ),
            side="bottom", align="start",
        ),
    )


def _field(label: str, control: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color=T.MUTED, weight="medium"), control, spacing="1")


def _filters() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.hstack(
                rx.input(rx.input.slot(rx.icon("search", size=15)), value=S.f_q, on_change=lambda v: S.set_text("f_q", v),
                         placeholder="Transaction id or order id", size="2", width="300px", data_testid="filter-search"),
                _multi(S.merchant_button, S.merchant_options, "merchant", S.f_merchants, "filter-merchant"),
                _multi(S.brand_button, S.brand_options, "brand", S.f_brands, "filter-brand"),
                _multi(S.method_button, S.method_options, "method", S.f_methods, "filter-method"),
                _multi(S.status_button, S.status_options, "status", S.f_statuses, "filter-status"),
                rx.spacer(),
                rx.text(S.total_label, size="2", color=T.MUTED, data_testid="txn-total"),
                rx.button(rx.cond(S.loading & S.loaded, rx.spinner(size="1"), rx.icon("refresh-cw", size=14)), "Refresh",
                          type="button", size="2", variant="soft", color_scheme="gray", on_click=S.refresh,
                          data_testid="txn-list-refresh"),
                spacing="2", align="center", width="100%", wrap="wrap",
            ),
            rx.hstack(
                _field("Created from (UTC)", rx.input(type="datetime-local", value=S.f_from, on_change=lambda v: S.set_text("f_from", v),
                                                      size="2", data_testid="filter-from")),
                _field("to (UTC)", rx.input(type="datetime-local", value=S.f_to, on_change=lambda v: S.set_text("f_to", v),
                                            size="2", data_testid="filter-to")),
                _field("Amount from", rx.input(value=S.f_min, on_change=lambda v: S.set_text("f_min", v), placeholder="0.00",
                                               size="2", width="110px", input_mode="decimal", data_testid="filter-min")),
                _field("to", rx.input(value=S.f_max, on_change=lambda v: S.set_text("f_max", v), placeholder="any",
                                      size="2", width="110px", input_mode="decimal", data_testid="filter-max")),
                _field("Currency", rx.select(S.currency_options, value=S.currency_value, on_change=S.set_currency, size="2",
                                             data_testid="filter-currency")),
                _field("User reference", rx.input(value=S.f_ref, on_change=lambda v: S.set_text("f_ref", v), placeholder="exact",
                                                  size="2", width="150px", data_testid="filter-ref")),
                rx.button(rx.icon("filter", size=14), "Apply", type="submit", size="2", data_testid="filter-apply"),
                spacing="3", align="end", wrap="wrap", width="100%",
            ),
            rx.cond(S.filter_error != "", rx.text(S.filter_error, size="2", color=T.DANGER, data_testid="filter-error")),
            rx.cond(
                S.has_filters,
                rx.hstack(
                    rx.foreach(S.chips, lambda c: rx.link(
                        rx.badge(c.label, rx.icon("x", size=12), variant="soft", color_scheme="indigo", size="2", radius="full"),
                        href=c.href, underline="none", data_testid="filter-chip")),
                    rx.link(rx.text("Clear all", size="2"), href="/transactions", data_testid="filter-clear"),
                    spacing="2", wrap="wrap", align="center",
                ),
            ),
            spacing="3", width="100%",
        ),
        on_submit=S.apply,
        reset_on_submit=False,
        width="100%",
        padding_x="16px",
        padding_y="12px",
        border_bottom=f"1px solid {T.BORDER}",
    )


@rx.page(route="/transactions", title="Transactions · Clearway", on_load=S.load)
def transactions() -> rx.Component:
    return shell(
        pulse_style(),
        page_header(
            "Transactions",
            "Every payment of the merchants you reach. Filters and sort are part of the address: copy it to share "
            "this view. Open a payment for its timeline, routing path, webhooks, callbacks and overrides.",
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
                toolbar=_filters(),
                footer=keyset_pager(),
                empty_title=rx.cond(S.has_filters, "No transactions match these filters", "No transactions yet"),
                empty_description=rx.cond(S.has_filters, "Remove a filter chip above, or clear them all.",
                                          "Create a test deposit on a merchant's Developer tab, or send a payment through "
                                          "the integrator API."),
                empty_icon="arrow-left-right",
                testid="transactions-table",
            ),
        ),
        active="/transactions",
        title="Transactions",
        section="Payments",
    )

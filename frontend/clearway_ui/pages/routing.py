"""/routing — the payment methods of every merchant the caller reaches, with their routing versions."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import error_callout, forbidden_state, stat_card, status_badge
from ..components.forms import form_dialog, option_select, text_field, labelled_select
from ..components.layout import page_header, shell
from ..components.table import Col, count_label, data_table, search_box, toolbar
from ..state.routing import METHOD_TYPES
from ..state.routing import RoutingListState as S

COLUMNS = [
    Col("Payment method", "name"),
    Col("Merchant · brand", "merchant"),
    Col("Type", "type_label", width="150px"),
    Col("Currencies", "currencies_text", width="140px"),
    Col("Limits (minor units)", "min", width="190px"),
    Col("Routing", "published", width="190px"),
    Col("Status", "enabled", width="110px"),
    Col("", width="48px"),
]


def type_icon(mtype: Any, size: int = 16, color: str = "#4f46e5") -> rx.Component:
    return rx.match(
        mtype,
        ("CARD", rx.icon("credit-card", size=size, color=color)),
        ("VIRTUAL_ACCOUNT", rx.icon("landmark", size=size, color=color)),
        ("EWALLET", rx.icon("wallet", size=size, color=color)),
        ("QR", rx.icon("qr-code", size=size, color=color)),
        rx.icon("wallet", size=size, color=color),
    )


def routing_badges(published: Any, published_label: Any, draft: Any, draft_label: Any) -> rx.Component:
    return rx.hstack(
        rx.cond(
            published > 0,
            rx.badge(rx.icon("circle-check", size=11), "Live " + published_label, color_scheme="green",
                     variant="soft", data_testid="method-published"),
            rx.badge(rx.icon("circle-alert", size=11), "Not published", color_scheme="red", variant="soft",
                     data_testid="method-published"),
        ),
        rx.cond(draft > 0, rx.badge(rx.icon("pencil-line", size=11), draft_label, color_scheme="amber",
                                    variant="soft", data_testid="method-draft")),
        spacing="1",
        wrap="wrap",
    )


def _row(row: Any) -> rx.Component:
    href = "/routing/" + row["id"].to(str)
    return rx.table.row(
        rx.table.cell(
            rx.link(
                rx.hstack(
                    rx.center(type_icon(row["type"]), width="32px", height="32px", border_radius="8px",
                              background="#eef2ff", flex_shrink="0"),
                    rx.text(row["name"], size="2", weight="medium", color=T.TEXT, white_space="nowrap"),
                    spacing="3",
                    align="center",
                ),
                href=href,
                underline="none",
                data_testid="method-link",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.vstack(
                rx.text(row["merchant"], size="2", color=T.TEXT),
                rx.text(row["brand"], size="1", color=T.MUTED),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(rx.text(row["type_label"], size="2", color=T.MUTED), vertical_align="middle"),
        rx.table.cell(
            rx.hstack(
                rx.foreach(row["currencies"].to(list[str]),
                           lambda c: rx.badge(c, variant="surface", color_scheme="gray", size="1")),
                spacing="1",
                wrap="wrap",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(rx.text(row["limits"], size="2", color=T.MUTED, font_variant_numeric="tabular-nums"),
                      vertical_align="middle"),
        rx.table.cell(
            routing_badges(row["published"].to(int), row["published_label"].to(str), row["draft"].to(int),
                           row["draft_label"].to(str)),
            vertical_align="middle",
        ),
        rx.table.cell(status_badge(row["enabled"], "Enabled", "Disabled"), vertical_align="middle"),
        rx.table.cell(
            rx.link(
                rx.icon_button(rx.icon("chevron-right", size=16), size="1", variant="ghost", color_scheme="gray",
                               aria_label="Open blueprint"),
                href=href,
            ),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="method-row",
    )


def _new_method_dialog() -> rx.Component:
    return form_dialog(
        S,
        "New payment method",
        "A way to pay inside a brand, with the currencies and amounts it accepts. Its routing blueprint is "
        "edited next.",
        rx.vstack(
            option_select(S, "Merchant · brand", "brandId", S.brand_choices, value=S.n_brand_id,
                          on_change=S.set_n_brand_id, placeholder="Choose a brand…"),
            rx.grid(
                text_field(S, "Name", "name", placeholder="Cards", auto_focus=True),
                labelled_select(S, "Type", "type", METHOD_TYPES, value=S.n_type, on_change=S.set_n_type),
                columns="2",
                spacing="3",
                width="100%",
            ),
            text_field(S, "Currencies", "currencies", placeholder="EUR, USD",
                       hint="ISO 4217 codes, separated by commas."),
            rx.grid(
                text_field(S, "Minimum amount", "minAmount", placeholder="100", default_value="100",
                           hint="Minor units: 100 = 1.00 EUR."),
                text_field(S, "Maximum amount", "maxAmount", placeholder="100000000", default_value="100000000",
                           hint="Minor units."),
                columns="2",
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                rx.switch(checked=S.n_enabled, on_change=S.set_n_enabled, data_testid="input-enabled"),
                rx.text("Enabled: accepts payments once its routing is published", size="2"),
                spacing="2",
                align="center",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.create_method,
        submit_label="Create payment method",
        max_width="560px",
        testid="method-dialog",
    )


@rx.page(route="/routing", title="Routing · Clearway", on_load=S.load)
def routing() -> rx.Component:
    actions = rx.cond(
        S.can_routing_edit,
        rx.button(rx.icon("plus", size=16), "New payment method", on_click=S.open_create, data_testid="new-method"),
    )
    stats = rx.grid(
        stat_card("Payment methods", S.stats["methods"], "wallet"),
        stat_card("Published", S.stats["published"], "circle-check"),
        stat_card("Drafts in progress", S.stats["drafts"], "pencil-line"),
        stat_card("Refusing live traffic", S.stats["unpublished"], "circle-alert"),
        columns="4",
        spacing="4",
        width="100%",
        margin_bottom="20px",
    )
    return shell(
        page_header(
            "Routing",
            "Payment methods of the merchants you reach. Each routes payments with a versioned blueprint: "
            "rules send them to MASTER MID GROUPs, a fallback catches the rest.",
            actions,
        ),
        error_callout(S.error),
        rx.cond(
            S.forbidden,
            forbidden_state("routing"),
            rx.box(
                rx.cond(S.loaded, stats),
                data_table(
                    S,
                    COLUMNS,
                    _row,
                    toolbar=toolbar(
                        search_box(S.quick_filter, S.set_quick_filter, "Search payment methods…",
                                   "methods-search"),
                        rx.cond(
                            S.merchant_filter != "",
                            rx.link(
                                rx.badge(rx.icon("store", size=12), "Merchant: " + S.merchant_filter_name,
                                         rx.icon("x", size=12), variant="soft", color_scheme="indigo", size="2",
                                         radius="full"),
                                href="/routing",
                                underline="none",
                                data_testid="merchant-filter",
                            ),
                        ),
                        rx.spacer(),
                        count_label(S.total_rows, "payment method", "payment methods"),
                    ),
                    empty_title="No payment methods",
                    empty_description="Create a payment method inside a brand, then build its routing blueprint.",
                    empty_icon="wallet",
                    testid="methods-table",
                ),
                width="100%",
            ),
        ),
        _new_method_dialog(),
        active="/routing",
        title="Routing",
        section="Configuration",
    )

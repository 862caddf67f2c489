"""/merchants — the merchants the caller reaches, with their readiness."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import error_callout, forbidden_state, status_badge
from ..components.forms import form_dialog, option_select, text_field
from ..components.layout import page_header, shell
from ..components.readiness import readiness_meter
from ..components.table import Col, count_label, data_table, search_box, toolbar
from ..state.merchants import MerchantsState as S
from ..state.merchants import NewGroupState as G

COLUMNS = [
    Col("Merchant", "name"),
    Col("Group", "group"),
    Col("Status", "status"),
    Col("Brands", "brands", width="90px"),
    Col("Readiness", "ready_done", width="190px"),
    Col("Created", "created", width="130px"),
    Col("", width="48px"),
]


def _merchant_cell(row: Any) -> rx.Component:
    return rx.table.cell(
        rx.link(
            rx.hstack(
                rx.center(
                    rx.text(row["name"].to(str)[:1].upper(), size="2", weight="bold", color="#4f46e5"),
                    width="32px",
                    height="32px",
                    border_radius="8px",
                    background="#eef2ff",
                    flex_shrink="0",
                ),
                rx.text(row["name"], size="2", weight="medium", color=T.TEXT),
                spacing="3",
                align="center",
            ),
            href="/merchants/" + row["id"].to(str),
            underline="none",
            data_testid="merchant-link",
        ),
        vertical_align="middle",
    )


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        _merchant_cell(row),
        rx.table.cell(
            rx.cond(
                row["group"] != "",
                rx.hstack(rx.icon("folder", size=14, color=T.MUTED), rx.text(row["group"], size="2"),
                          spacing="2", align="center"),
                rx.text("—", size="2", color=T.MUTED),
            ),
            vertical_align="middle",
        ),
        rx.table.cell(status_badge(row["active"], "Active", "Disabled"), vertical_align="middle"),
        rx.table.cell(rx.text(row["brands"], size="2", color=T.MUTED), vertical_align="middle"),
        rx.table.cell(
            readiness_meter(row["ready_done"].to(int), row["ready_total"].to(int), row["ready_pct"].to(int),
                            testid="merchant-readiness"),
            vertical_align="middle",
        ),
        rx.table.cell(rx.text(row["created_label"], size="2", color=T.MUTED), vertical_align="middle"),
        rx.table.cell(
            rx.link(
                rx.icon_button(rx.icon("chevron-right", size=16), size="1", variant="ghost", color_scheme="gray",
                               aria_label="Open merchant"),
                href="/merchants/" + row["id"].to(str),
            ),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="merchant-row",
    )


def _new_merchant_dialog() -> rx.Component:
    return form_dialog(
        S,
        "New merchant",
        "A merchant is a business that takes payments through this tenant. "
        "Brands, users, API keys and webhooks are set up on its page.",
        rx.vstack(
            text_field(S, "Name", "name", placeholder="Acme Shoes", auto_focus=True),
            option_select(
                S,
                "Merchant group",
                "merchantGroupId",
                S.group_choices,
                value=S.new_group_id,
                on_change=S.set_new_group_id,
                hint="Optional. Users with access to a group reach all of its merchants.",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.create_merchant,
        submit_label="Create merchant",
        testid="merchant-dialog",
    )


def _new_group_dialog() -> rx.Component:
    return form_dialog(
        G,
        "New merchant group",
        "Group merchants that belong together, e.g. one company's shops. "
        "Access and merchant roles can be given on a whole group.",
        rx.vstack(
            text_field(G, "Name", "name", placeholder="Acme Retail Group", auto_focus=True),
            spacing="3",
            width="100%",
        ),
        on_submit=G.create_group,
        submit_label="Create group",
        testid="group-dialog",
    )


@rx.page(route="/merchants", title="Merchants · Clearway", on_load=S.load)
def merchants() -> rx.Component:
    actions = rx.cond(
        S.can_merchants_manage,
        rx.hstack(
            rx.button(rx.icon("folder-plus", size=16), "New merchant group", variant="outline",
                      on_click=G.open_create, data_testid="new-group"),
            rx.button(rx.icon("store", size=16), "New merchant", on_click=S.open_create, data_testid="new-merchant"),
            spacing="3",
        ),
    )
    return shell(
        page_header("Merchants", "Businesses taking payments through this tenant, and how ready each is for deposits.",
                    actions),
        error_callout(S.error),
        rx.cond(
            S.forbidden,
            forbidden_state("merchants"),
            data_table(
                S,
                COLUMNS,
                _row,
                toolbar=toolbar(
                    rx.debounce_input(
                        search_box(S.search, S.set_search, "Search merchants…", "merchants-search"),
                        debounce_timeout=350,
                    ),
                    rx.spacer(),
                    count_label(S.total_rows, "merchant", "merchants"),
                ),
                empty_title="No merchants found",
                empty_description="Try another search, or create the first merchant.",
                empty_icon="store",
                testid="merchants-table",
            ),
        ),
        _new_merchant_dialog(),
        _new_group_dialog(),
        active="/merchants",
        title="Merchants",
        section="Payments",
    )

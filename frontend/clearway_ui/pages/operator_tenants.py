"""/operator/tenants — system operator console."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import stat_card, status_badge
from ..components.forms import confirm_dialog, form_dialog, labelled_select, text_field
from ..components.list_dialogs import header_action, list_page
from ..components.table import Col, data_table, search_box, toolbar
from ..state.tenants import PLANS, TenantsState

S = TenantsState

COLUMNS = [
    Col("Tenant", "name"),
    Col("Plan", "plan"),
    Col("Rate limit", "rate_limit", align="right"),
    Col("Status", "status"),
    Col("Users", "users", align="right"),
    Col("Merchants", "merchants", align="right"),
    Col("API keys", "api_keys", align="right"),
    Col("Transactions", "transactions", align="right"),
    Col("Created", "created"),
    Col("", width="150px", align="right"),
]


def _num(value: Any) -> rx.Component:
    return rx.table.cell(
        rx.text(value, size="2", font_variant_numeric="tabular-nums"), text_align="right", vertical_align="middle"
    )


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(row["name"], size="2", weight="medium"),
                rx.code(row["slug"], size="1", variant="ghost", color_scheme="gray"),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.badge(
                row["plan"],
                variant="soft",
                color_scheme=rx.match(row["plan"], ("ENTERPRISE", "violet"), ("PRO", "indigo"), "gray"),
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.text(row["rate_limit"].to(int).to_string() + "/min", size="2", color=T.MUTED,
                    font_variant_numeric="tabular-nums"),
            text_align="right",
            vertical_align="middle",
        ),
        rx.table.cell(status_badge(row["is_active"], "Active", "Suspended"), vertical_align="middle"),
        _num(row["users"]),
        _num(row["merchants"]),
        _num(row["api_keys"]),
        _num(row["transactions"]),
        rx.table.cell(rx.text(row["created_label"], size="2", color=T.MUTED), vertical_align="middle"),
        rx.table.cell(
            rx.hstack(
                rx.dropdown_menu.root(
                    rx.dropdown_menu.trigger(
                        rx.button("Plan", rx.icon("chevron-down", size=12), size="1", variant="soft",
                                  color_scheme="gray", data_testid="plan-menu"),
                    ),
                    rx.dropdown_menu.content(
                        *[
                            rx.dropdown_menu.item(
                                p.title(),
                                on_click=S.ask_plan(row["id"], p),
                                disabled=row["plan"] == p,
                            )
                            for p in PLANS
                        ],
                    ),
                ),
                rx.button(
                    rx.cond(row["is_active"], "Suspend", "Activate"),
                    size="1",
                    variant="soft",
                    color_scheme=rx.cond(row["is_active"], "red", "green"),
                    on_click=S.ask_toggle_status(row["id"]),
                    data_testid="toggle-status",
                ),
                spacing="2",
                justify="end",
            ),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="tenant-row",
    )


def _create_dialog() -> rx.Component:
    return form_dialog(
        S,
        "New tenant",
        "Creates the tenant and its first administrator, who can then set up merchants and users.",
        rx.vstack(
            rx.grid(
                text_field(S, "Company name", "name", placeholder="Acme Payments", auto_focus=True),
                text_field(S, "Slug", "slug", placeholder="acme", hint="Lowercase letters, digits and dashes."),
                columns="2",
                spacing="3",
                width="100%",
            ),
            labelled_select(
                S, "Plan", "plan", [(p, p.title()) for p in PLANS], value=S.new_plan, on_change=S.set_new_plan
            ),
            rx.separator(size="4"),
            rx.text("First administrator", size="2", weight="bold"),
            rx.grid(
                text_field(S, "Email", "adminEmail", type="email", placeholder="admin@acme.com"),
                text_field(S, "Full name", "adminName", placeholder="Alex Admin"),
                columns="2",
                spacing="3",
                width="100%",
            ),
            text_field(S, "Password", "adminPassword", type="password", hint="At least 10 characters."),
            spacing="3",
            width="100%",
        ),
        on_submit=S.create_tenant,
        submit_label="Create tenant",
        max_width="600px",
        testid="tenant-dialog",
    )


@rx.page(route="/operator/tenants", title="Tenants · Clearway", on_load=S.load)
def operator_tenants() -> rx.Component:
    return list_page(
        S,
        "Tenants",
        "Every company running its back office on this Clearway installation. Usage shows counts only.",
        rx.vstack(
            rx.grid(
                stat_card("Tenants", S.total_rows, "building-2"),
                stat_card("Active", S.active_count, "circle-check"),
                stat_card("Suspended", S.suspended_count, "circle-pause"),
                columns="3",
                spacing="4",
                width="100%",
            ),
            data_table(
                S,
                COLUMNS,
                _row,
                toolbar=toolbar(
                    search_box(S.quick_filter, S.set_quick_filter, "Filter tenants…", "tenants-filter"),
                ),
                empty_title="No tenants",
                empty_description="Create the first tenant to get started.",
                empty_icon="building-2",
                testid="tenants-table",
            ),
            spacing="5",
            width="100%",
        ),
        _create_dialog(),
        confirm_dialog(S),
        action=header_action(S.is_operator, "plus", "New tenant", S.open_create, "new-tenant"),
        what="the operator console",
        active="/operator/tenants",
        section="System operator",
    )

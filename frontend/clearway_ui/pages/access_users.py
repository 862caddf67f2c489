"""/access/users"""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import status_badge
from ..components.forms import confirm_dialog, form_dialog, labelled_select, text_field
from ..components.list_dialogs import header_action, kind_badge, list_page, server_search_toolbar
from ..components.table import Col, data_table
from ..state.users import UsersState

S = UsersState

COLUMNS = [
    Col("User", "email"),
    Col("Kind", "kind"),
    Col("Status", "is_active"),
    Col("2FA", "totp"),
    Col("Last login", "last_login"),
    Col("", width="120px", align="right"),
]


def _user_cell(row: Any) -> rx.Component:
    return rx.table.cell(
        rx.hstack(
            rx.center(
                rx.icon("user", size=15, color="#4f46e5"),
                width="32px",
                height="32px",
                border_radius="999px",
                background="#eef2ff",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.text(rx.cond(row["name"] != "", row["name"], "—"), size="2", weight="medium"),
                rx.text(row["email"], size="1", color=T.MUTED),
                spacing="0",
            ),
            spacing="3",
            align="center",
        ),
        vertical_align="middle",
    )


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        _user_cell(row),
        rx.table.cell(
            kind_badge(row["kind_label"], row["kind"]),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.hstack(
                status_badge(row["is_active"]),
                rx.cond(row["locked"], rx.badge("Locked", color_scheme="orange", variant="soft", radius="full")),
                spacing="1",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.cond(
                row["totp"],
                rx.hstack(rx.icon("shield-check", size=15, color="#16a34a"), rx.text("On", size="2"),
                          spacing="1", align="center"),
                rx.text("Off", size="2", color=T.MUTED),
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.text(row["last_login_label"], size="2", color=T.MUTED, title=row["last_login_title"]),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.cond(
                S.can_access_manage & (row["id"] != S.me_id),
                rx.button(
                    rx.cond(row["is_active"], "Deactivate", "Activate"),
                    size="1",
                    variant="soft",
                    color_scheme=rx.cond(row["is_active"], "red", "green"),
                    on_click=S.ask_toggle_active(row["id"]),
                    data_testid="toggle-active",
                ),
            ),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="user-row",
        align="center",
    )


def _create_dialog() -> rx.Component:
    return form_dialog(
        S,
        "New user",
        "The user signs in with this email and password. Assign roles afterwards.",
        rx.vstack(
            text_field(S, "Email", "email", type="email", placeholder="jane@company.com", auto_focus=True),
            text_field(S, "Full name", "name", placeholder="Jane Doe"),
            text_field(S, "Password", "password", type="password", hint="At least 10 characters."),
            labelled_select(
                S,
                "Kind",
                "kind",
                [("PLATFORM", "Platform user (tenant staff)"), ("MERCHANT", "Merchant user")],
                value=S.new_kind,
                on_change=S.set_new_kind,
            ),
            rx.text(
                rx.cond(
                    S.new_kind == "PLATFORM",
                    "Platform users are tenant staff: they work across merchants according to their roles.",
                    "Merchant users only reach the merchant or merchant group of their role assignment.",
                ),
                size="1",
                color=T.MUTED,
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.create_user,
        submit_label="Create user",
        testid="user-dialog",
    )


@rx.page(route="/access/users", title="Users · Clearway", on_load=S.load)
def access_users() -> rx.Component:
    return list_page(
        S,
        "Users",
        "People who can sign in to this tenant's back office.",
        data_table(
            S,
            COLUMNS,
            _row,
            toolbar=server_search_toolbar(S, S.search, S.set_search, "Search email or name…", "users-search",
                                          "user", "users"),
            empty_title="No users found",
            empty_description="Try another search, or create the first user.",
            empty_icon="users",
            testid="users-table",
        ),
        _create_dialog(),
        confirm_dialog(S),
        action=header_action(S.can_access_manage, "user-plus", "New user", S.open_create, "new-user"),
        what="the user list",
        active="/access/users",
    )

"""/access/assignments — role assignments and merchant-access grants."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import error_callout
from ..components.forms import confirm_dialog, form_dialog, labelled_select, option_select
from ..components.list_dialogs import filter_toolbar, header_action, kind_badge, list_page, role_context_fields
from ..components.table import Col, data_table
from ..state.assignments import AssignmentsState as A
from ..state.assignments import GrantsState as G

A_COLUMNS = [
    Col("User", "user_email"),
    Col("Role", "role_name"),
    Col("Context", "context_type"),
    Col("Assigned", "created"),
    Col("", width="110px", align="right"),
]

G_COLUMNS = [
    Col("User", "user_email"),
    Col("Access to", "target_type"),
    Col("Name", "target_name"),
    Col("Granted", "created"),
    Col("", width="110px", align="right"),
]


def _user_cell(email: Any, name: Any = None) -> rx.Component:
    return rx.table.cell(
        rx.vstack(
            rx.text(email, size="2", weight="medium"),
            rx.text(name, size="1", color=T.MUTED) if name is not None else rx.fragment(),
            spacing="0",
        ),
        vertical_align="middle",
    )


def _revoke_button(state: Any, row: Any, allowed: Any) -> rx.Component:
    return rx.table.cell(
        rx.cond(
            allowed,
            rx.button(
                "Revoke",
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=state.ask_revoke(row["id"]),
                data_testid="revoke",
            ),
        ),
        text_align="right",
        vertical_align="middle",
    )


def _a_row(row: Any) -> rx.Component:
    return rx.table.row(
        _user_cell(row["user_email"], row["user_name"]),
        rx.table.cell(
            rx.hstack(
                rx.text(row["role_name"], size="2"),
                kind_badge(row["role_kind_label"], row["role_kind"], size="1"),
                spacing="2",
                align="center",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.hstack(
                rx.icon(
                    rx.match(row["context_type"], ("TENANT", "building-2"), ("MERCHANT_GROUP", "boxes"), "store"),
                    size=14,
                    color=T.MUTED,
                ),
                rx.vstack(
                    rx.text(row["context_label"], size="2"),
                    rx.cond(
                        row["context_type"] != "TENANT",
                        rx.text(row["context_name"], size="1", color=T.MUTED),
                    ),
                    spacing="0",
                ),
                spacing="2",
                align="center",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(rx.text(row["created_label"], size="2", color=T.MUTED), vertical_align="middle"),
        _revoke_button(A, row, A.can_manage_users),
        data_testid="assignment-row",
    )


def _g_row(row: Any) -> rx.Component:
    return rx.table.row(
        _user_cell(row["user_email"]),
        rx.table.cell(rx.badge(row["target_type"], variant="soft", color_scheme="gray"), vertical_align="middle"),
        rx.table.cell(rx.text(row["target_name"], size="2"), vertical_align="middle"),
        rx.table.cell(rx.text(row["created_label"], size="2", color=T.MUTED), vertical_align="middle"),
        _revoke_button(G, row, G.can_access_manage),
        data_testid="grant-row",
    )


def _assign_dialog() -> rx.Component:
    return form_dialog(
        A,
        "Assign role",
        "Give a user a role in a context: the whole tenant for platform roles, "
        "a merchant group or a merchant for merchant roles.",
        rx.vstack(
            option_select(A, "User", "userId", A.users, value=A.a_user, on_change=A.set_a_user,
                          placeholder="Pick a user"),
            *role_context_fields(A),
            spacing="3",
            width="100%",
        ),
        on_submit=A.assign,
        submit_label="Assign role",
        testid="assign-dialog",
    )


def _grant_dialog() -> rx.Component:
    return form_dialog(
        G,
        "Grant merchant access",
        "Platform users reach merchants through grants (unless a role gives access to all merchants).",
        rx.vstack(
            option_select(G, "User", "userId", G.users, value=G.g_user, on_change=G.set_g_user,
                          placeholder="Pick a user"),
            labelled_select(
                G,
                "Access to",
                "targetType",
                [("MERCHANT", "A merchant"), ("MERCHANT_GROUP", "A merchant group")],
                value=G.g_target_type,
                on_change=G.set_g_target_type,
            ),
            option_select(
                G,
                rx.cond(G.g_target_type == "MERCHANT_GROUP", "Merchant group", "Merchant"),
                "target",
                G.target_choices,
                value=G.g_target_id,
                on_change=G.set_g_target_id,
                placeholder="Pick one",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=G.grant,
        submit_label="Grant access",
        testid="grant-dialog",
    )


def _section_title(title: str, description: str, action: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.heading(title, size="4", weight="bold"),
            rx.text(description, size="2", color=T.MUTED),
            spacing="0",
        ),
        rx.spacer(),
        action,
        align="end",
        width="100%",
        margin_bottom="12px",
    )


@rx.page(route="/access/assignments", title="Role assignments · Clearway", on_load=[A.load, G.load])
def access_assignments() -> rx.Component:
    return list_page(
        A,
        "Role assignments",
        "Who holds which role where, and which merchants platform users reach.",
        rx.box(
            _section_title(
                "Role assignments",
                "A role applies in its context only.",
                header_action(A.can_manage_users, "key-round", "Assign role", A.open_assign, "assign-role"),
            ),
            data_table(
                A,
                A_COLUMNS,
                _a_row,
                toolbar=filter_toolbar(A, "Filter by user, role or context…", "assignments-filter",
                                       "assignment", "assignments"),
                empty_title="No role assignments",
                empty_description="Assign a role to give a user permissions.",
                empty_icon="key-round",
                testid="assignments-table",
            ),
        ),
        rx.box(height="32px"),
        error_callout(G.error),
        rx.cond(
            G.forbidden,
            rx.fragment(),
            rx.box(
                _section_title(
                    "Merchant access",
                    "Grants of a merchant or a merchant group to a platform user.",
                    header_action(G.can_access_manage, "store", "Grant access", G.open_grant, "grant-access",
                                  variant="outline"),
                ),
                data_table(
                    G,
                    G_COLUMNS,
                    _g_row,
                    toolbar=filter_toolbar(G, "Filter grants…", "grants-filter", "grant", "grants"),
                    empty_title="No merchant access grants",
                    empty_description="Grant a merchant or merchant group to a platform user.",
                    empty_icon="store",
                    testid="grants-table",
                ),
            ),
        ),
        _assign_dialog(),
        _grant_dialog(),
        confirm_dialog(A),
        confirm_dialog(G),
        what="role assignments",
        active="/access/assignments",
    )

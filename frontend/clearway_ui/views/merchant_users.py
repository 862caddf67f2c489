"""Users tab: role assignments in this merchant's context, invitations, "Invite user"."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.forms import confirm_dialog, form_dialog, option_select, text_field
from ..components.table import Col, count_label, data_table, toolbar
from ..state.merchant_users import MerchantInvitationsState as I
from ..state.merchant_users import MerchantMembersState as M
from .merchant_common import icon_action, section_title

M_COLUMNS = [
    Col("User", "user_email"),
    Col("Role", "role_name"),
    Col("Where", "context_label"),
    Col("Assigned", "created", width="130px"),
]

I_COLUMNS = [
    Col("Invitee", "email"),
    Col("Role", "role_name"),
    Col("Status", "status", width="120px"),
    Col("Expires", "expires", width="170px"),
    Col("Sent", "created", width="120px"),
    Col("", width="60px", align="right"),
]


def _person(email: Any, name: Any) -> rx.Component:
    return rx.hstack(
        rx.center(rx.icon("user", size=15, color="#0d9488"), width="32px", height="32px", border_radius="999px",
                  background="#ccfbf1", flex_shrink="0"),
        rx.vstack(
            rx.text(rx.cond(name != "", name, email), size="2", weight="medium"),
            rx.cond(name != "", rx.text(email, size="1", color=T.MUTED)),
            spacing="0",
        ),
        spacing="3",
        align="center",
    )


def _m_row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_person(row["user_email"], row["user_name"]), vertical_align="middle"),
        rx.table.cell(rx.badge(row["role_name"], color_scheme="teal", variant="soft"), vertical_align="middle"),
        rx.table.cell(
            rx.cond(
                row["via_group"],
                rx.hstack(rx.icon("folder", size=14, color=T.MUTED), rx.text(row["context_label"], size="2"),
                          spacing="2", align="center"),
                rx.hstack(rx.icon("store", size=14, color=T.MUTED), rx.text(row["context_label"], size="2"),
                          spacing="2", align="center"),
            ),
            vertical_align="middle",
        ),
        rx.table.cell(rx.text(row["created_label"], size="2", color=T.MUTED), vertical_align="middle"),
        data_testid="member-row",
    )


def _i_row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_person(row["email"], row["name"]), vertical_align="middle"),
        rx.table.cell(rx.text(row["role_name"], size="2"), vertical_align="middle"),
        rx.table.cell(
            rx.badge(row["status_label"], color_scheme=rx.match(
                row["status"], ("PENDING", "amber"), ("ACCEPTED", "green"), ("EXPIRED", "red"), "gray"),
                variant="soft", radius="full"),
            vertical_align="middle",
        ),
        rx.table.cell(rx.text(row["expires_label"], size="2", color=T.MUTED), vertical_align="middle"),
        rx.table.cell(rx.text(row["created_label"], size="2", color=T.MUTED), vertical_align="middle"),
        rx.table.cell(
            rx.cond(
                I.can_access_manage & row["pending"].to(bool),
                icon_action("x", "Revoke invitation", I.ask_revoke(row["id"]), "revoke-invitation", "red"),
            ),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="invitation-row",
    )


def invite_dialog() -> rx.Component:
    return form_dialog(
        I,
        "Invite user",
        rx.text("They get an email with a link to choose a password, and join ", rx.text.strong(I.m_name),
                " with the role you pick."),
        rx.vstack(
            text_field(I, "Email", "email", type="email", placeholder="jane@merchant.com", auto_focus=True),
            text_field(I, "Name", "name", placeholder="Jane Doe", hint="Optional; they can change it when accepting."),
            rx.cond(
                I.roles_forbidden,
                rx.callout(
                    "Your account cannot list the merchant roles, so no role can be picked here. "
                    "Ask a tenant administrator to send the invitation.",
                    icon="lock", color_scheme="amber", variant="surface", size="1", width="100%",
                    data_testid="roles-unavailable",
                ),
                option_select(I, "Merchant role", "roleId", I.roles, value=I.i_role, on_change=I.set_i_role,
                              placeholder="Pick a role", hint=I.i_role_hint),
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=I.invite,
        submit_label="Send invitation",
        testid="invite-dialog",
        submit_disabled=I.roles_forbidden,
    )


def users_tab() -> rx.Component:
    return rx.vstack(
        rx.box(
            section_title("People with access", "Role assignments in this merchant, or in its merchant group."),
            rx.cond(
                M.forbidden,
                rx.callout(
                    "Role assignments are listed to tenant staff who can read access settings. "
                    "Invitations you send appear below.",
                    icon="info", color_scheme="gray", variant="surface", size="1", width="100%",
                    data_testid="members-unavailable",
                ),
                data_table(
                    M,
                    M_COLUMNS,
                    _m_row,
                    toolbar=toolbar(rx.spacer(), count_label(M.total_rows, "assignment", "assignments")),
                    empty_title="Nobody has a role here yet",
                    empty_description="Invite the merchant's staff, or assign a merchant role on Access → Role assignments.",
                    empty_icon="users",
                    testid="members-table",
                ),
            ),
            width="100%",
        ),
        rx.box(
            section_title(
                "Invitations",
                "People invited into this merchant by email. The email is in Access → Outbox.",
                rx.cond(I.can_invite,
                        rx.button(rx.icon("mail-plus", size=16), "Invite user", on_click=I.open_invite,
                                  data_testid="invite-user")),
            ),
            rx.cond(
                I.error != "",
                rx.callout(I.error, icon="triangle-alert", color_scheme="red", variant="surface", size="1",
                           width="100%", margin_bottom="12px"),
            ),
            data_table(
                I,
                I_COLUMNS,
                _i_row,
                toolbar=toolbar(rx.spacer(), count_label(I.total_rows, "invitation", "invitations")),
                empty_title="No invitations",
                empty_description="Invite someone: they choose their own password from the link in the email.",
                empty_icon="mail",
                testid="invitations-table",
            ),
            width="100%",
        ),
        spacing="6",
        width="100%",
    )


def users_dialogs() -> rx.Component:
    return rx.fragment(invite_dialog(), confirm_dialog(I))

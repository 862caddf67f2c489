"""/access/invitations — every invitation of the tenant, with its status."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.forms import confirm_dialog, form_dialog, text_field
from ..components.list_dialogs import header_action, list_page, role_context_fields
from ..components.table import Col, count_label, data_table, search_box, toolbar
from ..state.invitations import STATUS_FILTERS
from ..state.invitations import InvitationsState as S

COLUMNS = [
    Col("Invitee", "email"),
    Col("Role", "role_name"),
    Col("Into", "context_name"),
    Col("Status", "status", width="120px"),
    Col("Expires", "expires", width="170px"),
    Col("Sent", "created", width="110px"),
    Col("", width="60px", align="right"),
]


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(rx.cond(row["name"] != "", row["name"], row["email"]), size="2", weight="medium"),
                rx.cond(row["name"] != "", rx.text(row["email"], size="1", color=T.MUTED)),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(rx.text(row["role_name"], size="2"), vertical_align="middle"),
        rx.table.cell(
            rx.vstack(
                rx.cond(
                    row["context_href"] != "",
                    rx.link(row["context_name"], href=row["context_href"].to(str), size="2", weight="medium"),
                    rx.text(row["context_name"], size="2", weight="medium"),
                ),
                rx.text(row["context_label"], size="1", color=T.MUTED),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.badge(row["status_label"], color_scheme=rx.match(
                row["status"], ("PENDING", "amber"), ("ACCEPTED", "green"), ("EXPIRED", "red"), "gray"),
                variant="soft", radius="full"),
            vertical_align="middle",
        ),
        rx.table.cell(rx.text(row["expires_label"], size="2", color=T.MUTED), vertical_align="middle"),
        rx.table.cell(rx.text(row["created_label"], size="2", color=T.MUTED, title=row["created_title"]),
                      vertical_align="middle"),
        rx.table.cell(
            rx.cond(
                S.can_access_manage & row["pending"].to(bool),
                rx.tooltip(
                    rx.icon_button(rx.icon("x", size=14), size="1", variant="ghost", color_scheme="red",
                                   on_click=S.ask_revoke(row["id"]), aria_label="Revoke invitation",
                                   data_testid="revoke-invitation"),
                    content="Revoke invitation",
                ),
            ),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="invitation-row",
    )


def _invite_dialog() -> rx.Component:
    return form_dialog(
        S,
        "Invite user",
        "The invitee gets an email (see Outbox) with a link to choose a password. They join with the role "
        "in the context you pick.",
        rx.vstack(
            text_field(S, "Email", "email", type="email", placeholder="jane@company.com", auto_focus=True),
            text_field(S, "Name", "name", placeholder="Jane Doe"),
            *role_context_fields(S),
            spacing="3",
            width="100%",
        ),
        on_submit=S.invite,
        submit_label="Send invitation",
        testid="invite-dialog",
    )


@rx.page(route="/access/invitations", title="Invitations · Clearway", on_load=S.load)
def access_invitations() -> rx.Component:
    return list_page(
        S,
        "Invitations",
        "People invited by email into the tenant, a merchant group or a merchant.",
        data_table(
            S,
            COLUMNS,
            _row,
            toolbar=toolbar(
                search_box(S.quick_filter, S.set_quick_filter, "Filter by email, role or merchant…",
                           "invitations-filter"),
                rx.select.root(
                    rx.select.trigger(width="160px", data_testid="status-filter"),
                    rx.select.content(*[rx.select.item(label, value=v) for v, label in STATUS_FILTERS]),
                    value=S.status_filter,
                    on_change=S.set_status_filter,
                ),
                rx.spacer(),
                rx.badge(S.pending_count.to_string() + " pending", color_scheme="amber", variant="soft"),
                count_label(S.total_rows, "invitation", "invitations"),
            ),
            empty_title="No invitations",
            empty_description="Invite someone by email: they choose their own password.",
            empty_icon="mail",
            testid="all-invitations-table",
        ),
        _invite_dialog(),
        confirm_dialog(S),
        action=header_action(S.can_manage_users, "mail-plus", "Invite user", S.open_invite, "invite-user"),
        what="invitations",
        active="/access/invitations",
    )

"""/access/invitations — every invitation of the tenant, with its status."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import error_callout, forbidden_state
from ..components.forms import confirm_dialog, form_dialog, labelled_select, option_select, text_field
from ..components.layout import page_header, shell
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
            option_select(S, "Role", "roleId", S.roles, value=S.i_role, on_change=S.set_i_role,
                          placeholder="Pick a role"),
            labelled_select(
                S,
                "Context",
                "contextType",
                [("TENANT", "Whole tenant"), ("MERCHANT_GROUP", "Merchant group"), ("MERCHANT", "Merchant")],
                value=S.i_context_type,
                on_change=S.set_i_context_type,
                disabled=S.i_role_kind == "PLATFORM",
            ),
            rx.cond(
                S.i_context_type != "TENANT",
                option_select(
                    S,
                    rx.cond(S.i_context_type == "MERCHANT_GROUP", "Merchant group", "Merchant"),
                    "contextId",
                    S.context_choices,
                    value=S.i_context_id,
                    on_change=S.set_i_context_id,
                    placeholder="Pick one",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.invite,
        submit_label="Send invitation",
        testid="invite-dialog",
    )


@rx.page(route="/access/invitations", title="Invitations · Clearway", on_load=S.load)
def access_invitations() -> rx.Component:
    invite = rx.cond(
        S.can_manage_users,
        rx.button(rx.icon("mail-plus", size=16), "Invite user", on_click=S.open_invite, data_testid="invite-user"),
    )
    return shell(
        page_header("Invitations", "People invited by email into the tenant, a merchant group or a merchant.", invite),
        error_callout(S.error),
        rx.cond(
            S.forbidden,
            forbidden_state("invitations"),
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
        ),
        _invite_dialog(),
        confirm_dialog(S),
        active="/access/invitations",
        title="Invitations",
        section="Access",
    )

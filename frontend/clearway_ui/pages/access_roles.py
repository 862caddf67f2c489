"""/access/roles"""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.forms import confirm_dialog, field_error, form_dialog
from ..components.list_dialogs import filter_toolbar, header_action, kind_badge, list_page
from ..components.table import Col, data_table
from ..state.roles import PREVIEW, RolesState

S = RolesState

COLUMNS = [
    Col("Role", "name"),
    Col("Kind", "kind"),
    Col("Permissions", "perm_count"),
    Col("Created", "created"),
    Col("", width="120px", align="right"),
]


def _perm_chips(row: Any) -> rx.Component:
    return rx.hstack(
        *[
            rx.cond(
                row[f"perm_{i}"] != "",
                rx.code(row[f"perm_{i}"], size="1", variant="soft", color_scheme="gray"),
            )
            for i in range(PREVIEW)
        ],
        rx.cond(
            row["perms_more"].to(int) > 0,
            rx.text("+", row["perms_more"].to(int).to_string(), " more", size="1", color=T.MUTED),
        ),
        rx.cond(row["perm_count"].to(int) == 0, rx.text("No permissions", size="1", color=T.MUTED)),
        spacing="1",
        align="center",
        wrap="wrap",
    )


def _icon_action(icon: str, color: str, on_click: Any, label: str, testid: str) -> rx.Component:
    return rx.icon_button(
        rx.icon(icon, size=14),
        size="1",
        variant="ghost",
        color_scheme=color,
        on_click=on_click,
        aria_label=label,
        title=label,
        data_testid=testid,
    )


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.hstack(
                    rx.text(row["name"], size="2", weight="medium"),
                    rx.cond(row["is_system"], rx.badge("System", color_scheme="gray", variant="outline", size="1")),
                    spacing="2",
                    align="center",
                ),
                rx.text(row["description"], size="1", color=T.MUTED),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            kind_badge(row["kind_label"], row["kind"]),
            vertical_align="middle",
        ),
        rx.table.cell(_perm_chips(row), vertical_align="middle", max_width="520px"),
        rx.table.cell(rx.text(row["created_label"], size="2", color=T.MUTED), vertical_align="middle"),
        rx.table.cell(
            rx.cond(
                S.can_access_manage & ~row["is_system"].to(bool),
                rx.hstack(
                    _icon_action("pencil", "gray", S.open_edit(row["id"]), "Edit role", "edit-role"),
                    _icon_action("trash-2", "red", S.ask_delete(row["id"]), "Delete role", "delete-role"),
                    spacing="3",
                    justify="end",
                ),
            ),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="role-row",
    )


def _perm_checkbox(p: Any) -> rx.Component:
    blocked = (S.role_kind == "MERCHANT") & (p.scope == "PLATFORM")
    return rx.el.label(
        rx.hstack(
            rx.checkbox(
                checked=S.selected.contains(p.codename),
                on_change=lambda checked: S.toggle_perm(p.codename, checked),
                disabled=blocked,
                margin_top="2px",
                data_testid="perm-" + p.codename,
            ),
            rx.vstack(
                rx.hstack(
                    rx.text(p.action, size="2", weight="medium"),
                    rx.code(p.codename, size="1", variant="ghost", color_scheme="gray"),
                    rx.cond(
                        p.scope == "PLATFORM",
                        rx.badge("platform only", size="1", color_scheme="amber", variant="soft"),
                    ),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                rx.text(p.description, size="1", color=T.MUTED),
                spacing="0",
            ),
            spacing="2",
            align="start",
            opacity=rx.cond(blocked, "0.45", "1"),
        ),
        cursor=rx.cond(blocked, "not-allowed", "pointer"),
        display="block",
    )


def _perm_group(g: Any) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(g.label, size="2", weight="bold", color=T.TEXT),
            rx.spacer(),
            rx.button(
                "Toggle all",
                type="button",
                size="1",
                variant="ghost",
                color_scheme="gray",
                on_click=S.toggle_domain(g.domain),
            ),
            align="center",
            margin_bottom="6px",
        ),
        rx.vstack(rx.foreach(g.perms, _perm_checkbox), spacing="2"),
        padding="12px",
        border=f"1px solid {T.BORDER}",
        border_radius="10px",
        background="#fbfcfe",
        data_testid="perm-group-" + g.domain,
    )


def _role_dialog() -> rx.Component:
    body = rx.vstack(
        rx.grid(
            rx.vstack(
                rx.text("Name", as_="label", size="2", weight="medium", html_for="f-name"),
                rx.input(
                    id="f-name",
                    name="name",
                    value=S.role_name,
                    on_change=S.set_role_name,
                    placeholder="e.g. Support agent",
                    width="100%",
                    color_scheme=rx.cond(S.field_errors.contains("name"), "red", "indigo"),
                    data_testid="input-name",
                ),
                field_error(S, "name"),
                spacing="1",
                align="stretch",
            ),
            rx.vstack(
                rx.text("Kind", as_="label", size="2", weight="medium"),
                rx.select.root(
                    rx.select.trigger(width="100%", data_testid="select-kind"),
                    rx.select.content(
                        rx.select.item("Platform role (whole tenant)", value="PLATFORM"),
                        rx.select.item("Merchant role (merchant / group)", value="MERCHANT"),
                    ),
                    value=S.role_kind,
                    on_change=S.set_role_kind,
                    disabled=S.editing_id != "",
                ),
                field_error(S, "kind"),
                spacing="1",
                align="stretch",
            ),
            columns="2",
            spacing="3",
            width="100%",
        ),
        rx.vstack(
            rx.text("Description", as_="label", size="2", weight="medium", html_for="f-description"),
            rx.input(
                id="f-description",
                name="description",
                value=S.role_description,
                on_change=S.set_role_description,
                placeholder="What this role is for",
                width="100%",
                data_testid="input-description",
            ),
            field_error(S, "description"),
            spacing="1",
            width="100%",
            align="stretch",
        ),
        rx.hstack(
            rx.text("Permissions", size="2", weight="medium"),
            rx.badge(S.selected_count.to_string() + " selected", variant="soft", size="1"),
            rx.spacer(),
            rx.cond(
                S.role_kind == "MERCHANT",
                rx.text("Merchant roles may only hold merchant-scope permissions.", size="1", color=T.MUTED),
            ),
            align="center",
            width="100%",
        ),
        field_error(S, "permissions"),
        rx.scroll_area(
            rx.grid(rx.foreach(S.perm_groups, _perm_group), columns="2", spacing="3", width="100%"),
            type="auto",
            scrollbars="vertical",
            max_height="46vh",
            padding_right="8px",
        ),
        spacing="3",
        width="100%",
    )
    return form_dialog(
        S,
        S.dialog_title,
        "A role is a named set of permissions. Platform roles apply to the whole tenant; "
        "merchant roles apply to a merchant or merchant group.",
        body,
        on_submit=S.save_role,
        submit_label=rx.cond(S.editing_id != "", "Save changes", "Create role"),
        max_width="880px",
        testid="role-dialog",
    )


@rx.page(route="/access/roles", title="Roles · Clearway", on_load=S.load)
def access_roles() -> rx.Component:
    return list_page(
        S,
        "Roles",
        "Named permission sets, assigned to users in a context.",
        data_table(
            S,
            COLUMNS,
            _row,
            toolbar=filter_toolbar(S, "Filter roles…", "roles-filter", "role", "roles"),
            empty_title="No roles yet",
            empty_description="Create a role to group permissions for your team.",
            empty_icon="shield-check",
            testid="roles-table",
        ),
        _role_dialog(),
        confirm_dialog(S),
        action=header_action(S.can_access_manage, "plus", "New role", S.open_create, "new-role"),
        what="roles",
        active="/access/roles",
    )

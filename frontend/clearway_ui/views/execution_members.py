"""SUB MID GROUPs and members of /execution/[mid_id], and their dialogs."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.blueprint import small_error
from ..components.forms import field_error, form_dialog, text_field
from ..state.execution_mid import CredentialsDialogState as C
from ..state.execution_mid import MasterMidState as S
from ..state.execution_mid import MemberDialogState as D
from ..state.execution_mid import SubGroupDialogState as G

MONO = "ui-monospace, SFMono-Regular, Menlo, monospace"


def strategy_badge(strategy: Any) -> rx.Component:
    return rx.cond(
        strategy == "WEIGHT",
        rx.badge(rx.icon("scale", size=11), "Weight · split by weights", color_scheme="violet", variant="soft"),
        rx.badge(rx.icon("list-ordered", size=11), "Sequence · tried in order", color_scheme="blue", variant="soft"),
    )


def _member_row(group: Any, m: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(m.position.to_string(), size="2", color=T.MUTED, font_family=MONO),
                      vertical_align="middle"),
        rx.table.cell(
            rx.vstack(
                rx.text(m.name, size="2", weight="medium", color=rx.cond(m.enabled, T.TEXT, T.MUTED),
                        white_space="nowrap"),
                rx.badge(m.kind_label, size="1", variant="surface",
                         color_scheme=rx.cond(m.kind == "AGGREGATOR", "orange", "gray")),
                spacing="1",
                align="start",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.cond(
                group.strategy == "WEIGHT",
                rx.vstack(
                    rx.hstack(rx.text(m.weight.to_string(), size="2", weight="medium"),
                              rx.text(rx.cond(m.enabled, m.share, "off"), size="1", color=T.MUTED),
                              spacing="2", align="baseline"),
                    rx.box(rx.box(width=m.share_pct.to_string() + "%", height="100%", background="#8b5cf6",
                                  border_radius="999px"),
                           width="80px", height="4px", background="#ede9fe", border_radius="999px"),
                    spacing="1",
                ),
                rx.text("—", size="2", color=T.MUTED),
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.cond(
                m.velocity.length() > 0,
                rx.vstack(rx.foreach(m.velocity, lambda v: rx.hstack(
                    rx.icon("gauge", size=12, color=T.MUTED), rx.text(v, size="1", color="#334155",
                                                                      white_space="nowrap"),
                    spacing="1", align="center")), spacing="1"),
                rx.text("No limits", size="1", color=T.MUTED),
            ),
            vertical_align="middle",
        ),
        rx.table.cell(rx.text(m.conversion, size="2", color=T.MUTED), vertical_align="middle"),
        rx.table.cell(
            rx.hstack(
                rx.cond(
                    m.hint != "",
                    rx.code(m.hint, size="1", variant="soft", color_scheme="gray", data_testid="credentials-hint"),
                    rx.text("Not set", size="1", color="#b45309"),
                ),
                rx.cond(
                    S.can_rotate,
                    rx.tooltip(
                        rx.icon_button(rx.icon("key-round", size=13), size="1", variant="ghost", color_scheme="gray",
                                       on_click=C.open_replace(m.id), aria_label="Replace credentials",
                                       data_testid="replace-credentials"),
                        content="Replace credentials",
                    ),
                ),
                spacing="1",
                align="center",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.switch(checked=m.enabled, on_change=lambda v: S.toggle_member(m.id, v), disabled=~S.can_manage,
                      size="1", data_testid="member-enabled"),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.cond(
                S.can_manage,
                rx.tooltip(rx.icon_button(rx.icon("pencil", size=13), size="1", variant="ghost", color_scheme="gray",
                                          on_click=D.open_edit(m.id), aria_label="Edit member",
                                          data_testid="edit-member"), content="Edit member"),
            ),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="member-row",
        opacity=rx.cond(m.enabled, "1", "0.7"),
    )


HEADERS = [("#", "44px"), ("Member", "220px"), ("Weight", "120px"), ("Velocity", None), ("Conversion", "100px"),
           ("Credentials", "180px"), ("Enabled", "80px"), ("", "48px")]


def _group_card(g: Any) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.center(rx.icon("boxes", size=16, color="#4f46e5"), width="32px", height="32px", border_radius="8px",
                      background="#eef2ff", flex_shrink="0"),
            rx.vstack(
                rx.hstack(rx.text(g.name, size="3", weight="bold", color=T.TEXT), strategy_badge(g.strategy),
                          spacing="2", align="center"),
                rx.hstack(
                    rx.text(g.summary, size="1", color=T.MUTED),
                    rx.cond(g.in_blueprint,
                            rx.text("· in the live blueprint", size="1", color="#15803d"),
                            rx.text("· not routed to by the live blueprint", size="1", color="#b45309")),
                    spacing="1",
                ),
                spacing="0",
            ),
            rx.spacer(),
            rx.cond(S.can_manage, rx.button(rx.icon("plus", size=14), "Add member", size="1", variant="soft",
                                            on_click=D.open_add(g.id), data_testid="add-member")),
            spacing="3",
            align="center",
            padding="12px 16px",
            border_bottom=f"1px solid {T.BORDER}",
            width="100%",
        ),
        rx.cond(
            g.members.length() > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(rx.table.row(*[
                        rx.table.column_header_cell(rx.text(h, size="1", weight="medium", color=T.MUTED), width=w,
                                                    background="#f8fafc", white_space="nowrap")
                        for h, w in HEADERS
                    ])),
                    rx.table.body(rx.foreach(g.members, lambda m: _member_row(g, m))),
                    variant="ghost",
                    size="2",
                    width="100%",
                    table_layout="fixed",  # the same columns in every group's table
                ),
                overflow_x="auto",
            ),
            rx.center(rx.text("No members yet: a group without an enabled member rejects every payment.", size="2",
                              color=T.MUTED), padding="20px"),
        ),
        width="100%",
        overflow="hidden",
        data_testid="sub-group",
        **T.CARD_STYLE,
    )


def sub_groups_section() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.heading("SUB MID GROUPs", size="4", weight="bold"),
                rx.text("Pools of SUB MIDs and aggregators. The execution blueprint routes into them.", size="2",
                        color=T.MUTED),
                spacing="1",
            ),
            rx.spacer(),
            rx.cond(S.can_manage, rx.button(rx.icon("folder-plus", size=15), "New SUB MID GROUP", variant="outline",
                                            on_click=G.open_create, data_testid="new-sub-group")),
            align="end",
            width="100%",
        ),
        rx.cond(
            S.sub_groups.length() == 0,
            rx.center(
                rx.vstack(
                    rx.icon("boxes", size=24, color="#6366f1"),
                    rx.text("No SUB MID GROUPs yet", size="3", weight="bold"),
                    rx.text("Create a group (sequence or weight), then add its members.", size="2", color=T.MUTED),
                    align="center",
                    spacing="2",
                ),
                padding="32px",
                width="100%",
                **T.CARD_STYLE,
            ),
            rx.vstack(rx.foreach(S.sub_groups, _group_card), spacing="3", width="100%"),
        ),
        spacing="3",
        width="100%",
    )


# ---------------------------------------------------------------------------------------------
# dialogs
# ---------------------------------------------------------------------------------------------


def _strategy_option(value: str, title: str, body: str, icon: str) -> rx.Component:
    selected = G.g_strategy == value
    return rx.hstack(
        rx.icon(icon, size=18, color=rx.cond(selected, "#4f46e5", T.MUTED)),
        rx.vstack(rx.text(title, size="2", weight="bold"), rx.text(body, size="1", color=T.MUTED), spacing="0"),
        spacing="3",
        align="start",
        padding="12px",
        border=rx.cond(selected, "2px solid #6366f1", f"2px solid {T.BORDER}"),
        background=rx.cond(selected, "#eef2ff", "white"),
        border_radius="10px",
        cursor="pointer",
        on_click=G.set_g_strategy(value),
        width="100%",
        data_testid=f"strategy-{value.lower()}",
    )


def sub_group_dialog() -> rx.Component:
    return form_dialog(
        G,
        "New SUB MID GROUP",
        "A pool of SUB MIDs under this MASTER MID, and how a payment picks one of them.",
        rx.vstack(
            text_field(G, "Name", "name", placeholder="Main pool", auto_focus=True),
            rx.text("Strategy", size="2", weight="medium"),
            rx.grid(
                _strategy_option("SEQUENCE", "Sequence", "Try members by position; the next one when a member "
                                 "rejects (disabled, velocity).", "list-ordered"),
                _strategy_option("WEIGHT", "Weight", "Split payments by weight, deterministic per payment id.",
                                 "scale"),
                columns="2",
                spacing="3",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=G.create,
        submit_label="Create group",
        max_width="540px",
        testid="sub-group-dialog",
    )


def _velocity_row(v: Any) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.input(value=v.window, on_change=lambda x: D.velocity_set(v.key, "window", x), placeholder="3600",
                     width="120px", input_mode="numeric", data_testid="velocity-window"),
            rx.input(value=v.max_count, on_change=lambda x: D.velocity_set(v.key, "max_count", x),
                     placeholder="No limit", width="120px", input_mode="numeric", data_testid="velocity-count"),
            rx.input(value=v.max_amount, on_change=lambda x: D.velocity_set(v.key, "max_amount", x),
                     placeholder="No limit", width="150px", input_mode="numeric", data_testid="velocity-amount"),
            rx.icon_button(rx.icon("x", size=14), size="1", variant="ghost", color_scheme="gray", type="button",
                           on_click=D.velocity_remove(v.key), aria_label="Remove window",
                           data_testid="velocity-remove"),
            spacing="2",
            align="center",
        ),
        small_error(v.err, "velocity-error"),
        spacing="1",
        data_testid="velocity-row",
    )


def _velocity_editor() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text("Velocity limits", size="2", weight="medium"),
            rx.text("sliding windows, checked atomically across processes", size="1", color=T.MUTED),
            spacing="2",
            align="baseline",
        ),
        rx.cond(
            D.d_velocity.length() > 0,
            rx.hstack(
                rx.text("Window (seconds)", size="1", color=T.MUTED, width="120px"),
                rx.text("Max payments", size="1", color=T.MUTED, width="120px"),
                rx.text("Max amount (minor)", size="1", color=T.MUTED, width="150px"),
                spacing="2",
            ),
            rx.text("No limits: this member accepts any volume.", size="1", color=T.MUTED),
        ),
        rx.foreach(D.d_velocity, _velocity_row),
        rx.button(rx.icon("plus", size=14), "Add window", size="1", variant="soft", type="button",
                  on_click=D.velocity_add, data_testid="velocity-add"),
        spacing="2",
        width="100%",
        padding="12px",
        border=f"1px solid {T.BORDER}",
        border_radius="10px",
    )


def member_dialog() -> rx.Component:
    kind_select = rx.vstack(
        rx.text("Kind", size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(width="100%", data_testid="select-kind"),
            rx.select.content(rx.select.item("SUB MID", value="SUB_MID"),
                              rx.select.item("SUB MID AGGREGATOR", value="AGGREGATOR"), position="popper"),
            value=D.d_kind,
            on_change=lambda v: D.set_d("d_kind", v),
            disabled=D.d_editing,
        ),
        field_error(D, "kind"),
        spacing="1",
        width="100%",
    )
    return form_dialog(
        D,
        rx.cond(D.d_editing, "Edit member", "Add member"),
        rx.text("In SUB MID GROUP ", rx.text.strong(D.d_group_name), " (",
                rx.cond(D.d_group_strategy == "WEIGHT", "split by weight", "tried in order"), ")."),
        rx.vstack(
            rx.grid(
                text_field(D, "Name", "name", placeholder="Primary A", value=D.d_name,
                           on_change=lambda v: D.set_d("d_name", v), auto_focus=True),
                kind_select,
                columns="2",
                spacing="3",
                width="100%",
            ),
            rx.grid(
                text_field(D, "Position", "position", value=D.d_position, on_change=lambda v: D.set_d("d_position", v),
                           hint="Order in the group (lowest first)."),
                text_field(D, "Weight", "weight", value=D.d_weight, on_change=lambda v: D.set_d("d_weight", v),
                           hint="Share in weight groups."),
                text_field(D, "Conversion fee (bps)", "conversionFeeBps", value=D.d_conversion,
                           on_change=lambda v: D.set_d("d_conversion", v), hint="When currencies differ."),
                columns="3",
                spacing="3",
                width="100%",
            ),
            _velocity_editor(),
            rx.cond(
                D.d_editing,
                rx.fragment(),
                rx.vstack(
                    text_field(D, "Provider credentials", "credentials", type="password",
                               placeholder="Paste the credentials", auto_complete="new-password"),
                    rx.hstack(rx.icon("lock", size=12, color=T.MUTED),
                              rx.text("Stored in the secret vault. Never shown again: only a masked hint.", size="1",
                                      color=T.MUTED), spacing="1", align="center"),
                    spacing="1",
                    width="100%",
                ),
            ),
            rx.hstack(
                rx.switch(checked=D.d_enabled, on_change=D.set_d_enabled, data_testid="input-enabled"),
                rx.text("Enabled", size="2"),
                spacing="2",
                align="center",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=D.save,
        submit_label=rx.cond(D.d_editing, "Save member", "Add member"),
        max_width="620px",
        testid="member-dialog",
    )


def credentials_dialog() -> rx.Component:
    return form_dialog(
        C,
        "Replace credentials",
        rx.text("New provider credentials for ", rx.text.strong(C.c_member_name),
                ". The old ones stop being used at once."),
        rx.vstack(
            rx.hstack(
                rx.text("Current", size="2", color=T.MUTED, width="70px"),
                rx.cond(C.c_hint != "", rx.code(C.c_hint, size="2", variant="soft", color_scheme="gray"),
                        rx.text("none set", size="2", color="#b45309")),
                spacing="2",
                align="center",
            ),
            text_field(C, "New credentials", "credentials", type="password", placeholder="Paste the new credentials",
                       auto_focus=True, auto_complete="new-password"),
            rx.callout("The value goes straight to the vault and is never shown again, here or anywhere: only a "
                       "masked hint stays visible.", icon="shield-check", color_scheme="indigo", variant="surface",
                       size="1", width="100%"),
            spacing="3",
            width="100%",
        ),
        on_submit=C.replace_credentials,
        submit_label="Replace credentials",
        testid="credentials-dialog",
    )

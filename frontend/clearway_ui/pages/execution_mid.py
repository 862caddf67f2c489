"""/execution/[mid_id] — one MASTER MID: fees, SUB MID GROUPs and members, its second-level blueprint."""
from __future__ import annotations

import reflex as rx

from ..components import theme as T
from ..components.blueprint import blueprint_workspace, history_panel, version_dialog
from ..components.fees import fee_chip, fee_editor
from ..components.feedback import status_badge
from ..components.forms import confirm_dialog, form_dialog, text_field
from ..components.layout import shell
from ..components.page_parts import (back_link, detail_body, detail_header, detail_title, loading_skeleton, meta_dot,
                                     not_found_card, skeleton_box, tab_bar, tab_trigger)
from ..state.execution_mid import MasterMidState as S
from ..state.execution_dialogs import MidEditState as E
from ..views.execution_members import (credentials_dialog, member_dialog, strategy_badge, sub_group_dialog,
                                       sub_groups_section)


def _header() -> rx.Component:
    return detail_header(
        rx.icon("server", size=22, color="white"),
        [
            detail_title(S.m_name, "mid-name"),
            rx.badge(S.provider_label, variant="soft", color_scheme="indigo"),
            status_badge(S.m_enabled, "Enabled", "Disabled"),
        ],
        [
            rx.icon("layers", size=13, color=T.MUTED),
            rx.text(S.m_group, size="2", color=T.MUTED),
            meta_dot(),
            rx.text("Settles in " + S.m_settlement, size="2", color=T.MUTED),
            meta_dot(),
            rx.hstack(rx.foreach(S.m_fees, fee_chip), spacing="1"),
            meta_dot(),
            rx.code(S.page_id, size="1", variant="ghost", color_scheme="gray"),
        ],
        rx.cond(
            S.can_manage,
            rx.hstack(
                rx.hstack(
                    rx.switch(checked=S.m_enabled, on_change=S.toggle_mid, data_testid="mid-enabled"),
                    rx.text("Enabled", size="2"),
                    spacing="2",
                    align="center",
                    padding="6px 12px",
                    border=f"1px solid {T.BORDER}",
                    border_radius="8px",
                    background="white",
                ),
                rx.button(rx.icon("settings-2", size=15), "Edit", variant="outline", color_scheme="gray",
                          on_click=E.open_edit, data_testid="edit-mid"),
                spacing="3",
                align="center",
            ),
        ),
        wrap="wrap",
    )


def _tabs() -> rx.Component:
    return tab_bar(S.tab, S.set_tab, [
        tab_trigger("setup", "boxes", "SUB MIDs & fees"),
        tab_trigger("blueprint", "split", "Execution blueprint",
                    rx.cond(S.bp_has_draft, rx.badge("Draft", size="1", variant="soft", color_scheme="amber"))),
        tab_trigger("history", "history", "Versions",
                    rx.badge(S.bp_versions.length().to_string(), size="1", variant="soft", color_scheme="gray")),
    ])


def _fees_card() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.hstack(
                rx.center(rx.icon("receipt", size=16, color="#4f46e5"), width="32px", height="32px",
                          border_radius="8px", background="#eef2ff", flex_shrink="0"),
                rx.vstack(
                    rx.text("Processing fees", size="3", weight="bold"),
                    rx.text("Per payment currency. A payment in a currency without a fee is rejected by this "
                            "MASTER MID, and routing moves on.", size="1", color=T.MUTED),
                    spacing="0",
                ),
                spacing="3",
                align="center",
            ),
            rx.cond(
                S.can_manage,
                rx.hstack(
                    rx.button(rx.cond(S.fees_busy, rx.spinner(size="1"), rx.icon("save", size=14)), "Save fees",
                              on_click=S.save_fees, disabled=~S.fees_dirty | S.fees_busy, data_testid="save-fees"),
                    rx.button("Reset", variant="ghost", color_scheme="gray", on_click=S.reset_fees,
                              disabled=~S.fees_dirty | S.fees_busy),
                    rx.cond(S.fees_dirty, rx.text("Unsaved changes", size="1", color="#b45309")),
                    spacing="2",
                    align="center",
                ),
            ),
            spacing="4",
            width="340px",
            flex_shrink="0",
        ),
        rx.box(fee_editor(S, S.can_manage, S.fee_touch), flex="1", min_width="0"),
        spacing="6",
        align="start",
        width="100%",
        padding="18px",
        data_testid="fees-card",
        **T.CARD_STYLE,
    )


def _targets_card() -> rx.Component:
    """What the second-level rules can route to, beside the editor."""
    return rx.vstack(
        rx.text("SUB MID GROUPs of this MASTER MID", size="2", weight="bold"),
        rx.text("The targets of the rules below. A payment walks the chosen group by its strategy; a rejected "
                "member (disabled, velocity) passes it to the next.", size="1", color=T.MUTED),
        rx.foreach(
            S.sub_groups,
            lambda g: rx.vstack(
                rx.hstack(rx.icon("boxes", size=14, color="#4f46e5"), rx.text(g.name, size="2", weight="medium"),
                          spacing="2", align="center"),
                strategy_badge(g.strategy),
                rx.text(g.summary, size="1", color=T.MUTED),
                spacing="1",
                padding="10px 12px",
                border=f"1px solid {T.BORDER}",
                border_radius="10px",
                width="100%",
            ),
        ),
        rx.button(rx.icon("arrow-left", size=14), "Manage SUB MIDs", variant="ghost", size="1",
                  on_click=S.set_tab("setup")),
        spacing="3",
        width="100%",
        padding="16px",
        **T.CARD_STYLE,
    )


def _blueprint_tab() -> rx.Component:
    side = rx.box(_targets_card(), position="sticky", top="150px", align_self="start")
    return blueprint_workspace(S, "SUB MID GROUP", S.can_manage, S.can_manage, side, "320px")


def _setup_tab() -> rx.Component:
    return rx.vstack(_fees_card(), sub_groups_section(), spacing="5", width="100%")


def _edit_dialog() -> rx.Component:
    return form_dialog(
        E,
        "Edit MASTER MID",
        "Its name and the currency its provider settles in (conversion fees apply to other currencies).",
        rx.vstack(
            text_field(E, "Name", "name", default_value=S.m_name),
            text_field(E, "Settlement currency", "settlementCurrency", default_value=S.m_settlement, max_length=3),
            spacing="3",
            width="100%",
        ),
        on_submit=E.save,
        submit_label="Save",
        testid="mid-edit-dialog",
    )


@rx.page(route="/execution/[mid_id]", title="MASTER MID · Clearway", on_load=S.load)
def execution_mid() -> rx.Component:
    return shell(
        back_link("Execution layer", "/execution", "back-to-execution"),
        detail_body(
            S.not_found,
            S.page_loaded,
            S.load_error,
            not_found_card("MASTER MID not found", "It does not exist in this tenant.", "Execution layer",
                           "/execution", "mid-not-found"),
            loading_skeleton("420px", skeleton_box("360px")),
            _header(),
            _tabs(),
            rx.match(
                S.tab,
                ("blueprint", _blueprint_tab()),
                ("history", history_panel(S)),
                _setup_tab(),
            ),
        ),
        confirm_dialog(S),
        version_dialog(S),
        _edit_dialog(),
        sub_group_dialog(),
        member_dialog(),
        credentials_dialog(),
        active="/execution",
        title=S.m_name,
        section="Execution layer",
    )

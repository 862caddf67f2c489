"""/execution/[mid_id] — one MASTER MID: fees, SUB MID GROUPs and members, its second-level blueprint."""
from __future__ import annotations

import reflex as rx

from ..components import theme as T
from ..components.blueprint import blueprint_bar, blueprint_editor, history_panel, version_dialog
from ..components.fees import fee_chip, fee_editor
from ..components.feedback import status_badge
from ..components.forms import confirm_dialog, form_dialog, text_field
from ..components.layout import shell
from ..state.execution_mid import MasterMidState as S
from ..state.execution_mid import MidEditState as E
from ..views.execution_members import (credentials_dialog, member_dialog, strategy_badge, sub_group_dialog,
                                       sub_groups_section)


def _header() -> rx.Component:
    return rx.hstack(
        rx.hstack(
            rx.center(
                rx.icon("server", size=22, color="white"),
                width="48px",
                height="48px",
                border_radius="12px",
                background=T.BRAND_GRADIENT,
                box_shadow="0 4px 14px rgba(79,70,229,0.3)",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.hstack(
                    rx.heading(S.m_name, size="6", weight="bold", letter_spacing="-0.02em", color=T.TEXT,
                               data_testid="mid-name"),
                    rx.badge(S.provider_label, variant="soft", color_scheme="indigo"),
                    status_badge(S.m_enabled, "Enabled", "Disabled"),
                    spacing="3",
                    align="center",
                ),
                rx.hstack(
                    rx.icon("layers", size=13, color=T.MUTED),
                    rx.text(S.m_group, size="2", color=T.MUTED),
                    rx.text("·", size="2", color="#cbd5e1"),
                    rx.text("Settles in " + S.m_settlement, size="2", color=T.MUTED),
                    rx.text("·", size="2", color="#cbd5e1"),
                    rx.hstack(rx.foreach(S.m_fees, fee_chip), spacing="1"),
                    rx.text("·", size="2", color="#cbd5e1"),
                    rx.code(S.mid_id, size="1", variant="ghost", color_scheme="gray"),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                spacing="1",
            ),
            spacing="4",
            align="center",
        ),
        rx.spacer(),
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
        align="center",
        width="100%",
        margin_bottom="18px",
    )


def _tabs() -> rx.Component:
    def trigger(value: str, icon: str, label: str, badge=None) -> rx.Component:
        return rx.tabs.trigger(
            rx.hstack(rx.icon(icon, size=14), rx.text(label),
                      badge if badge is not None else rx.fragment(), spacing="2", align="center"),
            value=value,
            data_testid=f"tab-{value}",
        )

    return rx.tabs.root(
        rx.tabs.list(
            trigger("setup", "boxes", "SUB MIDs & fees"),
            trigger("blueprint", "split", "Execution blueprint",
                    rx.cond(S.bp_has_draft, rx.badge("Draft", size="1", variant="soft", color_scheme="amber"))),
            trigger("history", "history", "Versions",
                    rx.badge(S.bp_versions.length().to_string(), size="1", variant="soft", color_scheme="gray")),
            size="2",
        ),
        value=S.tab,
        on_change=S.set_tab,
        width="100%",
        margin_bottom="20px",
    )


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
    return rx.box(
        blueprint_bar(S, S.can_manage, S.can_manage),
        rx.grid(
            rx.box(blueprint_editor(S, "SUB MID GROUP", S.can_manage), min_width="0"),
            rx.box(_targets_card(), position="sticky", top="150px", align_self="start"),
            grid_template_columns="minmax(0, 1fr) 320px",
            gap="20px",
            width="100%",
            align_items="start",
        ),
        width="100%",
    )


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


def _not_found() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(rx.icon("search-x", size=26, color="#f59e0b"), width="56px", height="56px",
                      border_radius="16px", background="#f1f5f9"),
            rx.heading("MASTER MID not found", size="5", weight="bold"),
            rx.text("It does not exist in this tenant.", size="2", color=T.MUTED),
            rx.link(rx.button(rx.icon("arrow-left", size=14), "Execution layer", variant="soft"), href="/execution"),
            align="center",
            spacing="3",
        ),
        padding_y="72px",
        width="100%",
        data_testid="mid-not-found",
        **T.CARD_STYLE,
    )


@rx.page(route="/execution/[mid_id]", title="MASTER MID · Clearway", on_load=S.load)
def execution_mid() -> rx.Component:
    return shell(
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=14), rx.text("Execution layer", size="2"), spacing="1",
                      align="center"),
            href="/execution",
            color=T.MUTED,
            underline="none",
            margin_bottom="14px",
            display="inline-block",
            data_testid="back-to-execution",
        ),
        rx.cond(
            S.not_found,
            _not_found(),
            rx.cond(
                S.mid_loaded,
                rx.box(
                    rx.cond(
                        S.load_error != "",
                        rx.callout(S.load_error, icon="triangle-alert", color_scheme="red", variant="surface",
                                   size="1", width="100%", margin_bottom="16px"),
                    ),
                    _header(),
                    _tabs(),
                    rx.match(
                        S.tab,
                        ("blueprint", _blueprint_tab()),
                        ("history", history_panel(S)),
                        _setup_tab(),
                    ),
                    width="100%",
                ),
                rx.vstack(
                    rx.skeleton(rx.box(height="48px", width="420px"), loading=True),
                    rx.skeleton(rx.box(height="36px", width="100%"), loading=True),
                    rx.skeleton(rx.box(height="360px", width="100%"), loading=True),
                    spacing="4",
                    width="100%",
                ),
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

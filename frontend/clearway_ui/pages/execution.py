"""/execution — MASTER MID GROUPs with their MASTER MIDs (provider, settlement currency, fees, status)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.fees import fee_chip, fee_editor
from ..components.feedback import error_callout, forbidden_state, status_badge
from ..components.forms import field_error, form_dialog, labelled_select, option_select, text_field
from ..components.layout import page_header, shell
from ..state.execution import PROVIDERS
from ..state.execution import ExecutionListState as S
from ..state.execution import NewMasterMidGroupState as G
from ..state.execution import NewMasterMidState as M

HEADERS = [("MASTER MID", "210px"), ("Provider", "180px"), ("Settles in", "90px"), ("Processing fees", None),
           ("SUB MIDs", "170px"), ("Execution blueprint", "150px"), ("Status", "110px"), ("", "48px")]


def _mid_row(m: Any) -> rx.Component:
    href = "/execution/" + m.id
    return rx.table.row(
        rx.table.cell(
            rx.link(
                rx.hstack(
                    rx.center(rx.icon("server", size=15, color="#4f46e5"), width="30px", height="30px",
                              border_radius="8px", background="#eef2ff", flex_shrink="0"),
                    rx.text(m.name, size="2", weight="medium", color=T.TEXT, white_space="nowrap"),
                    spacing="3",
                    align="center",
                ),
                href=href,
                underline="none",
                data_testid="mid-link",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.vstack(rx.text(m.provider_label, size="2", white_space="nowrap"),
                      rx.code(m.provider, size="1", variant="ghost", color_scheme="gray"), spacing="0"),
            vertical_align="middle",
        ),
        rx.table.cell(rx.badge(m.settlement, variant="surface", color_scheme="gray"), vertical_align="middle"),
        rx.table.cell(
            rx.cond(
                m.fees.length() > 0,
                rx.hstack(rx.foreach(m.fees, fee_chip), spacing="1", wrap="wrap"),
                rx.text("No fees", size="2", color="#b45309"),
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.text(m.sub_groups.to_string() + " groups · " + m.members.to_string() + " members", size="2",
                    color=T.MUTED, white_space="nowrap"),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.cond(
                m.published > 0,
                rx.badge(rx.icon("circle-check", size=11), "Live v" + m.published.to_string(), color_scheme="green",
                         variant="soft"),
                rx.badge(rx.icon("circle-alert", size=11), "Not published", color_scheme="red", variant="soft"),
            ),
            vertical_align="middle",
        ),
        rx.table.cell(status_badge(m.enabled, "Enabled", "Disabled"), vertical_align="middle"),
        rx.table.cell(
            rx.link(rx.icon_button(rx.icon("chevron-right", size=16), size="1", variant="ghost", color_scheme="gray",
                                   aria_label="Open MASTER MID"), href=href),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="mid-row",
    )


def _group_card(g: Any) -> rx.Component:
    table = rx.table.root(
        rx.table.header(rx.table.row(*[
            rx.table.column_header_cell(rx.text(h, size="1", weight="medium", color=T.MUTED), width=w,
                                        background="#f8fafc", white_space="nowrap")
            for h, w in HEADERS
        ])),
        rx.table.body(rx.foreach(g.mids, _mid_row)),
        variant="ghost",
        size="2",
        width="100%",
        table_layout="fixed",  # the same columns in every group's table
    )
    return rx.box(
        rx.hstack(
            rx.center(rx.icon("layers", size=18, color="white"), width="36px", height="36px", border_radius="10px",
                      background=T.BRAND_GRADIENT, flex_shrink="0"),
            rx.vstack(
                rx.text(g.name, size="3", weight="bold", color=T.TEXT, data_testid="group-name"),
                rx.text(g.mids.length().to_string() + " MASTER MIDs · " + g.enabled.to_string()
                        + " enabled · created " + g.created, size="1", color=T.MUTED),
                spacing="0",
            ),
            rx.spacer(),
            rx.code(g.id, size="1", variant="ghost", color_scheme="gray"),
            rx.cond(S.can_manage, rx.button(rx.icon("plus", size=14), "Add MASTER MID", size="1", variant="soft",
                                            on_click=M.open_create(g.id), data_testid="group-add-mid")),
            spacing="3",
            align="center",
            padding="14px 16px",
            border_bottom=f"1px solid {T.BORDER}",
            width="100%",
        ),
        rx.cond(
            g.mids.length() > 0,
            rx.box(table, overflow_x="auto", min_width="0"),
            rx.center(rx.text("No MASTER MIDs in this group yet. Rules that target it reject every payment.",
                              size="2", color=T.MUTED), padding="24px"),
        ),
        width="100%",
        overflow="hidden",
        data_testid="mid-group",
        **T.CARD_STYLE,
    )


def _new_group_dialog() -> rx.Component:
    return form_dialog(
        G,
        "New MASTER MID GROUP",
        "First-level routing rules send payments to MASTER MID GROUPs; each group tries its MASTER MIDs in order.",
        rx.vstack(text_field(G, "Name", "name", placeholder="EU card acquirers", auto_focus=True), width="100%"),
        on_submit=G.create_group,
        submit_label="Create group",
        testid="mid-group-dialog",
    )


def _new_mid_dialog() -> rx.Component:
    return form_dialog(
        M,
        "New MASTER MID",
        "A provider account with its processing fee per currency. Its SUB MIDs and second-level blueprint are "
        "set up on its page.",
        rx.vstack(
            option_select(M, "MASTER MID GROUP", "groupId", S.group_choices, value=M.n_group_id,
                          on_change=M.set_n_group_id, placeholder="Choose a group…"),
            text_field(M, "Name", "name", placeholder="EU cards primary", auto_focus=True),
            rx.grid(
                labelled_select(M, "Provider", "provider", PROVIDERS, value=M.n_provider, on_change=M.set_n_provider),
                text_field(M, "Settlement currency", "settlementCurrency", placeholder="EUR", default_value="EUR",
                           max_length=3),
                columns="2",
                spacing="3",
                width="100%",
            ),
            rx.vstack(
                rx.text("Processing fees", size="2", weight="medium"),
                fee_editor(M),
                field_error(M, "fees"),
                spacing="2",
                width="100%",
                padding="12px",
                border=f"1px solid {T.BORDER}",
                border_radius="10px",
            ),
            rx.hstack(
                rx.switch(checked=M.n_enabled, on_change=M.set_n_enabled, data_testid="input-enabled"),
                rx.text("Enabled", size="2"),
                spacing="2",
                align="center",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=M.create_mid,
        submit_label="Create MASTER MID",
        max_width="600px",
        testid="mid-dialog",
    )


def _loading() -> rx.Component:
    return rx.vstack(*[rx.skeleton(rx.box(height="180px", width="100%"), loading=True) for _ in range(2)],
                     spacing="4", width="100%")


def _empty() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(rx.icon("layers", size=26, color="#6366f1"), width="56px", height="56px", border_radius="16px",
                      background="#eef2ff"),
            rx.heading("No MASTER MID GROUPs yet", size="5", weight="bold"),
            rx.text("Create a group, then add MASTER MIDs (provider accounts) to it. Payment-method rules route to "
                    "groups.", size="2", color=T.MUTED, text_align="center", max_width="440px"),
            align="center",
            spacing="3",
        ),
        padding_y="64px",
        width="100%",
        data_testid="execution-empty",
        **T.CARD_STYLE,
    )


@rx.page(route="/execution", title="Execution layer · Clearway", on_load=S.load)
def execution() -> rx.Component:
    actions = rx.cond(
        S.can_manage,
        rx.hstack(
            rx.button(rx.icon("folder-plus", size=16), "New MASTER MID GROUP", variant="outline",
                      on_click=G.open_create, data_testid="new-mid-group"),
            rx.button(rx.icon("server", size=16), "New MASTER MID", on_click=M.open_create(""),
                      data_testid="new-mid"),
            spacing="3",
        ),
    )
    return shell(
        page_header(
            "Execution layer",
            "Provider accounts (MASTER MIDs) and their fees, grouped for routing.",
            actions,
        ),
        error_callout(S.error),
        rx.cond(
            S.forbidden,
            forbidden_state("the execution layer"),
            rx.cond(
                S.loaded,
                rx.cond(
                    S.groups.length() == 0,
                    _empty(),
                    rx.vstack(rx.foreach(S.groups, _group_card), spacing="4", width="100%"),
                ),
                _loading(),
            ),
        ),
        _new_group_dialog(),
        _new_mid_dialog(),
        active="/execution",
        title="Execution layer",
        section="Configuration",
    )

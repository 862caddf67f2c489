"""Overview tab: the readiness checklist, the merchant's details and the edit dialog."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import status_badge
from ..components.forms import form_dialog, labelled_select, option_select, text_field
from ..components.readiness import progress_bar
from ..state.merchant import MerchantEditState as E
from ..state.merchant import MerchantState as S

DONE_GREEN = "#16a34a"
MISSING_AMBER = "#d97706"


def _step(step: Any) -> rx.Component:
    done = step["done"].to(bool)
    return rx.hstack(
        rx.cond(
            done,
            rx.center(rx.icon("check", size=15, color="white", stroke_width=3), width="26px", height="26px",
                      border_radius="999px", background=DONE_GREEN, flex_shrink="0"),
            rx.center(rx.text(step["n"], size="1", weight="bold", color=MISSING_AMBER), width="26px", height="26px",
                      border_radius="999px", border=f"2px dashed {MISSING_AMBER}", background="white",
                      flex_shrink="0"),
        ),
        rx.vstack(
            rx.hstack(
                rx.text(step["title"], size="2", weight="medium", color=rx.cond(done, T.MUTED, T.TEXT)),
                rx.cond(
                    done,
                    rx.badge("Done", color_scheme="green", variant="soft", size="1", radius="full"),
                    rx.badge("Missing", color_scheme="amber", variant="soft", size="1", radius="full"),
                ),
                spacing="2",
                align="center",
            ),
            rx.text(step["hint"], size="1", color=T.MUTED),
            spacing="0",
            flex="1",
        ),
        rx.cond(
            done,
            rx.link(rx.text("View", size="1", color=T.MUTED), href=step["fix_path"].to(str), underline="hover",
                    data_testid="readiness-view"),
            rx.cond(
                step["later"].to(bool),
                rx.link(
                    rx.button("Later", size="1", variant="soft", color_scheme="gray"),
                    href=step["fix_path"].to(str),
                    title="Not available yet in this release",
                    data_testid="readiness-later",
                ),
                rx.link(
                    rx.button("Fix", rx.icon("arrow-right", size=13), size="1", variant="soft",
                              color_scheme="amber"),
                    href=step["fix_path"].to(str),
                    data_testid="readiness-fix",
                ),
            ),
        ),
        spacing="3",
        align="center",
        padding="12px 16px",
        border_left=rx.cond(done, "3px solid transparent", f"3px solid {MISSING_AMBER}"),
        background=rx.cond(done, "white", "#fffbeb"),
        border_bottom=f"1px solid {T.BORDER}",
        width="100%",
        data_testid="readiness-step",
        data_key=step["key"].to(str),
        data_done=rx.cond(done, "true", "false"),
    )


def readiness_card() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.vstack(
                rx.heading("Prepare for deposits", size="4", weight="bold"),
                rx.text("Each step is checked live against this merchant's data.", size="2", color=T.MUTED),
                spacing="1",
            ),
            rx.spacer(),
            rx.vstack(
                rx.hstack(
                    rx.text(S.steps_done, size="8", weight="bold", color=T.TEXT, letter_spacing="-0.03em",
                            line_height="1", data_testid="readiness-done"),
                    rx.text("/", S.steps_total, size="5", weight="medium", color=T.MUTED, line_height="1"),
                    spacing="1",
                    align="end",
                    data_testid="readiness-progress",
                ),
                rx.text("steps done", size="1", color=T.MUTED),
                spacing="1",
                align="end",
            ),
            align="center",
            width="100%",
            padding="20px 20px 12px 20px",
        ),
        rx.box(progress_bar(S.steps_pct, height="8px", complete=S.steps_done == S.steps_total),
               padding="0 20px 18px 20px"),
        rx.box(
            rx.foreach(S.steps, _step),
            border_top=f"1px solid {T.BORDER}",
            data_testid="readiness-list",
        ),
        width="100%",
        overflow="hidden",
        **T.CARD_STYLE,
    )


def _detail(label: str, value: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.text(label, size="2", color=T.MUTED, width="96px", flex_shrink="0"),
        value,
        align="center",
        width="100%",
        padding_y="8px",
        border_bottom=f"1px solid {T.BORDER}",
    )


def details_card() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.heading("Details", size="4", weight="bold"),
            rx.spacer(),
            rx.cond(
                S.can_merchants_manage,
                rx.button(rx.icon("pencil", size=14), "Edit", size="1", variant="soft", on_click=E.open_edit,
                          data_testid="edit-merchant"),
            ),
            align="center",
            width="100%",
            margin_bottom="8px",
        ),
        _detail("Status", rx.box(status_badge(S.m_active, "Active", "Disabled"), data_testid="merchant-status")),
        _detail(
            "Group",
            rx.cond(
                S.m_group_name != "",
                rx.hstack(rx.icon("folder", size=14, color=T.MUTED), rx.text(S.m_group_name, size="2"), spacing="2",
                          align="center"),
                rx.text("No group", size="2", color=T.MUTED),
            ),
        ),
        _detail("Created", rx.text(S.m_created_label, size="2")),
        _detail("ID", rx.code(S.mid, size="1", variant="ghost", color_scheme="gray")),
        padding="20px",
        width="100%",
        **T.CARD_STYLE,
    )


def next_step_card() -> rx.Component:
    return rx.cond(
        S.next_step["title"].to(str) != "",
        rx.box(
            rx.vstack(
                rx.hstack(rx.icon("sparkles", size=15, color="#4f46e5"),
                          rx.text("Next step", size="1", weight="bold", color="#4f46e5", letter_spacing="0.04em"),
                          spacing="2", align="center"),
                rx.text(S.next_step["title"].to(str), size="3", weight="bold", color=T.TEXT),
                rx.text(S.next_step["hint"].to(str), size="2", color=T.MUTED),
                rx.link(rx.button("Go there", rx.icon("arrow-right", size=14), size="2"),
                        href=S.next_step["fix_path"].to(str), data_testid="next-step"),
                spacing="2",
            ),
            padding="20px",
            width="100%",
            border="1px solid #c7d2fe",
            border_radius="12px",
            background="linear-gradient(135deg, #eef2ff 0%, #f5f3ff 100%)",
        ),
        rx.box(
            rx.cond(
                S.later_missing > 0,
                rx.vstack(
                    rx.hstack(rx.icon("circle-check", size=18, color=DONE_GREEN),
                              rx.text("Everything available now is done", size="3", weight="bold"),
                              spacing="2", align="center"),
                    rx.text(S.later_missing.to_string(), " remaining routing step(s) are set up on the Routing "
                            "pages (the merchant's Routing tab is not in this release yet).", size="2", color=T.MUTED),
                    spacing="2",
                ),
                rx.hstack(rx.icon("party-popper", size=18, color=DONE_GREEN),
                          rx.text("Ready for deposits", size="3", weight="bold"), spacing="2", align="center"),
            ),
            padding="20px",
            width="100%",
            data_testid="next-step-none",
            **T.CARD_STYLE,
        ),
    )


def edit_dialog() -> rx.Component:
    return form_dialog(
        E,
        "Edit merchant",
        "Rename the merchant, move it to another group, or disable it.",
        rx.vstack(
            text_field(E, "Name", "name", default_value=S.m_name),
            option_select(E, "Merchant group", "merchantGroupId", E.groups, value=E.e_group_id,
                          on_change=E.set_e_group_id, placeholder="No group",
                          hint="Users with access to a group reach all of its merchants."),
            labelled_select(E, "Status", "status", [("ACTIVE", "Active"), ("DISABLED", "Disabled")],
                            value=E.e_status, on_change=E.set_e_status),
            rx.cond(
                E.e_status == "DISABLED",
                rx.callout("A disabled merchant takes no new payments.", icon="info", color_scheme="amber",
                           variant="surface", size="1", width="100%"),
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=E.save,
        submit_label="Save",
        testid="edit-merchant-dialog",
    )


def overview_tab() -> rx.Component:
    return rx.box(
        readiness_card(),
        rx.vstack(next_step_card(), details_card(), spacing="4", width="100%"),
        display="grid",
        grid_template_columns="minmax(0, 1.7fr) minmax(300px, 1fr)",
        gap="20px",
        width="100%",
        align_items="start",
    )

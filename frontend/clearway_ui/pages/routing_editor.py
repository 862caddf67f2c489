"""/routing/[pm_id] — one payment method: its blueprint editor, preview, version history and diff."""
from __future__ import annotations

import reflex as rx

from ..components import theme as T
from ..components.blueprint import blueprint_workspace, history_panel, version_dialog
from ..components.feedback import status_badge
from ..components.forms import confirm_dialog, form_dialog, text_field
from ..components.layout import shell
from ..components.page_parts import (back_link, detail_body, detail_header, detail_title, loading_skeleton, meta_dot,
                                     not_found_card, skeleton_box, tab_bar, tab_trigger)
from ..state.routing_editor import RoutingEditorState as S
from ..views.routing_preview import preview_panel
from .routing import type_icon


def _header() -> rx.Component:
    return detail_header(
        type_icon(S.pm_type, 22, "white"),
        [
            detail_title(S.pm_name, "method-name"),
            rx.badge(S.type_label, variant="soft", color_scheme="indigo"),
            status_badge(S.pm_enabled, "Enabled", "Disabled"),
        ],
        [
            rx.icon("store", size=13, color=T.MUTED),
            rx.text(S.pm_merchant, size="2", color=T.MUTED),
            meta_dot(),
            rx.icon("palette", size=13, color=T.MUTED),
            rx.text(S.pm_brand, size="2", color=T.MUTED),
            meta_dot(),
            rx.foreach(S.pm_currencies, lambda c: rx.badge(c, variant="surface", color_scheme="gray", size="1")),
            meta_dot(),
            rx.text(S.limits_label, size="2", color=T.MUTED),
        ],
        rx.cond(
            S.can_edit,
            rx.button(rx.icon("settings-2", size=15), "Edit method", variant="outline", color_scheme="gray",
                      on_click=S.open_edit, data_testid="edit-method"),
        ),
        wrap="wrap",
    )


def _tabs() -> rx.Component:
    return tab_bar(S.tab, S.set_tab, [
        tab_trigger("editor", "git-branch", "Blueprint"),
        tab_trigger("history", "history", "Versions",
                    rx.badge(S.bp_versions.length().to_string(), size="1", variant="soft", color_scheme="gray")),
    ])


def _editor_tab() -> rx.Component:
    side = rx.box(
        preview_panel(),
        position="sticky",
        top="150px",
        align_self="start",
        max_height="calc(100vh - 166px)",
        overflow_y="auto",
        border_radius="12px",
    )
    return blueprint_workspace(S, "MASTER MID GROUP", S.can_edit, S.can_publish, side, "440px")


def _edit_dialog() -> rx.Component:
    return form_dialog(
        S,
        "Edit payment method",
        "Currencies and limits are checked before routing: payments outside them are refused.",
        rx.vstack(
            text_field(S, "Name", "name", default_value=S.pm_name),
            text_field(S, "Currencies", "currencies", default_value=S.pm_currencies.join(", "),
                       hint="ISO 4217 codes, separated by commas."),
            rx.grid(
                text_field(S, "Minimum amount", "minAmount", default_value=S.pm_min.to_string(), hint="Minor units."),
                text_field(S, "Maximum amount", "maxAmount", default_value=S.pm_max.to_string(), hint="Minor units."),
                columns="2",
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                rx.switch(checked=S.e_enabled, on_change=S.set_e_enabled, data_testid="input-enabled"),
                rx.text("Enabled", size="2"),
                spacing="2",
                align="center",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save_method,
        submit_label="Save",
        testid="method-edit-dialog",
    )


@rx.page(route="/routing/[pm_id]", title="Routing blueprint · Clearway", on_load=S.load)
def routing_editor() -> rx.Component:
    return shell(
        back_link("Routing", "/routing", "back-to-routing"),
        detail_body(
            S.not_found,
            S.page_loaded,
            S.load_error,
            not_found_card("Payment method not found", "It does not exist, or it belongs to a merchant you cannot "
                           "reach.", "All payment methods", "/routing", "method-not-found"),
            loading_skeleton("420px", rx.hstack(skeleton_box("420px"), skeleton_box("420px", "440px"), spacing="4",
                                                width="100%")),
            _header(),
            _tabs(),
            rx.cond(S.tab == "history", history_panel(S), _editor_tab()),
        ),
        confirm_dialog(S),
        version_dialog(S),
        _edit_dialog(),
        active="/routing",
        title=S.pm_name,
        section="Routing",
    )

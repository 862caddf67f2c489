"""/routing/[pm_id] — one payment method: its blueprint editor, preview, version history and diff."""
from __future__ import annotations

import reflex as rx

from ..components import theme as T
from ..components.blueprint import blueprint_bar, blueprint_editor, history_panel, version_dialog
from ..components.feedback import status_badge
from ..components.forms import confirm_dialog, form_dialog, text_field
from ..components.layout import shell
from ..state.routing_editor import RoutingEditorState as S
from ..views.routing_preview import preview_panel
from .routing import type_icon


def _header() -> rx.Component:
    return rx.hstack(
        rx.hstack(
            rx.center(
                type_icon(S.pm_type, 22, "white"),
                width="48px",
                height="48px",
                border_radius="12px",
                background=T.BRAND_GRADIENT,
                box_shadow="0 4px 14px rgba(79,70,229,0.3)",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.hstack(
                    rx.heading(S.pm_name, size="6", weight="bold", letter_spacing="-0.02em", color=T.TEXT,
                               data_testid="method-name"),
                    rx.badge(S.type_label, variant="soft", color_scheme="indigo"),
                    status_badge(S.pm_enabled, "Enabled", "Disabled"),
                    spacing="3",
                    align="center",
                ),
                rx.hstack(
                    rx.icon("store", size=13, color=T.MUTED),
                    rx.text(S.pm_merchant, size="2", color=T.MUTED),
                    rx.text("·", size="2", color="#cbd5e1"),
                    rx.icon("palette", size=13, color=T.MUTED),
                    rx.text(S.pm_brand, size="2", color=T.MUTED),
                    rx.text("·", size="2", color="#cbd5e1"),
                    rx.foreach(S.pm_currencies, lambda c: rx.badge(c, variant="surface", color_scheme="gray",
                                                                   size="1")),
                    rx.text("·", size="2", color="#cbd5e1"),
                    rx.text(S.limits_label, size="2", color=T.MUTED),
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
            S.can_edit,
            rx.button(rx.icon("settings-2", size=15), "Edit method", variant="outline", color_scheme="gray",
                      on_click=S.open_edit, data_testid="edit-method"),
        ),
        align="center",
        width="100%",
        margin_bottom="18px",
    )


def _tabs() -> rx.Component:
    return rx.tabs.root(
        rx.tabs.list(
            rx.tabs.trigger(rx.hstack(rx.icon("git-branch", size=14), rx.text("Blueprint"), spacing="2",
                                      align="center"), value="editor", data_testid="tab-editor"),
            rx.tabs.trigger(
                rx.hstack(rx.icon("history", size=14), rx.text("Versions"),
                          rx.badge(S.bp_versions.length().to_string(), size="1", variant="soft", color_scheme="gray"),
                          spacing="2", align="center"),
                value="history",
                data_testid="tab-history",
            ),
            size="2",
        ),
        value=S.tab,
        on_change=S.set_tab,
        width="100%",
        margin_bottom="20px",
    )


def _editor_tab() -> rx.Component:
    grid = rx.grid(
        rx.box(
            blueprint_editor(S, "MASTER MID GROUP", S.can_edit),
            min_width="0",
        ),
        rx.box(
            preview_panel(),
            position="sticky",
            top="150px",
            align_self="start",
            max_height="calc(100vh - 166px)",
            overflow_y="auto",
            border_radius="12px",
        ),
        grid_template_columns="minmax(0, 1fr) 440px",
        gap="20px",
        width="100%",
        align_items="start",
    )
    return rx.box(blueprint_bar(S, S.can_edit, S.can_publish), grid, width="100%")


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


def _not_found() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(rx.icon("search-x", size=26, color="#f59e0b"), width="56px", height="56px",
                      border_radius="16px", background="#f1f5f9"),
            rx.heading("Payment method not found", size="5", weight="bold"),
            rx.text("It does not exist, or it belongs to a merchant you cannot reach.", size="2", color=T.MUTED),
            rx.link(rx.button(rx.icon("arrow-left", size=14), "All payment methods", variant="soft"), href="/routing"),
            align="center",
            spacing="3",
        ),
        padding_y="72px",
        width="100%",
        data_testid="method-not-found",
        **T.CARD_STYLE,
    )


def _loading() -> rx.Component:
    return rx.vstack(
        rx.skeleton(rx.box(height="48px", width="420px"), loading=True),
        rx.skeleton(rx.box(height="36px", width="100%"), loading=True),
        rx.hstack(
            rx.skeleton(rx.box(height="420px", width="100%"), loading=True),
            rx.skeleton(rx.box(height="420px", width="440px"), loading=True),
            spacing="4",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


@rx.page(route="/routing/[pm_id]", title="Routing blueprint · Clearway", on_load=S.load)
def routing_editor() -> rx.Component:
    return shell(
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=14), rx.text("Routing", size="2"), spacing="1", align="center"),
            href="/routing",
            color=T.MUTED,
            underline="none",
            margin_bottom="14px",
            display="inline-block",
            data_testid="back-to-routing",
        ),
        rx.cond(
            S.not_found,
            _not_found(),
            rx.cond(
                S.pm_loaded,
                rx.box(
                    rx.cond(
                        S.load_error != "",
                        rx.callout(S.load_error, icon="triangle-alert", color_scheme="red", variant="surface",
                                   size="1", width="100%", margin_bottom="16px"),
                    ),
                    _header(),
                    _tabs(),
                    rx.cond(S.tab == "history", history_panel(S), _editor_tab()),
                    width="100%",
                ),
                _loading(),
            ),
        ),
        confirm_dialog(S),
        version_dialog(S),
        _edit_dialog(),
        active="/routing",
        title=S.pm_name,
        section="Routing",
    )

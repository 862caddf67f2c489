"""Brands tab: table, create/edit dialog with a live hosted-page preview."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.forms import field_error, form_dialog, text_field
from ..components.table import Col, count_label, data_table, toolbar
from ..state.merchant_brands import SWATCHES
from ..state.merchant_brands import BrandsState as B
from .merchant_common import icon_action, section_title

COLUMNS = [
    Col("Brand", "name"),
    Col("Default currency", "currency", width="160px"),
    Col("Colour", "color", width="160px"),
    Col("Created", "created", width="130px"),
    Col("", width="60px", align="right"),
]


def brand_chip(name: Any, initial: Any, color: Any, logo_url: Any, size: str = "32px") -> rx.Component:
    """The brand's logo on its colour (or its initial when there is no logo)."""
    return rx.center(
        rx.cond(
            logo_url != "",
            rx.image(src=logo_url, alt=name, width="70%", height="70%", object_fit="contain"),
            rx.text(initial, size="2", weight="bold", color="white"),
        ),
        width=size,
        height=size,
        border_radius="8px",
        background=color,
        flex_shrink="0",
        box_shadow="inset 0 0 0 1px rgba(15,23,42,0.08)",
    )


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.hstack(
                brand_chip(row["name"], row["initial"], row["color"], row["logo_url"]),
                rx.vstack(
                    rx.text(row["name"], size="2", weight="medium"),
                    rx.cond(row["logo_url"] != "",
                            rx.text(row["logo_url"], size="1", color=T.MUTED, max_width="360px", truncate=True),
                            rx.text("No logo", size="1", color=T.MUTED)),
                    spacing="0",
                ),
                spacing="3",
                align="center",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(rx.badge(row["currency"], variant="surface", color_scheme="gray", size="2"),
                      vertical_align="middle"),
        rx.table.cell(
            rx.hstack(
                rx.box(width="16px", height="16px", border_radius="4px", background=row["color"],
                       box_shadow="inset 0 0 0 1px rgba(15,23,42,0.12)"),
                rx.code(row["color"], size="1", variant="ghost", color_scheme="gray"),
                spacing="2",
                align="center",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(rx.text(row["created_label"], size="2", color=T.MUTED), vertical_align="middle"),
        rx.table.cell(
            rx.cond(B.can_merchants_manage,
                    icon_action("pencil", "Edit brand", B.open_edit(row["id"]), "edit-brand")),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="brand-row",
    )


def _preview() -> rx.Component:
    """A miniature of the hosted payment page header in the brand's colours."""
    return rx.vstack(
        rx.text("Hosted page preview", size="1", weight="medium", color=T.MUTED, letter_spacing="0.04em"),
        rx.box(
            rx.hstack(
                rx.center(
                    rx.cond(
                        B.show_logo,
                        rx.image(src=B.b_logo, alt="logo", width="80%", height="80%", object_fit="contain"),
                        rx.text(B.preview_initial, size="3", weight="bold", color=B.preview_color),
                    ),
                    width="36px",
                    height="36px",
                    border_radius="9px",
                    background="white",
                    flex_shrink="0",
                ),
                rx.text(B.preview_name, size="3", weight="bold", color="white", truncate=True),
                spacing="3",
                align="center",
                padding="14px 16px",
                background=B.preview_color,
                transition="background 150ms ease",
            ),
            rx.vstack(
                rx.text("Amount due", size="1", color=T.MUTED),
                rx.text(B.preview_currency + " 49.00", size="5", weight="bold", color=T.TEXT),
                rx.box(
                    rx.text("Pay now", size="2", weight="bold", color="white"),
                    background=B.preview_color,
                    border_radius="8px",
                    padding="8px 0",
                    text_align="center",
                    width="100%",
                    margin_top="6px",
                ),
                spacing="1",
                padding="14px 16px 16px 16px",
                width="100%",
            ),
            width="100%",
            overflow="hidden",
            border=f"1px solid {T.BORDER}",
            border_radius="12px",
            background="white",
            box_shadow="0 6px 20px rgba(15,23,42,0.08)",
            data_testid="brand-preview",
        ),
        spacing="2",
        width="100%",
    )


def _color_field() -> rx.Component:
    err = B.field_errors.get("color", "")
    return rx.vstack(
        rx.text("Colour", as_="label", size="2", weight="medium", color=T.TEXT, html_for="f-color"),
        rx.hstack(
            rx.el.input(
                type="color",
                value=B.preview_color,
                on_change=B.pick_color,
                aria_label="Pick a colour",
                style={"width": "40px", "height": "32px", "padding": "2px", "border": f"1px solid {T.BORDER}",
                       "border_radius": "6px", "background": "white", "cursor": "pointer"},
                data_testid="input-color-picker",
            ),
            rx.input(
                id="f-color",
                name="color",
                value=B.b_color,
                on_change=B.set_b_color,
                placeholder="#4f46e5",
                max_length=7,
                font_family="ui-monospace, SFMono-Regular, Menlo, monospace",
                color_scheme=rx.cond(err != "", "red", "indigo"),
                variant=rx.cond(err != "", "soft", "surface"),
                width="110px",
                data_testid="input-color",
            ),
            rx.hstack(
                *[
                    rx.box(
                        width="20px",
                        height="20px",
                        border_radius="999px",
                        background=c,
                        cursor="pointer",
                        on_click=B.pick_color(c),
                        box_shadow=rx.cond(B.b_color == c, f"0 0 0 2px white, 0 0 0 4px {c}", "none"),
                        title=c,
                    )
                    for c in SWATCHES
                ],
                spacing="2",
                align="center",
                padding_left="6px",
            ),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        field_error(B, "color"),
        spacing="1",
        width="100%",
    )


def brand_dialog() -> rx.Component:
    return form_dialog(
        B,
        rx.cond(B.editing_id != "", "Edit brand", "New brand"),
        "A brand is what payers see: its name, colour and logo appear on the hosted payment page.",
        rx.hstack(
            rx.vstack(
                text_field(B, "Name", "name", placeholder="Acme Shoes EU", value=B.b_name, on_change=B.set_b_name,
                           auto_focus=True),
                text_field(B, "Default currency", "defaultCurrency", placeholder="EUR", value=B.b_currency,
                           on_change=B.set_b_currency, hint="ISO 4217 code, e.g. EUR, USD, GBP.", max_length=3),
                _color_field(),
                text_field(B, "Logo URL", "logoUrl", placeholder="https://cdn.example.com/logo.svg", value=B.b_logo,
                           on_change=B.set_b_logo, hint="Optional. An https URL or a path."),
                spacing="3",
                flex="1",
                min_width="0",
            ),
            rx.box(_preview(), width="230px", flex_shrink="0"),
            spacing="5",
            align="start",
            width="100%",
        ),
        on_submit=B.save,
        submit_label=rx.cond(B.editing_id != "", "Save brand", "Create brand"),
        max_width="720px",
        testid="brand-dialog",
    )


def brands_tab() -> rx.Component:
    return rx.box(
        section_title(
            "Brands",
            "Each brand has its own name, colours, logo and default currency on the hosted page.",
            rx.cond(B.can_merchants_manage,
                    rx.button(rx.icon("plus", size=16), "New brand", on_click=B.open_create, data_testid="new-brand")),
        ),
        data_table(
            B,
            COLUMNS,
            _row,
            toolbar=toolbar(rx.spacer(), count_label(B.total_rows, "brand", "brands")),
            empty_title="No brands yet",
            empty_description="Create the first brand: payers see it on the hosted payment page.",
            empty_icon="palette",
            testid="brands-table",
        ),
    )

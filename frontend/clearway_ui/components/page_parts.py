"""Parts of a page about one object (a merchant, a payment method, a MASTER MID): the way back,
the header, the tabs, and the loading / not found / loaded states of its body."""
from __future__ import annotations

from typing import Any

import reflex as rx

from . import theme as T


def back_link(label: str, href: str, testid: str) -> rx.Component:
    """"← Merchants" above the page: back to the list."""
    return rx.link(
        rx.hstack(rx.icon("arrow-left", size=14), rx.text(label, size="2"), spacing="1", align="center"),
        href=href,
        color=T.MUTED,
        underline="none",
        margin_bottom="14px",
        display="inline-block",
        data_testid=testid,
    )


def meta_dot() -> rx.Component:
    """The separator between the facts in a header's second line."""
    return rx.text("·", size="2", color="#cbd5e1")


def detail_header(icon: rx.Component, title: list[rx.Component], meta: list[rx.Component], right: rx.Component,
                  **meta_props: Any) -> rx.Component:
    """Icon tile, the name with its badges, a line of facts below; ``right`` sits on the far side."""
    return rx.hstack(
        rx.hstack(
            rx.center(
                icon,
                width="48px",
                height="48px",
                border_radius="12px",
                background=T.BRAND_GRADIENT,
                box_shadow="0 4px 14px rgba(79,70,229,0.3)",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.hstack(*title, spacing="3", align="center"),
                rx.hstack(*meta, spacing="2", align="center", **meta_props),
                spacing="1",
            ),
            spacing="4",
            align="center",
        ),
        rx.spacer(),
        right,
        align="center",
        width="100%",
        margin_bottom="18px",
    )


def detail_title(name: Any, testid: str) -> rx.Component:
    return rx.heading(name, size="6", weight="bold", letter_spacing="-0.02em", color=T.TEXT, data_testid=testid)


def tab_trigger(value: str, icon: str, label: str, badge: rx.Component | None = None) -> rx.Component:
    return rx.tabs.trigger(
        rx.hstack(rx.icon(icon, size=14), rx.text(label), *([badge] if badge is not None else []),
                  spacing="2", align="center"),
        value=value,
        data_testid=f"tab-{value}",
    )


def tab_bar(value: Any, on_change: Any, triggers: list[rx.Component], margin_bottom: str = "20px") -> rx.Component:
    return rx.tabs.root(
        rx.tabs.list(*triggers, size="2"),
        value=value,
        on_change=on_change,
        width="100%",
        margin_bottom=margin_bottom,
    )


def not_found_card(title: str, text: str, back_label: str, href: str, testid: str) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(rx.icon("search-x", size=26, color="#f59e0b"), width="56px", height="56px",
                      border_radius="16px", background="#f1f5f9"),
            rx.heading(title, size="5", weight="bold"),
            rx.text(text, size="2", color=T.MUTED),
            rx.link(rx.button(rx.icon("arrow-left", size=14), back_label, variant="soft"), href=href),
            align="center",
            spacing="3",
        ),
        padding_y="72px",
        width="100%",
        data_testid=testid,
        **T.CARD_STYLE,
    )


def loading_skeleton(header_width: str, body: rx.Component) -> rx.Component:
    """Placeholders for the header, the tabs and ``body`` while the object loads."""
    return rx.vstack(
        rx.skeleton(rx.box(height="48px", width=header_width), loading=True),
        rx.skeleton(rx.box(height="36px", width="100%"), loading=True),
        body,
        spacing="4",
        width="100%",
    )


def skeleton_box(height: str, width: str = "100%") -> rx.Component:
    return rx.skeleton(rx.box(height=height, width=width), loading=True)


def detail_body(not_found: Any, loaded: Any, error: Any, missing: rx.Component, loading: rx.Component,
                *children: rx.Component) -> rx.Component:
    """``missing`` when the object is not found, ``loading`` until it loads, then the load error (if any)
    above ``children``."""
    return rx.cond(
        not_found,
        missing,
        rx.cond(
            loaded,
            rx.box(
                rx.cond(
                    error != "",
                    rx.callout(error, icon="triangle-alert", color_scheme="red", variant="surface",
                               size="1", width="100%", margin_bottom="16px"),
                ),
                *children,
                width="100%",
            ),
            loading,
        ),
    )

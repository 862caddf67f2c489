"""Small building blocks shared by the merchant tabs."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T


def section_title(title: str, description: Any, action: rx.Component | None = None) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.heading(title, size="4", weight="bold", color=T.TEXT),
            rx.text(description, size="2", color=T.MUTED),
            spacing="1",
        ),
        rx.spacer(),
        action if action is not None else rx.fragment(),
        align="end",
        width="100%",
        margin_bottom="12px",
    )


def icon_action(icon: str, label: str, on_click: Any, testid: str, color: str = "gray") -> rx.Component:
    return rx.tooltip(
        rx.icon_button(
            rx.icon(icon, size=14),
            size="1",
            variant="ghost",
            color_scheme=color,
            on_click=on_click,
            aria_label=label,
            data_testid=testid,
        ),
        content=label,
    )


def placeholder(icon: str, title: str, body: str, steps: list[str], testid: str) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(
                rx.icon(icon, size=26, color="#6366f1"),
                width="56px",
                height="56px",
                border_radius="16px",
                background="#eef2ff",
            ),
            rx.heading(title, size="5", weight="bold", color=T.TEXT),
            rx.text(body, size="2", color=T.MUTED, text_align="center", max_width="460px"),
            rx.hstack(
                *[rx.badge(rx.icon("circle-dashed", size=12), s, variant="soft", color_scheme="gray", size="2")
                  for s in steps],
                spacing="2",
                wrap="wrap",
                justify="center",
                padding_top="4px",
            ),
            align="center",
            spacing="3",
        ),
        padding_y="64px",
        width="100%",
        data_testid=testid,
        **T.CARD_STYLE,
    )

"""Empty / forbidden / error / coming-soon states and small display helpers."""
from __future__ import annotations

from typing import Any

import reflex as rx

from . import theme as T


def _state_card(icon: str, title: str, body: Any, tint: str, testid: str, extra: rx.Component | None = None) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(
                rx.icon(icon, size=26, color=tint),
                width="56px",
                height="56px",
                border_radius="16px",
                background="#f1f5f9",
            ),
            rx.heading(title, size="5", weight="bold", color=T.TEXT),
            rx.text(body, size="2", color=T.MUTED, text_align="center", max_width="420px"),
            extra if extra is not None else rx.fragment(),
            align="center",
            spacing="3",
        ),
        padding_y="72px",
        width="100%",
        data_testid=testid,
        **T.CARD_STYLE,
    )


def forbidden_state(what: str = "this page") -> rx.Component:
    return _state_card(
        "lock",
        "You don't have access",
        f"Your roles do not include the permission needed for {what}. "
        "Ask a tenant administrator to grant it.",
        "#f59e0b",
        "forbidden",
    )


def coming_soon(title: str, description: str, icon: str) -> rx.Component:
    return _state_card(
        icon,
        f"{title} is coming soon",
        description,
        "#6366f1",
        "coming-soon",
        rx.badge("Planned", variant="soft", color_scheme="indigo", size="2"),
    )


def error_callout(message: Any) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(
            message,
            icon="triangle-alert",
            color_scheme="red",
            variant="surface",
            size="1",
            width="100%",
            margin_bottom="16px",
            data_testid="page-error",
        ),
    )


def status_badge(active: Any, on: str = "Active", off: str = "Inactive") -> rx.Component:
    return rx.cond(
        active,
        rx.badge(rx.box(width="6px", height="6px", border_radius="999px", background="#16a34a"), on,
                 color_scheme="green", variant="soft", radius="full"),
        rx.badge(rx.box(width="6px", height="6px", border_radius="999px", background="#94a3b8"), off,
                 color_scheme="gray", variant="soft", radius="full"),
    )


def stat_card(label: str, value: Any, icon: str, href: str = "") -> rx.Component:
    card = rx.hstack(
        rx.center(
            rx.icon(icon, size=18, color="#4f46e5"),
            width="40px",
            height="40px",
            border_radius="10px",
            background="#eef2ff",
        ),
        rx.vstack(
            rx.text(label, size="2", color=T.MUTED),
            rx.text(value, size="6", weight="bold", color=T.TEXT, letter_spacing="-0.02em"),
            spacing="0",
        ),
        spacing="3",
        align="center",
        padding="18px",
        width="100%",
        **T.CARD_STYLE,
    )
    return rx.link(card, href=href, underline="none", width="100%") if href else card

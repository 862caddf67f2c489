"""Providers tab: one card per simulated provider, granted or not."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..state.merchant_providers import PROVIDERS
from ..state.merchant_providers import ProvidersState as P
from .merchant_common import section_title


def _card(card: Any) -> rx.Component:
    granted = card["granted"].to(bool)
    provider = card["provider"].to(str)
    return rx.box(
        rx.hstack(
            rx.center(
                rx.match(
                    provider,
                    *[(code, rx.icon(icon, size=20, color=rx.cond(granted, "#4f46e5", T.MUTED)))
                      for code, _, icon, _ in PROVIDERS],
                    rx.icon("plug", size=20, color=T.MUTED),
                ),
                width="44px",
                height="44px",
                border_radius="12px",
                background=rx.cond(granted, "#eef2ff", "#f1f5f9"),
                flex_shrink="0",
            ),
            rx.vstack(
                rx.hstack(
                    rx.text(card["label"], size="3", weight="bold", color=T.TEXT),
                    rx.cond(
                        granted,
                        rx.badge(rx.icon("check", size=11), "Granted", color_scheme="green", variant="soft",
                                 radius="full"),
                        rx.badge("Not granted", color_scheme="gray", variant="soft", radius="full"),
                    ),
                    spacing="2",
                    align="center",
                ),
                rx.text(card["description"], size="2", color=T.MUTED),
                rx.cond(granted, rx.text("Since ", card["since"], size="1", color=T.MUTED)),
                spacing="1",
                flex="1",
            ),
            spacing="4",
            align="start",
            width="100%",
        ),
        rx.cond(
            P.can_merchants_manage,
            rx.hstack(
                rx.cond(
                    granted,
                    rx.button("Revoke", size="1", variant="soft", color_scheme="red",
                              on_click=P.ask_revoke(provider), data_testid="revoke-provider"),
                    rx.button(
                        rx.cond(P.busy_provider == provider, rx.spinner(size="1"), rx.icon("plus", size=13)),
                        "Grant access",
                        size="1",
                        on_click=P.grant(provider),
                        disabled=P.busy_provider != "",
                        data_testid="grant-provider",
                    ),
                ),
                justify="end",
                width="100%",
                margin_top="12px",
            ),
        ),
        padding="18px",
        width="100%",
        border=rx.cond(granted, "1px solid #c7d2fe", f"1px solid {T.BORDER}"),
        border_radius="12px",
        background="white",
        box_shadow="0 1px 2px rgba(15,23,42,0.04)",
        data_testid="provider-card",
        data_provider=provider,
        data_granted=rx.cond(granted, "true", "false"),
    )


def providers_tab() -> rx.Component:
    return rx.box(
        section_title(
            "Simulated providers",
            rx.text(
                "The providers this merchant may route payments to. ",
                P.granted_count.to_string(), " of 4 granted.",
            ),
        ),
        rx.cond(
            P.p_error != "",
            rx.callout(P.p_error, icon="triangle-alert", color_scheme="red", variant="surface", size="1",
                       width="100%", margin_bottom="12px"),
        ),
        rx.cond(
            P.p_loaded,
            rx.box(
                rx.foreach(P.cards, _card),
                display="grid",
                grid_template_columns="repeat(2, minmax(0, 1fr))",
                gap="16px",
                width="100%",
            ),
            rx.center(rx.spinner(size="3"), height="200px", width="100%"),
        ),
        rx.hstack(
            rx.icon("info", size=14, color=T.MUTED),
            rx.text("No real money moves: every provider is simulated, but routing, callbacks and webhooks "
                    "behave as in production.", size="1", color=T.MUTED),
            spacing="2",
            align="center",
            margin_top="14px",
        ),
    )

"""/ — overview."""
from __future__ import annotations

import reflex as rx

from ..components import theme as T
from ..components.feedback import stat_card
from ..components.layout import page_header, shell
from ..state.overview import OverviewState


def _welcome() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.vstack(
                rx.text("Welcome back", size="2", color="rgba(255,255,255,0.75)"),
                rx.heading(OverviewState.display_name, size="7", color="white", letter_spacing="-0.02em"),
                rx.hstack(
                    rx.text("Tenant", size="2", color="rgba(255,255,255,0.75)"),
                    rx.text(OverviewState.tenant_name, size="2", weight="bold", color="white",
                            data_testid="overview-tenant"),
                    rx.badge(OverviewState.tenant_plan, variant="solid", color_scheme="indigo",
                             high_contrast=True, size="1"),
                    rx.badge(OverviewState.tenant_status, variant="surface", color_scheme="green", size="1"),
                    spacing="2",
                    align="center",
                ),
                spacing="2",
            ),
            rx.spacer(),
            rx.icon("waypoints", size=72, color="rgba(255,255,255,0.18)"),
            align="center",
            width="100%",
        ),
        padding="28px",
        border_radius="14px",
        background="linear-gradient(120deg, #312e81 0%, #4f46e5 60%, #7c3aed 100%)",
        box_shadow="0 10px 30px rgba(79,70,229,0.25)",
        margin_bottom="20px",
    )


def _operator_card() -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.heading("System operator console", size="5"),
            rx.text(
                "You manage tenants, plans and platform health. Tenant data (transactions, "
                "keys, customers) is never visible to the operator.",
                size="2", color=T.MUTED,
            ),
            rx.link(rx.button(rx.icon("building-2", size=15), "Open tenants"), href="/operator/tenants"),
            spacing="3",
        ),
        padding="24px",
        **T.CARD_STYLE,
    )


@rx.page(route="/", title="Overview · Clearway", on_load=OverviewState.load)
def index() -> rx.Component:
    return shell(
        rx.cond(
            OverviewState.has_tenant,
            rx.box(
                _welcome(),
                rx.grid(
                    # merchant users cannot read access settings: no "—" cards for them
                    rx.cond(OverviewState.can_access_read,
                            stat_card("Users", OverviewState.user_count, "users", "/access/users")),
                    rx.cond(OverviewState.can_access_read,
                            stat_card("Roles", OverviewState.role_count, "shield-check", "/access/roles")),
                    stat_card("Merchants", OverviewState.merchant_count, "store", "/merchants"),
                    columns="3",
                    spacing="4",
                    width="100%",
                ),
            ),
            rx.box(page_header("Overview"), _operator_card()),
        ),
        active="/",
        title="Overview",
    )

"""The back-office shell: left sidebar, top bar, content area."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..state.base import AuthState
from . import theme as T

# (label, lucide icon, href) grouped by section. Routes not built yet show "coming soon".
TENANT_NAV: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("", [("Overview", "layout-dashboard", "/")]),
    (
        "Payments",
        [
            ("Merchants", "store", "/merchants"),
            ("Transactions", "arrow-left-right", "/transactions"),
            ("Disputes", "scale", "/disputes"),
        ],
    ),
    (
        "Configuration",
        [
            ("Routing", "git-branch", "/routing"),
            ("Execution layer", "layers", "/execution"),
            ("Webhooks", "webhook", "/webhooks"),
        ],
    ),
    (
        "Reporting",
        [
            ("Operational review", "activity", "/review"),
            ("Exports", "download", "/exports"),
            ("Audit", "scroll-text", "/audit"),
        ],
    ),
    (
        "Access",
        [
            ("Users", "users", "/access/users"),
            ("Roles", "shield-check", "/access/roles"),
            ("Role assignments", "key-round", "/access/assignments"),
            ("Invitations", "mail-plus", "/access/invitations"),
            ("Outbox", "inbox", "/access/outbox"),
        ],
    ),
    ("Developers", [("Developer tools", "code-xml", "/developer")]),
]

OPERATOR_NAV: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "System operator",
        [
            ("Tenants", "building-2", "/operator/tenants"),
            ("Platform health", "activity", "/operator/health"),
            ("Operator audit", "scroll-text", "/audit"),
        ],
    ),
]


def _nav_item(label: str, icon: str, href: str, active: str) -> rx.Component:
    is_active = href == active
    return rx.link(
        rx.hstack(
            rx.icon(icon, size=16, stroke_width=1.8),
            rx.text(label, size="2", weight="medium" if is_active else "regular"),
            spacing="3",
            align="center",
            padding_x="12px",
            padding_y="7px",
            border_radius="8px",
            width="100%",
            color=T.SIDEBAR_TEXT_ACTIVE if is_active else T.SIDEBAR_TEXT,
            background=T.SIDEBAR_ACTIVE_BG if is_active else "transparent",
            _hover={"background": T.SIDEBAR_HOVER_BG, "color": T.SIDEBAR_TEXT_ACTIVE},
            transition="background 120ms ease",
        ),
        href=href,
        underline="none",
        width="100%",
        data_testid=f"nav-{href.strip('/').replace('/', '-') or 'overview'}",
    )


# sections and single entries shown only to callers holding a permission (the pages say "no access" anyway)
SECTION_GUARDS = {"Access": "can_access_read"}
ITEM_GUARDS = {"/review": "can_review_read"}


def _nav_section(title: str, items: list[tuple[str, str, str]], active: str) -> rx.Component:
    children: list[rx.Component] = []
    if title:
        children.append(
            rx.text(
                title.upper(),
                size="1",
                weight="medium",
                color=T.SIDEBAR_SECTION,
                letter_spacing="0.06em",
                padding_x="12px",
                padding_top="14px",
                padding_bottom="4px",
            )
        )
    for label, icon, href in items:
        item = _nav_item(label, icon, href, active)
        children.append(rx.cond(getattr(AuthState, ITEM_GUARDS[href]), item) if href in ITEM_GUARDS else item)
    section = rx.vstack(*children, spacing="1", width="100%")
    guard = SECTION_GUARDS.get(title)
    return rx.cond(getattr(AuthState, guard), section) if guard else section


def brand_mark(size: str = "4", dark: bool = True) -> rx.Component:
    return rx.hstack(
        rx.center(
            rx.icon("waypoints", size=18, color="white", stroke_width=2.2),
            width="30px",
            height="30px",
            border_radius="8px",
            background=T.BRAND_GRADIENT,
            box_shadow="0 2px 8px rgba(79,70,229,0.45)",
        ),
        rx.text(
            "Clearway",
            size=size,
            weight="bold",
            color="white" if dark else T.TEXT,
            letter_spacing="-0.01em",
        ),
        spacing="2",
        align="center",
    )


def sidebar(active: str) -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.box(brand_mark(), padding_x="12px", padding_top="18px", padding_bottom="10px"),
            rx.cond(
                AuthState.has_tenant,
                rx.vstack(
                    *[_nav_section(t, items, active) for t, items in TENANT_NAV],
                    spacing="1",
                    width="100%",
                ),
            ),
            rx.cond(
                AuthState.is_operator,
                rx.vstack(
                    *[_nav_section(t, items, active) for t, items in OPERATOR_NAV],
                    spacing="1",
                    width="100%",
                ),
            ),
            rx.spacer(),
            rx.text(
                "Simulated payments · no real money moves",
                size="1",
                color=T.SIDEBAR_SECTION,
                padding="12px",
            ),
            spacing="1",
            height="100%",
            width="100%",
            padding_x="10px",
            overflow_y="auto",
        ),
        position="fixed",
        left="0",
        top="0",
        bottom="0",
        width=T.SIDEBAR_WIDTH,
        background=T.SIDEBAR_BG,
        border_right=f"1px solid {T.SIDEBAR_BORDER}",
        z_index="10",
    )


def topbar(title: str, section: str) -> rx.Component:
    crumbs: list[rx.Component] = []
    if section:
        crumbs += [
            rx.text(section, size="2", color=T.MUTED),
            rx.icon("chevron-right", size=14, color="#cbd5e1"),
        ]
    crumbs.append(rx.text(title, size="2", weight="medium", color=T.TEXT))
    return rx.hstack(
        rx.hstack(*crumbs, spacing="2", align="center", data_testid="breadcrumb"),
        rx.spacer(),
        rx.cond(
            AuthState.has_tenant,
            rx.hstack(
                rx.icon("building-2", size=15, color=T.MUTED),
                rx.text(AuthState.tenant_name, size="2", weight="medium", data_testid="topbar-tenant"),
                rx.badge(AuthState.tenant_plan, variant="soft", color_scheme="indigo", size="1"),
                spacing="2",
                align="center",
                padding_x="10px",
                padding_y="5px",
                border=f"1px solid {T.BORDER}",
                border_radius="999px",
                background="white",
            ),
            rx.cond(
                AuthState.is_operator,
                rx.badge(
                    rx.icon("shield", size=12),
                    "System operator",
                    variant="soft",
                    color_scheme="amber",
                    size="2",
                ),
            ),
        ),
        rx.separator(orientation="vertical", size="1", height="24px"),
        rx.hstack(
            rx.center(
                rx.text(AuthState.user_initials, size="1", weight="bold", color="white"),
                width="30px",
                height="30px",
                border_radius="999px",
                background=T.BRAND_GRADIENT,
            ),
            rx.vstack(
                rx.text(AuthState.display_name, size="2", weight="medium", line_height="1.1"),
                rx.text(AuthState.me_email, size="1", color=T.MUTED, data_testid="topbar-email"),
                spacing="0",
            ),
            spacing="2",
            align="center",
        ),
        rx.button(
            rx.icon("log-out", size=15),
            "Log out",
            variant="ghost",
            color_scheme="gray",
            size="2",
            on_click=AuthState.logout,
            data_testid="logout",
        ),
        spacing="4",
        align="center",
        height=T.TOPBAR_HEIGHT,
        padding_x="32px",
        background="rgba(255,255,255,0.85)",
        backdrop_filter="blur(8px)",
        border_bottom=f"1px solid {T.BORDER}",
        position="sticky",
        top="0",
        z_index="5",
        width="100%",
    )


def page_header(title: str, description: Any = "", actions: rx.Component | None = None) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.heading(title, size="6", weight="bold", letter_spacing="-0.02em", color=T.TEXT),
            rx.text(description, size="2", color=T.MUTED) if description is not None and (not isinstance(description, str) or description) else rx.fragment(),
            spacing="1",
        ),
        rx.spacer(),
        actions if actions is not None else rx.fragment(),
        align="end",
        width="100%",
        margin_bottom="20px",
    )


def shell(*children: rx.Component, active: str, title: str, section: str = "") -> rx.Component:
    """The page frame used by every logged-in page."""
    return rx.box(
        sidebar(active),
        rx.box(
            topbar(title, section),
            rx.box(
                rx.cond(
                    AuthState.authed,
                    rx.box(*children, width="100%"),
                    rx.center(rx.spinner(size="3"), height="50vh"),
                ),
                padding_x="32px",
                padding_y="28px",
                max_width="1440px",
                width="100%",
            ),
            margin_left=T.SIDEBAR_WIDTH,
            min_height="100vh",
        ),
        background=T.PAGE_BG,
        min_height="100vh",
    )


def brand_panel() -> rx.Component:
    """The dark left half of the public pages (sign in, accept invitation)."""
    point = lambda icon, text: rx.hstack(  # noqa: E731
        rx.center(rx.icon(icon, size=16, color="white"), width="32px", height="32px",
                  border_radius="8px", background="rgba(255,255,255,0.12)"),
        rx.text(text, size="2", color="rgba(255,255,255,0.85)"),
        spacing="3", align="center",
    )
    return rx.vstack(
        brand_mark(size="5"),
        rx.spacer(),
        rx.heading(
            "The back office for your payment gateway.",
            size="8", weight="bold", color="white", letter_spacing="-0.03em", line_height="1.1",
        ),
        rx.text(
            "Merchants, routing, transactions, webhooks and audit in one place — "
            "with a built-in provider simulator.",
            size="3", color="rgba(255,255,255,0.75)", max_width="440px",
        ),
        rx.vstack(
            point("git-branch", "Two-level routing with versioned blueprints"),
            point("webhook", "Signed Standard Webhooks with retries"),
            point("shield-check", "Roles, merchant access and a full audit trail"),
            spacing="3", padding_top="12px",
        ),
        rx.spacer(),
        rx.text("Simulated payments — no real money moves.", size="1", color="rgba(255,255,255,0.5)"),
        spacing="4",
        padding="48px",
        height="100vh",
        width="46%",
        min_width="420px",
        background="radial-gradient(1200px 600px at 0% 0%, #312e81 0%, #0f172a 55%, #020617 100%)",
        display=["none", "none", "flex", "flex"],
    )

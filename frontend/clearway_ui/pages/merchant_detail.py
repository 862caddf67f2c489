"""/merchants/[merchant_key] — one merchant, with tabs (?tab=overview|brands|providers|users|
api-keys|webhooks|routing|developer). The tab bodies live in views/merchant_*.py (the Developer tab:
views/merchant_developer.py, state/merchant_developer.py)."""
from __future__ import annotations

import reflex as rx

from ..components import theme as T
from ..components.feedback import status_badge
from ..components.layout import shell
from ..components.payments import pulse_style
from ..components.readiness import progress_bar
from ..state.merchant import TABS
from ..state.merchant import MerchantState as S
from ..state.merchant_api_keys import ApiKeysState
from ..state.merchant_brands import BrandsState
from ..state.merchant_developer import DeveloperState
from ..state.merchant_providers import ProvidersState
from ..state.merchant_users import MerchantInvitationsState, MerchantMembersState
from ..state.merchant_webhooks import WebhooksState
from ..components.forms import confirm_dialog
from ..views.merchant_api_keys import api_keys_dialogs, api_keys_tab
from ..views.merchant_brands import brand_dialog, brands_tab
from ..views.merchant_common import placeholder
from ..views.merchant_developer import developer_tab
from ..views.merchant_overview import edit_dialog, overview_tab
from ..views.merchant_providers import providers_tab
from ..views.merchant_users import users_dialogs, users_tab
from ..views.merchant_webhooks import webhooks_dialogs, webhooks_tab


def _header() -> rx.Component:
    return rx.hstack(
        rx.hstack(
            rx.center(
                rx.icon("store", size=22, color="white"),
                width="48px",
                height="48px",
                border_radius="12px",
                background=T.BRAND_GRADIENT,
                box_shadow="0 4px 14px rgba(79,70,229,0.3)",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.hstack(
                    rx.heading(S.m_name, size="6", weight="bold", letter_spacing="-0.02em", color=T.TEXT,
                               data_testid="merchant-name"),
                    status_badge(S.m_active, "Active", "Disabled"),
                    spacing="3",
                    align="center",
                ),
                rx.hstack(
                    rx.cond(
                        S.m_group_name != "",
                        rx.hstack(rx.icon("folder", size=13, color=T.MUTED),
                                  rx.text(S.m_group_name, size="2", color=T.MUTED), spacing="1", align="center"),
                        rx.text("No merchant group", size="2", color=T.MUTED),
                    ),
                    rx.text("·", size="2", color="#cbd5e1"),
                    rx.code(S.mid, size="1", variant="ghost", color_scheme="gray"),
                    spacing="2",
                    align="center",
                ),
                spacing="1",
            ),
            spacing="4",
            align="center",
        ),
        rx.spacer(),
        rx.link(
            rx.hstack(
                rx.vstack(
                    rx.text("Readiness", size="1", color=T.MUTED, weight="medium"),
                    rx.box(progress_bar(S.steps_pct, complete=S.steps_done == S.steps_total), width="140px"),
                    spacing="1",
                ),
                rx.text(S.steps_done.to_string() + "/" + S.steps_total.to_string(), size="5", weight="bold",
                        color=T.TEXT, font_variant_numeric="tabular-nums", data_testid="header-readiness"),
                spacing="3",
                align="center",
                padding="10px 14px",
                **T.CARD_STYLE,
            ),
            href=S.base_path,
            underline="none",
        ),
        align="center",
        width="100%",
        margin_bottom="18px",
    )


def _tabs() -> rx.Component:
    return rx.tabs.root(
        rx.tabs.list(
            *[
                rx.tabs.trigger(
                    rx.hstack(rx.icon(icon, size=14), rx.text(label), spacing="2", align="center"),
                    value=key,
                    data_testid=f"tab-{key}",
                )
                for key, label, icon in TABS
            ],
            size="2",
        ),
        value=S.tab,
        on_change=S.go_tab,
        width="100%",
        margin_bottom="22px",
    )


def _body() -> rx.Component:
    return rx.match(
        S.tab,
        ("brands", brands_tab()),
        ("providers", providers_tab()),
        ("users", users_tab()),
        ("api-keys", api_keys_tab()),
        ("webhooks", webhooks_tab()),
        (
            "routing",
            placeholder(
                "git-branch",
                "Routing arrives with the routing release",
                "Payment methods inside this merchant's brands, their versioned routing blueprints, preview and "
                "publish will be configured here. Until then these readiness steps stay open.",
                ["Create payment method", "Configure routing", "Publish routing"],
                "routing-placeholder",
            ),
        ),
        ("developer", developer_tab()),
        overview_tab(),
    )


def _not_found() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(rx.icon("search-x", size=26, color="#f59e0b"), width="56px", height="56px",
                      border_radius="16px", background="#f1f5f9"),
            rx.heading("Merchant not found", size="5", weight="bold"),
            rx.text("It does not exist, or it is outside the merchants you can reach.", size="2", color=T.MUTED),
            rx.link(rx.button(rx.icon("arrow-left", size=14), "All merchants", variant="soft"), href="/merchants"),
            align="center",
            spacing="3",
        ),
        padding_y="72px",
        width="100%",
        data_testid="merchant-not-found",
        **T.CARD_STYLE,
    )


def _loading() -> rx.Component:
    return rx.vstack(
        rx.skeleton(rx.box(height="48px", width="360px"), loading=True),
        rx.skeleton(rx.box(height="36px", width="100%"), loading=True),
        rx.skeleton(rx.box(height="320px", width="100%"), loading=True),
        spacing="4",
        width="100%",
    )


ON_LOAD = [
    S.load,
    BrandsState.load_tab,
    ProvidersState.load_tab,
    MerchantMembersState.load_tab,
    MerchantInvitationsState.load_tab,
    ApiKeysState.load_tab,
    WebhooksState.load_tab,
    DeveloperState.load_tab,
]


@rx.page(route="/merchants/[merchant_key]", title="Merchant · Clearway", on_load=ON_LOAD)
def merchant_detail() -> rx.Component:
    return shell(
        pulse_style(),
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=14), rx.text("Merchants", size="2"), spacing="1", align="center"),
            href="/merchants",
            color=T.MUTED,
            underline="none",
            margin_bottom="14px",
            display="inline-block",
            data_testid="back-to-merchants",
        ),
        rx.cond(
            S.not_found,
            _not_found(),
            rx.cond(
                S.m_loaded,
                rx.box(
                    rx.cond(
                        S.m_error != "",
                        rx.callout(S.m_error, icon="triangle-alert", color_scheme="red", variant="surface",
                                   size="1", width="100%", margin_bottom="16px"),
                    ),
                    _header(),
                    _tabs(),
                    _body(),
                    width="100%",
                ),
                _loading(),
            ),
        ),
        edit_dialog(),
        brand_dialog(),
        confirm_dialog(ProvidersState),
        users_dialogs(),
        api_keys_dialogs(),
        webhooks_dialogs(),
        active="/merchants",
        title=S.m_name,
        section="Merchants",
    )

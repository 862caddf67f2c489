"""/merchants/[merchant_key] — one merchant, with tabs (?tab=overview|brands|providers|users|
api-keys|webhooks|routing|developer). The tab bodies live in views/merchant_*.py (the Developer tab:
views/merchant_developer.py, state/merchant_developer.py)."""
from __future__ import annotations

import reflex as rx

from ..components import theme as T
from ..components.feedback import status_badge
from ..components.layout import shell
from ..components.page_parts import (back_link, detail_body, detail_header, detail_title, loading_skeleton, meta_dot,
                                     not_found_card, skeleton_box, tab_bar, tab_trigger)
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
    readiness = rx.link(
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
    )
    return detail_header(
        rx.icon("store", size=22, color="white"),
        [detail_title(S.m_name, "merchant-name"), status_badge(S.m_active, "Active", "Disabled")],
        [
            rx.cond(
                S.m_group_name != "",
                rx.hstack(rx.icon("folder", size=13, color=T.MUTED),
                          rx.text(S.m_group_name, size="2", color=T.MUTED), spacing="1", align="center"),
                rx.text("No merchant group", size="2", color=T.MUTED),
            ),
            meta_dot(),
            rx.code(S.mid, size="1", variant="ghost", color_scheme="gray"),
        ],
        readiness,
    )


def _tabs() -> rx.Component:
    return tab_bar(S.tab, S.go_tab, [tab_trigger(key, icon, label) for key, label, icon in TABS], margin_bottom="22px")


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
        back_link("Merchants", "/merchants", "back-to-merchants"),
        detail_body(
            S.not_found,
            S.m_loaded,
            S.m_error,
            not_found_card("Merchant not found", "It does not exist, or it is outside the merchants you can reach.",
                           "All merchants", "/merchants", "merchant-not-found"),
            loading_skeleton("360px", skeleton_box("320px")),
            _header(),
            _tabs(),
            _body(),
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

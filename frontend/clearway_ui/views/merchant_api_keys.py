"""API keys tab: table, create dialog, rotate dialog, show-once secret dialog."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import forbidden_state
from ..components.forms import confirm_dialog, field_error, form_dialog, labelled_select, text_field
from ..components.secrets import grace_dialog, secret_dialog
from ..components.table import Col, count_label, data_table, toolbar
from ..state.merchant_api_keys import EXPIRY_CHOICES
from ..state.merchant_api_keys import ApiKeysState as K
from .merchant_common import icon_action, section_title

COLUMNS = [
    Col("Name", "name"),
    Col("Environment", "environment", width="130px"),
    Col("Prefix", "prefix", width="190px"),
    Col("Status", "status", width="110px"),
    Col("Last used", "last_used", width="120px"),
    Col("Expires", "expires", width="160px"),
    Col("", width="90px", align="right"),
]


def env_badge(env: Any, label: Any) -> rx.Component:
    return rx.badge(
        rx.cond(env == "PRODUCTION", rx.icon("zap", size=11), rx.icon("flask-conical", size=11)),
        label,
        color_scheme=rx.cond(env == "PRODUCTION", "violet", "amber"),
        variant="soft",
    )


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(row["name"], size="2", weight="medium"),
                rx.cond(
                    row["rotated"].to(bool),
                    rx.hstack(rx.icon("refresh-cw", size=11, color="#b45309"),
                              rx.text("Rotated: replaced by a newer key", size="1", color="#b45309"),
                              spacing="1", align="center"),
                    rx.text("Created ", row["created_label"], size="1", color=T.MUTED),
                ),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(env_badge(row["environment"], row["env_label"]), vertical_align="middle"),
        rx.table.cell(rx.code(row["prefix"], size="1", variant="soft", color_scheme="gray"), vertical_align="middle"),
        rx.table.cell(
            rx.badge(row["status_label"], color_scheme=rx.match(
                row["status"], ("ACTIVE", "green"), ("EXPIRING", "amber"), ("REVOKED", "red"), "gray"),
                variant="soft", radius="full"),
            vertical_align="middle",
        ),
        rx.table.cell(rx.text(row["last_used_label"], size="2", color=T.MUTED, title=row["last_used_title"]),
                      vertical_align="middle"),
        rx.table.cell(rx.text(row["expires_label"], size="2", color=T.MUTED), vertical_align="middle"),
        rx.table.cell(
            rx.cond(
                K.can_api_keys & row["usable"].to(bool),
                rx.hstack(
                    rx.cond(~row["rotated"].to(bool),
                            icon_action("refresh-cw", "Rotate", K.open_rotate(row["id"]), "rotate-key")),
                    icon_action("ban", "Revoke", K.ask_revoke(row["id"]), "revoke-key", "red"),
                    spacing="3",
                    justify="end",
                ),
            ),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="api-key-row",
        opacity=rx.cond(row["usable"].to(bool), "1", "0.6"),
    )


def create_dialog() -> rx.Component:
    return form_dialog(
        K,
        "Create API key",
        "The integrator's software authenticates with this key. Sandbox keys never touch production traffic.",
        rx.vstack(
            text_field(K, "Name", "name", placeholder="Checkout backend", auto_focus=True,
                       hint="Something that tells you where the key is used."),
            labelled_select(K, "Environment", "environment",
                            [("SANDBOX", "Sandbox (cw_test_…)"), ("PRODUCTION", "Production (cw_live_…)")],
                            value=K.k_env, on_change=K.set_k_env),
            labelled_select(K, "Expiry", "expiry", EXPIRY_CHOICES, value=K.k_expiry, on_change=K.set_k_expiry),
            rx.cond(
                K.k_expiry == "custom",
                rx.vstack(
                    rx.input(type="date", value=K.k_expiry_date, on_change=K.set_k_expiry_date, width="100%",
                             data_testid="input-expiry-date"),
                    spacing="1",
                    width="100%",
                ),
            ),
            field_error(K, "expiresAt"),
            rx.cond(
                K.k_env == "PRODUCTION",
                rx.callout("A production key moves simulated production traffic: routing must be published.",
                           icon="zap", color_scheme="violet", variant="surface", size="1", width="100%"),
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=K.create_key,
        submit_label="Create key",
        testid="api-key-dialog",
    )


def rotate_dialog() -> rx.Component:
    return grace_dialog(
        K,
        title=rx.text("Rotate ", K.rotate_label),
        body="A new key is issued and shown once. During the grace period the old and the new key both work, "
             "so the integrator can switch without downtime.",
        confirm_label="Rotate key",
        testid="rotate-key-dialog",
    )


def api_keys_tab() -> rx.Component:
    return rx.cond(
        K.forbidden,
        forbidden_state("the API keys of this merchant"),
        rx.box(
            section_title(
                "API keys",
                "Secrets are shown once when created; only the prefix is kept visible.",
                rx.cond(K.can_api_keys,
                        rx.button(rx.icon("plus", size=16), "Create API key", on_click=K.open_create,
                                  data_testid="new-api-key")),
            ),
            rx.cond(
                K.error != "",
                rx.callout(K.error, icon="triangle-alert", color_scheme="red", variant="surface", size="1",
                           width="100%", margin_bottom="12px"),
            ),
            data_table(
                K,
                COLUMNS,
                _row,
                toolbar=toolbar(
                    rx.hstack(rx.icon("info", size=14, color=T.MUTED),
                              rx.text("Sandbox keys start with cw_test_, production keys with cw_live_.",
                                      size="1", color=T.MUTED),
                              spacing="2", align="center"),
                    rx.spacer(),
                    count_label(K.active_count, "active key", "active keys"),
                ),
                empty_title="No API keys yet",
                empty_description="Create a sandbox key so the integrator can start testing.",
                empty_icon="key-round",
                testid="api-keys-table",
            ),
        ),
    )


def api_keys_dialogs() -> rx.Component:
    return rx.fragment(create_dialog(), rotate_dialog(), confirm_dialog(K), secret_dialog(K, "api-key-secret-dialog"))

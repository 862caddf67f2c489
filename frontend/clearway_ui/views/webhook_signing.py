"""The signing rules tab of /webhooks: headers, the verification steps and examples in five languages (the text lives
in content/webhook_signing.py, which the tests run)."""
from __future__ import annotations

import reflex as rx

from ..components import theme as T
from ..components.payments import card, card_title
from ..content.webhook_signing import EXAMPLES, HEADERS, STEPS, TOLERANCE_MINUTES
from ..state.webhooks import WebhooksState as S

NOTES = {
    "python": "Python 3.9+, standard library only. Flask usage at the end.",
    "node": "Node 16+, no dependency. Use express.raw so the body stays a Buffer.",
    "php": "PHP 7.4+. Read the body with php://input before anything parses it.",
    "go": "Go 1.18+, standard library only. Read the body with io.ReadAll(r.Body) first.",
    "shell": "bash with openssl, xxd and base64: check a delivery from the log by hand, or sign a request yourself.",
}
LANGUAGE = {"python": "python", "node": "javascript", "php": "php", "go": "go", "shell": "bash"}


def _headers_card() -> rx.Component:
    return card(
        card_title("What every delivery carries", "file-lock-2",
                   sub="Standard Webhooks (standardwebhooks.com): any of its libraries verifies Clearway deliveries."),
        rx.vstack(*[
            rx.box(
                rx.hstack(
                    rx.code(name, size="2", weight="medium"),
                    rx.spacer(),
                    rx.code(example, size="1", variant="ghost", color_scheme="gray", white_space="nowrap"),
                    align="center",
                    width="100%",
                ),
                rx.text(meaning, size="2", color=T.MUTED, margin_top="4px"),
                padding_y="10px",
                border_bottom=f"1px solid {T.BORDER}",
                width="100%",
            ) for name, example, meaning in HEADERS
        ], spacing="0", width="100%"),
        rx.callout(
            rx.text("The signing secret looks like ", rx.code("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                    ". The HMAC key is the base64-decoded part after ", rx.code("whsec_"),
                    ", not the text itself. It is shown once, when the endpoint is created or its secret rotated; "
                    "during a rotation's grace period deliveries carry one signature per valid secret."),
            icon="key-round",
            color_scheme="indigo",
            variant="surface",
            size="1",
            margin_top="14px",
        ),
        data_testid="signing-headers",
    )


def _steps_card() -> rx.Component:
    return card(
        card_title("Verify before you trust", "list-checks",
                   sub=f"Refuse a request that fails any step; the window is {TOLERANCE_MINUTES} minutes."),
        rx.vstack(*[
            rx.hstack(
                rx.center(rx.text(str(i), size="1", weight="bold", color="#4f46e5"), width="22px", height="22px",
                          border_radius="999px", background="#eef2ff", flex_shrink="0"),
                rx.text(step, size="2", color=T.TEXT),
                spacing="3",
                align="start",
            ) for i, step in enumerate(STEPS, 1)
        ], spacing="3"),
        data_testid="signing-steps",
    )


def _examples_card() -> rx.Component:
    return card(
        card_title("Verification examples", "code-xml",
                   sub="Tested against real signed deliveries. Pass the raw body, not parsed JSON."),
        rx.tabs.root(
            rx.tabs.list(*[rx.tabs.trigger(label, value=key, data_testid=f"lang-{key}") for key, label, _ in EXAMPLES]),
            *[
                rx.tabs.content(
                    rx.hstack(
                        rx.text(NOTES[key], size="1", color=T.MUTED),
                        rx.spacer(),
                        rx.button(rx.icon("copy", size=13), "Copy", size="1", variant="soft", color_scheme="gray",
                                  on_click=[rx.set_clipboard(code), rx.toast.success(f"{label} example copied")],
                                  data_testid=f"copy-{key}"),
                        align="center",
                        width="100%",
                        margin_top="12px",
                    ),
                    rx.code_block(code, language=LANGUAGE[key], show_line_numbers=True, wrap_long_lines=True,
                                  custom_style={"fontSize": "12.5px", "margin": "8px 0 0 0", "borderRadius": "10px"}),
                    value=key,
                    data_testid=f"example-{key}",
                )
                for key, label, code in EXAMPLES
            ],
            value=S.language,
            on_change=S.set_language,
        ),
        data_testid="signing-examples",
    )


def signing_tab() -> rx.Component:
    return rx.vstack(
        rx.grid(_headers_card(), _steps_card(), columns="1.35fr 1fr", gap="18px", width="100%", align="start"),
        _examples_card(),
        spacing="4",
        width="100%",
    )

"""Display pieces shared by the payment pages: transaction status and environment badges, amounts,
callback verdicts, timeline icons and a read-only JSON viewer."""
from __future__ import annotations

from typing import Any

import reflex as rx

from . import theme as T

MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"

# TransactionStatus (GraphQL enum) -> (label, Radix colour)
STATUS_STYLES: dict[str, tuple[str, str]] = {
    "PENDING": ("Pending", "amber"),
    "SETTLEMENT": ("Settlement", "green"),
    "FAILED": ("Failed", "red"),
    "EXPIRED": ("Expired", "gray"),
    "CANCELLED": ("Cancelled", "gray"),
    "REFUNDED": ("Refunded", "violet"),
    "PARTIALLY_REFUNDED": ("Partially refunded", "iris"),
}
STATUS_DOT = {"amber": "#d97706", "green": "#16a34a", "red": "#dc2626", "gray": "#94a3b8", "violet": "#7c3aed",
              "iris": "#4f46e5"}


def status_label(status: str) -> str:
    return STATUS_STYLES.get(str(status or "").upper(), (str(status or "").replace("_", " ").capitalize(), "gray"))[0]


def txn_status_badge(status: Any, label: Any, size: str = "1", testid: str = "txn-status") -> rx.Component:
    """A transaction status pill; ``status`` is the enum value, ``label`` its readable form."""
    color = rx.match(status, *[(k, v[1]) for k, v in STATUS_STYLES.items()], "gray")
    dot = rx.match(status, *[(k, STATUS_DOT[v[1]]) for k, v in STATUS_STYLES.items()], "#94a3b8")
    return rx.badge(
        rx.cond(
            status == "PENDING",
            rx.box(width="6px", height="6px", border_radius="999px", background=dot,
                   class_name="cw-pulse"),
            rx.box(width="6px", height="6px", border_radius="999px", background=dot),
        ),
        label,
        color_scheme=color,
        variant="soft",
        radius="full",
        size=size,
        white_space="nowrap",
        data_testid=testid,
        data_status=status,
    )


def txn_env_badge(env: Any, size: str = "1") -> rx.Component:
    """sandbox / production (the transaction's environment is lower case)."""
    return rx.badge(
        rx.cond(env == "production", rx.icon("zap", size=11), rx.icon("flask-conical", size=11)),
        rx.cond(env == "production", "Production", "Sandbox"),
        color_scheme=rx.cond(env == "production", "violet", "amber"),
        variant="soft",
        size=size,
        data_testid="txn-env",
    )


def verdict_badge(verdict: Any) -> rx.Component:
    return rx.badge(
        rx.match(
            verdict,
            ("applied", rx.icon("circle-check", size=11)),
            ("suspicious", rx.icon("shield-alert", size=11)),
            ("ignored", rx.icon("circle-minus", size=11)),
            rx.icon("copy", size=11),
        ),
        verdict.to(str).capitalize(),
        color_scheme=rx.match(verdict, ("applied", "green"), ("suspicious", "red"), ("ignored", "amber"), "gray"),
        variant="soft",
        radius="full",
        data_testid="callback-verdict",
    )


def method_icon(mtype: Any, size: int = 15, color: str = "#4f46e5") -> rx.Component:
    """A payment method type (CARD / VIRTUAL_ACCOUNT / EWALLET / QR, any case) as an icon."""
    return rx.match(
        mtype.to(str).upper(),
        ("CARD", rx.icon("credit-card", size=size, color=color)),
        ("VIRTUAL_ACCOUNT", rx.icon("landmark", size=size, color=color)),
        ("EWALLET", rx.icon("wallet", size=size, color=color)),
        ("QR", rx.icon("qr-code", size=size, color=color)),
        rx.icon("wallet", size=size, color=color),
    )


def timeline_icon(icon: Any, size: int = 15) -> rx.Component:
    """Icons by name for the timeline (names computed by the state; lucide needs them static)."""
    names = ["circle-plus", "route", "credit-card", "shield-question", "shield-check", "shield-x", "send", "inbox",
             "circle-check", "circle-x", "shield-alert", "hand", "undo-2", "timer-off", "ban", "webhook",
             "circle-minus", "wallet", "git-branch", "split", "life-buoy", "layers", "server", "boxes",
             "circle-check-big", "octagon-x"]
    return rx.match(icon, *[(n, rx.icon(n, size=size)) for n in names], rx.icon("circle-dot", size=size))


def amount_text(value: Any, **props: Any) -> rx.Component:
    return rx.text(value, font_variant_numeric="tabular-nums", white_space="nowrap", **props)


def id_code(value: Any, testid: str = "") -> rx.Component:
    props = {"data_testid": testid} if testid else {}
    return rx.code(value, size="1", variant="ghost", color_scheme="gray", white_space="nowrap", **props)


def json_view(text: Any, max_height: str = "420px", testid: str = "json-view") -> rx.Component:
    """Pretty-printed JSON (the state formats it), monospace, scrollable; never editable."""
    return rx.box(
        rx.el.pre(
            text,
            margin="0",
            font_family=MONO,
            font_size="12px",
            line_height="1.55",
            color="#e2e8f0",
            white_space="pre-wrap",
            word_break="break-all",
        ),
        padding="14px 16px",
        border_radius="10px",
        background="#0f172a",
        max_height=max_height,
        overflow="auto",
        width="100%",
        data_testid=testid,
    )


def kv_row(label: str, value: rx.Component, testid: str = "") -> rx.Component:
    """One 'label   value' line of a details card."""
    props = {"data_testid": testid} if testid else {}
    return rx.hstack(
        rx.text(label, size="2", color=T.MUTED, width="150px", flex_shrink="0"),
        rx.box(value, min_width="0", flex="1"),
        align="center",
        width="100%",
        padding_y="9px",
        border_bottom=f"1px solid {T.BORDER}",
        **props,
    )


def card(*children: rx.Component, padding: str = "20px", **props: Any) -> rx.Component:
    return rx.box(*children, padding=padding, width="100%", **{**T.CARD_STYLE, **props})


def card_title(title: Any, icon: str, right: rx.Component | None = None, sub: Any = None) -> rx.Component:
    return rx.hstack(
        rx.center(rx.icon(icon, size=15, color="#4f46e5"), width="30px", height="30px", border_radius="8px",
                  background="#eef2ff", flex_shrink="0"),
        rx.vstack(
            rx.text(title, size="3", weight="bold", color=T.TEXT),
            rx.text(sub, size="1", color=T.MUTED) if sub is not None else rx.fragment(),
            spacing="0",
        ),
        rx.spacer(),
        right if right is not None else rx.fragment(),
        spacing="3",
        align="center",
        width="100%",
        margin_bottom="10px",
    )


# a soft pulse for the "pending" dot (and the auto-refresh indicator)
PULSE_CSS = """
@keyframes cw-pulse { 0% { opacity: 1 } 50% { opacity: .35 } 100% { opacity: 1 } }
.cw-pulse { animation: cw-pulse 1.4s ease-in-out infinite; }
"""


def pulse_style() -> rx.Component:
    return rx.el.style(PULSE_CSS)

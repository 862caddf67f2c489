"""Show-once secret dialog and the rotation (grace period) dialog, shared by API keys and webhooks."""
from __future__ import annotations

from typing import Any

import reflex as rx

from . import theme as T

GRACE_CHOICES: list[tuple[str, str, str]] = [
    ("0", "No grace period", "The old secret stops working immediately."),
    ("3600", "1 hour", "Both secrets work for one hour."),
    ("86400", "24 hours", "Both secrets work for a day. Recommended."),
    ("604800", "7 days", "Both secrets work for a week (the maximum)."),
]


def secret_dialog(state: Any, testid: str = "secret-dialog") -> rx.Component:
    """The one time a secret is shown (SecretRevealMixin): copy button, loud warning, Done."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.hstack(
                rx.center(
                    rx.icon("key-round", size=20, color="#4f46e5"),
                    width="40px",
                    height="40px",
                    border_radius="10px",
                    background="#eef2ff",
                    flex_shrink="0",
                ),
                rx.vstack(
                    rx.dialog.title(state.secret_title, size="5", weight="bold", margin="0"),
                    rx.dialog.description(state.secret_note, color=T.MUTED, custom_attrs={"size": "2"}),
                    spacing="1",
                ),
                spacing="3",
                align="start",
                margin_bottom="16px",
            ),
            rx.callout(
                "Copy it now and store it somewhere safe. This is the only time it is shown: "
                "Clearway keeps only a hash or an encrypted copy and can never display it again.",
                icon="triangle-alert",
                color_scheme="amber",
                variant="surface",
                size="1",
                width="100%",
                data_testid="secret-warning",
            ),
            rx.hstack(
                rx.code(
                    state.secret_value,
                    size="2",
                    variant="ghost",
                    color_scheme="gray",
                    word_break="break-all",
                    flex="1",
                    data_testid="secret-value",
                ),
                rx.button(
                    rx.icon("copy", size=14),
                    "Copy",
                    size="2",
                    variant="soft",
                    on_click=[rx.set_clipboard(state.secret_value), rx.toast.success("Copied to the clipboard")],
                    data_testid="secret-copy",
                    flex_shrink="0",
                ),
                align="center",
                spacing="3",
                padding="12px 14px",
                margin_top="14px",
                border=f"1px dashed {T.BORDER}",
                border_radius="10px",
                background="#f8fafc",
                width="100%",
            ),
            rx.hstack(
                rx.button(
                    rx.icon("check", size=15),
                    "I have stored it",
                    on_click=state.close_secret,
                    data_testid="secret-done",
                ),
                justify="end",
                width="100%",
                margin_top="20px",
            ),
            max_width="560px",
            data_testid=testid,
            # an outside click must not lose the secret by accident: close with the button or Esc
            on_pointer_down_outside=rx.prevent_default,
            on_interact_outside=rx.prevent_default,
        ),
        open=state.secret_open,
        on_open_change=state.set_secret_open,
    )


def grace_dialog(
    state: Any,
    *,
    title: Any,
    body: Any,
    confirm_label: str = "Rotate",
    testid: str = "rotate-dialog",
) -> rx.Component:
    """The RotateWithGraceMixin dialog: a grace period (none, 1 h, 24 h, 7 days), then rotate."""
    value = state.rotate_grace
    error = state.rotate_error
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title, size="5", weight="bold"),
            rx.dialog.description(body, color=T.MUTED, margin_bottom="14px", custom_attrs={"size": "2"}),
            rx.cond(
                error != "",
                rx.callout(error, icon="circle-alert", color_scheme="red", variant="surface", size="1",
                           width="100%", margin_bottom="12px", data_testid="form-error"),
            ),
            rx.text("Grace period for the old secret", size="2", weight="medium", color=T.TEXT),
            rx.radio_group.root(
                rx.vstack(
                    *[
                        rx.el.label(
                            rx.hstack(
                                rx.radio_group.item(value=v, data_testid=f"grace-{v}", margin_top="3px"),
                                rx.vstack(
                                    rx.text(label, size="2", weight="medium"),
                                    rx.text(hint, size="1", color=T.MUTED),
                                    spacing="0",
                                ),
                                spacing="3",
                                align="start",
                                padding="10px 12px",
                                border=rx.cond(value == v, "1px solid #a5b4fc", f"1px solid {T.BORDER}"),
                                background=rx.cond(value == v, "#eef2ff", "white"),
                                border_radius="10px",
                                width="100%",
                                cursor="pointer",
                            ),
                            display="block",
                            width="100%",
                        )
                        for v, label, hint in GRACE_CHOICES
                    ],
                    spacing="2",
                    width="100%",
                ),
                value=value,
                on_change=state.set_rotate_grace,
                margin_top="8px",
                width="100%",
            ),
            rx.hstack(
                rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", data_testid="rotate-cancel")),
                rx.button(
                    rx.cond(state.rotate_busy, rx.spinner(size="1"), rx.icon("refresh-cw", size=14)),
                    confirm_label,
                    on_click=state.rotate,
                    disabled=state.rotate_busy,
                    data_testid="rotate-confirm",
                ),
                justify="end",
                spacing="3",
                margin_top="20px",
                width="100%",
            ),
            max_width="480px",
            data_testid=testid,
        ),
        open=state.rotate_open,
        on_open_change=state.set_rotate_open,
    )

"""/login"""
from __future__ import annotations

import reflex as rx

from ..components import theme as T
from ..components.layout import brand_panel
from ..state.login import LoginState


def _form() -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.heading("Sign in", size="7", weight="bold", letter_spacing="-0.02em"),
            rx.text("Use your Clearway back-office account.", size="2", color=T.MUTED),
            rx.cond(
                LoginState.error != "",
                rx.callout(LoginState.error, icon="circle-alert", color_scheme="red",
                           variant="surface", size="1", width="100%", data_testid="login-error"),
            ),
            rx.form(
                rx.vstack(
                    rx.vstack(
                        rx.text("Email", as_="label", size="2", weight="medium", html_for="login-email"),
                        rx.input(id="login-email", name="email", type="email", placeholder="you@company.com",
                                 auto_complete="username", auto_focus=True, size="3", width="100%",
                                 data_testid="login-email"),
                        spacing="1", width="100%",
                    ),
                    rx.vstack(
                        rx.text("Password", as_="label", size="2", weight="medium", html_for="login-password"),
                        rx.input(id="login-password", name="password", type="password",
                                 auto_complete="current-password", size="3", width="100%",
                                 data_testid="login-password"),
                        spacing="1", width="100%",
                    ),
                    rx.cond(
                        LoginState.totp_required,
                        rx.vstack(
                            rx.text("Authentication code", as_="label", size="2", weight="medium",
                                    html_for="login-totp"),
                            rx.input(id="login-totp", name="totp_code", placeholder="123456",
                                     auto_complete="one-time-code", input_mode="numeric", max_length=8,
                                     auto_focus=True, size="3", width="100%", data_testid="login-totp"),
                            rx.text("Two-factor authentication is on for this account. Enter the "
                                    "6-digit code from your authenticator app.", size="1", color=T.MUTED),
                            spacing="1", width="100%",
                        ),
                    ),
                    rx.button(
                        rx.cond(LoginState.busy, rx.spinner(size="2"), rx.fragment()),
                        rx.cond(LoginState.totp_required, "Verify and sign in", "Sign in"),
                        type="submit", size="3", width="100%", disabled=LoginState.busy | ~LoginState.ready,
                        data_testid="login-submit",
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=LoginState.submit,
                reset_on_submit=False,
                custom_attrs={"method": "post"},  # never a GET carrying the password
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
        max_width="380px",
    )


@rx.page(route="/login", title="Sign in · Clearway", on_load=LoginState.on_load)
def login() -> rx.Component:
    return rx.hstack(
        brand_panel(),
        rx.center(_form(), flex="1", height="100vh", padding="32px", background="white"),
        spacing="0",
        width="100%",
        min_height="100vh",
    )

"""/accept-invite?token=… — public: accept an invitation by choosing a name and a password."""
from __future__ import annotations

import reflex as rx

from ..components import theme as T
from ..components.forms import form_error, text_field
from ..components.layout import brand_panel
from ..state.accept_invite import AcceptInviteState as S


def _token_problem() -> rx.Component:
    return rx.cond(
        S.token_problem != "",
        rx.callout(
            rx.vstack(
                rx.text(S.token_problem, weight="medium"),
                rx.text("Ask the person who invited you to send a new invitation.", size="1"),
                spacing="1",
            ),
            icon="link-2-off",
            color_scheme="red",
            variant="surface",
            size="1",
            width="100%",
            data_testid="field-error-token",
        ),
    )


def _form() -> rx.Component:
    return rx.vstack(
        rx.heading("Accept your invitation", size="7", weight="bold", letter_spacing="-0.02em"),
        rx.text("Choose the name others will see and a password for your Clearway account.", size="2",
                color=T.MUTED),
        _token_problem(),
        form_error(S),
        rx.form(
            rx.vstack(
                text_field(S, "Your name", "name", placeholder="Jane Doe", auto_focus=True),
                text_field(S, "Password", "password", type="password", hint="At least 10 characters.",
                           auto_complete="new-password"),
                text_field(S, "Repeat password", "confirm", type="password", auto_complete="new-password"),
                rx.button(
                    rx.cond(S.form_busy, rx.spinner(size="2"), rx.fragment()),
                    "Create my account",
                    type="submit",
                    size="3",
                    width="100%",
                    disabled=S.form_busy | ~S.ready,
                    data_testid="form-submit",
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=S.submit,
            reset_on_submit=False,
            no_validate=True,
            custom_attrs={"method": "post"},  # never a GET carrying the password
            width="100%",
        ),
        spacing="4",
        width="100%",
        data_testid="accept-form",
    )


def _done() -> rx.Component:
    return rx.vstack(
        rx.center(rx.icon("circle-check", size=28, color="#16a34a"), width="56px", height="56px",
                  border_radius="16px", background="#dcfce7"),
        rx.heading("You're all set", size="7", weight="bold", letter_spacing="-0.02em"),
        rx.text("Your account ", rx.text.strong(S.accepted_email), " is ready. Sign in with your email and the "
                "password you just chose.", size="2", color=T.MUTED),
        rx.link(rx.button(rx.icon("log-in", size=16), "Go to sign in", size="3"), href="/login",
                data_testid="accept-login-link"),
        spacing="4",
        align="start",
        width="100%",
        data_testid="accept-success",
    )


def _no_token() -> rx.Component:
    return rx.vstack(
        rx.center(rx.icon("link-2-off", size=26, color="#f59e0b"), width="56px", height="56px",
                  border_radius="16px", background="#fef3c7"),
        rx.heading("This link is incomplete", size="6", weight="bold"),
        rx.text("Open the invitation link exactly as it appears in the email you received.", size="2",
                color=T.MUTED),
        rx.link("Go to sign in", href="/login", size="2"),
        spacing="3",
        width="100%",
        data_testid="accept-no-token",
    )


@rx.page(route="/accept-invite", title="Accept invitation · Clearway", on_load=S.on_load)
def accept_invite() -> rx.Component:
    return rx.hstack(
        brand_panel(),
        rx.center(
            rx.box(
                rx.cond(S.accepted, _done(), rx.cond(S.token_present | ~S.ready, _form(), _no_token())),
                width="100%",
                max_width="400px",
            ),
            flex="1",
            height="100vh",
            padding="32px",
            background="white",
        ),
        spacing="0",
        width="100%",
        min_height="100vh",
    )

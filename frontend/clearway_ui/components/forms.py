"""Form fields with API field errors beside them, dialogs and confirmation dialogs."""
from __future__ import annotations

from typing import Any

import reflex as rx

from . import theme as T


def field_error(state: Any, name: str) -> rx.Component:
    err = state.field_errors.get(name, "")
    return rx.cond(
        err != "",
        rx.hstack(
            rx.icon("circle-alert", size=13, color=T.DANGER),
            rx.text(err, size="1", color=T.DANGER, data_testid=f"field-error-{name}"),
            spacing="1",
            align="center",
        ),
    )


def text_field(
    state: Any,
    label: str,
    name: str,
    *,
    type: str = "text",
    placeholder: str = "",
    hint: str = "",
    default_value: Any = None,
    required: bool = False,
    auto_focus: bool = False,
    value: Any = None,
    on_change: Any = None,
    **extra: Any,
) -> rx.Component:
    """A labelled input; uncontrolled (default_value) or controlled (value + on_change)."""
    err = state.field_errors.get(name, "")
    props: dict[str, Any] = dict(extra)
    if default_value is not None:
        props["default_value"] = default_value
    if value is not None:
        props["value"] = value
    if on_change is not None:
        props["on_change"] = on_change
    return rx.vstack(
        rx.text(label, as_="label", size="2", weight="medium", color=T.TEXT, html_for=f"f-{name}"),
        rx.input(
            id=f"f-{name}",
            name=name,
            type=type,
            placeholder=placeholder,
            required=required,
            auto_focus=auto_focus,
            size="2",
            width="100%",
            color_scheme=rx.cond(err != "", "red", "indigo"),
            variant=rx.cond(err != "", "soft", "surface"),
            data_testid=f"input-{name}",
            **props,
        ),
        field_error(state, name),
        rx.text(hint, size="1", color=T.MUTED) if hint else rx.fragment(),
        spacing="1",
        width="100%",
        align="stretch",
    )


def select_field(
    state: Any,
    label: str,
    name: str,
    items: Any,
    *,
    value: Any = None,
    on_change: Any = None,
    default_value: str | None = None,
    placeholder: str = "Select…",
) -> rx.Component:
    """A select; items is a list of strings or a Var of strings."""
    props: dict[str, Any] = {}
    if value is not None:
        props["value"] = value
    if on_change is not None:
        props["on_change"] = on_change
    if default_value is not None:
        props["default_value"] = default_value
    return rx.vstack(
        rx.text(label, as_="label", size="2", weight="medium", color=T.TEXT),
        rx.select(items, name=name, placeholder=placeholder, width="100%", data_testid=f"select-{name}", **props),
        field_error(state, name),
        spacing="1",
        width="100%",
        align="stretch",
    )


def form_error(state: Any) -> rx.Component:
    return rx.cond(
        state.form_error != "",
        rx.callout(
            state.form_error,
            icon="circle-alert",
            color_scheme="red",
            variant="surface",
            size="1",
            width="100%",
            data_testid="form-error",
        ),
    )


def form_dialog(
    state: Any,
    title: Any,
    description: Any,
    body: rx.Component,
    *,
    on_submit: Any,
    submit_label: Any = "Save",
    max_width: str = "480px",
    testid: str = "form-dialog",
    submit_disabled: Any = False,
) -> rx.Component:
    """A controlled dialog around an rx.form; open flag and errors come from FormMixin."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title, size="5", weight="bold"),
            rx.dialog.description(
                description, color=T.MUTED, margin_bottom="16px", custom_attrs={"size": "2"}
            ),
            rx.form(
                rx.vstack(
                    form_error(state),
                    body,
                    rx.hstack(
                        rx.dialog.close(
                            rx.button("Cancel", type="button", variant="soft", color_scheme="gray"),
                        ),
                        rx.button(
                            rx.cond(state.form_busy, rx.spinner(size="1"), rx.fragment()),
                            submit_label,
                            type="submit",
                            disabled=state.form_busy | submit_disabled,
                            data_testid="form-submit",
                        ),
                        justify="end",
                        spacing="3",
                        width="100%",
                        padding_top="8px",
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=on_submit,
                reset_on_submit=False,
                no_validate=True,  # the API validates; its field errors are shown beside the fields
                custom_attrs={"method": "post"},  # never a GET carrying form values
                width="100%",
            ),
            max_width=max_width,
            data_testid=testid,
        ),
        open=state.form_open,
        on_open_change=state.set_form_open,
    )


def confirm_dialog(state: Any) -> rx.Component:
    """The page's single confirmation dialog (ConfirmMixin)."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(state.confirm_title, size="5"),
            rx.alert_dialog.description(state.confirm_body, color=T.MUTED, custom_attrs={"size": "2"}),
            rx.hstack(
                rx.button(
                    "Cancel",
                    variant="soft",
                    color_scheme="gray",
                    on_click=state.confirm_cancel,
                    data_testid="confirm-cancel",
                ),
                rx.button(
                    rx.cond(state.confirm_busy, rx.spinner(size="1"), rx.fragment()),
                    state.confirm_label,
                    color_scheme=rx.cond(state.confirm_danger, "red", "indigo"),
                    on_click=state.confirm_yes,
                    disabled=state.confirm_busy,
                    data_testid="confirm-yes",
                ),
                spacing="3",
                justify="end",
                margin_top="20px",
            ),
            max_width="440px",
            data_testid="confirm-dialog",
        ),
        open=state.confirm_open,
        on_open_change=state.set_confirm_open,
    )


def option_select(
    state: Any,
    label: str,
    name: str,
    options: Any,
    *,
    value: Any,
    on_change: Any,
    placeholder: str = "Select…",
    disabled: Any = False,
    hint: Any = None,
) -> rx.Component:
    """A select over a Var list of {"id", "label"} dicts, with the API field error beside it."""
    return rx.vstack(
        rx.text(label, as_="label", size="2", weight="medium", color=T.TEXT),
        rx.select.root(
            rx.select.trigger(placeholder=placeholder, width="100%", data_testid=f"select-{name}"),
            rx.select.content(
                rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["id"])),
                position="popper",
                max_height="320px",
            ),
            value=value,
            on_change=on_change,
            disabled=disabled,
            name=name,
        ),
        field_error(state, name),
        rx.text(hint, size="1", color=T.MUTED) if hint is not None else rx.fragment(),
        spacing="1",
        width="100%",
        align="stretch",
    )


def labelled_select(
    state: Any,
    label: str,
    name: str,
    options: list[tuple[str, str]] | Any,
    *,
    value: Any,
    on_change: Any,
    disabled: Any = False,
) -> rx.Component:
    """A select over static (value, label) pairs."""
    return rx.vstack(
        rx.text(label, as_="label", size="2", weight="medium", color=T.TEXT),
        rx.select.root(
            rx.select.trigger(width="100%", data_testid=f"select-{name}"),
            rx.select.content(*[rx.select.item(lbl, value=val) for val, lbl in options], position="popper"),
            value=value,
            on_change=on_change,
            disabled=disabled,
            name=name,
        ),
        field_error(state, name),
        spacing="1",
        width="100%",
        align="stretch",
    )

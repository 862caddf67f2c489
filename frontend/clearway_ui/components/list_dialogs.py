"""Markup shared by the list pages with dialogs (users, roles, role assignments, invitations, outbox,
tenants): the page frame, the header action, the quick-filter toolbar and the role + context
fields of the assign / invite dialogs (state: state/list_dialogs.py)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from .feedback import error_callout, forbidden_state
from .forms import labelled_select, option_select
from .layout import page_header, shell
from .table import count_label, search_box, toolbar

CONTEXT_TYPES = [("TENANT", "Whole tenant"), ("MERCHANT_GROUP", "Merchant group"), ("MERCHANT", "Merchant")]


def kind_badge(label: Any, kind: Any, **props: Any) -> rx.Component:
    """Platform / merchant kind of a user or role."""
    return rx.badge(
        label,
        color_scheme=rx.match(kind, ("PLATFORM", "indigo"), ("MERCHANT", "teal"), "gray"),
        variant="soft",
        **props,
    )


def header_action(allowed: Any, icon: str, label: str, on_click: Any, testid: str, **props: Any) -> rx.Component:
    """The page's main action button, shown only when ``allowed``."""
    return rx.cond(
        allowed,
        rx.button(rx.icon(icon, size=16), label, on_click=on_click, data_testid=testid, **props),
    )


def filter_toolbar(state: Any, placeholder: str, testid: str, singular: str, plural: str) -> rx.Component:
    """Quick filter over the loaded rows, and how many rows match."""
    return toolbar(
        search_box(state.quick_filter, state.set_quick_filter, placeholder, testid),
        rx.spacer(),
        count_label(state.total_rows, singular, plural),
    )


def server_search_toolbar(
    state: Any, value: Any, on_change: Any, placeholder: str, testid: str, singular: str, plural: str
) -> rx.Component:
    """A search the server runs (debounced), and how many rows the server has (``server_total``)."""
    return toolbar(
        rx.debounce_input(search_box(value, on_change, placeholder, testid), debounce_timeout=350),
        rx.spacer(),
        count_label(state.server_total, singular, plural),
    )


def list_page(
    state: Any,
    title: str,
    description: str,
    body: rx.Component,
    *after: rx.Component,
    action: rx.Component | None = None,
    what: str,
    active: str,
    section: str = "Access",
    crumb: str | None = None,
) -> rx.Component:
    """Header, error callout, ``body`` (or the forbidden card naming ``what``), then ``after`` (the dialogs)."""
    return shell(
        page_header(title, description, action),
        error_callout(state.error),
        rx.cond(state.forbidden, forbidden_state(what), body),
        *after,
        active=active,
        title=crumb or title,
        section=section,
    )


def role_context_fields(state: Any) -> list[rx.Component]:
    """Role, context type and (for a merchant group or merchant) which one: RoleContextMixin."""
    return [
        option_select(state, "Role", "roleId", state.roles, value=state.pick_role, on_change=state.set_pick_role,
                      placeholder="Pick a role"),
        labelled_select(
            state,
            "Context",
            "contextType",
            CONTEXT_TYPES,
            value=state.pick_context_type,
            on_change=state.set_pick_context_type,
            disabled=state.pick_role_kind == "PLATFORM",
        ),
        rx.cond(
            state.pick_context_type != "TENANT",
            option_select(
                state,
                rx.cond(state.pick_context_type == "MERCHANT_GROUP", "Merchant group", "Merchant"),
                "contextId",
                state.context_choices,
                value=state.pick_context_id,
                on_change=state.set_pick_context_id,
                placeholder="Pick one",
            ),
        ),
    ]

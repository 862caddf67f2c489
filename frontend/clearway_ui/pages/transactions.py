"""/transactions — not built yet: a clean "coming soon" page inside the shell."""
from __future__ import annotations

import reflex as rx

from ..components.feedback import coming_soon
from ..components.layout import page_header, shell
from ..state.base import AuthState


@rx.page(route="/transactions", title="Transactions · Clearway", on_load=AuthState.require_login)
def transactions() -> rx.Component:
    return shell(
        page_header("Transactions"),
        coming_soon(
            "Transactions",
            "Search every payment by merchant, method, status, amount and date, with timeline, routing path, webhooks and ledger.",
            "arrow-left-right",
        ),
        active="/transactions",
        title="Transactions",
        section="Payments",
    )

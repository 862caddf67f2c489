"""/disputes — not built yet: a clean "coming soon" page inside the shell."""
from __future__ import annotations

import reflex as rx

from ..components.feedback import coming_soon
from ..components.layout import page_header, shell
from ..state.base import AuthState


@rx.page(route="/disputes", title="Disputes · Clearway", on_load=AuthState.require_login)
def disputes() -> rx.Component:
    return shell(
        page_header("Disputes"),
        coming_soon(
            "Disputes",
            "Dispute cases with evidence, messages, escalation and ledger holds.",
            "scale",
        ),
        active="/disputes",
        title="Disputes",
        section="Payments",
    )

"""/merchants — not built yet: a clean "coming soon" page inside the shell."""
from __future__ import annotations

import reflex as rx

from ..components.feedback import coming_soon
from ..components.layout import page_header, shell
from ..state.base import AuthState


@rx.page(route="/merchants", title="Merchants · Clearway", on_load=AuthState.require_login)
def merchants() -> rx.Component:
    return shell(
        page_header("Merchants"),
        coming_soon(
            "Merchants",
            "Merchant groups, merchants, brands and payment methods, with a readiness checklist per merchant.",
            "store",
        ),
        active="/merchants",
        title="Merchants",
        section="Payments",
    )

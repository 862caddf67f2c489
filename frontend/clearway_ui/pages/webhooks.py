"""/webhooks — not built yet: a clean "coming soon" page inside the shell."""
from __future__ import annotations

import reflex as rx

from ..components.feedback import coming_soon
from ..components.layout import page_header, shell
from ..state.base import AuthState


@rx.page(route="/webhooks", title="Webhooks · Clearway", on_load=AuthState.require_login)
def webhooks() -> rx.Component:
    return shell(
        page_header("Webhooks"),
        coming_soon(
            "Webhooks",
            "Merchant webhook endpoints, signing secrets, delivery attempts and resends.",
            "webhook",
        ),
        active="/webhooks",
        title="Webhooks",
        section="Configuration",
    )

"""/routing — not built yet: a clean "coming soon" page inside the shell."""
from __future__ import annotations

import reflex as rx

from ..components.feedback import coming_soon
from ..components.layout import page_header, shell
from ..state.base import AuthState


@rx.page(route="/routing", title="Routing · Clearway", on_load=AuthState.require_login)
def routing() -> rx.Component:
    return shell(
        page_header("Routing"),
        coming_soon(
            "Routing",
            "Versioned payment-method blueprints: rules, MASTER MID GROUP targets, fallback, preview and publish.",
            "git-branch",
        ),
        active="/routing",
        title="Routing",
        section="Configuration",
    )

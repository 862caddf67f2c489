"""/operator/health — not built yet: a clean "coming soon" page inside the shell."""
from __future__ import annotations

import reflex as rx

from ..components.feedback import coming_soon
from ..components.layout import page_header, shell
from ..state.base import AuthState


@rx.page(route="/operator/health", title="Platform health · Clearway", on_load=AuthState.require_login)
def operator_health() -> rx.Component:
    return shell(
        page_header("Platform health"),
        coming_soon(
            "Platform health",
            "Queue depth, worker heartbeats, webhook backlog and error rates across tenants.",
            "activity",
        ),
        active="/operator/health",
        title="Platform health",
        section="System operator",
    )

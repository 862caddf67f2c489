"""/developer — not built yet: a clean "coming soon" page inside the shell."""
from __future__ import annotations

import reflex as rx

from ..components.feedback import coming_soon
from ..components.layout import page_header, shell
from ..state.base import AuthState


@rx.page(route="/developer", title="Developer tools · Clearway", on_load=AuthState.require_login)
def developer() -> rx.Component:
    return shell(
        page_header("Developer tools"),
        coming_soon(
            "Developer tools",
            "GraphiQL, Swagger UI, integration examples, test cards and a quick transaction generator.",
            "code-xml",
        ),
        active="/developer",
        title="Developer tools",
        section="Developers",
    )

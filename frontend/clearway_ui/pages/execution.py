"""/execution — not built yet: a clean "coming soon" page inside the shell."""
from __future__ import annotations

import reflex as rx

from ..components.feedback import coming_soon
from ..components.layout import page_header, shell
from ..state.base import AuthState


@rx.page(route="/execution", title="Execution layer · Clearway", on_load=AuthState.require_login)
def execution() -> rx.Component:
    return shell(
        page_header("Execution layer"),
        coming_soon(
            "Execution layer",
            "MASTER MIDs with fees, SUB MID groups with sequence or weight strategies and velocity limits.",
            "layers",
        ),
        active="/execution",
        title="Execution layer",
        section="Configuration",
    )

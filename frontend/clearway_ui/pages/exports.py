"""/exports — not built yet: a clean "coming soon" page inside the shell."""
from __future__ import annotations

import reflex as rx

from ..components.feedback import coming_soon
from ..components.layout import page_header, shell
from ..state.base import AuthState


@rx.page(route="/exports", title="Exports · Clearway", on_load=AuthState.require_login)
def exports() -> rx.Component:
    return shell(
        page_header("Exports"),
        coming_soon(
            "Exports",
            "CSV / XLSX exports, PDF receipts and signed compliance bundles.",
            "download",
        ),
        active="/exports",
        title="Exports",
        section="Reporting",
    )

"""/operator/health — global health for the system operator (infrastructure only)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.feedback import error_callout, forbidden_state
from ..components.layout import page_header, shell
from ..state.health import HealthState as S


def _check(title: str, ok: Any, ok_text: str, bad_text: str, icon: str, detail: Any = None) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.center(
                rx.icon(icon, size=18, color=rx.cond(ok, "#16a34a", "#dc2626")),
                width="40px",
                height="40px",
                border_radius="10px",
                background=rx.cond(ok, "#f0fdf4", "#fef2f2"),
            ),
            rx.vstack(
                rx.text(title, size="2", color=T.MUTED),
                rx.hstack(
                    rx.box(width="8px", height="8px", border_radius="999px",
                           background=rx.cond(ok, "#16a34a", "#dc2626")),
                    rx.text(rx.cond(ok, ok_text, bad_text), size="4", weight="bold"),
                    spacing="2",
                    align="center",
                ),
                rx.text(detail, size="1", color=T.MUTED) if detail is not None else rx.fragment(),
                spacing="1",
            ),
            spacing="3",
            align="center",
        ),
        padding="18px",
        width="100%",
        **T.CARD_STYLE,
    )


@rx.page(route="/operator/health", title="Platform health · Clearway", on_load=S.load)
def operator_health() -> rx.Component:
    return shell(
        page_header(
            "Platform health",
            "Infrastructure of this Clearway installation. No tenant data is shown here.",
            rx.button(
                rx.icon("refresh-cw", size=15),
                "Refresh",
                variant="soft",
                color_scheme="gray",
                loading=S.loading,
                on_click=S.refresh,
                data_testid="health-refresh",
            ),
        ),
        error_callout(S.error),
        rx.cond(
            S.forbidden,
            forbidden_state("platform health"),
            rx.cond(
                S.loaded,
                rx.vstack(
                    rx.grid(
                        _check("Database", S.database_ok, "Reachable", "Unreachable", "database"),
                        _check("Redis", S.redis_ok, "Reachable", "Unreachable", "server"),
                        _check("Worker", S.worker_alive, "Alive", "No heartbeat", "cpu",
                               "Last heartbeat " + S.heartbeat_age),
                        rx.box(
                            rx.hstack(
                                rx.center(rx.icon("list-ordered", size=18, color="#4f46e5"), width="40px",
                                          height="40px", border_radius="10px", background="#eef2ff"),
                                rx.vstack(
                                    rx.text("Queue depth", size="2", color=T.MUTED),
                                    rx.text(S.queue_depth, size="6", weight="bold", data_testid="queue-depth"),
                                    spacing="0",
                                ),
                                spacing="3",
                                align="center",
                            ),
                            padding="18px",
                            width="100%",
                            **T.CARD_STYLE,
                        ),
                        columns="4",
                        spacing="4",
                        width="100%",
                    ),
                    rx.text("Checked at ", S.checked_at, size="1", color=T.MUTED),
                    spacing="3",
                    width="100%",
                ),
                rx.center(rx.spinner(size="3"), height="30vh"),
            ),
        ),
        active="/operator/health",
        title="Platform health",
        section="System operator",
    )

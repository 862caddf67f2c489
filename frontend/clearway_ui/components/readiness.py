"""Readiness ("prepare merchant for deposits") display helpers."""
from __future__ import annotations

from typing import Any

import reflex as rx

from . import theme as T


def progress_bar(pct: Any, height: str = "6px", complete: Any = False) -> rx.Component:
    return rx.box(
        rx.box(
            width=pct.to_string() + "%",
            height="100%",
            border_radius="999px",
            background=rx.cond(complete, "#16a34a", T.BRAND_GRADIENT),
            transition="width 300ms ease",
        ),
        width="100%",
        height=height,
        border_radius="999px",
        background="#e2e8f0",
        overflow="hidden",
    )


def readiness_meter(done: Any, total: Any, pct: Any, testid: str = "readiness-count") -> rx.Component:
    """Compact "4/11" with a bar, for table cells."""
    return rx.hstack(
        rx.box(progress_bar(pct, complete=done == total), width="88px"),
        rx.text(
            done.to_string() + "/" + total.to_string(),
            size="2",
            weight="medium",
            color=T.TEXT,
            data_testid=testid,
            font_variant_numeric="tabular-nums",
        ),
        spacing="3",
        align="center",
    )

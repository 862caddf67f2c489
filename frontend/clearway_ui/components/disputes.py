"""Display pieces of the dispute pages: status and outcome badges."""
from __future__ import annotations

from typing import Any

import reflex as rx

# DisputeStatus -> Radix colour
STATUS_COLORS = {"OPENED": "amber", "UNDER_REVIEW": "blue", "PENDING_INFO": "orange", "ESCALATED": "red", "RESOLVED": "green"}
OUTCOME_COLORS = {"WON": "green", "LOST": "red", "SPLIT": "violet"}
STATUS_ICONS = {"OPENED": "circle-dot", "UNDER_REVIEW": "search", "PENDING_INFO": "message-circle-question",
                "ESCALATED": "triangle-alert", "RESOLVED": "circle-check"}


def dispute_status_badge(status: Any, label: Any, size: str = "1", testid: str = "dispute-status") -> rx.Component:
    color = rx.match(status, *[(k, v) for k, v in STATUS_COLORS.items()], "gray")
    icon = rx.match(status, *[(k, rx.icon(v, size=11)) for k, v in STATUS_ICONS.items()], rx.icon("circle", size=11))
    return rx.badge(icon, label, color_scheme=color, variant="soft", radius="full", size=size, white_space="nowrap",
                    data_testid=testid, data_status=status)


def outcome_badge(outcome: Any, label: Any, size: str = "1") -> rx.Component:
    return rx.cond(
        outcome != "",
        rx.badge(label, color_scheme=rx.match(outcome, *[(k, v) for k, v in OUTCOME_COLORS.items()], "gray"),
                 variant="outline", radius="full", size=size, data_testid="dispute-outcome"),
    )

"""The webhook history of one transaction (detail page, Webhooks tab): each delivery with its attempts."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .util import fmt_dt, fmt_dt_s, fmt_relative, humanize

STATUS_COLORS = {"SUCCEEDED": "green", "FAILED": "amber", "DEAD": "red", "PENDING": "blue"}


@dataclass
class WebhookAttemptRow:
    number: int = 0
    at: str = ""
    outcome: str = ""  # "200" / "timeout" ...
    succeeded: bool = False
    duration: str = ""
    url: str = ""
    body: str = ""


@dataclass
class WebhookRow:
    id: str = ""
    event: str = ""
    event_id: str = ""
    status: str = ""
    status_color: str = "gray"
    attempt_count: int = 0
    last_error: str = ""
    next_attempt: str = ""
    created_rel: str = ""
    created_abs: str = ""
    is_test: bool = False
    attempts: list[WebhookAttemptRow] = field(default_factory=list)


def webhook_row(d: dict[str, Any]) -> WebhookRow:
    status = str(d.get("status") or "").upper()
    attempts = [WebhookAttemptRow(
        number=int(a.get("number") or 0), at=fmt_dt_s(a.get("createdAt")),
        outcome=str(a.get("responseStatus")) if a.get("responseStatus") is not None else humanize(a.get("error") or "no answer"),
        succeeded=bool(a.get("succeeded")), duration=f"{int(a.get('durationMs') or 0)} ms", url=str(a.get("url") or ""),
        body=str(a.get("responseBody") or "")[:300]) for a in d.get("attempts") or []]
    return WebhookRow(
        id=str(d.get("id") or ""), event=str(d.get("eventType") or ""), event_id=str(d.get("eventId") or ""), status=status,
        status_color=STATUS_COLORS.get(status, "gray"), attempt_count=int(d.get("attemptCount") or 0),
        last_error=humanize(d.get("lastError") or ""),
        next_attempt=fmt_dt(d.get("nextAttemptAt")) if d.get("nextAttemptAt") and status in ("FAILED", "PENDING") else "",
        created_rel=fmt_relative(d.get("createdAt")), created_abs=fmt_dt_s(d.get("createdAt")), is_test=bool(d.get("isTest")),
        attempts=attempts)

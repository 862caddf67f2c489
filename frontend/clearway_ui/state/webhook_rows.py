"""Rows of the webhook pages: an endpoint's status, a delivery-log row, an attempt's details (plain functions)."""
from __future__ import annotations

import json
from typing import Any

from .merchant_webhooks import endpoint_row
from .util import fmt_dt, fmt_dt_s, fmt_relative, fmt_until

# delivery status -> (label, colour)
DELIVERY_STATUS: dict[str, tuple[str, str]] = {
    "PENDING": ("Pending", "blue"),
    "SUCCEEDED": ("Delivered", "green"),
    "FAILED": ("Retrying", "amber"),
    "DEAD": ("Failed", "red"),
}
STATUS_FILTERS: list[dict[str, str]] = [
    {"id": "ALL", "label": "All statuses"},
    {"id": "SUCCEEDED", "label": "Delivered"},
    {"id": "FAILED", "label": "Retrying"},
    {"id": "DEAD", "label": "Failed (no more retries)"},
    {"id": "PENDING", "label": "Pending"},
]
ERROR_WORDS = {
    "timeout": "Timed out (10 s)",
    "redirect": "Answered with a redirect (not followed)",
    "http_status": "Non-2xx answer",
    "connection": "Could not connect",
    "response_too_large": "Response too large",
    "forbidden_target": "Target refused (SSRF guard)",
}


def endpoint_status(e: dict[str, Any]) -> tuple[str, str, str]:
    """(key, label, colour): disabled automatically, switched off, failing, or healthy."""
    if e.get("disabledReason") and not e.get("enabled"):
        return "disabled", "Disabled", "red"
    if not e.get("enabled"):
        return "off", "Off", "gray"
    if e.get("failingSince"):
        return "failing", "Failing since " + fmt_dt(e["failingSince"]), "amber"
    return "healthy", "Healthy", "green"


def endpoint_list_row(e: dict[str, Any]) -> dict[str, Any]:
    """A row of /webhooks: the merchant tab's row plus merchant and status."""
    key, label, colour = endpoint_status(e)
    return {**endpoint_row(e), "merchant": e.get("merchantName") or "", "merchant_id": str(e.get("merchantId") or ""),
            "status": key, "status_label": label, "status_color": colour}


def error_words(error: str | None) -> str:
    if not error:
        return ""
    kind, _, detail = error.partition(":")
    words = ERROR_WORDS.get(kind.strip())
    return f"{words}: {detail.strip()}" if words and detail.strip() else (words or error)


def _pretty(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    return json.dumps(value, indent=2, sort_keys=False, ensure_ascii=False)


def delivery_row(d: dict[str, Any]) -> dict[str, Any]:
    status = str(d.get("status") or "")
    label, colour = DELIVERY_STATUS.get(status, (status.title(), "gray"))
    attempts = d.get("attempts") or []
    last = attempts[-1] if attempts else {}
    if last:
        code, error = last.get("responseStatus"), last.get("error") or ""
        kind = error.partition(":")[0].strip()
        response = f"HTTP {code}" if code is not None else ERROR_WORDS.get(kind, "No answer")
        response_title = f"{response} · {error_words(error)}" if error else response
        response_ok = bool(last.get("succeeded"))
    else:
        response, response_title, response_ok = "Not sent yet", "", False
    nxt = d.get("nextAttemptAt") if status in ("PENDING", "FAILED") else None
    return {
        "id": str(d.get("id") or ""),
        "event_id": d.get("eventId") or "",
        "event_type": d.get("eventType") or "",
        "transaction_id": str(d.get("transactionId") or ""),
        "is_test": bool(d.get("isTest")),
        "status": status,
        "status_label": label,
        "status_color": colour,
        "attempts": int(d.get("attemptCount") or 0),
        "next_retry": fmt_until(nxt) if nxt else "",
        "next_retry_abs": fmt_dt_s(nxt) if nxt else "",
        "response": response,
        "response_title": response_title,
        "response_ok": response_ok,
        "created": d.get("createdAt") or "",
        "created_label": fmt_relative(d.get("createdAt")),
        "created_abs": fmt_dt_s(d.get("createdAt")),
        "can_resend": status != "PENDING",
    }


def attempt_view(a: dict[str, Any]) -> dict[str, Any]:
    code = a.get("responseStatus")
    headers = a.get("requestHeaders") or {}
    return {
        "id": str(a.get("id") or ""),
        "number": int(a.get("number") or 0),
        "url": a.get("url") or "",
        "succeeded": bool(a.get("succeeded")),
        "response_status": str(code) if code is not None else "—",
        "duration": f"{int(a.get('durationMs') or 0)} ms",
        "error": error_words(a.get("error")),
        "at": fmt_dt_s(a.get("createdAt")),
        "request_headers": "\n".join(f"{k}: {v}" for k, v in headers.items()),
        "request_body": _pretty(a.get("requestBody") or ""),
        "response_body": a.get("responseBody") or "",
    }


def delivery_detail(d: dict[str, Any]) -> dict[str, Any]:
    row = delivery_row(d)
    return {**row, "payload": _pretty(d.get("payload") or {}), "last_error": error_words(d.get("lastError")),
            "attempt_list": [attempt_view(a) for a in reversed(d.get("attempts") or [])]}

"""Display of disputes shared by the workbench list, the detail page and the transaction page's Disputes card."""
from __future__ import annotations

from typing import Any

from datetime import datetime, timezone

from .money import fmt_money
from .util import fmt_dt, fmt_relative

STATUS_LABELS = {"OPENED": "Opened", "UNDER_REVIEW": "Under review", "PENDING_INFO": "Pending info",
                 "ESCALATED": "Escalated", "RESOLVED": "Resolved"}
OUTCOME_LABELS = {"WON": "Won", "LOST": "Lost", "SPLIT": "Split"}
OPEN = ("OPENED", "UNDER_REVIEW", "PENDING_INFO", "ESCALATED")


def escalates_in(value: Any) -> str:
    """How long until the automatic escalation: 'in 45 h', 'in 20 min', 'due now'."""
    try:
        at = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return ""
    secs = int((at if at.tzinfo else at.replace(tzinfo=timezone.utc)).timestamp() - datetime.now(timezone.utc).timestamp())
    if secs <= 0:
        return "due now"
    return f"in {secs // 3600} h" if secs >= 3600 else f"in {max(1, secs // 60)} min"


def dispute_row(d: dict[str, Any]) -> dict[str, Any]:
    status = str(d.get("status") or "")
    cur = str(d.get("currency") or "")
    outcome = str(d.get("outcome") or "")
    loss = d.get("merchantLoss")
    escalates = escalates_in(d.get("escalateAt")) if status in ("OPENED", "UNDER_REVIEW", "PENDING_INFO") else ""
    return {
        "id": str(d.get("id") or ""),
        "status": status,
        "status_label": STATUS_LABELS.get(status, status.title()),
        "outcome": outcome,
        "outcome_label": OUTCOME_LABELS.get(outcome, ""),
        "amount": int(d.get("amount") or 0),
        "amount_label": fmt_money(d.get("amount"), cur),
        "loss_label": fmt_money(loss, cur) if loss else "",
        "currency": cur,
        "reason": str(d.get("reason") or ""),
        "merchant_id": str(d.get("merchantId") or ""),
        "merchant": str(d.get("merchantName") or d.get("merchantId") or ""),
        "transaction_id": str(d.get("transactionId") or ""),
        "opened_at": str(d.get("openedAt") or ""),
        "opened_rel": fmt_relative(d.get("openedAt")),
        "opened_abs": fmt_dt(d.get("openedAt")),
        "escalates": escalates,
        "escalate_abs": fmt_dt(d.get("escalateAt")),
        "updated_at": str(d.get("updatedAt") or ""),
        "updated_rel": fmt_relative(d.get("updatedAt")),
    }

"""Display of disputes shared by the workbench list, the detail page and the transaction page's Disputes card."""
from __future__ import annotations

from typing import Any

from .money import fmt_money
from .util import fmt_dt, fmt_relative, fmt_until

STATUS_LABELS = {"OPENED": "Opened", "UNDER_REVIEW": "Under review", "PENDING_INFO": "Pending info",
                 "ESCALATED": "Escalated", "RESOLVED": "Resolved"}
OUTCOME_LABELS = {"WON": "Won", "LOST": "Lost", "SPLIT": "Split"}
OPEN = ("OPENED", "UNDER_REVIEW", "PENDING_INFO", "ESCALATED")


def dispute_row(d: dict[str, Any]) -> dict[str, Any]:
    status = str(d.get("status") or "")
    cur = str(d.get("currency") or "")
    outcome = str(d.get("outcome") or "")
    loss = d.get("merchantLoss")
    escalates = fmt_until(d.get("escalateAt")) if status in ("OPENED", "UNDER_REVIEW", "PENDING_INFO") else ""
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
        "escalates": escalates if escalates != "passed" else "due now",
        "escalate_abs": fmt_dt(d.get("escalateAt")),
        "updated_at": str(d.get("updatedAt") or ""),
        "updated_rel": fmt_relative(d.get("updatedAt")),
    }

"""Sample payloads for test deliveries: the same shape as real events, with made-up values."""
from __future__ import annotations

from backend.core import clock

_STATUS = {
    "payment.created": "PENDING", "payment.succeeded": "SETTLEMENT", "payment.failed": "FAILED", "payment.expired": "EXPIRED",
    "payment.cancelled": "CANCELLED", "payment.refunded": "REFUNDED", "payment.partially_refunded": "PARTIALLY_REFUNDED",
}


def sample_payload(event_type: str, merchant_id: str) -> dict:
    now = clock.now().isoformat()
    if event_type.startswith("dispute."):
        data = {"dispute_id": "dsp_test_0001", "transaction_id": "txn_test_0001", "merchant_id": merchant_id,
                "status": {"dispute.opened": "open", "dispute.updated": "under_review", "dispute.resolved": "won"}.get(event_type, "open"),
                "amount": 2500, "currency": "EUR", "reason": "fraudulent"}
    else:
        status = _STATUS.get(event_type, "PENDING")
        refunded = {"REFUNDED": 2500, "PARTIALLY_REFUNDED": 1000}.get(status, 0)
        data = {"transaction_id": "txn_test_0001", "status": status, "amount": 2500, "currency": "EUR", "refunded_amount": refunded,
                "order_id": "order-test-0001", "user_reference": "user-test", "merchant_id": merchant_id, "environment": "sandbox"}
    return {"type": event_type, "created_at": now, "test": True, "data": data}

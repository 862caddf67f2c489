"""The catalogue of merchant webhook event types."""
from __future__ import annotations

EVENT_TYPES: dict[str, str] = {
    "payment.created": "A payment was created and is pending",
    "payment.succeeded": "A payment settled",
    "payment.failed": "A payment failed",
    "payment.expired": "A payment expired before completion",
    "payment.cancelled": "A payment was cancelled",
    "payment.refunded": "A payment was fully refunded",
    "payment.partially_refunded": "Part of a payment was refunded",
    "dispute.opened": "A dispute was opened",
    "dispute.updated": "A dispute changed state",
    "dispute.resolved": "A dispute was resolved",
}

"""GraphQL types for payment attempts and provider callbacks."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

import strawberry
from strawberry.scalars import JSON

from backend.graphql.common import MinorUnits
from backend.payments import models

PII_KEYS = ("name", "email", "phone", "address")


def masked_customer(customer: dict, may_read_pii: bool) -> dict:
    if may_read_pii:
        return customer
    out = {}
    for key, value in customer.items():
        if key in PII_KEYS and isinstance(value, str) and value:
            if key == "email" and "@" in value:
                local, domain = value.split("@", 1)
                out[key] = f"{local[:1]}•••@{domain}"
            else:
                out[key] = f"{value[:1]}•••"
        else:
            out[key] = value
    return out


@strawberry.type(description="A guest's (or test deposit's) try to pay: method, masked details, where it stands.")
class PaymentAttempt:
    id: strawberry.ID
    method: str
    status: str
    scenario: str
    source: str
    details: JSON
    provider_reference: Optional[str]
    created_at: datetime

    @classmethod
    def from_model(cls, a: models.PaymentAttempt) -> "PaymentAttempt":
        return cls(id=a.id, method=a.method, status=a.status, scenario=a.scenario, source=a.source, details=a.details,
                   provider_reference=a.provider_reference, created_at=a.created_at)


@strawberry.type(description="An inbound provider callback as received, with the verdict of its verification.")
class ProviderCallback:
    id: strawberry.ID
    provider: str
    event_id: Optional[str]
    transaction_id: Optional[str]
    verdict: str
    suspicious: bool
    reason: Optional[str]
    detail: Optional[str]
    reported_status: Optional[str]
    reported_amount: Optional[MinorUnits]
    reported_currency: Optional[str]
    signature_valid: bool
    payload: JSON
    received_at: datetime

    @classmethod
    def from_model(cls, c: models.ProviderCallback) -> "ProviderCallback":
        verdict = c.verdict.value if hasattr(c.verdict, "value") else c.verdict
        return cls(id=c.id, provider=c.provider, event_id=c.event_id, transaction_id=c.transaction_id, verdict=verdict,
                   suspicious=verdict == "suspicious", reason=c.reason, detail=c.detail, reported_status=c.reported_status,
                   reported_amount=c.reported_amount, reported_currency=c.reported_currency, signature_valid=c.signature_valid,
                   payload=c.payload, received_at=c.received_at)

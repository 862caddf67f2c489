"""Routing preview: the full decision trace for a sample payment, without consuming velocity."""
from __future__ import annotations

import uuid

from backend.core import clock
from backend.execution.velocity import VelocityGate
from backend.routing import engine
from backend.routing.cache import redis_client
from backend.routing.loader import compiled_for


def sample_payment(sample) -> engine.PaymentSample:
    return engine.PaymentSample(
        id=sample.id or f"preview_{uuid.uuid4().hex[:12]}", amount=sample.amount, currency=(sample.currency or "").upper(),
        country=sample.country, card_bin=sample.card_bin, card_brand=sample.card_brand,
        customer_segment=sample.customer_segment, user_reference=sample.user_reference,
        metadata=dict(sample.metadata or {}), at=sample.at or clock.now())


async def preview(method_id: str, sample, *, use_draft: bool = False) -> dict:
    compiled = await compiled_for(method_id, use_draft=use_draft)
    decision = await engine.decide(compiled, sample_payment(sample), gate=VelocityGate(redis_client()), consume=False)
    return decision.to_dict()

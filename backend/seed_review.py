"""Demo data for the operational review: the last 24 hours of card payments on Acme Shoes (about six an hour)
with an incident four to five hours ago, when most cards were declined, so /review shows a success-rate drop out
of the box. The payments go through the same real flows as the other demo payments (backend/seed_payments.py)."""
from __future__ import annotations

import random
from datetime import timedelta

from backend.core import clock
from backend.core.context import Actor, actor_var
from backend.merchants.models import Merchant
from backend.routing.models import PaymentMethod, PaymentMethodType
from backend.seed_payments import _one

PER_HOUR = 6  # an ordinary hour (too few to judge on its own: they form the baseline)
INCIDENT_PER_HOUR = 14  # enough to be judged against the baseline
INCIDENT_HOURS_AGO = (5, 4)
APPROVE, DECLINE = "4242424242424242", "4000000000000002"


async def seed_review(rng: random.Random | None = None) -> int:
    rng = rng or random.Random(11)
    merchant = await Merchant.get_or_none(name="Acme Shoes")
    pm = merchant and await PaymentMethod.get_or_none(merchant_id=merchant.id, type=PaymentMethodType.CARD)
    if pm is None:
        return 0
    now = clock.now()
    first_hour = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=23)
    made = 0
    token = actor_var.set(Actor("system", None, "demo seed"))
    try:
        for h in range(24):
            hours_ago = 23 - h
            declines = 0.75 if hours_ago in INCIDENT_HOURS_AGO else 0.08
            for _ in range(INCIDENT_PER_HOUR if hours_ago in INCIDENT_HOURS_AGO else PER_HOUR):
                at = first_hour + timedelta(hours=h, minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
                if at >= now:
                    continue
                clock.freeze(at)
                made += await _one(rng, pm, at, card=DECLINE if rng.random() < declines else APPROVE)
    finally:
        clock.freeze(None)
        actor_var.reset(token)
    return made

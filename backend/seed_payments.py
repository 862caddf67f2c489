"""Demo payments for the embedded default: a few hundred transactions over the last 30 days.

They go through the real flows (routing, attempts, the simulated providers' signed callbacks,
expiry, refunds, overrides); only the providers answer in-process instead of through the worker.
"""
from __future__ import annotations

import random
from datetime import timedelta

from backend.core import clock
from backend.core.context import Actor, actor_var
from backend.core.errors import DomainError
from backend.core.tenancy import current_tenant_id
from backend.core.unit_of_work import unit_of_work
from backend.payments import attempts, callbacks, changes, service
from backend.payments.models import OutboxEvent, PaymentAttempt, Transaction, TxnStatus
from backend.payments.simulator import catalogue, provider
from backend.routing.models import PaymentMethod

COUNT = 360
CARDS = [("4242424242424242", 70), ("5555555555554444", 8), ("4000000000000002", 6), ("4000000000009995", 5),
         ("4000000000000069", 2), ("4000000000000127", 2), ("4000000000000119", 1), ("4000000000005126", 5), ("3DS", 4)]
AMOUNTS = {"EUR": (500, 25_000), "USD": (500, 30_000), "IDR": (5_000_000, 250_000_000)}
COUNTRIES = ["DE", "FR", "NL", "ES", "IT", "US", "GB", "ID"]


async def seed_payments(rng: random.Random | None = None) -> int:
    """Create the demo payments once per tenant (nothing when it already has transactions)."""
    if await Transaction.exists():
        return 0
    rng = rng or random.Random(7)
    methods = [pm for pm in await PaymentMethod.filter(enabled=True)]
    now = clock.now()
    moments = sorted(now - timedelta(minutes=rng.randint(2, 30 * 24 * 60)) for _ in range(COUNT))
    made = 0
    token = actor_var.set(Actor("system", None, "demo seed"))
    try:
        for at in moments:
            clock.freeze(at)
            made += await _one(rng, rng.choice(methods), at)
        clock.freeze(now)
        async with unit_of_work():
            await changes.expire_due(limit=COUNT)
    finally:
        clock.freeze(None)
        actor_var.reset(token)
    return made


async def _one(rng: random.Random, pm: PaymentMethod, at, card: str | None = None) -> int:
    currency = rng.choice(pm.currencies)
    low, high = AMOUNTS.get(currency, (500, 25_000))
    amount = rng.randint(low, high) // 100 * 100 + rng.choice([0, 0, 0, 50, 99])
    method = pm.type.value if hasattr(pm.type, "value") else pm.type
    if method != "card" and rng.random() < 0.12:
        amount = amount // 1000 * 1000 + rng.choice([901, 902])  # provider declines / never answers
    answers: list = []
    answers_token = provider.inline_answers.set(answers)
    try:
        async with unit_of_work():
            txn, _ = await service.create(pm.merchant_id, rng.choice(["production"] * 4 + ["sandbox"]), None, service.CreatePayment(
                payment_method_id=pm.id, amount=amount, currency=currency, order_id=f"ORD-{rng.randint(100000, 999999)}",
                user_reference=f"cust-{rng.randint(1, 120):04d}", customer={"country": rng.choice(COUNTRIES),
                                                                           "email": f"guest{rng.randint(1, 999)}@example.com"}))
            if rng.random() < 0.04:
                await service.cancel(txn, "Customer changed their mind")
            elif method == "card":
                await _pay_by_card(rng, txn, card)
            else:
                await attempts.start_transfer(txn)
    except DomainError:  # e.g. a velocity limit refused the route: that's demo data too, but nothing to keep
        return 0
    finally:
        provider.inline_answers.reset(answers_token)
    for answer in answers:
        url, body, headers = provider.signed_callback({**answer, "tenant_id": current_tenant_id()}, now=at.timestamp())
        async with unit_of_work():
            await callbacks.receive(answer["provider"], headers, body)
    await _backdate(txn, at)
    await _aftermath(rng, txn)
    return 1


async def _pay_by_card(rng: random.Random, txn: Transaction, card: str | None = None) -> None:
    number = card or rng.choices([c for c, _ in CARDS], weights=[w for _, w in CARDS])[0]
    if number == "3DS":
        attempt = await attempts.start_card(txn, "4000000000003220", "12/39", "123", "Demo Guest")
        await attempts.challenge_passed(txn, attempt)
    else:
        await attempts.start_card(txn, number, "11/38", "321", "Demo Guest")


async def _aftermath(rng: random.Random, txn: Transaction) -> None:
    """Some settled payments get refunded (fully or partly); a few pending ones are corrected by hand."""
    await txn.refresh_from_db()
    async with unit_of_work():
        if txn.status == TxnStatus.SETTLEMENT and rng.random() < 0.08:
            await changes.refund(txn, None if rng.random() < 0.5 else txn.amount // 3, "Customer return")
        elif txn.status == TxnStatus.PENDING and rng.random() < 0.15:
            await changes.override(txn, "approve", "Provider confirmed by phone (demo)")


async def _backdate(txn: Transaction, at) -> None:
    await Transaction.filter(id=txn.id).update(created_at=at, updated_at=at)
    await PaymentAttempt.filter(transaction_id=txn.id).update(created_at=at, updated_at=at)
    await OutboxEvent.filter(transaction_id=txn.id).update(created_at=at)

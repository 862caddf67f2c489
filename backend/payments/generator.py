"""Synthetic transactions in bulk, to investigate at scale: ``python -m backend generate-transactions``.

N transactions of one tenant, spread over its enabled payment methods (so over its merchants, brands and MIDs:
each one is routed by the real routing engine, without consuming velocity), with a realistic status mix,
amounts, currencies, order ids, user references, customers and created_at over the last D days. Each gets the
timeline of what happened to it (created, routed, sent to the provider, the outcome, refunds) and refunds get
their Refund rows, so the detail page renders. They carry ``metadata.generated = true``.

Not generated: payment attempts, provider callbacks, webhook deliveries and ledger postings (so the ledger's
invariant check reports generated settled payments as having no merchant funds: use a tenant of its own for
volume tests). Rows are written in batches: PostgreSQL COPY through asyncpg, else (SQLite) multi-row inserts.

Speed (about 1,000,000 in a few minutes on PostgreSQL): transactions are generated oldest first. Creation times are
still uniform over the last D days (transaction i of N falls uniformly in the i-th of N equal slices of the period, a
stratified draw), but each batch then lands at the end of the time-ordered indexes (ids, created_at, timeline) instead
of all over them: with random times every batch touched every leaf page of a dozen indexes, and once they outgrew
PostgreSQL's buffers the load fell to ~1,000 rows/s. Only the amount and order-id indexes still take random inserts.
"""
from __future__ import annotations

import asyncio
import itertools
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

import orjson
from tortoise import connections

from backend.core import clock
from backend.core.errors import DomainError
from backend.core.ids import id_at
from backend.core.money import format_amount
from backend.core.tenancy import current_tenant_id
from backend.payments.models import Refund, TimelineEvent, Transaction
from backend.routing import engine
from backend.routing.loader import NoPublishedRouting, load_snapshot
from backend.routing.models import PaymentMethod

BATCH = 5_000
STATUS_MIX = [("settlement", 64), ("failed", 14), ("expired", 9), ("cancelled", 3), ("refunded", 5),
              ("partially_refunded", 3), ("pending", 2)]
AMOUNTS = {"EUR": (500, 25_000), "USD": (500, 30_000), "GBP": (500, 20_000), "IDR": (5_000_000, 250_000_000)}
COUNTRIES = ["DE", "FR", "NL", "ES", "IT", "US", "GB", "ID"]
NAMES = ["Ana Lima", "Ben Okafor", "Chen Wei", "Dara Putri", "Eva Novak", "Farid Khan", "Greta Berg", "Hugo Martin"]
FAIL_REASONS = ["card_declined", "insufficient_funds", "expired_card", "incorrect_cvc", "processing_error"]
TXN_COLUMNS = ("id", "tenant_id", "merchant_id", "brand_id", "payment_method_id", "environment", "api_key_id", "amount",
               "currency", "status", "version", "order_id", "user_reference", "customer", "metadata", "routing_path",
               "master_mid_id", "sub_mid_id", "provider", "processing_fee", "conversion_fee", "refunded_amount",
               "hosted_token_hash", "expires_at", "created_at", "updated_at")
TLE_COLUMNS = ("id", "tenant_id", "transaction_id", "kind", "message", "data", "actor_type", "actor_id", "at")
RFD_COLUMNS = ("id", "tenant_id", "transaction_id", "amount", "reason", "created_at")


class NothingToRoute(DomainError):
    def __init__(self) -> None:
        super().__init__("NOTHING_TO_ROUTE", "The tenant has no enabled payment method with a routing blueprint: set one up "
                                             "(e.g. python -m backend seed for the demo tenant) first")


@dataclass
class Route:
    pm: PaymentMethod
    compiled: object


async def routes() -> list[Route]:
    """Every enabled payment method of the tenant with its compiled routing (published, else the draft)."""
    out = []
    for pm in await PaymentMethod.filter(enabled=True).order_by("id"):
        for use_draft in (False, True):
            try:
                out.append(Route(pm, engine.compile_routing(await load_snapshot(pm.id, use_draft=use_draft))))
                break
            except NoPublishedRouting:
                continue
    if not out:
        raise NothingToRoute()
    return out


async def generate(count: int, days: float = 30, seed: int | None = None, progress: Callable[[int, float], None] | None = None) -> int:
    """Create `count` transactions in the current tenant scope; returns how many were written.

    Batches are built in a thread while the previous batch is being written, so Python and the database work at once."""
    rng = random.Random(seed)
    tenant_id = current_tenant_id()
    available = await routes()
    write = _writer()
    now = clock.now()

    encode = _json_encoder()
    position = [0]  # transactions drawn so far: the i-th falls in the i-th slice of the period (oldest first)

    def build(n: int) -> tuple[list, list, list]:
        txns, events, refunds = [], [], []
        for _ in range(n):
            share = (position[0] + rng.random()) / count  # 0 (oldest) .. 1 (newest), uniform overall
            position[0] += 1
            row = _one(rng, rng.choice(available), now, days, tenant_id, share, encode)
            if row is not None:
                txns.append(row[0])
                events.extend(row[1])
                refunds.extend(row[2])
        return txns, events, refunds

    async def store(batch: tuple[list, list, list]) -> None:
        txns, events, refunds = batch
        await write("transactions", TXN_COLUMNS, txns)  # first: timeline events and refunds refer to them
        await write("timeline_events", TLE_COLUMNS, events)
        await write("refunds", RFD_COLUMNS, refunds)

    started, made, asked = time.monotonic(), 0, min(BATCH, count)
    batch = build(asked)
    while batch[0]:
        writing = asyncio.ensure_future(store(batch))
        n = min(BATCH, count - asked)
        asked += n
        try:
            upcoming = await asyncio.to_thread(build, n) if n else ([], [], [])
        finally:
            await writing
        made += len(batch[0])
        if progress:
            progress(made, time.monotonic() - started)
        batch = upcoming
    return made


_STATUSES = [s for s, _ in STATUS_MIX]
_WEIGHTS = list(itertools.accumulate(w for _, w in STATUS_MIX))


def _one(rng: random.Random, route: Route, now: datetime, days: float, tenant_id: str, share: float, encode: Callable):
    pm = route.pm
    status = rng.choices(_STATUSES, cum_weights=_WEIGHTS)[0]
    oldest, newest = days * 86400, 60 * 31  # seconds ago; pending ones are the last half hour's (not yet expired)
    age = timedelta(minutes=rng.uniform(0.5, 25)) if status == "pending" else timedelta(seconds=oldest - share * (oldest - newest))
    created = now - age
    currency = rng.choice(pm.currencies)
    low, high = AMOUNTS.get(currency, (500, 25_000))
    low, high = max(low, pm.min_amount), min(high, pm.max_amount)
    if low > high:
        low, high = pm.min_amount, pm.max_amount
    amount = max(low, min(high, rng.randint(low, high) // 100 * 100 + rng.choice([0, 0, 0, 50, 99])))
    txn_id = id_at("txn", created, rng)
    customer = {"country": rng.choice(COUNTRIES), "email": f"guest{rng.randint(1, 50_000)}@example.com",
                "name": rng.choice(NAMES)}
    sample = engine.PaymentSample(id=txn_id, amount=amount, currency=currency, country=customer["country"],
                                  user_reference=None, at=created)
    decision = engine.decide_sync(route.compiled, sample)
    if not decision.ok:
        return None
    fees = decision.fees or {}
    provider = decision.candidate.master_mid.provider
    refunded = amount if status == "refunded" else (amount // rng.choice([2, 3, 4]) if status == "partially_refunded" else 0)
    environment = "sandbox" if rng.random() < 0.2 else "production"
    order_id = f"ORD-{rng.randint(10_000_000, 99_999_999)}"
    user_ref = f"cust-{rng.randint(1, 20_000):05d}"
    updated = created if status == "pending" else created + timedelta(seconds=rng.uniform(2, 600))
    txn = (txn_id, tenant_id, pm.merchant_id, pm.brand_id, pm.id, environment, None, amount, currency, status, 1, order_id,
           user_ref, encode(customer), encode({"generated": True}), encode(decision.to_dict(evaluations=False)), decision.master_mid_id,
           decision.sub_mid_id, provider, fees.get("processing", 0), fees.get("conversion", 0), refunded, None,
           created + timedelta(minutes=30), created, updated)
    events, refunds = [], []
    t = [created]

    def event(kind: str, message: str, data: dict, after_s: float = 1.0) -> None:
        t[0] = t[0] + timedelta(seconds=after_s)
        events.append((id_at("tle", t[0], rng), tenant_id, txn_id, kind, message, encode(data), "system", None, t[0]))

    event("created", f"Payment of {format_amount(amount, currency)} created ({environment})",
          {"order_id": order_id, "amount": amount, "currency": currency}, 0)
    event("routed", f"Routed to {decision.master_mid_id} / {decision.sub_mid_id}",
          {"matched_rule": decision.matched_rule, "used_fallback": decision.used_fallback}, 0.01)
    if status == "cancelled":
        event("cancelled", "Payment cancelled by the integrator", {"from": "pending", "to": "cancelled", "reason": None}, 40)
    elif status == "expired":
        event("expired", "Payment expired before completion", {"from": "pending", "to": "expired"}, 1800)
    elif status != "pending":
        event("provider_request", f"Sent to {provider}", {"generated": True}, rng.uniform(5, 120))
        ok = status != "failed"
        event("callback", "Provider confirmed the payment" if ok else f"Provider declined: {rng.choice(FAIL_REASONS)}",
              {"from": "pending", "to": "settlement" if ok else "failed"}, rng.uniform(1, 30))
        if refunded:
            event("refund", f"Refunded {format_amount(refunded, currency)}",
                  {"from": "settlement", "to": status, "amount": refunded, "reason": "Customer return"}, rng.uniform(3600, 86400))
            refunds.append((id_at("rfd", t[0], rng), tenant_id, txn_id, refunded, "Customer return", t[0]))
    return txn, events, refunds


def _postgres() -> bool:
    return type(connections.get("default")).__module__.startswith("tortoise.backends.asyncpg")


def _json_encoder() -> Callable[[dict], object]:
    """JSON values as COPY wants them (text, encoded while building, off the event loop), else as the models take them."""
    if _postgres():
        return lambda v: orjson.dumps(v).decode()
    return lambda v: v


def _writer():
    """A batch writer for the default connection: COPY on PostgreSQL (asyncpg), multi-row inserts elsewhere."""
    conn = connections.get("default")
    if _postgres():
        async def copy(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
            if not rows:
                return
            async with conn.acquire_connection() as raw:
                await raw.copy_records_to_table(table, records=rows, columns=list(columns))
        return copy

    models = {"transactions": Transaction, "timeline_events": TimelineEvent, "refunds": Refund}

    async def insert(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if rows:
            await models[table].bulk_create([models[table](**dict(zip(columns, r))) for r in rows], batch_size=1000)
    return insert

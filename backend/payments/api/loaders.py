"""Batch loaders for Transaction's nested fields: one query per field per request, whatever the page size.

Each loader is built per request through ``info.context.loader(name, fn)`` (backend/graphql/context.py), so its
cache never outlives the request and the tenant scope of the request applies to its queries.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable

from strawberry.types import Info

from backend.graphql.context import by_id, grouped
from backend.ledger import service as ledger
from backend.merchants.models import Brand, Merchant
from backend.payments import models
from backend.routing.models import PaymentMethod
from backend.webhooks.models import WebhookDelivery

LOADERS: dict[str, Callable[[list[str]], Awaitable[list[Any]]]] = {
    "payments.attempts": grouped(models.PaymentAttempt, "transaction_id", "created_at", "id"),
    "payments.timeline": grouped(models.TimelineEvent, "transaction_id", "at", "id"),
    "payments.callbacks": grouped(models.ProviderCallback, "transaction_id", "received_at", "id"),
    "payments.overrides": grouped(models.SimulationResultLog, "transaction_id", "id"),
    "payments.refunds": grouped(models.Refund, "transaction_id", "created_at", "id"),
    "webhooks.deliveries_by_transaction": grouped(WebhookDelivery, "transaction_id", "created_at", "id"),
    "ledger.journal_by_transaction": ledger.journals_for_transactions,
    "merchants.merchant": by_id(Merchant),
    "merchants.brand": by_id(Brand),
    "routing.payment_method": by_id(PaymentMethod),
}


async def load(info: Info, name: str, key: str) -> Any:
    """The value of loader `name` for `key`, batched with every other load of the same request and tick."""
    return await info.context.loader(name, LOADERS[name]).load(key)

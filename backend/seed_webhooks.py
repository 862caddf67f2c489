"""Demo webhooks: one endpoint of a demo merchant points at the product's built-in receiver, so deliveries,
signatures and the receiver's log work with no other server (idempotent)."""
from __future__ import annotations

from backend.core.config import get_settings
from backend.merchants.models import Merchant
from backend.secrets import vault
from backend.secrets.models import SecretKind
from backend.webhooks.models import WebhookEndpoint
from backend.webhooks.service import new_signing_secret
from backend.webhooks.urls import RECEIVER_PATH

DESCRIPTION = "Built-in receiver (demo): see what it got under Webhooks"


def receiver_url(endpoint_id: str) -> str:
    """Where the worker reaches this product's own receiver for `endpoint_id`."""
    return get_settings().callback_base_url.rstrip("/") + RECEIVER_PATH + endpoint_id


async def builtin_receiver_endpoint(merchant: Merchant) -> WebhookEndpoint:
    """An endpoint of `merchant` delivering every event type to the built-in receiver (created once)."""
    existing = await WebhookEndpoint.filter(merchant_id=merchant.id, url__contains=RECEIVER_PATH).first()
    if existing is not None:
        return existing
    endpoint = WebhookEndpoint(merchant_id=merchant.id, url="", description=DESCRIPTION, event_types=[], enabled=True, secret_id="")
    endpoint.url = receiver_url(endpoint.id)
    secret = await vault.store(SecretKind.WEBHOOK_SIGNING, "webhook_endpoint", endpoint.id, new_signing_secret())
    endpoint.secret_id = secret.id
    await endpoint.save()
    from backend.webhooks.manual import send_test

    await send_test(endpoint, "payment.succeeded")  # the receiver's log is not empty on the first visit
    return endpoint


async def seed_webhooks(merchant_name: str = "Acme Shoes") -> WebhookEndpoint | None:
    merchant = await Merchant.get_or_none(name=merchant_name)
    return await builtin_receiver_endpoint(merchant) if merchant else None

"""An endpoint failing for 5 days in a row is disabled, the merchant's people are emailed and a banner shows;
each attempt is published on the endpoint's Redis channel."""
from __future__ import annotations

import asyncio
import os
from datetime import timedelta

import httpx
import orjson
import redis.asyncio as aioredis

from tests.support import new_merchant
from tests.webhooks.helpers import create_endpoint

ENDPOINT = """query($id: ID!) { merchant(id: $id) { webhookEndpoints { id enabled failingSince disabledReason } } }"""
UPDATE = """mutation($id: ID!, $i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $i) { __typename
  ... on WebhookEndpointPayload { webhookEndpoint { enabled failingSince disabledReason } } } }"""


async def test_five_days_of_failures_disable_the_endpoint_and_notify(allow_private, receiver, db):
    from backend.core import clock
    from backend.core.tenancy import tenant_scope
    from backend.core.unit_of_work import unit_of_work
    from backend.notifications.models import OutboxEmail
    from backend.payments.models import OutboxEvent
    from backend.webhooks import delivery
    from backend.webhooks.models import DeliveryStatus, WebhookDelivery

    tenant = allow_private
    admin = tenant["admin"]
    merchant = await new_merchant(admin)
    ep, _ = await create_endpoint(admin, merchant["id"], receiver.url + "/5xx")
    r = aioredis.from_url(os.environ["REDIS_URL"])
    pubsub = r.pubsub()
    await pubsub.subscribe(delivery.channel(ep))
    await pubsub.get_message(timeout=1)  # the subscribe confirmation
    try:
        async with httpx.AsyncClient(timeout=10, follow_redirects=False) as http:
            with tenant_scope(tenant["id"]):
                async with unit_of_work():
                    event = await OutboxEvent.create(merchant_id=merchant["id"], event_type="payment.failed", transaction_id=None,
                                                     payload={"type": "payment.failed", "data": {}})
                    [d] = await delivery.event_emitted(event)
                first = await delivery.deliver(d.id, 0, http)
                assert first is not None and not first.succeeded and first.response_status == 503
                msg = await pubsub.get_message(ignore_subscribe_messages=True, timeout=5)
                published = orjson.loads(msg["data"])
                assert published["delivery_id"] == d.id and published["number"] == 1 and published["response_status"] == 503
                assert published["delivery_status"] == "failed"
                listed = (await admin.data(ENDPOINT, id=merchant["id"]))["merchant"]["webhookEndpoints"][0]
                assert listed["enabled"] and listed["failingSince"] and listed["disabledReason"] is None

                clock.advance(timedelta(days=4, hours=23))
                assert not (await delivery.deliver(d.id, 1, http)).succeeded
                assert (await admin.data(ENDPOINT, id=merchant["id"]))["merchant"]["webhookEndpoints"][0]["enabled"]
                assert await OutboxEmail.filter(category="webhook_disabled").count() == 0

                clock.advance(timedelta(hours=2))  # 5 days and 1 hour of failures
                assert not (await delivery.deliver(d.id, 2, http)).succeeded
                listed = (await admin.data(ENDPOINT, id=merchant["id"]))["merchant"]["webhookEndpoints"][0]
                assert listed["enabled"] is False and "Disabled automatically" in listed["disabledReason"]
                emails = await OutboxEmail.filter(category="webhook_disabled", related_id=ep)
                assert emails and tenant["admin_email"] in [e.to for e in emails]
                # a disabled endpoint gets nothing more: its open deliveries go dead
                assert await delivery.deliver(d.id, 3, http) is None
                assert (await WebhookDelivery.get(id=d.id)).status == DeliveryStatus.DEAD
            assert len(receiver.on("/5xx")) == 3

            again = (await admin.data(UPDATE, id=ep, i={"enabled": True}))["updateWebhookEndpoint"]["webhookEndpoint"]
            assert again == {"enabled": True, "failingSince": None, "disabledReason": None}
    finally:
        from backend.core import clock as c

        c.reset()
        await pubsub.aclose()
        await r.aclose()


def test_retry_schedule_with_jitter():
    from backend.webhooks.delivery import RETRY_SCHEDULE, retry_delay

    assert RETRY_SCHEDULE == (5, 300, 1800, 7200, 18000, 36000, 36000)
    delays = [retry_delay(n) for n in range(1, 8)]
    for base, got in zip(RETRY_SCHEDULE, delays):
        assert 0.9 * base <= got <= 1.1 * base
    assert retry_delay(8) is None
    assert len({retry_delay(1) for _ in range(20)}) > 1  # jittered

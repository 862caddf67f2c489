"""An endpoint failing for 5 days in a row is disabled, the merchant's people are emailed and a banner shows;
each attempt is published on the endpoint's Redis channel."""
from __future__ import annotations

import asyncio
import os
from datetime import timedelta

import orjson
import redis.asyncio as aioredis

from backend.webhooks.sending import Sender
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
        async with Sender() as http:
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


GROUP = """mutation($n: String!) { createMerchantGroup(name: $n) { __typename ... on MerchantGroupPayload { merchantGroup { id } } } }"""
MERCHANT_IN = """mutation($n: String!, $g: ID) { createMerchant(name: $n, merchantGroupId: $g) { __typename
  ... on MerchantPayload { merchant { id } } } }"""


async def _person(admin, kind: str, role_id: str, context: str = "TENANT", context_id: str | None = None) -> str:
    from tests.support import ASSIGN_ROLE, CREATE_USER, unique

    email = f"{kind.lower()}-{unique()}@example.com"
    user = (await admin.data(CREATE_USER, i={"email": email, "name": "P", "password": "long-enough-pw", "kind": kind}))["createUser"]
    assert user["__typename"] == "UserPayload", user
    res = await admin.data(ASSIGN_ROLE, i={"userId": user["user"]["id"], "roleId": role_id, "contextType": context, "contextId": context_id})
    assert res["assignRole"]["__typename"] == "RoleAssignmentPayload", res
    return email


async def test_the_disable_notice_goes_to_the_people_who_manage_that_merchants_webhooks(allow_private, receiver, db):
    from backend.core import clock
    from backend.core.tenancy import tenant_scope
    from backend.core.unit_of_work import unit_of_work
    from backend.notifications.models import OutboxEmail
    from backend.payments.models import OutboxEvent
    from backend.webhooks import delivery
    from tests.support import CREATE_ROLE, unique

    tenant = allow_private
    admin = tenant["admin"]
    group = (await admin.data(GROUP, n=unique("g")))["createMerchantGroup"]["merchantGroup"]["id"]
    merchant = (await admin.data(MERCHANT_IN, n=unique("m"), g=group))["createMerchant"]["merchant"]["id"]
    other = (await new_merchant(admin))["id"]
    roles = {r["name"]: r["id"] for r in (await admin.data("{ roles { id name } }"))["roles"]}

    async def platform_role(*perms: str) -> str:
        res = (await admin.data(CREATE_ROLE, i={"name": unique("r"), "kind": "PLATFORM", "permissions": list(perms)}))["createRole"]
        assert res["__typename"] == "RolePayload", res
        return res["role"]["id"]

    expected = {
        tenant["admin_email"],
        await _person(admin, "MERCHANT", roles["Merchant admin"], "MERCHANT", merchant),
        await _person(admin, "MERCHANT", roles["Merchant admin"], "MERCHANT_GROUP", group),
        await _person(admin, "PLATFORM", await platform_role("webhooks.manage", "merchants.access_all")),
    }
    not_told = {
        await _person(admin, "MERCHANT", roles["Merchant viewer"], "MERCHANT", merchant),  # reads webhooks only
        await _person(admin, "MERCHANT", roles["Merchant admin"], "MERCHANT", other),  # another merchant's admin
        await _person(admin, "PLATFORM", await platform_role("webhooks.manage")),  # the permission, but no reach to it
        await _person(admin, "PLATFORM", await platform_role("webhooks.read", "merchants.access_all")),
    }
    ep, _ = await create_endpoint(admin, merchant, receiver.url + "/5xx")
    try:
        async with Sender() as http:
            with tenant_scope(tenant["id"]):
                async with unit_of_work():
                    event = await OutboxEvent.create(merchant_id=merchant, event_type="payment.failed", transaction_id=None,
                                                     payload={"type": "payment.failed", "data": {}})
                    [d] = await delivery.event_emitted(event)
                assert not (await delivery.deliver(d.id, 0, http)).succeeded
                clock.advance(timedelta(days=5, hours=1))
                assert not (await delivery.deliver(d.id, 1, http)).succeeded
                told = set(await OutboxEmail.filter(category="webhook_disabled", related_id=ep).values_list("to", flat=True))
        assert told == expected and not told & not_told, (told, expected)
    finally:
        clock.reset()

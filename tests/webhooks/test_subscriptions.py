"""The `webhookDeliveries` subscription (graphql-transport-ws) of an endpoint's delivery log, over real websockets
against the real API, fed through Redis by attempts a real arq worker makes; access is checked when subscribing and
again before each live attempt."""
from __future__ import annotations

import asyncio
import time

import pytest
import redis.asyncio as aioredis

from tests.payments.test_subscriptions import error_of, other_tenant_admin
from tests.support import new_merchant
from tests.webhooks.helpers import TEST, create_endpoint, deliveries, wait_for
from tests.ws import graphql_ws, session_headers

LOG = """subscription($e: ID!, $replay: Boolean!) { webhookDeliveries(endpointId: $e, replay: $replay) {
  attemptId deliveryId endpointId eventId eventType number succeeded responseStatus error durationMs deliveryStatus
  nextAttemptAt at delivery { id status attemptCount attempts { id number responseStatus succeeded } } } }"""


def channel(endpoint_id: str) -> str:
    return f"clearway:webhook-endpoint:{endpoint_id}:deliveries"


@pytest.fixture
async def redis(redis_url):
    r = aioredis.from_url(redis_url)
    yield r
    await r.aclose()


async def wait_numsub(redis, endpoint_id: str, expected: int, timeout: float = 5.0) -> int:
    deadline = time.monotonic() + timeout
    while True:
        n = dict(await redis.pubsub_numsub(channel(endpoint_id)))[channel(endpoint_id).encode()]
        if n == expected or time.monotonic() > deadline:
            return n
        await asyncio.sleep(0.05)


async def builtin_endpoint(admin, api_url) -> str:
    """An endpoint of a new merchant pointed at the product's own receiver (answers 200 to a valid signature)."""
    m = await new_merchant(admin)
    ep, _ = await create_endpoint(admin, m["id"], api_url + "/webhook-receiver/pending")
    res = await admin.data('mutation($id: ID!, $u: String!) { updateWebhookEndpoint(id: $id, input: {url: $u}) { __typename } }',
                           id=ep, u=f"{api_url}/webhook-receiver/{ep}")
    assert res["updateWebhookEndpoint"]["__typename"] == "WebhookEndpointPayload", res
    return ep


async def events(sub, op: str, count: int, timeout: float = 25.0) -> list[dict]:
    out = []
    for _ in range(count):
        msg = await sub.message(op, timeout)
        assert msg["type"] == "next" and not msg["payload"].get("errors"), msg
        out.append(msg["payload"]["data"]["webhookDeliveries"])
    return out


async def test_an_attempt_made_by_the_worker_arrives_live_and_is_replayed(tenant, api_url, worker, redis):
    admin = tenant["admin"]
    ep = await builtin_endpoint(admin, api_url)
    async with graphql_ws(api_url, session_headers(admin)) as sub:
        op = await sub.subscribe(LOG, e=ep, replay=True)
        assert await wait_numsub(redis, ep, 1) == 1
        assert await sub.maybe_message(op, 0.3) is None  # nothing delivered yet: nothing to replay
        sent = (await admin.data(TEST, e=ep, t="payment.succeeded"))["sendTestWebhook"]["webhookDelivery"]
        [got] = await events(sub, op, 1)
        assert (got["deliveryId"], got["endpointId"], got["eventId"], got["eventType"]) == \
            (sent["id"], ep, sent["eventId"], "payment.succeeded")
        assert got["number"] == 1 and got["succeeded"] is True and got["responseStatus"] == 200 and got["error"] is None
        assert got["deliveryStatus"] == "SUCCEEDED" and got["at"]
        assert got["delivery"]["status"] == "SUCCEEDED" and got["delivery"]["attempts"][0]["id"] == got["attemptId"]
        assert await sub.maybe_message(op, 0.5) is None  # once, no duplicates
    [stored] = await deliveries(admin, ep)
    assert stored["attempts"][0]["responseStatus"] == 200

    async with graphql_ws(api_url, session_headers(admin)) as sub:  # a late subscriber gets it by replay
        op = await sub.subscribe(LOG, e=ep, replay=True)
        [replayed] = await events(sub, op, 1)
        assert replayed["attemptId"] == got["attemptId"] and replayed["deliveryStatus"] == "SUCCEEDED"
        assert await sub.maybe_message(op, 0.3) is None
    assert await wait_numsub(redis, ep, 0) == 0  # the socket closed: its Redis subscription is gone too


async def test_another_tenants_subscriber_gets_not_found_and_nothing(tenant, api_url, worker, redis, operator, make_client):
    admin = tenant["admin"]
    ep = await builtin_endpoint(admin, api_url)
    other = await other_tenant_admin(operator, make_client)
    async with graphql_ws(api_url, session_headers(other)) as sub:
        foreign = await sub.subscribe(LOG, e=ep, replay=True)
        unknown = await sub.subscribe(LOG, e="whe_doesnotexist0000000000", replay=True)
        err_foreign, err_unknown = await error_of(sub, foreign), await error_of(sub, unknown)
        assert err_foreign["extensions"]["code"] == "NOT_FOUND"
        assert (err_foreign["message"], err_foreign["extensions"]) == (err_unknown["message"], err_unknown["extensions"])
        assert await wait_numsub(redis, ep, 0, timeout=0.5) == 0
        await admin.data(TEST, e=ep, t="payment.created")
        assert await wait_for(lambda: deliveries(admin, ep, "SUCCEEDED"), timeout=25)  # an attempt was made meanwhile
        for op in (foreign, unknown):
            msg = await sub.maybe_message(op, 1.0)
            assert msg is None or msg["type"] == "complete", msg


async def test_operator_is_forbidden_and_anonymous_is_refused(tenant, api_url, redis, operator):
    ep, _ = await create_endpoint(tenant["admin"], (await new_merchant(tenant["admin"]))["id"],
                                  api_url + "/webhook-receiver/pending")
    async with graphql_ws(api_url, session_headers(operator)) as sub:
        op = await sub.subscribe(LOG, e=ep, replay=True)
        assert (await error_of(sub, op))["extensions"]["code"] == "FORBIDDEN"
    async with graphql_ws(api_url) as sub:
        op = await sub.subscribe(LOG, e=ep, replay=True)
        assert (await error_of(sub, op))["extensions"]["code"] == "UNAUTHENTICATED"
    assert await wait_numsub(redis, ep, 0, timeout=0.5) == 0


async def test_a_session_that_ends_stops_receiving(tenant, api_url, worker, redis, make_client):
    ep = await builtin_endpoint(tenant["admin"], api_url)
    watcher = make_client()  # a second login of the same admin, which logs out while subscribed
    assert (await watcher.login(tenant["admin_email"], "s3cret-password"))["__typename"] == "LoginSuccess"
    async with graphql_ws(api_url, session_headers(watcher)) as sub:
        op = await sub.subscribe(LOG, e=ep, replay=False)
        assert await wait_numsub(redis, ep, 1) == 1
        assert (await watcher.data("mutation { logout }"))["logout"] is True
        await tenant["admin"].data(TEST, e=ep, t="payment.failed")
        err = await error_of(sub, op)  # the attempt is made, but this caller is refused instead of shown it
        assert err["extensions"]["code"] == "UNAUTHENTICATED", err

"""Delivery through a real worker: status change -> outbox -> signed POST, logged attempts, filters, retries, resend, test."""
from __future__ import annotations

import json

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from tests.payments.test_simulator import TXN, deposit, settle
from tests.webhooks.helpers import RESEND, RESEND_FAILED, TEST, create_endpoint, deliveries, wait_for

ROTATE = """mutation($id: ID!, $g: Int!) { rotateWebhookSecret(id: $id, graceSeconds: $g) {
  ... on WebhookEndpointCreated { signingSecret } } }"""


async def test_status_change_is_delivered_signed_filtered_and_logged(shop, worker, receiver, allow_private):
    admin, merchant = shop["admin"], shop["merchant"]
    ep, secret = await create_endpoint(admin, merchant["id"], receiver.url + "/a/ok", ["payment.succeeded"])
    other, _ = await create_endpoint(admin, merchant["id"], receiver.url + "/b/ok", ["payment.failed"])
    out = await deposit(shop, "approve")
    txn_id = out["transaction"]["id"]
    assert (await settle(admin, txn_id))["status"] == "SETTLEMENT"
    assert await wait_for(lambda: _async(receiver.on("/a/ok")))
    got = receiver.on("/a/ok")[0]
    payload = Webhook(secret).verify(got["body"], got["headers"])
    assert payload["type"] == "payment.succeeded" and payload["data"]["transaction_id"] == txn_id
    assert payload["id"] == got["headers"]["webhook-id"]

    [d] = await wait_for(lambda: deliveries(admin, ep, "SUCCEEDED"))
    assert d["eventType"] == "payment.succeeded" and d["transactionId"] == txn_id and d["attemptCount"] == 1
    [a] = d["attempts"]
    assert a["succeeded"] and a["responseStatus"] == 200 and a["responseBody"] == "ok" and a["error"] is None
    assert a["requestHeaders"]["webhook-id"] == d["eventId"] and json.loads(a["requestBody"])["type"] == "payment.succeeded"
    assert a["durationMs"] >= 0
    t = await wait_for(lambda: _timeline_has(admin, txn_id, "webhook_attempt"))
    assert t
    # event-type filter: the payment.failed endpoint got nothing
    assert receiver.on("/b/ok") == [] and await deliveries(admin, other) == []


async def test_rotation_grace_signs_with_both_secrets_then_only_the_new(shop, worker, receiver, allow_private):
    admin = shop["admin"]
    ep, old = await create_endpoint(admin, shop["merchant"]["id"], receiver.url + "/r/ok")
    new = (await admin.data(ROTATE, id=ep, g=3600))["rotateWebhookSecret"]["signingSecret"]
    res = (await admin.data(TEST, e=ep, t="dispute.opened"))["sendTestWebhook"]
    assert res["__typename"] == "WebhookDeliveryPayload" and res["webhookDelivery"]["isTest"]
    assert await wait_for(lambda: _async(receiver.on("/r/ok")))
    got = receiver.on("/r/ok")[0]
    assert len(got["headers"]["webhook-signature"].split(" ")) == 2
    for s in (old, new):
        assert Webhook(s).verify(got["body"], got["headers"])["type"] == "dispute.opened"
    newest = (await admin.data(ROTATE, id=ep, g=0))["rotateWebhookSecret"]["signingSecret"]
    await admin.data(TEST, e=ep, t="payment.refunded")
    assert await wait_for(lambda: _async(len(receiver.on("/r/ok")) == 2))
    got = receiver.on("/r/ok")[1]
    assert Webhook(newest).verify(got["body"], got["headers"])["data"]["status"] == "REFUNDED"
    for s in (old, new):
        with pytest.raises(WebhookVerificationError):
            Webhook(s).verify(got["body"], got["headers"])
    bad = (await admin.data(TEST, e=ep, t="payment.exploded"))["sendTestWebhook"]
    assert bad["__typename"] == "ValidationError"


async def test_failed_attempt_is_retried_then_resent(shop, worker, receiver, allow_private):
    admin = shop["admin"]
    ep, _ = await create_endpoint(admin, shop["merchant"]["id"], receiver.url + "/f/flaky")
    d_id = (await admin.data(TEST, e=ep, t="payment.succeeded"))["sendTestWebhook"]["webhookDelivery"]["id"]
    [d] = await wait_for(lambda: deliveries(admin, ep, "FAILED"))
    assert d["attemptCount"] == 1 and d["lastError"] == "http_status: HTTP 503" and d["nextAttemptAt"]
    [d] = await wait_for(lambda: deliveries(admin, ep, "SUCCEEDED"), timeout=15)  # retried ~5 s later (jitter)
    assert [a["succeeded"] for a in d["attempts"]] == [False, True]
    assert d["attempts"][0]["responseStatus"] == 503 and d["attempts"][1]["responseStatus"] == 200
    assert (await admin.data(RESEND, d=d_id))["resendWebhookEvent"]["__typename"] == "WebhookDeliveryPayload"
    [d] = await wait_for(lambda: _with_attempts(admin, ep, 3))
    assert d["status"] == "SUCCEEDED" and receiver.ids()[d["eventId"]] == 3

    bad, _ = await create_endpoint(admin, shop["merchant"]["id"], receiver.url + "/g/4xx")
    await admin.data(TEST, e=bad, t="payment.failed")
    await admin.data(TEST, e=bad, t="payment.expired")
    assert len(await wait_for(lambda: _n(deliveries(admin, bad, "FAILED"), 2))) == 2
    res = await admin.data(RESEND_FAILED, e=bad, **{"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"})
    assert res["resendFailedWebhooks"] == {"__typename": "WebhookResendPayload", "count": 2}
    rows = await wait_for(lambda: _all_with_attempts(admin, bad, 2))
    assert rows and all(a["error"] == "http_status: HTTP 404" for d in rows for a in d["attempts"])
    none = await admin.data(RESEND_FAILED, e=bad, **{"from": "2100-01-01T00:00:00Z", "to": "2100-01-02T00:00:00Z"})
    assert none["resendFailedWebhooks"]["count"] == 0


async def _async(value):
    return value


async def _n(coro, n):
    rows = await coro
    return rows if len(rows) >= n else []


async def _with_attempts(admin, ep, n):
    rows = await deliveries(admin, ep)
    return rows if rows and rows[0]["attemptCount"] >= n and rows[0]["status"] != "PENDING" else []


async def _all_with_attempts(admin, ep, n):
    rows = await deliveries(admin, ep)
    return rows if rows and all(d["attemptCount"] >= n for d in rows) else []


async def _timeline_has(admin, txn_id, kind):
    t = (await admin.data(TXN, id=txn_id))["transaction"]
    return kind in [e["kind"] for e in t["timeline"]]

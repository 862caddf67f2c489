"""Misbehaving receivers: each answer is a failed attempt with its reason, and the worker carries on."""
from __future__ import annotations

from tests.webhooks.helpers import CREATE, TEST, create_endpoint, deliveries, wait_for

CASES = {
    "/slow": "timeout:",
    "/redirect": "redirect: HTTP 302",
    "/4xx": "http_status: HTTP 404",
    "/5xx": "http_status: HTTP 503",
    "/reset": "connection:",
    "/huge": "response_too_large:",
    "/chunked": "response_too_large:",
    "/trickle": "timeout:",
}


async def test_each_bad_answer_is_a_failed_attempt_with_its_reason(shop, worker, receiver, allow_private):
    admin, merchant = shop["admin"], shop["merchant"]
    endpoints = {}
    for path in CASES:
        ep, _ = await create_endpoint(admin, merchant["id"], receiver.url + path)
        endpoints[path] = ep
        assert (await admin.data(TEST, e=ep, t="payment.succeeded"))["sendTestWebhook"]["__typename"] == "WebhookDeliveryPayload"

    async def first_attempts():
        got = {}
        for path, ep in endpoints.items():
            rows = await deliveries(admin, ep)
            if not rows or not rows[0]["attempts"]:
                return None
            got[path] = (rows[0], rows[0]["attempts"][0])
        return got

    got = await wait_for(first_attempts, timeout=30, every=0.5)
    assert got, "every bad receiver got one recorded attempt"
    for path, expected in CASES.items():
        d, a = got[path]
        assert not a["succeeded"] and a["error"].startswith(expected), (path, a["error"])
        assert d["status"] == "FAILED" and d["nextAttemptAt"], (path, d)  # retried on the schedule
    for path in ("/slow", "/trickle"):  # the 10 s limit is on the whole attempt, not on each read
        slow = got[path][1]
        assert 9_500 <= slow["durationMs"] < 12_000 and slow["responseStatus"] is None, (path, slow)
    assert got["/5xx"][1]["responseStatus"] == 503 and len(got["/5xx"][1]["responseBody"].encode()) <= 2048
    assert got["/redirect"][1]["responseStatus"] == 302 and receiver.on("/ok") == []  # the redirect was not followed
    assert len(got["/huge"][1]["responseBody"]) <= 2048 and len(got["/chunked"][1]["responseBody"]) <= 2048

    # the worker is unharmed: still running, and a good receiver is served at once
    assert worker.poll() is None
    ok, _ = await create_endpoint(admin, merchant["id"], receiver.url + "/ok")
    await admin.data(TEST, e=ok, t="payment.created")
    [d] = await wait_for(lambda: deliveries(admin, ok, "SUCCEEDED"))
    assert d["attempts"][0]["responseStatus"] == 200


async def test_link_local_is_refused_even_when_private_targets_are_allowed(shop, allow_private):
    admin = shop["admin"]
    for url in ("http://169.254.169.254/latest/meta-data", "http://metadata.google.internal/", "http://[fe80::1]/x"):
        res = (await admin.data(CREATE, m=shop["merchant"]["id"], i={"url": url}))["createWebhookEndpoint"]
        assert res["__typename"] == "ValidationError" and res["fields"][0]["code"] == "URL_FORBIDDEN_TARGET", url
    res = (await admin.data(CREATE, m=shop["merchant"]["id"], i={"url": "http://127.0.0.1:9/hook"}))["createWebhookEndpoint"]
    assert res["__typename"] == "WebhookEndpointCreated"


async def test_a_private_target_is_refused_at_send_time_when_the_tenant_no_longer_allows_it(shop, worker, receiver, allow_private):
    from backend.core.tenancy import system_scope
    from backend.tenants.models import Tenant

    admin = shop["admin"]
    ep, _ = await create_endpoint(admin, shop["merchant"]["id"], receiver.url + "/ok")
    with system_scope():
        await Tenant.filter(id=shop["tenant_id"]).update(allow_private_webhook_targets=False)
    await admin.data(TEST, e=ep, t="payment.succeeded")
    [d] = await wait_for(lambda: deliveries(admin, ep, "FAILED"))
    assert d["attempts"][0]["error"].startswith("forbidden_target:") and receiver.on("/ok") == []

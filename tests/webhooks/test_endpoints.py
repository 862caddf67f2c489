"""Webhook endpoints: whsec_ secret shown once, masked hint after, SSRF guard, event-type filter, rotation."""
from __future__ import annotations

from tests.support import new_merchant

CREATE = """mutation($m: ID!, $i: WebhookEndpointInput!) { createWebhookEndpoint(merchantId: $m, input: $i) { __typename
  ... on WebhookEndpointCreated { signingSecret webhookEndpoint { id url eventTypes enabled secretHint } }
  ... on ValidationError { fields { field code } } } }"""


async def test_create_shows_the_secret_once_then_only_a_hint(tenant):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    res = (await admin.data(CREATE, m=m["id"], i={"url": "https://example.com/hooks", "eventTypes": ["payment.succeeded"]}))["createWebhookEndpoint"]
    secret = res["signingSecret"]
    assert secret.startswith("whsec_") and res["webhookEndpoint"]["secretHint"] == "whsec_…" + secret[-4:]
    listed = await admin.data('query($id: ID!) { merchant(id: $id) { webhookEndpoints { id secretHint eventTypes } } }', id=m["id"])
    assert secret not in str(listed)
    rotated = await admin.data('mutation($id: ID!) { rotateWebhookSecret(id: $id, graceSeconds: 3600) { ... on WebhookEndpointCreated { signingSecret webhookEndpoint { secretPreviousValidUntil } } } }',
                               id=res["webhookEndpoint"]["id"])
    new = rotated["rotateWebhookSecret"]
    assert new["signingSecret"] != secret and new["webhookEndpoint"]["secretPreviousValidUntil"] is not None


async def test_ssrf_targets_and_unknown_events_are_refused(tenant):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    for url in ("http://169.254.169.254/latest/meta-data", "http://metadata.google.internal/", "http://[fe80::1]/x",
                "http://127.0.0.1:9000/hook", "http://localhost/hook", "http://10.0.0.5/hook", "ftp://example.com/x", "not a url"):
        res = (await admin.data(CREATE, m=m["id"], i={"url": url}))["createWebhookEndpoint"]
        assert res["__typename"] == "ValidationError", url
        assert res["fields"][0]["field"] == "url" and res["fields"][0]["code"] in ("URL_FORBIDDEN_TARGET", "URL_INVALID"), url
    bad_events = (await admin.data(CREATE, m=m["id"], i={"url": "https://example.com/h", "eventTypes": ["payment.exploded"]}))
    assert bad_events["createWebhookEndpoint"]["fields"] == [{"field": "eventTypes", "code": "UNKNOWN_EVENT_TYPE"}]
    listed = await admin.data('query($id: ID!) { merchant(id: $id) { webhookEndpoints { id } } }', id=m["id"])
    assert listed["merchant"]["webhookEndpoints"] == []

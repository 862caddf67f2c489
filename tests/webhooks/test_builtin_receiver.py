"""The built-in receiver: a delivery to the product itself is recorded with a valid signature and listed in GraphQL;
the demo data points an endpoint of Acme Shoes at it. The SSRF guard allows this one internal target explicitly."""
from __future__ import annotations

import httpx

from tests.support import DEMO_PASSWORD, new_merchant
from tests.webhooks.helpers import CREATE, TEST, deliveries, wait_for

UPDATE = """mutation($id: ID!, $i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $i) { __typename } }"""
RECEIVED = """query($e: ID!) { receivedWebhooks(endpointId: $e) { totalCount edges { node { webhookId signatureValid body headers } } } }"""


async def test_delivery_to_the_builtin_receiver_is_recorded_and_verified(tenant, api_url, worker):
    admin = tenant["admin"]  # this tenant does NOT allow private targets: only the product's own receiver is let through
    m = await new_merchant(admin)
    refused = (await admin.data(CREATE, m=m["id"], i={"url": api_url + "/somewhere-else"}))["createWebhookEndpoint"]
    assert refused["__typename"] == "ValidationError"
    sneaky = (await admin.data(CREATE, m=m["id"], i={"url": api_url + "/webhook-receiver/../graphql"}))["createWebhookEndpoint"]
    assert sneaky["__typename"] == "ValidationError"
    res = (await admin.data(CREATE, m=m["id"], i={"url": api_url + "/webhook-receiver/pending"}))["createWebhookEndpoint"]
    assert res["__typename"] == "WebhookEndpointCreated", res
    ep = res["webhookEndpoint"]["id"]
    await admin.data(TEST, e=ep, t="payment.created")  # /webhook-receiver/pending is not this endpoint's receiver: refused
    [refused] = await wait_for(lambda: deliveries(admin, ep, "FAILED"))
    assert refused["attempts"][0]["error"].startswith("forbidden_target: the built-in receiver takes")
    assert (await admin.data(UPDATE, id=ep, i={"url": f"{api_url}/webhook-receiver/{ep}"}))["updateWebhookEndpoint"]["__typename"] \
        == "WebhookEndpointPayload"
    d = (await admin.data(TEST, e=ep, t="payment.succeeded"))["sendTestWebhook"]["webhookDelivery"]

    async def succeeded():
        return [x for x in await deliveries(admin, ep, "SUCCEEDED") if x["id"] == d["id"]]
    [done] = await wait_for(succeeded, timeout=25)
    assert done["attempts"][-1]["responseStatus"] == 200
    got = (await admin.data(RECEIVED, e=ep))["receivedWebhooks"]
    [node] = [e["node"] for e in got["edges"] if e["node"]["webhookId"] == d["eventId"]]
    assert node["signatureValid"] is True and '"payment.succeeded"' in node["body"]
    assert all(e["node"]["signatureValid"] for e in got["edges"])  # the refused /pending attempt never reached it

    async with httpx.AsyncClient() as http:
        forged = await http.post(f"{api_url}/webhook-receiver/{ep}", content=b"{}",
                                 headers={"webhook-id": "msg_x", "webhook-timestamp": "1", "webhook-signature": "v1,AAAA"})
        assert forged.status_code == 401
        assert (await http.post(f"{api_url}/webhook-receiver/whe_nope", content=b"{}")).status_code == 404
    got = (await admin.data(RECEIVED, e=ep))["receivedWebhooks"]
    assert got["edges"][0]["node"]["signatureValid"] is False and got["edges"][0]["node"]["webhookId"] == "msg_x"


async def test_demo_data_points_an_endpoint_at_the_builtin_receiver(make_client, worker):
    demo = make_client()
    assert (await demo.login("admin@demo.clearway.local", DEMO_PASSWORD))["__typename"] == "LoginSuccess"
    merchants = (await demo.data("{ merchants { id name webhookEndpoints { id url enabled } } }"))
    [shoes] = [m for m in merchants["merchants"] if m["name"] == "Acme Shoes"]
    [ep] = [e for e in shoes["webhookEndpoints"] if "/webhook-receiver/" in e["url"]]
    assert ep["enabled"] and ep["url"].endswith("/webhook-receiver/" + ep["id"])

    async def received():
        got = (await demo.data(RECEIVED, e=ep["id"]))["receivedWebhooks"]["edges"]
        return [e["node"] for e in got if e["node"]["signatureValid"]]
    assert await wait_for(received), "the seeded test delivery reached the built-in receiver with a valid signature"

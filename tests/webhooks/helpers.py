from __future__ import annotations

import asyncio

CREATE = """mutation($m: ID!, $i: WebhookEndpointInput!) { createWebhookEndpoint(merchantId: $m, input: $i) { __typename
  ... on WebhookEndpointCreated { signingSecret webhookEndpoint { id url eventTypes enabled } }
  ... on ValidationError { fields { field code } } } }"""
DELIVERIES = """query($e: ID!, $s: WebhookDeliveryStatus) { webhookDeliveries(endpointId: $e, status: $s, first: 100) { totalCount
  edges { node { id eventId eventType transactionId isTest status attemptCount nextAttemptAt lastError
  attempts { number url requestHeaders requestBody responseStatus responseBody durationMs succeeded error } } } } }"""
TEST = """mutation($e: ID!, $t: String!) { sendTestWebhook(endpointId: $e, eventType: $t) { __typename
  ... on WebhookDeliveryPayload { webhookDelivery { id eventId status isTest } }
  ... on ValidationError { fields { field code } } } }"""
RESEND = """mutation($d: ID!) { resendWebhookEvent(deliveryId: $d) { __typename
  ... on WebhookDeliveryPayload { webhookDelivery { id status } } } }"""
RESEND_FAILED = """mutation($e: ID!, $from: DateTime, $to: DateTime) { resendFailedWebhooks(endpointId: $e, from: $from, to: $to) {
  __typename ... on WebhookResendPayload { count } } }"""


async def create_endpoint(admin, merchant_id: str, url: str, event_types=()) -> tuple[str, str]:
    res = (await admin.data(CREATE, m=merchant_id, i={"url": url, "eventTypes": list(event_types)}))["createWebhookEndpoint"]
    assert res["__typename"] == "WebhookEndpointCreated", res
    return res["webhookEndpoint"]["id"], res["signingSecret"]


async def deliveries(admin, endpoint_id: str, status: str | None = None) -> list[dict]:
    data = await admin.data(DELIVERIES, e=endpoint_id, s=status)
    return [e["node"] for e in data["webhookDeliveries"]["edges"]]


async def wait_for(check, timeout: float = 20.0, every: float = 0.2):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await check()
        if value or asyncio.get_running_loop().time() > deadline:
            return value
        await asyncio.sleep(every)

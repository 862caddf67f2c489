"""No secret value created during the suite appears anywhere but in the one response that showed it:
not in any other GraphQL response, not in any database row (audit included), not in the API's logs."""
from __future__ import annotations

import pytest
from tortoise import Tortoise

from backend.core.tenancy import system_scope
from tests.support import CREATE_API_KEY, RESPONSES, SHOWN_ONCE, new_merchant

pytestmark = pytest.mark.last


async def _exercise_reads(admin, merchant_id):
    """Make sure the places a secret could leak through have all been read at least once."""
    await admin.data("""query($id: ID!) { merchant(id: $id) { apiKeys { id prefix status } webhookEndpoints { id secretHint url } readiness { key } } }""", id=merchant_id)
    await admin.data("{ auditEvents(first: 200) { edges { node { action diff } } } }")
    await admin.data("{ outboxEmails(first: 200) { edges { node { subject body } } } }")
    await admin.data("{ users(first: 200) { edges { node { email totpEnabled } } } }")


async def test_no_secret_leaks(tenant, api_server, db):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    key = (await admin.data(CREATE_API_KEY, i={"merchantId": m["id"], "name": "scan"}))["createApiKey"]
    await admin.data('mutation($id: ID!) { rotateApiKey(id: $id, graceSeconds: 60) { __typename ... on ApiKeyCreated { secret } } }', id=key["apiKey"]["id"])
    ep = await admin.data('mutation($m: ID!) { createWebhookEndpoint(merchantId: $m, input: {url: "https://example.com/h"}) { ... on WebhookEndpointCreated { signingSecret webhookEndpoint { id } } } }', m=m["id"])
    await admin.data('mutation($id: ID!) { rotateWebhookSecret(id: $id) { ... on WebhookEndpointCreated { signingSecret } } }',
                     id=ep["createWebhookEndpoint"]["webhookEndpoint"]["id"])
    await admin.data("mutation { setupTotp { ... on TotpSetup { secret } } }")
    await _exercise_reads(admin, m["id"])

    assert len(SHOWN_ONCE) >= 5
    # 1. GraphQL responses: each value only in the response that created it
    for value, index in SHOWN_ONCE.items():
        holders = [i for i, body in enumerate(RESPONSES) if value in body]
        assert holders == [index], f"secret {value[:10]}… appeared in {len(holders)} responses"

    # 2. Every row of every table (audit events, outbox, vault ciphertexts, key hashes...)
    with system_scope():
        conn = Tortoise.get_connection("default")
        for model in Tortoise.apps["models"].values():
            rows = await conn.execute_query_dict(f'SELECT * FROM "{model._meta.db_table}"')
            dump = repr(rows)
            for value in SHOWN_ONCE:
                assert value not in dump, f"secret {value[:10]}… stored in plain text in {model._meta.db_table}"

    # 3. The API server's logs for the whole session
    log = api_server["log"].read_text()
    assert "http_request" in log, "the API log must contain request lines for this scan to mean anything"
    for value in SHOWN_ONCE:
        assert value not in log, f"secret {value[:10]}… found in the API log"

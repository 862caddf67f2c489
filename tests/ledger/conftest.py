"""Ledger test fixtures: merchants whose payments route to a MASTER MID with processing fees
(EUR 2.5 % + 30, USD 3 % + 30) and a SUB MID with a 1.5 % conversion fee (settlement currency EUR)."""
from __future__ import annotations

import httpx
import pytest

from tests.routing.test_blueprints_api import DRAFT, PUBLISH, UPDATE, setup_execution, setup_method
from tests.support import CREATE_API_KEY

CONVERSION_BPS = 150
UPDATE_SUB = 'mutation($id: ID!, $bps: Int!) { updateSubMid(id: $id, input: {conversionFeeBps: $bps}) { __typename } }'


async def routed_merchant(admin, api_url, group_id: str, clients: list) -> dict:
    """A merchant with a EUR/USD card method published to `group_id`, and a sandbox and a production REST client."""
    merchant, _, pm = await setup_method(admin, currencies=("EUR", "USD"), min_amount=1, max_amount=10_000_000)
    draft = (await admin.data(DRAFT, id=pm["id"]))["routingDraft"]["blueprint"]
    await admin.data(UPDATE, id=draft["id"], d={"rules": [], "fallback": [group_id]})
    assert (await admin.data(PUBLISH, id=draft["id"]))["publishRouting"]["__typename"] == "BlueprintPayload"
    out = {"merchant": merchant, "pm": pm}
    for env in ("SANDBOX", "PRODUCTION"):
        key = await admin.data(CREATE_API_KEY, i={"merchantId": merchant["id"], "name": f"k-{env}", "environment": env})
        c = httpx.AsyncClient(base_url=api_url + "/api/v1", headers={"Authorization": f"Bearer {key['createApiKey']['secret']}"})
        clients.append(c)
        out[env.lower()] = c
    return out


@pytest.fixture
async def ledger_shop(tenant, api_url):
    """Two routed merchants of one tenant sharing one execution layer with fees."""
    admin = tenant["admin"]
    ex = await setup_execution(admin)
    res = await admin.data(UPDATE_SUB, id=ex["subs"][0]["id"], bps=CONVERSION_BPS)
    assert res["updateSubMid"]["__typename"] == "SubMidPayload", res
    clients: list[httpx.AsyncClient] = []
    one = await routed_merchant(admin, api_url, ex["group"]["id"], clients)
    two = await routed_merchant(admin, api_url, ex["group"]["id"], clients)
    yield {"admin": admin, "tenant_id": tenant["id"], "one": one, "two": two}
    for c in clients:
        await c.aclose()


def fees(amount: int, currency: str) -> tuple[int, int]:
    """(processing, conversion) fee the test MASTER MID / SUB MID charge for a payment."""
    bps = {"EUR": 250, "USD": 300}[currency]
    return amount * bps // 10000 + 30, (amount * CONVERSION_BPS // 10000 if currency != "EUR" else 0)

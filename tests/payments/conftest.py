"""A ready-to-pay merchant ("shop"): payment method routed (published) to a one-SUB-MID execution layer, and API keys."""
from __future__ import annotations

import httpx
import pytest

from tests.routing.test_blueprints_api import DRAFT, PUBLISH, UPDATE, setup_execution, setup_method
from tests.support import CREATE_API_KEY

PROVIDER_FOR = {"CARD": "sim_card", "VIRTUAL_ACCOUNT": "sim_va", "EWALLET": "sim_ewallet", "QR": "sim_qr"}


async def _key(admin, merchant_id, env="SANDBOX"):
    res = await admin.data(CREATE_API_KEY, i={"merchantId": merchant_id, "name": f"k-{env}", "environment": env})
    return res["createApiKey"]["secret"]


async def open_shop(tenant, api_url, pm_type="CARD"):
    """A merchant with a `pm_type` method routed (published) to a one-SUB-MID execution layer, and both kinds of key."""
    admin = tenant["admin"]
    merchant, _, pm = await setup_method(admin, currencies=("EUR", "USD"), min_amount=100, max_amount=1_000_000, pm_type=pm_type)
    ex = await setup_execution(admin, provider=PROVIDER_FOR[pm_type])
    draft = (await admin.data(DRAFT, id=pm["id"]))["routingDraft"]["blueprint"]
    await admin.data(UPDATE, id=draft["id"], d={"rules": [], "fallback": [ex["group"]["id"]]})
    assert (await admin.data(PUBLISH, id=draft["id"]))["publishRouting"]["__typename"] == "BlueprintPayload"
    sandbox, production = await _key(admin, merchant["id"]), await _key(admin, merchant["id"], "PRODUCTION")
    clients = []

    def client(secret):
        c = httpx.AsyncClient(base_url=api_url + "/api/v1", headers={"Authorization": f"Bearer {secret}"})
        clients.append(c)
        return c

    return {"admin": admin, "merchant": merchant, "pm": pm, "ex": ex, "sandbox": client(sandbox), "production": client(production),
           "tenant_id": tenant["id"], "clients": clients}


@pytest.fixture
async def shop(tenant, api_url):
    s = await open_shop(tenant, api_url)
    yield s
    for c in s["clients"]:
        await c.aclose()


@pytest.fixture
async def va_shop(tenant, api_url):
    s = await open_shop(tenant, api_url, "VIRTUAL_ACCOUNT")
    yield s
    for c in s["clients"]:
        await c.aclose()



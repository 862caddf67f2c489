"""Hosted-page fixtures: a shop (one brand, one or more routed payment methods), guests as plain HTTP clients."""
from __future__ import annotations

import asyncio
import re

import httpx
import pytest

from tests.payments.conftest import PROVIDER_FOR, _key
from tests.routing.test_blueprints_api import DRAFT, PM, PUBLISH, UPDATE, setup_execution, setup_method

SECURITY_HEADERS = {
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


async def _route(admin, pm_id: str, pm_type: str) -> None:
    ex = await setup_execution(admin, provider=PROVIDER_FOR[pm_type])
    draft = (await admin.data(DRAFT, id=pm_id))["routingDraft"]["blueprint"]
    await admin.data(UPDATE, id=draft["id"], d={"rules": [], "fallback": [ex["group"]["id"]]})
    assert (await admin.data(PUBLISH, id=draft["id"]))["publishRouting"]["__typename"] == "BlueprintPayload"


async def open_brand_shop(tenant, api_url, types=("CARD",)):
    """A merchant whose brand has one routed payment method per type (the first is the one payments are created with)."""
    admin = tenant["admin"]
    merchant, brand, first = await setup_method(admin, currencies=("EUR", "USD"), min_amount=100, max_amount=1_000_000, pm_type=types[0])
    await _route(admin, first["id"], types[0])
    methods = {types[0]: first}
    for t in types[1:]:
        res = await admin.data(PM, b=brand["id"], i={"name": f"{t.title()} method", "type": t, "currencies": ["EUR", "USD"],
                                                    "minAmount": 100, "maxAmount": 1_000_000})
        methods[t] = res["createPaymentMethod"]["paymentMethod"]
        await _route(admin, methods[t]["id"], t)
    sandbox, production = await _key(admin, merchant["id"]), await _key(admin, merchant["id"], "PRODUCTION")
    return {"admin": admin, "merchant": merchant, "brand": brand, "methods": methods, "pm": first, "tenant_id": tenant["id"],
            "sandbox": httpx.AsyncClient(base_url=api_url + "/api/v1", headers={"Authorization": f"Bearer {sandbox}"}),
            "production": httpx.AsyncClient(base_url=api_url + "/api/v1", headers={"Authorization": f"Bearer {production}"})}


@pytest.fixture
async def card_shop(tenant, api_url):
    s = await open_brand_shop(tenant, api_url, ("CARD",))
    yield s
    await s["sandbox"].aclose(), await s["production"].aclose()


@pytest.fixture
async def multi_shop(tenant, api_url):
    """One brand with card, virtual account, e-wallet and QR."""
    s = await open_brand_shop(tenant, api_url, ("CARD", "VIRTUAL_ACCOUNT", "EWALLET", "QR"))
    yield s
    await s["sandbox"].aclose(), await s["production"].aclose()


@pytest.fixture
async def guest(api_url):
    async with httpx.AsyncClient(base_url=api_url, timeout=20) as c:
        yield c


async def new_payment(shop, amount=2500, method="CARD", env="sandbox", **extra) -> dict:
    body = {"payment_method_id": shop["methods"][method]["id"], "amount": amount, "currency": "EUR", "order_id": "ORD-1001", **extra}
    r = await shop[env].post("/payments", json=body)
    assert r.status_code == 201, r.text
    out = r.json()
    out["token"] = out["payment_url"].rsplit("/pay/", 1)[1]
    out["path"] = f"/pay/{out['token']}"
    return out


async def wait_state(client: httpx.AsyncClient, path: str, want: str, timeout: float = 15.0) -> str:
    deadline = asyncio.get_running_loop().time() + timeout
    state = None
    while asyncio.get_running_loop().time() < deadline:
        state = (await client.get(path + "/status")).json()["state"]
        if state == want:
            return state
        await asyncio.sleep(0.25)
    raise AssertionError(f"state stayed {state!r}, wanted {want!r}")


def sms_code(html: str) -> str:
    m = re.search(r'data-testid="sms-code">(\d{6})<', html)
    assert m, "no simulated SMS on the page"
    return m.group(1)


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'data-testid="([^"]+)"', html))


def assert_secured(r: httpx.Response) -> None:
    for k, v in SECURITY_HEADERS.items():
        assert r.headers.get(k) == v, (r.url, k, r.headers.get(k))
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp  # self only: no external origin anywhere

"""API keys through REST: shown once, hashed, prefix visible, last used, expiry, revoke, rotation grace, rate limits."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx

from backend.core import clock
from tests.support import CREATE_API_KEY, CREATE_TENANT, new_merchant, unique

ROTATE = """mutation($id: ID!, $g: Int!) { rotateApiKey(id: $id, graceSeconds: $g) { __typename
  ... on ApiKeyCreated { secret apiKey { id prefix } } ... on ValidationError { fields { field code } } ... on ConflictError { code } } }"""
KEYS = 'query($id: ID!) { merchant(id: $id) { apiKeys { id prefix status lastUsedAt expiresAt rotatedToId } } }'


async def _key(admin, merchant_id, **extra):
    res = (await admin.data(CREATE_API_KEY, i={"merchantId": merchant_id, "name": unique("key"), **extra}))["createApiKey"]
    assert res["__typename"] == "ApiKeyCreated", res
    return res


async def _whoami(api_url, key):
    async with httpx.AsyncClient(base_url=api_url) as c:
        return await c.get("/api/v1/merchant", headers={"Authorization": f"Bearer {key}"})


async def test_key_is_shown_once_and_authenticates(tenant, api_url):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    created = await _key(admin, m["id"])
    secret = created["secret"]
    assert secret.startswith("cw_test_") and created["apiKey"]["prefix"] == secret[:16]
    r = await _whoami(api_url, secret)
    assert r.status_code == 200 and r.json()["merchant_id"] == m["id"] and r.json()["environment"] == "sandbox"
    keys = (await admin.data(KEYS, id=m["id"]))["merchant"]["apiKeys"]
    assert keys[0]["lastUsedAt"] is not None
    assert secret not in str(keys)


async def test_bad_keys_get_401_with_a_code_and_are_audited(tenant, api_url):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    created = await _key(admin, m["id"])
    async with httpx.AsyncClient(base_url=api_url) as c:
        missing = await c.get("/api/v1/merchant")
        assert missing.status_code == 401 and missing.json()["error"]["code"] == "API_KEY_MISSING"
        wrong = await c.get("/api/v1/merchant", headers={"Authorization": "Bearer " + created["secret"][:-2] + "xx"})
        assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "API_KEY_INVALID"
    await admin.data('mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }', id=created["apiKey"]["id"])
    r = await _whoami(api_url, created["secret"])
    assert r.status_code == 401 and r.json()["error"]["code"] == "API_KEY_REVOKED"
    audit = await admin.data('{ auditEvents(action: "api_key.refused") { edges { node { outcome targetId diff } } } }')
    nodes = [e["node"] for e in audit["auditEvents"]["edges"]]
    assert any(n["targetId"] == created["apiKey"]["id"] and n["diff"]["_context"]["reason"] == "API_KEY_REVOKED" for n in nodes)
    assert created["secret"] not in str(nodes)


async def test_expiry_and_rotation_grace_boundaries(tenant, app_client):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    expires = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()
    expiring = await _key(admin, m["id"], expiresAt=expires)
    old = await _key(admin, m["id"])
    rotated = (await admin.data(ROTATE, id=old["apiKey"]["id"], g=3600))["rotateApiKey"]
    new_secret = rotated["secret"]

    async def status(secret):
        r = await app_client.get("/api/v1/merchant", headers={"Authorization": f"Bearer {secret}"})
        return r.status_code, (r.json().get("error") or {}).get("code")

    assert await status(old["secret"]) == (200, None)
    assert await status(new_secret) == (200, None)
    clock.advance(timedelta(minutes=59, seconds=50))
    assert await status(old["secret"]) == (200, None)  # still inside the grace period
    assert await status(expiring["secret"]) == (200, None)
    clock.advance(timedelta(seconds=20))
    assert await status(old["secret"]) == (401, "API_KEY_EXPIRED")
    assert await status(expiring["secret"]) == (401, "API_KEY_EXPIRED")
    assert await status(new_secret) == (200, None)


async def test_rotation_validates_grace_and_refuses_revoked(tenant):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    k = await _key(admin, m["id"])
    too_long = (await admin.data(ROTATE, id=k["apiKey"]["id"], g=8 * 86400))["rotateApiKey"]
    assert too_long["fields"] == [{"field": "graceSeconds", "code": "GRACE_OUT_OF_RANGE"}]
    await admin.data('mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }', id=k["apiKey"]["id"])
    assert (await admin.data(ROTATE, id=k["apiKey"]["id"], g=0))["rotateApiKey"] == {"__typename": "ConflictError", "code": "KEY_REVOKED"}


async def test_suspended_tenant_keys_stop_at_once(operator, tenant, api_url):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    k = await _key(admin, m["id"])
    assert (await _whoami(api_url, k["secret"])).status_code == 200
    await operator.data('mutation($id: ID!) { suspendTenant(id: $id) { __typename } }', id=tenant["id"])
    r = await _whoami(api_url, k["secret"])
    assert r.status_code == 401 and r.json()["error"]["code"] == "TENANT_SUSPENDED"
    await operator.data('mutation($id: ID!) { activateTenant(id: $id) { __typename } }', id=tenant["id"])
    assert (await _whoami(api_url, k["secret"])).status_code == 200


async def test_rate_limit_follows_the_tenant_plan(operator, make_client, api_url):
    slug = unique("rl")
    email = f"admin-{slug}@example.com"
    await operator.data(CREATE_TENANT, i={"name": slug, "slug": slug, "plan": "FREE", "adminEmail": email,
                                          "adminName": "R", "adminPassword": "s3cret-password"})
    admin = make_client()
    await admin.login(email, "s3cret-password")
    m = await new_merchant(admin)
    k = await _key(admin, m["id"])
    codes = []
    async with httpx.AsyncClient(base_url=api_url) as c:
        for _ in range(62):
            r = await c.get("/api/v1/merchant", headers={"Authorization": f"Bearer {k['secret']}"})
            codes.append(r.status_code)
            if r.status_code == 429:
                assert r.json()["error"]["code"] == "RATE_LIMITED" and int(r.headers["retry-after"]) > 0
                break
    # FREE allows 60 a minute; the window may roll over once during the loop, never more
    assert 429 in codes and codes.count(200) >= 60


async def test_merchant_admin_cannot_create_keys_for_another_merchant(tenant, make_client):
    admin = tenant["admin"]
    mine, other = await new_merchant(admin), await new_merchant(admin)
    roles = {r["name"]: r["id"] for r in (await admin.data("{ roles { id name } }"))["roles"]}
    email = f"ma-{unique()}@example.com"
    u = (await admin.data('mutation($i: CreateUserInput!) { createUser(input: $i) { ... on UserPayload { user { id } } } }',
                          i={"email": email, "name": "MA", "password": "long-enough-pw", "kind": "MERCHANT"}))["createUser"]["user"]
    await admin.data('mutation($i: AssignRoleInput!) { assignRole(input: $i) { __typename } }',
                     i={"userId": u["id"], "roleId": roles["Merchant admin"], "contextType": "MERCHANT", "contextId": mine["id"]})
    ma = make_client()
    await ma.login(email, "long-enough-pw")
    assert (await ma.data(CREATE_API_KEY, i={"merchantId": mine["id"], "name": "ok"}))["createApiKey"]["__typename"] == "ApiKeyCreated"
    refused = await ma.q(CREATE_API_KEY, i={"merchantId": other["id"], "name": "nope"})
    assert refused["errors"][0]["extensions"]["code"] == "OUTSIDE_OWN_CONTEXT"
    audit = await admin.data('{ auditEvents(action: "api_key.create", outcome: "denied") { edges { node { actorLabel } } } }')
    assert any(e["node"]["actorLabel"] == email for e in audit["auditEvents"]["edges"])
    assert (await ma.data('query($id: ID!) { merchant(id: $id) { id } }', id=other["id"]))["merchant"] is None

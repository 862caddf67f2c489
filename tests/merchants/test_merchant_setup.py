"""Merchant groups, merchants, brands, provider access, and the readiness checklist computed from real data."""
from __future__ import annotations

from tests.support import ASSIGN_ROLE, CREATE_API_KEY, new_merchant, readiness, unique

BRAND = """mutation($m: ID!, $i: BrandInput!) { createBrand(merchantId: $m, input: $i) { __typename
  ... on BrandPayload { brand { id name color defaultCurrency } } ... on ValidationError { fields { field code } } } }"""


async def test_duplicate_names_in_one_scope_are_clear_conflicts(tenant):
    admin = tenant["admin"]
    g = await admin.data('mutation { createMerchantGroup(name: "North") { __typename } }')
    assert g["createMerchantGroup"]["__typename"] == "MerchantGroupPayload"
    again = await admin.data('mutation { createMerchantGroup(name: "North") { __typename ... on ValidationError { fields { field code } } } }')
    assert again["createMerchantGroup"]["fields"] == [{"field": "name", "code": "NAME_TAKEN"}]
    m = await new_merchant(admin, "Same")
    dup = await admin.data('mutation { createMerchant(name: "Same") { __typename ... on ValidationError { fields { field code } } } }')
    assert dup["createMerchant"]["fields"] == [{"field": "name", "code": "NAME_TAKEN"}]
    await admin.data(BRAND, m=m["id"], i={"name": "Main", "defaultCurrency": "EUR"})
    dup_brand = await admin.data(BRAND, m=m["id"], i={"name": "Main", "defaultCurrency": "EUR"})
    assert dup_brand["createBrand"]["fields"] == [{"field": "name", "code": "NAME_TAKEN"}]
    # the same brand name under another merchant is fine
    other = await new_merchant(admin)
    assert (await admin.data(BRAND, m=other["id"], i={"name": "Main", "defaultCurrency": "EUR"}))["createBrand"]["__typename"] == "BrandPayload"


async def test_brand_validation(tenant):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    bad = await admin.data(BRAND, m=m["id"], i={"name": "", "defaultCurrency": "EURO", "color": "red"})
    assert {f["field"]: f["code"] for f in bad["createBrand"]["fields"]} == {
        "name": "NAME_REQUIRED", "defaultCurrency": "CURRENCY_UNKNOWN", "color": "COLOR_INVALID"}
    ok = await admin.data(BRAND, m=m["id"], i={"name": "Shop", "defaultCurrency": "idr", "color": "#112233"})
    assert ok["createBrand"]["brand"]["defaultCurrency"] == "IDR"


async def test_readiness_checklist_advances_from_real_data(tenant):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    steps = await readiness(admin, m["id"])
    assert list(steps) == ["create_merchant", "create_brand", "provider_access", "users", "roles", "api_key",
                           "payment_method", "routing", "publish_routing", "test_deposit", "verify"]
    assert [k for k, done in steps.items() if done] == ["create_merchant"]

    await admin.data(BRAND, m=m["id"], i={"name": "B", "defaultCurrency": "USD"})
    await admin.data('mutation($m: ID!) { grantProviderAccess(merchantId: $m, provider: CARD) { __typename } }', m=m["id"])
    roles = {r["name"]: r["id"] for r in (await admin.data("{ roles { id name } }"))["roles"]}
    await admin.data('mutation($i: InviteUserInput!) { inviteUser(input: $i) { __typename } }',
                     i={"email": f"inv-{unique()}@example.com", "roleId": roles["Merchant viewer"], "contextType": "MERCHANT", "contextId": m["id"]})
    steps = await readiness(admin, m["id"])
    assert steps["create_brand"] and steps["provider_access"] and steps["users"] and not steps["roles"] and not steps["api_key"]

    u = (await admin.data('mutation($i: CreateUserInput!) { createUser(input: $i) { ... on UserPayload { user { id } } } }',
                          i={"email": f"mu-{unique()}@example.com", "name": "MU", "password": "long-enough-pw", "kind": "MERCHANT"}))["createUser"]["user"]
    await admin.data(ASSIGN_ROLE, i={"userId": u["id"], "roleId": roles["Merchant viewer"], "contextType": "MERCHANT", "contextId": m["id"]})
    key = (await admin.data(CREATE_API_KEY, i={"merchantId": m["id"], "name": "k"}))["createApiKey"]
    steps = await readiness(admin, m["id"])
    assert steps["roles"] and steps["api_key"]
    # revoking the only key makes the step missing again: computed, not stored
    await admin.data('mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }', id=key["apiKey"]["id"])
    assert (await readiness(admin, m["id"]))["api_key"] is False
    fix = (await admin.data('query($id: ID!) { merchant(id: $id) { readiness { key fixPath } } }', id=m["id"]))["merchant"]["readiness"]
    assert {s["key"]: s["fixPath"] for s in fix}["api_key"] == f"/merchants/{m['id']}?tab=api-keys"


async def test_provider_access_conflict(tenant):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    q = 'mutation($m: ID!) { grantProviderAccess(merchantId: $m, provider: VIRTUAL_ACCOUNT) { __typename ... on ConflictError { code } } }'
    assert (await admin.data(q, m=m["id"]))["grantProviderAccess"]["__typename"] == "ProviderAccessPayload"
    assert (await admin.data(q, m=m["id"]))["grantProviderAccess"] == {"__typename": "ConflictError", "code": "PROVIDER_ALREADY_GRANTED"}

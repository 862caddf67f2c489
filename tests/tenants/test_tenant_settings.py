"""A tenant's own settings: tenant admins allow private webhook targets; merchant-scoped users and the operator may not.

Link-local and cloud metadata addresses stay refused whatever the setting says."""
from __future__ import annotations

from tests.support import ASSIGN_ROLE, CREATE_USER, new_merchant, unique

SETTINGS = "{ tenantSettings { allowPrivateWebhookTargets viewerCanManage } }"
UPDATE = """mutation($v: Boolean!) { updateTenantSettings(input: {allowPrivateWebhookTargets: $v}) { __typename
  ... on TenantSettingsPayload { settings { allowPrivateWebhookTargets viewerCanManage } } } }"""
CREATE_ENDPOINT = """mutation($m: ID!, $i: WebhookEndpointInput!) { createWebhookEndpoint(merchantId: $m, input: $i) { __typename
  ... on WebhookEndpointCreated { webhookEndpoint { id url } } ... on ValidationError { fields { field code message } } } }"""


async def _merchant_admin(tenant, make_client, merchant_id: str):
    admin = tenant["admin"]
    roles = {r["name"]: r for r in (await admin.data("{ roles { id name } }"))["roles"]}
    email = f"madmin-{unique()}@example.com"
    u = (await admin.data(CREATE_USER, i={"email": email, "name": "MA", "password": "long-enough-pw", "kind": "MERCHANT"}))["createUser"]["user"]
    await admin.data(ASSIGN_ROLE, i={"userId": u["id"], "roleId": roles["Merchant admin"]["id"], "contextType": "MERCHANT",
                                     "contextId": merchant_id})
    c = make_client()
    assert (await c.login(email, "long-enough-pw"))["__typename"] == "LoginSuccess"
    return c


async def _create(client, merchant_id: str, url: str) -> dict:
    return (await client.data(CREATE_ENDPOINT, m=merchant_id, i={"url": url}))["createWebhookEndpoint"]


async def test_merchant_admin_is_refused_and_the_refusal_is_audited(tenant, make_client):
    m = await new_merchant(tenant["admin"])
    ma = await _merchant_admin(tenant, make_client, m["id"])
    assert (await ma.data(SETTINGS))["tenantSettings"] == {"allowPrivateWebhookTargets": False, "viewerCanManage": False}
    res = await ma.q(UPDATE, v=True)
    assert res["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await tenant["admin"].data(SETTINGS))["tenantSettings"]["allowPrivateWebhookTargets"] is False
    denied = await tenant["admin"].data('{ auditEvents(action: "graphql.updateTenantSettings", outcome: "denied") { edges { node { actorLabel } } } }')
    assert denied["auditEvents"]["edges"], "the refusal must be audited"
    # the merchant admin manages webhooks on its merchant, but private targets stay refused for it too
    assert (await _create(ma, m["id"], "http://127.0.0.1:9/"))["__typename"] == "ValidationError"


async def test_tenant_admin_allows_private_targets_audited_metadata_stays_refused(tenant):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    assert (await admin.data(SETTINGS))["tenantSettings"] == {"allowPrivateWebhookTargets": False, "viewerCanManage": True}
    before = {url: await _create(admin, m["id"], url) for url in ("http://127.0.0.1:9/", "http://169.254.169.254/")}
    assert before["http://127.0.0.1:9/"]["fields"][0]["code"] == "URL_FORBIDDEN_TARGET"
    assert "unless your tenant allows" in before["http://127.0.0.1:9/"]["fields"][0]["message"]
    assert before["http://169.254.169.254/"]["fields"][0]["code"] == "URL_FORBIDDEN_TARGET"

    res = (await admin.data(UPDATE, v=True))["updateTenantSettings"]
    assert res == {"__typename": "TenantSettingsPayload",
                   "settings": {"allowPrivateWebhookTargets": True, "viewerCanManage": True}}
    events = (await admin.data('{ auditEvents(action: "tenant.update_settings") { edges { node { outcome targetId diff } } } }'))
    [event] = [e["node"] for e in events["auditEvents"]["edges"]]
    assert event["outcome"] == "ok" and event["targetId"] == tenant["id"]
    assert event["diff"]["webhook_targets"] == {"before": "public_only", "after": "public_and_private"}

    after = await _create(admin, m["id"], "http://127.0.0.1:9/")
    assert after["__typename"] == "WebhookEndpointCreated" and after["webhookEndpoint"]["url"] == "http://127.0.0.1:9/"
    assert (await _create(admin, m["id"], "http://10.0.0.5/hook"))["__typename"] == "WebhookEndpointCreated"
    # link-local / cloud metadata: never, whatever the tenant allows
    for url in ("http://169.254.169.254/", "http://metadata.google.internal/", "http://[fe80::1]/x"):
        refused = await _create(admin, m["id"], url)
        assert refused["__typename"] == "ValidationError" and refused["fields"][0]["code"] == "URL_FORBIDDEN_TARGET", url

    # switching it off again refuses new private targets
    assert (await admin.data(UPDATE, v=False))["updateTenantSettings"]["settings"]["allowPrivateWebhookTargets"] is False
    assert (await _create(admin, m["id"], "http://127.0.0.1:9/"))["__typename"] == "ValidationError"


async def test_the_setting_is_per_tenant(tenant, operator, make_client):
    from tests.support import CREATE_TENANT

    await tenant["admin"].data(UPDATE, v=True)
    slug = unique("t")
    body = await operator.data(CREATE_TENANT, i={"name": f"Other {slug}", "slug": slug, "adminEmail": f"a-{slug}@example.com",
                                                  "adminName": "A", "adminPassword": "s3cret-password"})
    assert body["createTenant"]["__typename"] == "TenantPayload"
    other = make_client()
    await other.login(f"a-{slug}@example.com", "s3cret-password")
    assert (await other.data(SETTINGS))["tenantSettings"]["allowPrivateWebhookTargets"] is False
    m = await new_merchant(other)
    assert (await _create(other, m["id"], "http://127.0.0.1:9/"))["__typename"] == "ValidationError"


async def test_operator_cannot_read_or_change_tenant_settings(operator):
    assert (await operator.q(SETTINGS))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await operator.q(UPDATE, v=True))["errors"][0]["extensions"]["code"] == "FORBIDDEN"

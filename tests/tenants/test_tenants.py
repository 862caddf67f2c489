"""The system operator: tenants, plans, suspension, usage counts — and no tenant data, ever."""
from __future__ import annotations

from tests.support import CREATE_TENANT, unique


async def test_operator_creates_lists_and_plans_tenants(operator, tenant):
    tenants = (await operator.data("{ tenants { id slug plan status rateLimitPerMinute usage { users merchants apiKeys transactions } } }"))["tenants"]
    mine = next(t for t in tenants if t["id"] == tenant["id"])
    assert mine["status"] == "ACTIVE" and mine["usage"]["users"] == 1
    res = await operator.data('mutation($id: ID!) { setTenantPlan(id: $id, plan: ENTERPRISE) { ... on TenantPayload { tenant { plan rateLimitPerMinute } } } }', id=tenant["id"])
    assert res["setTenantPlan"]["tenant"]["plan"] == "ENTERPRISE"


async def test_create_tenant_validates_and_writes_nothing_on_error(operator, tenant):
    before = len((await operator.data("{ tenants { id } }"))["tenants"])
    bad = await operator.data(CREATE_TENANT, i={"name": "", "slug": "Bad Slug!", "adminEmail": "x", "adminName": "", "adminPassword": "short"})
    assert bad["createTenant"]["__typename"] == "ValidationError"
    assert {f["field"] for f in bad["createTenant"]["fields"]} >= {"name", "slug", "email", "password"}
    # a taken admin email fails after the slug check: still nothing half-written
    taken = await operator.data(CREATE_TENANT, i={"name": "Dup", "slug": unique("d"), "adminEmail": tenant["admin_email"],
                                                  "adminName": "A", "adminPassword": "long-enough-pw"})
    assert taken["createTenant"]["__typename"] == "ValidationError"
    assert len((await operator.data("{ tenants { id } }"))["tenants"]) == before


async def test_suspension_stops_sessions_and_logins_at_once(operator, tenant, make_client):
    admin = tenant["admin"]
    assert (await admin.data("{ me { email } }"))["me"] is not None
    res = await operator.data('mutation($id: ID!) { suspendTenant(id: $id) { ... on TenantPayload { tenant { status } } } }', id=tenant["id"])
    assert res["suspendTenant"]["tenant"]["status"] == "SUSPENDED"
    assert (await admin.data("{ me { email } }"))["me"] is None
    assert (await admin.q("{ users { totalCount } }"))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    again = make_client()
    assert (await again.login(tenant["admin_email"], "s3cret-password"))["code"] == "TENANT_SUSPENDED"
    twice = await operator.data('mutation($id: ID!) { suspendTenant(id: $id) { __typename ... on ConflictError { code } } }', id=tenant["id"])
    assert twice["suspendTenant"] == {"__typename": "ConflictError", "code": "ALREADY_SUSPENDED"}
    await operator.data('mutation($id: ID!) { activateTenant(id: $id) { __typename } }', id=tenant["id"])
    assert (await again.login(tenant["admin_email"], "s3cret-password"))["__typename"] == "LoginSuccess"


async def test_tenant_staff_cannot_use_operator_fields(tenant):
    res = await tenant["admin"].q("{ tenants { id } }")
    assert res["errors"][0]["extensions"]["code"] == "FORBIDDEN"

"""Tenant data is never visible across tenants; another tenant's id reads as not found."""
from __future__ import annotations

from tests.support import CREATE_TENANT, CREATE_USER, unique


async def _second_tenant(operator, make_client):
    slug = unique("t")
    email = f"admin-{slug}@example.com"
    await operator.data(CREATE_TENANT, i={"name": slug, "slug": slug, "adminEmail": email, "adminName": "B", "adminPassword": "s3cret-password"})
    c = make_client()
    await c.login(email, "s3cret-password")
    return c


async def test_other_tenants_ids_read_as_not_found(operator, tenant, make_client):
    a = tenant["admin"]
    b = await _second_tenant(operator, make_client)
    user = (await a.data(CREATE_USER, i={"email": f"a-{unique()}@example.com", "name": "A", "password": "long-enough-pw", "kind": "PLATFORM"}))["createUser"]["user"]
    role_a = (await a.data("{ roles { id name } }"))["roles"][0]

    assert (await b.data("query($id: ID!) { user(id: $id) { email } }", id=user["id"]))["user"] is None
    assert (await b.data("query($id: ID!) { role(id: $id) { name } }", id=role_a["id"]))["role"] is None
    b_users = (await b.data("{ users { edges { node { email } } } }"))["users"]["edges"]
    assert user["email"] not in {e["node"]["email"] for e in b_users}
    upd = await b.data('mutation($id: ID!) { updateUser(id: $id, input: {name: "pwned"}) { __typename ... on NotFoundError { code } } }', id=user["id"])
    assert upd["updateUser"]["__typename"] == "NotFoundError"
    dele = await b.data('mutation($id: ID!) { deleteRole(id: $id) { __typename } }', id=role_a["id"])
    assert dele["deleteRole"]["__typename"] == "NotFoundError"
    assign = await b.data('mutation($u: ID!, $r: ID!) { assignRole(input: {userId: $u, roleId: $r}) { __typename } }', u=user["id"], r=role_a["id"])
    assert assign["assignRole"]["__typename"] == "NotFoundError"
    # tenant A still has its user, unchanged
    assert (await a.data("query($id: ID!) { user(id: $id) { name } }", id=user["id"]))["user"]["name"] == "A"
    audit_b = (await b.data("{ auditEvents(first: 200) { edges { node { targetId } } } }"))["auditEvents"]["edges"]
    assert user["id"] not in {e["node"]["targetId"] for e in audit_b}

"""Every mutation writes an audit event: actor, tenant, action, target, diff with secrets masked, IP, request id."""
from __future__ import annotations

from tests.support import CREATE_ROLE, CREATE_USER, unique

SEARCH = """query($a: String, $t: String) { auditEvents(action: $a, targetId: $t) { totalCount edges { node {
  actorType actorId actorLabel action outcome targetType targetId diff ip requestId occurredAt } } } }"""


async def test_create_user_is_audited_without_the_password(tenant):
    admin = tenant["admin"]
    email = f"aud-{unique()}@example.com"
    r = await admin.http.post("/graphql", headers={"X-Request-ID": "req-audit-1"}, json={
        "query": CREATE_USER, "variables": {"i": {"email": email, "name": "Aud", "password": "hunter2-secret-pw", "kind": "PLATFORM"}}})
    user = r.json()["data"]["createUser"]["user"]
    ev = (await admin.data(SEARCH, a="user.create", t=user["id"]))["auditEvents"]["edges"][0]["node"]
    assert ev["actorType"] == "user" and ev["actorLabel"] == tenant["admin_email"]
    assert ev["targetType"] == "user" and ev["outcome"] == "ok"
    assert ev["diff"]["email"] == {"before": None, "after": email}
    assert ev["ip"] == "127.0.0.1" and ev["requestId"] == "req-audit-1"
    assert "hunter2-secret-pw" not in str(ev)


async def test_update_records_before_and_after(tenant):
    admin = tenant["admin"]
    role = (await admin.data(CREATE_ROLE, i={"name": "Aud role", "kind": "PLATFORM", "permissions": ["audit.read"]}))["createRole"]["role"]
    await admin.data('mutation($id: ID!) { updateRole(id: $id, input: {name: "Aud role 2", permissions: ["audit.read", "access.read"]}) { __typename } }', id=role["id"])
    ev = (await admin.data(SEARCH, a="role.update", t=role["id"]))["auditEvents"]["edges"][0]["node"]
    assert ev["diff"]["name"] == {"before": "Aud role", "after": "Aud role 2"}
    assert ev["diff"]["permissions"] == {"before": ["audit.read"], "after": ["access.read", "audit.read"]}


async def test_failed_mutation_is_not_half_written_nor_audited_as_done(tenant):
    admin = tenant["admin"]
    before = (await admin.data(SEARCH, a="role.create"))["auditEvents"]["totalCount"]
    bad = await admin.data(CREATE_ROLE, i={"name": "", "kind": "PLATFORM", "permissions": []})
    assert bad["createRole"]["__typename"] == "ValidationError"
    assert (await admin.data(SEARCH, a="role.create"))["auditEvents"]["totalCount"] == before


async def test_audit_search_paginates(tenant):
    admin = tenant["admin"]
    for i in range(3):
        await admin.data(CREATE_ROLE, i={"name": f"P{i}", "kind": "PLATFORM", "permissions": []})
    page1 = (await admin.data('{ auditEvents(first: 2, action: "role.create") { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }'))["auditEvents"]
    assert len(page1["edges"]) == 2 and page1["pageInfo"]["hasNextPage"]
    page2 = (await admin.data('query($a: String) { auditEvents(first: 2, after: $a, action: "role.create") { edges { node { id } } } }', a=page1["pageInfo"]["endCursor"]))["auditEvents"]
    assert {e["node"]["id"] for e in page2["edges"]}.isdisjoint({e["node"]["id"] for e in page1["edges"]})

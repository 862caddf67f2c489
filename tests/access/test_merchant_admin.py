"""A merchant admin manages users inside its own context, with allowed merchant roles only, and never edits roles."""
from __future__ import annotations

from tests.support import ASSIGN_ROLE, CREATE_ROLE, CREATE_USER, unique

INVITE = """mutation($i: InviteMerchantUserInput!) { inviteMerchantUser(input: $i) { __typename
  ... on UserPayload { user { id email kind } } ... on ValidationError { fields { field code } }
  ... on NotFoundError { code } ... on ConflictError { code } } }"""


async def _setup(tenant, make_client):
    admin = tenant["admin"]
    m1 = (await admin.data('mutation { createMerchant(name: "Shop A") { ... on MerchantPayload { merchant { id } } } }'))["createMerchant"]["merchant"]
    m2 = (await admin.data('mutation { createMerchant(name: "Shop B") { ... on MerchantPayload { merchant { id } } } }'))["createMerchant"]["merchant"]
    roles = {r["name"]: r for r in (await admin.data("{ roles { id name kind } }"))["roles"]}
    email = f"madmin-{unique()}@example.com"
    u = (await admin.data(CREATE_USER, i={"email": email, "name": "MA", "password": "long-enough-pw", "kind": "MERCHANT"}))["createUser"]["user"]
    ra = await admin.data(ASSIGN_ROLE, i={"userId": u["id"], "roleId": roles["Merchant admin"]["id"], "contextType": "MERCHANT", "contextId": m1["id"]})
    assert ra["assignRole"]["__typename"] == "RoleAssignmentPayload"
    c = make_client()
    assert (await c.login(email, "long-enough-pw"))["__typename"] == "LoginSuccess"
    return c, m1, m2, roles


async def test_merchant_admin_invites_into_own_merchant_with_a_merchant_role(tenant, make_client):
    c, m1, _, roles = await _setup(tenant, make_client)
    res = await c.data(INVITE, i={"email": f"clerk-{unique()}@example.com", "name": "Clerk", "password": "long-enough-pw",
                                  "roleId": roles["Merchant viewer"]["id"], "contextType": "MERCHANT", "contextId": m1["id"]})
    assert res["inviteMerchantUser"]["__typename"] == "UserPayload"
    assert res["inviteMerchantUser"]["user"]["kind"] == "MERCHANT"


async def test_merchant_admin_cannot_reach_another_merchant_and_is_audited(tenant, make_client):
    c, _, m2, roles = await _setup(tenant, make_client)
    email = f"intruder-{unique()}@example.com"
    res = await c.q(INVITE, i={"email": email, "name": "X", "password": "long-enough-pw",
                               "roleId": roles["Merchant viewer"]["id"], "contextType": "MERCHANT", "contextId": m2["id"]})
    assert res["errors"][0]["extensions"]["code"] == "OUTSIDE_OWN_CONTEXT"
    admin = tenant["admin"]
    assert (await admin.data('{ users(search: "%s") { totalCount } }' % email))["users"]["totalCount"] == 0
    audit = await admin.data('{ auditEvents(action: "user.invite", outcome: "denied") { edges { node { outcome diff } } } }')
    assert audit["auditEvents"]["edges"], "the refusal must be audited"


async def test_merchant_admin_cannot_assign_a_platform_role_or_edit_roles(tenant, make_client):
    c, m1, _, roles = await _setup(tenant, make_client)
    res = await c.q(INVITE, i={"email": f"p-{unique()}@example.com", "name": "X", "password": "long-enough-pw",
                               "roleId": roles["Tenant admin"]["id"], "contextType": "MERCHANT", "contextId": m1["id"]})
    assert res["errors"][0]["extensions"]["code"] == "ROLE_KIND_MISMATCH"
    tenant_ctx = await c.q(ASSIGN_ROLE, i={"userId": "usr_x", "roleId": roles["Tenant admin"]["id"], "contextType": "TENANT"})
    assert tenant_ctx["errors"][0]["extensions"]["code"] == "OUTSIDE_OWN_CONTEXT"
    edit = await c.q('mutation($id: ID!) { updateRole(id: $id, input: {name: "Merchant viewer", kind: MERCHANT, permissions: ["transactions.read"]}) { __typename } }',
                     id=roles["Merchant viewer"]["id"])
    assert edit["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    create = await c.q(CREATE_ROLE, i={"name": "Mine", "kind": "MERCHANT", "permissions": ["transactions.read"]})
    assert create["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_merchant_admin_cannot_grant_itself_a_platform_role_and_is_audited(tenant, make_client):
    c, m1, _, roles = await _setup(tenant, make_client)
    me = (await c.data("{ me { id } }"))["me"]
    res = await c.q(ASSIGN_ROLE, i={"userId": me["id"], "roleId": roles["Tenant admin"]["id"], "contextType": "MERCHANT", "contextId": m1["id"]})
    assert res["errors"][0]["extensions"]["code"] == "ROLE_KIND_MISMATCH"
    assert "access.manage" not in (await c.data("{ me { permissions } }"))["me"]["permissions"]
    audit = await tenant["admin"].data('{ auditEvents(action: "role_assignment.create", outcome: "denied") { edges { node { actorId diff } } } }')
    assert any(e["node"]["actorId"] == me["id"] and e["node"]["diff"]["_context"]["reason"] == "ROLE_KIND_MISMATCH"
               for e in audit["auditEvents"]["edges"])


async def test_merchant_admin_sees_only_its_own_contexts_and_assignable_roles(tenant, make_client):
    c, m1, m2, roles = await _setup(tenant, make_client)
    admin = tenant["admin"]
    listed = {r["name"] for r in (await c.data("{ roles { name kind } }"))["roles"]}
    assert listed == {"Merchant admin", "Merchant viewer"}
    other = await admin.data('mutation($i: InviteUserInput!) { inviteUser(input: $i) { ... on InvitationPayload { invitation { id } } } }',
                             i={"email": f"o-{unique()}@example.com", "roleId": roles["Merchant viewer"]["id"],
                                "contextType": "MERCHANT", "contextId": m2["id"]})
    mine = await c.data('mutation($i: InviteUserInput!) { inviteUser(input: $i) { ... on InvitationPayload { invitation { id } } } }',
                        i={"email": f"m-{unique()}@example.com", "roleId": roles["Merchant viewer"]["id"],
                           "contextType": "MERCHANT", "contextId": m1["id"]})
    seen = {i["id"] for i in (await c.data("{ invitations { id } }"))["invitations"]}
    assert mine["inviteUser"]["invitation"]["id"] in seen and other["inviteUser"]["invitation"]["id"] not in seen
    assert all(a["contextId"] == m1["id"] for a in (await c.data("{ roleAssignments { contextId } }"))["roleAssignments"])
    revoke = 'mutation($id: ID!) { revokeInvitation(id: $id) { __typename } }'
    assert (await c.data(revoke, id=mine["inviteUser"]["invitation"]["id"]))["revokeInvitation"]["__typename"] == "DeletePayload"
    refused = await c.q(revoke, id=other["inviteUser"]["invitation"]["id"])
    assert refused["errors"][0]["extensions"]["code"] == "OUTSIDE_OWN_CONTEXT"
    perms = (await c.data('query($id: ID!) { merchant(id: $id) { myPermissions } }', id=m1["id"]))["merchant"]["myPermissions"]
    assert "api_keys.manage" in perms and "access.manage" not in perms

"""Users, roles (permission catalogue), role assignments, grants — and bad input leaving nothing written."""
from __future__ import annotations

from tests.support import ASSIGN_ROLE, CREATE_ROLE, CREATE_USER, unique

COUNT_USERS = "{ users { totalCount } }"


async def _count(c) -> int:
    return (await c.data(COUNT_USERS))["users"]["totalCount"]


async def test_create_user_and_field_errors(tenant):
    admin = tenant["admin"]
    before = await _count(admin)
    bad = (await admin.data(CREATE_USER, i={"email": "not-an-email", "name": " ", "password": "short", "kind": "PLATFORM"}))["createUser"]
    assert bad["__typename"] == "ValidationError"
    assert {f["field"]: f["code"] for f in bad["fields"]} == {"email": "EMAIL_INVALID", "name": "NAME_REQUIRED", "password": "PASSWORD_TOO_SHORT"}
    assert await _count(admin) == before

    email = f"u-{unique()}@example.com"
    ok = (await admin.data(CREATE_USER, i={"email": email.upper(), "name": "New", "password": "long-enough-pw", "kind": "PLATFORM"}))["createUser"]
    assert ok["__typename"] == "UserPayload" and ok["user"]["email"] == email
    dup = (await admin.data(CREATE_USER, i={"email": email, "name": "Again", "password": "long-enough-pw", "kind": "PLATFORM"}))["createUser"]
    assert dup["__typename"] == "ValidationError" and dup["fields"][0]["code"] == "EMAIL_TAKEN"
    assert await _count(admin) == before + 1


async def test_permission_catalogue_lists_domain_action_codenames(tenant):
    cat = (await tenant["admin"].data("{ permissionCatalogue { codename domain action scope } }"))["permissionCatalogue"]
    codes = {p["codename"] for p in cat}
    assert {"transactions.read", "transactions.override", "routing.publish", "secrets.rotate", "customers.read_pii"} <= codes
    assert all(p["codename"] == f'{p["domain"]}.{p["action"]}' for p in cat)


async def test_roles_validate_permissions(tenant):
    admin = tenant["admin"]
    unknown = (await admin.data(CREATE_ROLE, i={"name": "X", "kind": "PLATFORM", "permissions": ["nope.nothing"]}))["createRole"]
    assert unknown["__typename"] == "ValidationError" and unknown["fields"][0]["code"] == "UNKNOWN_PERMISSION"
    platform_in_merchant = (await admin.data(CREATE_ROLE, i={"name": "Y", "kind": "MERCHANT", "permissions": ["access.manage"]}))["createRole"]
    assert platform_in_merchant["fields"][0]["code"] == "PERMISSION_NOT_ALLOWED_IN_MERCHANT_ROLE"
    ok = (await admin.data(CREATE_ROLE, i={"name": "Support", "kind": "PLATFORM", "permissions": ["transactions.read", "audit.read"]}))["createRole"]
    assert ok["role"]["permissions"] == ["audit.read", "transactions.read"]
    dup = (await admin.data(CREATE_ROLE, i={"name": "Support", "kind": "PLATFORM", "permissions": []}))["createRole"]
    assert dup["__typename"] == "ValidationError" and dup["fields"][0]["code"] == "ROLE_NAME_TAKEN"
    roles = (await admin.data("{ roles { id name isSystem } }"))["roles"]
    system = next(r for r in roles if r["name"] == "Tenant admin")
    ro = (await admin.data('mutation($id: ID!) { updateRole(id: $id, input: {name: "Tenant admin", permissions: []}) { __typename ... on ConflictError { code } } }', id=system["id"]))
    assert ro["updateRole"] == {"__typename": "ConflictError", "code": "SYSTEM_ROLE_READ_ONLY"}


async def test_assigned_platform_role_grants_exactly_its_permissions(tenant, make_client):
    admin = tenant["admin"]
    email = f"support-{unique()}@example.com"
    user = (await admin.data(CREATE_USER, i={"email": email, "name": "S", "password": "long-enough-pw", "kind": "PLATFORM"}))["createUser"]["user"]
    role = (await admin.data(CREATE_ROLE, i={"name": "Readers", "kind": "PLATFORM", "permissions": ["access.read"]}))["createRole"]["role"]
    ra = (await admin.data(ASSIGN_ROLE, i={"userId": user["id"], "roleId": role["id"], "contextType": "TENANT"}))["assignRole"]
    assert ra["__typename"] == "RoleAssignmentPayload"
    again = (await admin.data(ASSIGN_ROLE, i={"userId": user["id"], "roleId": role["id"], "contextType": "TENANT"}))["assignRole"]
    assert again == {"__typename": "ConflictError", "code": "ALREADY_ASSIGNED", "message": again["message"]}

    c = make_client()
    login = await c.login(email, "long-enough-pw")
    assert login["me"]["permissions"] == ["access.read"]
    assert (await c.data(COUNT_USERS))["users"]["totalCount"] >= 2
    denied = await c.q(CREATE_USER, i={"email": f"x{unique()}@example.com", "name": "X", "password": "long-enough-pw", "kind": "PLATFORM"})
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    audit = await admin.data('{ auditEvents(action: "graphql.createUser", outcome: "denied") { edges { node { actorLabel } } } }')
    assert audit["auditEvents"]["edges"][0]["node"]["actorLabel"] == email

    # a role in use cannot be deleted; after revoking, it can
    del_in_use = await admin.data('mutation($id: ID!) { deleteRole(id: $id) { __typename ... on ConflictError { code } } }', id=role["id"])
    assert del_in_use["deleteRole"] == {"__typename": "ConflictError", "code": "ROLE_IN_USE"}
    await admin.data('mutation($id: ID!) { revokeRoleAssignment(id: $id) { __typename } }', id=ra["roleAssignment"]["id"])
    gone = await admin.data('mutation($id: ID!) { deleteRole(id: $id) { __typename ... on DeletePayload { id } } }', id=role["id"])
    assert gone["deleteRole"]["id"] == role["id"]


async def test_grants_narrow_the_merchants_a_platform_user_reaches(tenant, make_client):
    admin = tenant["admin"]
    m1 = (await admin.data('mutation { createMerchant(name: "One") { ... on MerchantPayload { merchant { id } } } }'))["createMerchant"]["merchant"]
    await admin.data('mutation { createMerchant(name: "Two") { __typename } }')
    email = f"ops-{unique()}@example.com"
    user = (await admin.data(CREATE_USER, i={"email": email, "name": "O", "password": "long-enough-pw", "kind": "PLATFORM"}))["createUser"]["user"]
    role = (await admin.data(CREATE_ROLE, i={"name": "Ops", "kind": "PLATFORM", "permissions": ["merchants.read"]}))["createRole"]["role"]
    await admin.data(ASSIGN_ROLE, i={"userId": user["id"], "roleId": role["id"], "contextType": "TENANT"})
    c = make_client()
    await c.login(email, "long-enough-pw")
    assert (await c.data("{ merchants { name } }"))["merchants"] == []
    g = await admin.data('mutation($u: ID!, $m: ID!) { grantAccess(input: {userId: $u, merchantId: $m}) { __typename ... on AccessGrantPayload { accessGrant { id targetName } } } }', u=user["id"], m=m1["id"])
    assert g["grantAccess"]["accessGrant"]["targetName"] == "One"
    assert [m["name"] for m in (await c.data("{ merchants { name } }"))["merchants"]] == ["One"]
    both = await admin.data('mutation($u: ID!) { grantAccess(input: {userId: $u}) { __typename ... on ValidationError { fields { code } } } }', u=user["id"])
    assert both["grantAccess"]["fields"][0]["code"] == "GRANT_TARGET_REQUIRED"

"""Walks every GraphQL field that exists, as the system operator, and proves none reaches tenant data."""
from __future__ import annotations

import pytest

# What the operator may call; everything else must answer FORBIDDEN.
OPERATOR_QUERY_FIELDS = {"me", "permissionCatalogue", "tenants", "tenant", "platformAuditEvents", "platformHealth"}
OPERATOR_MUTATIONS = {"login", "logout", "createTenant", "suspendTenant", "activateTenant", "setTenantPlan",
                      "setupTotp", "confirmTotp", "disableTotp",
                      "acceptInvitation"}  # public: needs an invitation token, reaches nothing else
# Types the operator's fields may return: tenant management and counts only.
OPERATOR_SAFE_TYPES = {"Me", "TenantRef", "PermissionInfo", "Tenant", "TenantUsage", "AuditEventConnection",
                       "AuditEvent", "AuditEventEdge", "PageInfo", "PlatformHealth"}

INTROSPECT = """{ __schema { queryType { name } mutationType { name } subscriptionType { name } types { name kind
  fields { name type { ...T } args { name type { ...T } } }
  inputFields { name type { ...T } } enumValues { name } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }"""


def _unwrap(t):
    while t["kind"] in ("NON_NULL", "LIST"):
        t = t["ofType"]
    return t


def _dummy(t, types, depth=0):
    """A placeholder GraphQL literal for a (required) argument type."""
    if t["kind"] == "NON_NULL":
        return _dummy(t["ofType"], types, depth)
    if t["kind"] == "LIST":
        return "[]"
    named = types[t["name"]]
    if named["kind"] == "ENUM":
        return named["enumValues"][0]["name"]
    if named["kind"] == "INPUT_OBJECT":
        parts = [f'{f["name"]}: {_dummy(f["type"], types, depth + 1)}' for f in named["inputFields"] if f["type"]["kind"] == "NON_NULL"]
        return "{" + ", ".join(parts) + "}"
    return {"ID": '"x_1"', "String": '"x"', "Int": "1", "Float": "1.0", "Boolean": "true", "DateTime": '"2026-01-01T00:00:00Z"',
            "JSON": "{}", "MinorUnits": "1"}.get(named["name"], '"x"')


def _call(field, types, op):
    args = [f'{a["name"]}: {_dummy(a["type"], types)}' for a in field["args"] if a["type"]["kind"] == "NON_NULL"]
    arg_s = f"({', '.join(args)})" if args else ""
    ret = types[_unwrap(field["type"])["name"]]
    sel = " { __typename }" if ret["kind"] in ("OBJECT", "UNION", "INTERFACE") else ""
    return f'{op} {{ {field["name"]}{arg_s}{sel} }}'


async def test_every_field_is_forbidden_to_the_operator_except_its_own(operator):
    schema = (await operator.data(INTROSPECT))["__schema"]
    types = {t["name"]: t for t in schema["types"]}
    checked = 0
    for root, op, allowed in (("Query", "query", OPERATOR_QUERY_FIELDS), ("Mutation", "mutation", OPERATOR_MUTATIONS)):
        for field in types[root]["fields"]:
            if field["name"] in allowed:
                continue
            body = await operator.q(_call(field, types, op))
            errors = body.get("errors") or []
            assert errors, f"{root}.{field['name']} answered the operator: {body}"
            assert errors[0]["extensions"]["code"] == "FORBIDDEN", f"{root}.{field['name']}: {errors}"
            checked += 1
    assert checked >= 20


async def test_every_subscription_is_forbidden_to_the_operator(operator, api_url):
    """Subscriptions (graphql-transport-ws): each one refuses the operator when it starts, and sends nothing."""
    from tests.ws import graphql_ws, session_headers

    schema = (await operator.data(INTROSPECT))["__schema"]
    assert schema["subscriptionType"]["name"] == "Subscription"
    types = {t["name"]: t for t in schema["types"]}
    fields = types["Subscription"]["fields"]
    assert fields
    async with graphql_ws(api_url, session_headers(operator)) as ws:
        for field in fields:
            op = await ws.subscribe(_call(field, types, "subscription"))
            msg = await ws.message(op)
            errors = msg["payload"] if msg["type"] == "error" else msg["payload"].get("errors")
            assert errors and not (msg["payload"].get("data") if msg["type"] == "next" else None), f"{field['name']}: {msg}"
            assert errors[0]["extensions"]["code"] == "FORBIDDEN", f"Subscription.{field['name']}: {errors}"


async def test_operator_fields_return_only_tenant_management_types(operator):
    schema = (await operator.data(INTROSPECT))["__schema"]
    types = {t["name"]: t for t in schema["types"]}
    seen: set[str] = set()

    def walk(name):
        t = types[name]
        if name in seen or t["kind"] in ("SCALAR", "ENUM"):
            return
        seen.add(name)
        for f in t["fields"] or []:
            walk(_unwrap(f["type"])["name"])

    for f in types["Query"]["fields"]:
        if f["name"] in OPERATOR_QUERY_FIELDS:
            walk(_unwrap(f["type"])["name"])
    assert seen <= OPERATOR_SAFE_TYPES, seen - OPERATOR_SAFE_TYPES


async def test_operator_own_actions_are_audited(operator, tenant):
    events = (await operator.data('{ platformAuditEvents(action: "tenant.create") { edges { node { action actorLabel targetId } } } }'))
    nodes = [e["node"] for e in events["platformAuditEvents"]["edges"]]
    assert any(n["targetId"] == tenant["id"] and n["actorLabel"] == "operator@clearway.local" for n in nodes)


@pytest.mark.parametrize("field", ["users", "roles", "roleAssignments", "accessGrants", "merchants", "merchantGroups", "auditEvents"])
async def test_operator_me_has_no_tenant_and_no_tenant_rows(operator, tenant, field):
    me = (await operator.data("{ me { isOperator tenant { id } permissions } }"))["me"]
    assert me == {"isOperator": True, "tenant": None, "permissions": []}
    sel = "{ totalCount }" if field in ("users", "auditEvents") else "{ id }"
    body = await operator.q(f"{{ {field} {sel} }}")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"

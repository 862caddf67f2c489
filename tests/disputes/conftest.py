"""Dispute fixtures: a tenant whose merchant has routed payments (tests.ledger's shop, fees included) and a merchant
user with disputes.manage for that merchant (who gets the dispute emails)."""
from __future__ import annotations

import pytest

from tests.ledger.conftest import ledger_shop  # noqa: F401  (fixture)
from tests.ledger.test_ledger_api import override, pay
from tests.support import ASSIGN_ROLE, CREATE_ROLE, CREATE_USER, GQL, unique

DISPUTE_FIELDS = """id merchantId transactionId amount currency reason status outcome merchantLoss resolutionNote
  allowedTransitions canResolve canWork openedAt escalateAt escalatedAt resolvedAt version"""
ERRORS = """... on ValidationError { code message fields { field code message } } ... on ConflictError { code message }
  ... on NotFoundError { code message }"""
OPEN = f"""mutation($i: OpenDisputeInput!) {{ openDispute(input: $i) {{ __typename
  ... on DisputePayload {{ dispute {{ {DISPUTE_FIELDS} }} }} {ERRORS} }} }}"""
MOVE = f"""mutation($id: ID!, $s: DisputeStatus!, $n: String) {{ moveDispute(id: $id, status: $s, note: $n) {{ __typename
  ... on DisputePayload {{ dispute {{ {DISPUTE_FIELDS} }} }} {ERRORS} }} }}"""
RESOLVE = f"""mutation($i: ResolveDisputeInput!) {{ resolveDispute(input: $i) {{ __typename
  ... on DisputePayload {{ dispute {{ {DISPUTE_FIELDS} }} }} {ERRORS} }} }}"""
MESSAGE = f"""mutation($id: ID!, $b: String!) {{ postDisputeMessage(disputeId: $id, body: $b) {{ __typename
  ... on DisputeMessagePayload {{ disputeMessage {{ id authorLabel authorSide body }} }} {ERRORS} }} }}"""
DISPUTE = f"""query($id: ID!) {{ dispute(id: $id) {{ {DISPUTE_FIELDS} merchantName
  evidence {{ id filename fileType contentType size sha256 downloadPath }}
  messages {{ authorLabel authorSide body }} timeline {{ kind message actorType }} }} }}"""
DISPUTES = """query($s: [DisputeStatus!], $m: ID, $t: ID, $first: Int! = 20, $after: String, $old: Boolean! = false) {
  disputes(status: $s, merchantId: $m, transactionId: $t, first: $first, after: $after, oldestFirst: $old) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id status transactionId merchantId amount } } } }"""
OUTBOX = """query($to: String) { outboxEmails(to: $to, first: 100) { edges { node { to subject body category relatedId } } } }"""
TIMELINE = """query($id: ID!) { transaction(id: $id) { timeline { kind message } } }"""


async def settled(shop: dict, amount: int = 10_000, currency: str = "USD") -> str:
    txn = await pay(shop, amount, currency)
    assert (await override(shop["admin"], txn, "APPROVE"))["transaction"]["status"] == "SETTLEMENT"
    return txn


async def open_dispute(admin: GQL, txn: str, amount: int, reason: str = "Goods not received") -> dict:
    return (await admin.data(OPEN, i={"transactionId": txn, "amount": amount, "reason": reason}))["openDispute"]


async def opened(admin: GQL, txn: str, amount: int) -> dict:
    res = await open_dispute(admin, txn, amount)
    assert res["__typename"] == "DisputePayload", res
    return res["dispute"]


@pytest.fixture
async def dispute_shop(ledger_shop, make_client):
    """ledger_shop plus a merchant user of merchant one with a role holding disputes.read and disputes.manage."""
    admin = ledger_shop["admin"]
    one = ledger_shop["one"]
    one["admin"] = ledger_shop["two"]["admin"] = admin
    role = (await admin.data(CREATE_ROLE, i={"name": unique("disputes"), "kind": "MERCHANT",
                                             "permissions": ["disputes.read", "disputes.manage", "transactions.read"]}))["createRole"]["role"]
    email = f"{unique('mu')}@example.com"
    user = (await admin.data(CREATE_USER, i={"email": email, "name": "Merchant Mia", "password": "long-enough-pw",
                                             "kind": "MERCHANT"}))["createUser"]["user"]
    res = await admin.data(ASSIGN_ROLE, i={"userId": user["id"], "roleId": role["id"], "contextType": "MERCHANT",
                                           "contextId": one["merchant"]["id"]})
    assert res["assignRole"]["__typename"] == "RoleAssignmentPayload", res
    merchant_user = make_client()
    assert (await merchant_user.login(email, "long-enough-pw"))["__typename"] == "LoginSuccess"
    return {**ledger_shop, "merchant_user": merchant_user, "merchant_email": email}


@pytest.fixture
async def stranger(operator, make_client) -> GQL:
    """The admin of another tenant (every permission there)."""
    from tests.support import CREATE_TENANT

    slug = unique("s")
    email = f"admin-{slug}@example.com"
    body = await operator.data(CREATE_TENANT, i={"name": f"Stranger {slug}", "slug": slug, "plan": "PRO", "adminEmail": email,
                                                 "adminName": "Admin", "adminPassword": "s3cret-password"})
    assert body["createTenant"]["__typename"] == "TenantPayload", body
    c = make_client()
    assert (await c.login(email, "s3cret-password"))["__typename"] == "LoginSuccess"
    return c

"""Integrator GraphQL (API key as Bearer on /graphql): createPayment / cancelPayment / refundPayment follow the REST rules."""
from __future__ import annotations

import asyncio

import pytest

from tests.payments.conftest import _key
from tests.support import GQL, new_merchant

PAYMENT = "payment { id status amount currency paymentMethodId orderId environment refundedAmount expiresAt createdAt }"
ERRORS = "... on ValidationError { code message fields { field code } } ... on NotFoundError { code } ... on ConflictError { code message }"
CREATE = f"""mutation($i: CreatePaymentInput!, $k: String) {{ createPayment(input: $i, idempotencyKey: $k) {{ __typename
  ... on CreatePaymentPayload {{ {PAYMENT} paymentUrl expiresAt replayed }} {ERRORS} }} }}"""
CANCEL = f"""mutation($id: ID!, $r: String) {{ cancelPayment(id: $id, reason: $r) {{ __typename
  ... on CancelPaymentPayload {{ {PAYMENT} }} {ERRORS} }} }}"""
REFUND = f"""mutation($id: ID!, $a: MinorUnits, $r: String) {{ refundPayment(id: $id, amount: $a, reason: $r) {{ __typename
  ... on RefundPaymentPayload {{ {PAYMENT} }} {ERRORS} }} }}"""
APPROVE = """mutation($id: ID!) { overrideTransaction(id: $id, action: APPROVE, reason: "paid (test)") { __typename } }"""


def _secret(shop, env="sandbox") -> str:
    return shop[env].headers["authorization"].split(" ", 1)[1]


@pytest.fixture
async def integrator(shop, make_client) -> GQL:
    """GraphQL as the shop's sandbox API key (Authorization: Bearer)."""
    c = make_client()
    c.http.headers["Authorization"] = f"Bearer {_secret(shop)}"
    return c


def _input(shop, **patch):
    return {"paymentMethodId": shop["pm"]["id"], "amount": 1000, "currency": "EUR", **patch}


async def _create(gql: GQL, shop, key=None, **patch) -> dict:
    return (await gql.data(CREATE, i=_input(shop, **patch), k=key))["createPayment"]


async def test_create_replay_and_conflict(shop, integrator):
    first = await _create(integrator, shop, key="gql-1", orderId="ORD-G1", customer={"email": "a@b.c"})
    assert first["__typename"] == "CreatePaymentPayload", first
    pay = first["payment"]
    assert pay["status"] == "PENDING" and pay["amount"] == 1000 and pay["currency"] == "EUR" and pay["id"].startswith("txn_")
    assert pay["environment"] == "sandbox" and pay["orderId"] == "ORD-G1" and pay["refundedAmount"] == 0
    assert "/pay/" in first["paymentUrl"] and first["expiresAt"] == pay["expiresAt"] and first["replayed"] is False

    again = await _create(integrator, shop, key="gql-1", orderId="ORD-G1", customer={"email": "a@b.c"})
    assert again["replayed"] is True and {**again, "replayed": False} == first

    other = await _create(integrator, shop, key="gql-1", orderId="ORD-G1", customer={"email": "a@b.c"}, amount=1001)
    assert other == {"__typename": "ConflictError", "code": "IDEMPOTENCY_KEY_REUSED", "message": other["message"]}

    # One set of rules: REST with the same key and the same body answers the same payment.
    rest = await shop["sandbox"].post("/payments", headers={"Idempotency-Key": "gql-1"}, json={
        "payment_method_id": shop["pm"]["id"], "amount": 1000, "currency": "EUR", "order_id": "ORD-G1", "customer": {"email": "a@b.c"}})
    assert rest.status_code == 201 and rest.headers["idempotent-replayed"] == "true"
    assert rest.json()["transaction_id"] == pay["id"] and rest.json()["payment_url"] == first["paymentUrl"]
    # Without a key every call is a new payment.
    assert (await _create(integrator, shop))["payment"]["id"] != (await _create(integrator, shop))["payment"]["id"]


async def test_concurrent_creates_with_one_key_give_one_payment(shop, integrator):
    results = await asyncio.gather(*[_create(integrator, shop, key="gql-race") for _ in range(3)])
    assert {r["__typename"] for r in results} == {"CreatePaymentPayload"}, results
    assert len({r["payment"]["id"] for r in results}) == 1
    assert sorted(r["replayed"] for r in results) == [False, True, True]


@pytest.mark.parametrize("patch, field, code", [
    ({"amount": 0}, "amount", "AMOUNT_INVALID"), ({"currency": "EURO"}, "currency", "CURRENCY_UNKNOWN"),
    ({"currency": "JPY"}, "currency", "CURRENCY_NOT_ACCEPTED"), ({"paymentMethodId": "pm_nope"}, "payment_method_id", "PAYMENT_METHOD_UNKNOWN"),
    ({"orderId": "x" * 101}, "order_id", "REQUEST_INVALID"),
])
async def test_bad_input_is_a_validation_error(shop, integrator, patch, field, code):
    res = await _create(integrator, shop, **patch)
    assert res["__typename"] == "ValidationError" and res["fields"] == [{"field": field, "code": code}], res


async def test_refund_partial_full_and_too_much(shop, integrator):
    pay = (await _create(integrator, shop))["payment"]
    early = (await integrator.data(REFUND, id=pay["id"], a=100))["refundPayment"]
    assert early["__typename"] == "ConflictError" and early["code"] == "INVALID_TRANSITION" and "pending" in early["message"]
    assert (await shop["admin"].data(APPROVE, id=pay["id"]))["overrideTransaction"]["__typename"] == "OverridePayload"

    part = (await integrator.data(REFUND, id=pay["id"], a=300, r="one item back"))["refundPayment"]
    assert part["__typename"] == "RefundPaymentPayload", part
    assert part["payment"]["status"] == "PARTIALLY_REFUNDED" and part["payment"]["refundedAmount"] == 300
    over = (await integrator.data(REFUND, id=pay["id"], a=701))["refundPayment"]
    assert over["__typename"] == "ValidationError" and over["fields"] == [{"field": "amount", "code": "REFUND_EXCEEDS_SETTLED"}]
    bad = (await integrator.data(REFUND, id=pay["id"], a=-1))["refundPayment"]
    assert bad["fields"] == [{"field": "amount", "code": "AMOUNT_INVALID"}]
    rest = (await integrator.data(REFUND, id=pay["id"]))["refundPayment"]
    assert rest["payment"]["status"] == "REFUNDED" and rest["payment"]["refundedAmount"] == 1000
    after = (await integrator.data(REFUND, id=pay["id"], a=1))["refundPayment"]
    assert after["__typename"] == "ConflictError" and after["code"] == "INVALID_TRANSITION"
    got = (await shop["sandbox"].get(f"/payments/{pay['id']}")).json()
    assert got["status"] == "refunded" and got["refunded_amount"] == 1000


async def test_cancel(shop, integrator):
    pay = (await _create(integrator, shop))["payment"]
    res = (await integrator.data(CANCEL, id=pay["id"], r="customer left"))["cancelPayment"]
    assert res["__typename"] == "CancelPaymentPayload" and res["payment"]["status"] == "CANCELLED", res
    again = (await integrator.data(CANCEL, id=pay["id"]))["cancelPayment"]
    assert again["__typename"] == "ConflictError" and again["code"] == "INVALID_TRANSITION"
    timeline = (await shop["admin"].data("query($id: ID!) { transaction(id: $id) { timeline { kind actorType } } }", id=pay["id"]))
    assert timeline["transaction"]["timeline"][-1] == {"kind": "cancelled", "actorType": "api_key"}


async def test_another_merchants_payment_is_not_found(shop, integrator, make_client):
    pay = (await _create(integrator, shop))["payment"]
    other = make_client()
    other.http.headers["Authorization"] = f"Bearer {await _key(shop['admin'], (await new_merchant(shop['admin']))['id'])}"
    assert (await other.data(CANCEL, id=pay["id"]))["cancelPayment"]["__typename"] == "NotFoundError"
    assert (await other.data(REFUND, id=pay["id"]))["refundPayment"]["__typename"] == "NotFoundError"
    assert (await other.data(CANCEL, id="txn_does_not_exist"))["cancelPayment"] == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    # ... and another merchant's payment method cannot be used either.
    res = await _create(other, shop)
    assert res["__typename"] == "ValidationError" and res["fields"] == [{"field": "payment_method_id", "code": "PAYMENT_METHOD_UNKNOWN"}]
    assert (await shop["sandbox"].get(f"/payments/{pay['id']}")).json()["status"] == "pending"


@pytest.mark.parametrize("mutation, variables", [
    (CREATE, lambda shop: {"i": _input(shop)}), (CANCEL, lambda shop: {"id": "txn_x"}), (REFUND, lambda shop: {"id": "txn_x"}),
])
async def test_back_office_sessions_are_refused(shop, make_client, mutation, variables):
    """Even a tenant admin (every permission) is FORBIDDEN: back-office users use createTestDeposit / overrideTransaction."""
    body = await shop["admin"].q(mutation, **variables(shop))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
    anonymous = make_client()
    body = await anonymous.q(mutation, **variables(shop))
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", body


async def test_mutations_are_audited_with_the_key_as_actor(shop, integrator):
    pay = (await _create(integrator, shop, key="gql-audit"))["payment"]
    await integrator.data(CANCEL, id=pay["id"], r="audit me")
    events = await shop["admin"].data('query($t: String) { auditEvents(targetId: $t) { edges { node { action actorType actorLabel outcome } } } }',
                                      t=pay["id"])
    nodes = [e["node"] for e in events["auditEvents"]["edges"]]
    prefix = _secret(shop)[:16]
    assert {(n["action"], n["actorType"], n["actorLabel"], n["outcome"]) for n in nodes} >= {
        ("payment.create", "api_key", prefix, "ok"), ("payment.cancel", "api_key", prefix, "ok")}
    await shop["admin"].q(CANCEL, id=pay["id"])
    denied = await shop["admin"].data('{ auditEvents(action: "graphql.cancelPayment") { edges { node { outcome actorType } } } }')
    assert {"outcome": "denied", "actorType": "user"} in [e["node"] for e in denied["auditEvents"]["edges"]]

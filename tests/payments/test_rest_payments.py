"""REST payment API: create with routing and Idempotency-Key, bad input writes nothing, production needs published routing, cancel races."""
from __future__ import annotations

import asyncio

import httpx
import pytest
from backend.core.tenancy import system_scope
from tests.payments.conftest import _key
from tests.routing.test_blueprints_api import DRAFT, UPDATE, setup_execution, setup_method


async def _count(tenant_id: str) -> int:
    from backend.payments.models import Transaction

    with system_scope():
        return await Transaction.filter(tenant_id=tenant_id).count()


async def test_create_routes_and_returns_a_hosted_link(shop):
    r = await shop["sandbox"].post("/payments", json={"payment_method_id": shop["pm"]["id"], "amount": 1050, "currency": "EUR",
                                                      "order_id": "ORD-1", "customer": {"email": "a@b.c", "country": "DE"}})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "pending" and body["amount"] == 1050 and body["transaction_id"].startswith("txn_")
    assert "/pay/" in body["payment_url"] and body["expires_at"]
    got = await shop["sandbox"].get(f"/payments/{body['transaction_id']}")
    assert got.status_code == 200 and got.json()["order_id"] == "ORD-1" and "payment_url" not in got.json()


async def test_idempotency_key(shop):
    payload = {"payment_method_id": shop["pm"]["id"], "amount": 2000, "currency": "USD"}
    first = await shop["sandbox"].post("/payments", json=payload, headers={"Idempotency-Key": "abc-1"})
    again = await shop["sandbox"].post("/payments", json=payload, headers={"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again.headers.get("idempotent-replayed") == "true"
    other = await shop["sandbox"].post("/payments", json={**payload, "amount": 2001}, headers={"Idempotency-Key": "abc-1"})
    assert other.status_code == 409 and other.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"


@pytest.mark.parametrize("patch, code", [
    ({"amount": 0}, "AMOUNT_INVALID"), ({"amount": -5}, "AMOUNT_INVALID"), ({"amount": "10"}, "AMOUNT_INVALID"),
    ({"amount": 10.5}, "AMOUNT_INVALID"), ({"currency": "EURO"}, "CURRENCY_UNKNOWN"), ({"currency": "JPY"}, "CURRENCY_NOT_ACCEPTED"),
    ({"amount": 5_000_000}, "AMOUNT_OUT_OF_LIMITS"), ({"payment_method_id": "pm_nope"}, "PAYMENT_METHOD_UNKNOWN"),
    ({"colour": "red"}, "REQUEST_INVALID"), ({"order_id": "ORD\x00-1"}, "REQUEST_INVALID"),
    ({"customer": {"email": "a@b.c", "name": "Ann\x00"}}, "REQUEST_INVALID"),
])
async def test_bad_input_is_a_4xx_with_a_code_and_writes_nothing(shop, db, patch, code):
    before = await _count(shop["tenant_id"])
    payload = {"payment_method_id": shop["pm"]["id"], "amount": 1000, "currency": "EUR", **patch}
    r = await shop["sandbox"].post("/payments", json=payload)
    assert 400 <= r.status_code < 500 and r.json()["error"]["code"] == code, r.text
    assert await _count(shop["tenant_id"]) == before


async def test_production_needs_published_routing_sandbox_may_use_the_draft(tenant, api_url):
    admin = tenant["admin"]
    merchant, _, pm = await setup_method(admin)
    ex = await setup_execution(admin)
    draft = (await admin.data(DRAFT, id=pm["id"]))["routingDraft"]["blueprint"]
    await admin.data(UPDATE, id=draft["id"], d={"rules": [], "fallback": [ex["group"]["id"]]})
    payload = {"payment_method_id": pm["id"], "amount": 1000, "currency": "EUR"}
    async with httpx.AsyncClient(base_url=api_url + "/api/v1") as c:
        prod = await c.post("/payments", json=payload, headers={"Authorization": f"Bearer {await _key(admin, merchant['id'], 'PRODUCTION')}"})
        assert prod.status_code == 422 and prod.json()["error"]["code"] == "NO_PUBLISHED_ROUTING"
        sand = await c.post("/payments", json=payload, headers={"Authorization": f"Bearer {await _key(admin, merchant['id'])}"})
        assert sand.status_code == 201


async def test_cancel_and_concurrent_cancels(shop):
    r = await shop["sandbox"].post("/payments", json={"payment_method_id": shop["pm"]["id"], "amount": 1000, "currency": "EUR"})
    txn = r.json()["transaction_id"]
    results = await asyncio.gather(*[shop["sandbox"].post(f"/payments/{txn}/cancel", json={"reason": "test"}) for _ in range(2)])
    codes = sorted(x.status_code for x in results)
    assert codes == [200, 409], [x.text for x in results]
    loser = next(x for x in results if x.status_code == 409).json()["error"]
    assert loser["current_status"] == "cancelled" and loser["code"] in ("INVALID_TRANSITION", "CONCURRENT_UPDATE")
    assert (await shop["sandbox"].get(f"/payments/{txn}")).json()["status"] == "cancelled"


async def test_other_merchants_payment_is_not_found(shop, tenant):
    r = await shop["sandbox"].post("/payments", json={"payment_method_id": shop["pm"]["id"], "amount": 1000, "currency": "EUR"})
    txn = r.json()["transaction_id"]
    from tests.support import new_merchant

    other = await new_merchant(shop["admin"])
    async with httpx.AsyncClient(base_url=str(shop["sandbox"].base_url)) as c:
        got = await c.get(f"/payments/{txn}", headers={"Authorization": f"Bearer {await _key(shop['admin'], other['id'])}"})
    assert got.status_code == 404


async def _settle(shop, db, txn_id):
    """Settle through the one status machine (the provider simulator arrives with its issue)."""
    from backend.core.tenancy import tenant_scope
    from backend.core.unit_of_work import unit_of_work
    from backend.payments.changes import change_status
    from backend.payments.models import Transaction, TxnStatus

    with tenant_scope(shop["tenant_id"]):
        async with unit_of_work():
            txn = await Transaction.get(id=txn_id)
            await change_status(txn, TxnStatus.SETTLEMENT, "callback", "settled (test)")


async def test_refunds_never_exceed_what_settled(shop, db):
    r = await shop["sandbox"].post("/payments", json={"payment_method_id": shop["pm"]["id"], "amount": 1000, "currency": "EUR"})
    txn = r.json()["transaction_id"]
    early = await shop["sandbox"].post(f"/payments/{txn}/refunds", json={"amount": 100})
    assert early.status_code == 409 and early.json()["error"]["current_status"] == "pending"
    await _settle(shop, db, txn)
    part = await shop["sandbox"].post(f"/payments/{txn}/refunds", json={"amount": 300})
    assert part.status_code == 201 and part.json()["status"] == "partially_refunded" and part.json()["refunded_amount"] == 300
    over = await shop["sandbox"].post(f"/payments/{txn}/refunds", json={"amount": 701})
    assert over.status_code == 422 and over.json()["error"]["code"] == "REFUND_EXCEEDS_SETTLED"
    rest = await shop["sandbox"].post(f"/payments/{txn}/refunds", json={})
    assert rest.json()["status"] == "refunded" and rest.json()["refunded_amount"] == 1000
    after = await shop["sandbox"].post(f"/payments/{txn}/refunds", json={"amount": 1})
    assert after.status_code == 409 and after.json()["error"]["current_status"] == "refunded"


async def test_every_change_writes_its_webhook_event_and_timeline(shop, db):
    from backend.core.tenancy import tenant_scope
    from backend.payments.models import OutboxEvent, TimelineEvent

    r = await shop["sandbox"].post("/payments", json={"payment_method_id": shop["pm"]["id"], "amount": 1000, "currency": "EUR"})
    txn = r.json()["transaction_id"]
    await shop["sandbox"].post(f"/payments/{txn}/cancel", json={})
    with tenant_scope(shop["tenant_id"]):
        events = [e.event_type for e in await OutboxEvent.filter(transaction_id=txn).order_by("id")]
        kinds = [t.kind for t in await TimelineEvent.filter(transaction_id=txn).order_by("id")]
    assert events == ["payment.created", "payment.cancelled"]
    assert kinds == ["created", "routed", "cancelled"]


async def test_expiry_job_expires_due_payments(shop, db, worker):
    from datetime import timedelta

    from backend.core import clock
    from backend.core.tenancy import tenant_scope
    from backend.payments.models import Transaction

    r = await shop["sandbox"].post("/payments", json={"payment_method_id": shop["pm"]["id"], "amount": 1000, "currency": "EUR"})
    txn = r.json()["transaction_id"]
    with tenant_scope(shop["tenant_id"]):  # make it due now instead of in 30 minutes
        await Transaction.filter(id=txn).update(expires_at=clock.now() - timedelta(seconds=1))
    for _ in range(150):
        if (await shop["sandbox"].get(f"/payments/{txn}")).json()["status"] == "expired":
            break
        await asyncio.sleep(0.2)
    assert (await shop["sandbox"].get(f"/payments/{txn}")).json()["status"] == "expired"


OVERRIDE = """mutation($id: ID!, $a: OverrideAction!, $r: String!, $amt: MinorUnits) { overrideTransaction(id: $id, action: $a, reason: $r, amount: $amt) {
  __typename ... on OverridePayload { transaction { status } log { action previousStatus newStatus reason actorLabel snapshot } }
  ... on ConflictError { code message } ... on ValidationError { fields { field code } } } }"""


async def test_manual_override_is_logged_and_two_concurrent_overrides_have_one_winner(shop, tenant):
    admin = shop["admin"]
    r = await shop["sandbox"].post("/payments", json={"payment_method_id": shop["pm"]["id"], "amount": 1000, "currency": "EUR"})
    txn = r.json()["transaction_id"]
    no_reason = (await admin.data(OVERRIDE, id=txn, a="APPROVE", r=" "))["overrideTransaction"]
    assert no_reason["fields"] == [{"field": "reason", "code": "REASON_REQUIRED"}]
    results = await asyncio.gather(admin.data(OVERRIDE, id=txn, a="APPROVE", r="customer paid by phone"),
                                   admin.data(OVERRIDE, id=txn, a="REJECT", r="fraud suspected"))
    kinds = sorted(x["overrideTransaction"]["__typename"] for x in results)
    assert kinds == ["ConflictError", "OverridePayload"], results
    winner = next(x["overrideTransaction"] for x in results if x["overrideTransaction"]["__typename"] == "OverridePayload")
    loser = next(x["overrideTransaction"] for x in results if x["overrideTransaction"]["__typename"] == "ConflictError")
    assert winner["log"]["previousStatus"] == "pending" and winner["log"]["actorLabel"] == tenant["admin_email"]
    assert f"current status: {winner['transaction']['status'].lower()}" in loser["message"]
    detail = await admin.data('query($id: ID!) { transaction(id: $id) { status overrides { action } timeline { kind } routingPath } }', id=txn)
    assert [o["action"] for o in detail["transaction"]["overrides"]] in (["approve"], ["reject"])
    assert detail["transaction"]["timeline"][-1]["kind"] == "override" and detail["transaction"]["routingPath"]["ok"]
    if winner["transaction"]["status"] == "SETTLEMENT":
        part = (await admin.data(OVERRIDE, id=txn, a="PARTIAL_REFUND", r="goodwill", amt=250))["overrideTransaction"]
        assert part["transaction"]["status"] == "PARTIALLY_REFUNDED"

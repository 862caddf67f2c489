"""Inbound provider callbacks: verified ones change the transaction once; suspicious ones are stored, flagged, never applied."""
from __future__ import annotations

import time
from datetime import timedelta

import orjson
import pytest

from backend.core import clock
from backend.core.tenancy import tenant_scope
from backend.payments.simulator import signing

TXN = '''query($id: ID!) { transaction(id: $id) { status provider timeline { kind message }
  callbacks { verdict suspicious reason eventId reportedAmount signatureValid } } }'''


async def _pending(shop, amount=1500) -> str:
    r = await shop["sandbox"].post("/payments", json={"payment_method_id": shop["pm"]["id"], "amount": amount, "currency": "EUR"})
    assert r.status_code == 201, r.text
    return r.json()["transaction_id"]


def _callback(tenant_id, txn_id, *, event_id, status="succeeded", amount=1500, currency="EUR", provider="sim_card",
              ts=None, secret_tenant=None, **extra):
    body = orjson.dumps({"event_id": event_id, "type": "payment.result", "transaction_reference": txn_id, "status": status,
                         "amount": amount, "currency": currency, "reason": None, **extra})
    headers = signing.sign_headers(secret_tenant or tenant_id, provider, body, int(ts if ts is not None else clock.now().timestamp()))
    return f"/callbacks/{tenant_id}/{provider}", body, headers


async def _post(app_client, tenant_id, txn_id, **kw):
    kw["event_id"] = f"{kw['event_id']}_{txn_id}"  # unique per test run
    url, body, headers = _callback(tenant_id, txn_id, **kw)
    return await app_client.post(url, content=body, headers=headers)


async def test_a_verified_callback_settles_once_and_a_redelivery_is_a_duplicate(shop, app_client):
    txn = await _pending(shop)
    first = await _post(app_client, shop["tenant_id"], txn, event_id="pev_a")
    assert first.status_code == 200 and first.json()["verdict"] == "applied", first.text
    again = await _post(app_client, shop["tenant_id"], txn, event_id="pev_a")
    assert again.status_code == 200 and again.json()["verdict"] == "duplicate"
    got = (await shop["admin"].data(TXN, id=txn))["transaction"]
    assert got["status"] == "SETTLEMENT" and got["provider"] == "sim_card"
    assert [c["verdict"] for c in got["callbacks"]] == ["applied", "duplicate"]
    assert "callback" in [e["kind"] for e in got["timeline"]]


@pytest.mark.parametrize("case, patch, http, reason", [
    ("bad signature", {"secret_tenant": "ten_other"}, 401, "bad_signature"),
    ("old timestamp", {"ts_offset": -6 * 60}, 400, "stale_timestamp"),
    ("future timestamp", {"ts_offset": 6 * 60}, 400, "stale_timestamp"),
    ("amount mismatch", {"amount": 1501}, 422, "amount_mismatch"),
    ("currency mismatch", {"currency": "USD"}, 422, "currency_mismatch"),
    ("wrong provider", {"provider": "sim_va"}, 422, "provider_mismatch"),
    ("no status", {"status": "maybe"}, 400, "invalid_payload"),
])
async def test_suspicious_callbacks_are_stored_flagged_and_never_applied(shop, app_client, case, patch, http, reason):
    txn = await _pending(shop)
    if "ts_offset" in patch:  # relative to when the test runs, not to when it was collected
        patch = {"ts": time.time() + patch["ts_offset"]}
    r = await _post(app_client, shop["tenant_id"], txn, event_id=f"pev_{case.replace(' ', '_')}", **patch)
    assert r.status_code == http and r.json() == {**r.json(), "verdict": "suspicious", "reason": reason}, (case, r.text)
    got = (await shop["admin"].data(TXN, id=txn))["transaction"]
    assert got["status"] == "PENDING"
    assert [(c["verdict"], c["reason"]) for c in got["callbacks"]] == [("suspicious", reason)]
    if reason not in ("bad_signature", "stale_timestamp", "invalid_payload"):
        assert "suspicious_callback" in [e["kind"] for e in got["timeline"]]


async def test_replayed_event_id_with_another_body_and_unknown_transaction(shop, app_client):
    txn = await _pending(shop)
    assert (await _post(app_client, shop["tenant_id"], txn, event_id="pev_r", status="failed")).json()["verdict"] == "applied"
    replay = await _post(app_client, shop["tenant_id"], txn, event_id="pev_r", status="succeeded")
    assert replay.status_code == 409 and replay.json()["reason"] == "replayed_event"
    unknown = await _post(app_client, shop["tenant_id"], "txn_does_not_exist", event_id="pev_u")
    assert unknown.status_code == 404 and unknown.json()["reason"] == "unknown_transaction"
    assert (await shop["admin"].data(TXN, id=txn))["transaction"]["status"] == "FAILED"
    page = await shop["admin"].data('{ providerCallbacks(suspiciousOnly: true, first: 50) { edges { node { reason transactionId } } } }')
    reasons = {(e["node"]["reason"], e["node"]["transactionId"]) for e in page["providerCallbacks"]["edges"]}
    assert ("replayed_event", txn) in reasons and ("unknown_transaction", "txn_does_not_exist") in reasons


async def test_late_success_after_expiry_is_ignored_not_applied(shop, app_client, db):
    from backend.core.unit_of_work import unit_of_work
    from backend.payments.changes import expire_due

    txn = await _pending(shop)
    clock.advance(timedelta(minutes=31))
    with tenant_scope(shop["tenant_id"]):
        async with unit_of_work():
            assert await expire_due() >= 1
    r = await _post(app_client, shop["tenant_id"], txn, event_id="pev_late")
    assert r.status_code == 200 and r.json()["verdict"] == "ignored" and r.json()["reason"] == "transition_refused"
    assert (await shop["admin"].data(TXN, id=txn))["transaction"]["status"] == "EXPIRED"


async def test_unknown_tenant_or_provider_is_404_and_not_stored(app_client):
    r = await app_client.post("/callbacks/ten_nope/sim_card", content=b"{}")
    assert r.status_code == 404
    r = await app_client.post("/callbacks/ten_nope/not_a_provider", content=b"{}")
    assert r.status_code == 404

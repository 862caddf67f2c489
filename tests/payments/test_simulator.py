"""Simulated providers answer through real arq jobs with signed callbacks to the running API."""
from __future__ import annotations

import asyncio

import pytest

from tests.support import readiness

DEPOSIT = '''mutation($i: TestDepositInput!) { createTestDeposit(input: $i) { __typename
  ... on TestDepositPayload { paymentUrl transaction { id status } attempt { method status scenario details } }
  ... on ValidationError { fields { field code } } } }'''
TXN = '''query($id: ID!) { transaction(id: $id) { status timeline { kind message } attempts { status }
  callbacks { verdict reason reportedAmount } } }'''


async def deposit(shop, scenario, amount=2500):
    res = await shop["admin"].data(DEPOSIT, i={"merchantId": shop["merchant"]["id"], "paymentMethodId": shop["pm"]["id"],
                                               "amount": amount, "currency": "EUR", "scenario": scenario})
    return res["createTestDeposit"]


async def settle(admin, txn_id, until=lambda t: t["status"] != "PENDING", timeout=15.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        t = (await admin.data(TXN, id=txn_id))["transaction"]
        if until(t) or asyncio.get_running_loop().time() > deadline:
            return t
        await asyncio.sleep(0.2)


@pytest.mark.parametrize("scenario, status, reason", [
    ("approve", "SETTLEMENT", None),
    ("decline_insufficient_funds", "FAILED", None),
    ("late_success", "SETTLEMENT", None),
])
async def test_card_test_deposit_is_answered_by_a_signed_callback(shop, worker, scenario, status, reason):
    out = await deposit(shop, scenario)
    assert out["__typename"] == "TestDepositPayload" and "/pay/" in out["paymentUrl"]
    assert out["attempt"]["method"] == "card" and out["attempt"]["status"] == "sent" and "last4" in out["attempt"]["details"]
    t = await settle(shop["admin"], out["transaction"]["id"])
    assert t["status"] == status, t
    assert [c["verdict"] for c in t["callbacks"]] == ["applied"]
    kinds = [e["kind"] for e in t["timeline"]]
    assert kinds[:4] == ["created", "routed", "attempt", "provider_request"] and kinds[-1] == "callback"


async def test_no_answer_stays_pending_and_challenge_waits_for_the_otp(shop, worker):
    quiet = await deposit(shop, "no_answer")
    challenge = await deposit(shop, "challenge")
    assert challenge["attempt"]["status"] == "challenge"
    await asyncio.sleep(1.5)
    for out in (quiet, challenge):
        t = (await shop["admin"].data(TXN, id=out["transaction"]["id"]))["transaction"]
        assert t["status"] == "PENDING" and t["callbacks"] == []


async def test_amount_mismatch_from_the_provider_is_flagged_not_applied(shop, worker):
    out = await deposit(shop, "amount_mismatch")
    t = await settle(shop["admin"], out["transaction"]["id"], until=lambda t: t["callbacks"])
    assert t["status"] == "PENDING"
    assert t["callbacks"] == [{"verdict": "suspicious", "reason": "amount_mismatch", "reportedAmount": 2501}]


async def test_virtual_account_deposit_and_readiness_steps_10_and_11(va_shop, worker):
    admin, merchant = va_shop["admin"], va_shop["merchant"]
    before = await readiness(admin, merchant["id"])
    assert before["test_deposit"] is False and before["verify"] is False
    guest = await deposit(va_shop, "guest")
    assert guest["attempt"] is None and guest["transaction"]["status"] == "PENDING"
    steps = await readiness(admin, merchant["id"])
    assert steps["test_deposit"] is True and steps["verify"] is False
    paid = await deposit(va_shop, "approve")
    assert paid["attempt"]["method"] == "virtual_account" and paid["attempt"]["details"]["va_number"].startswith("8808")
    t = await settle(admin, paid["transaction"]["id"])
    assert t["status"] == "SETTLEMENT"
    assert (await readiness(admin, merchant["id"]))["verify"] is True


async def test_bad_scenario_and_foreign_merchant_are_refused(shop, tenant):
    res = await shop["admin"].data(DEPOSIT, i={"merchantId": shop["merchant"]["id"], "paymentMethodId": shop["pm"]["id"],
                                               "amount": 2500, "currency": "EUR", "scenario": "win_the_lottery"})
    assert res["createTestDeposit"]["fields"] == [{"field": "scenario", "code": "SCENARIO_UNKNOWN"}]


async def test_a_provider_answer_lost_before_queueing_is_redelivered(shop, db, request):
    """The API died between commit and queueing the provider's answer: the sweeper queues it again."""
    import redis.asyncio as aioredis
    from datetime import timedelta

    from backend.core import clock
    from backend.core.tenancy import tenant_scope
    from backend.payments.simulator.provider import redeliver_lost
    from backend.core.config import get_settings

    out = await deposit(shop, "approve")
    job_id = f"provider:{(await shop['admin'].data(TXN.replace('attempts { status }', 'attempts { id status }'), id=out['transaction']['id']))['transaction']['attempts'][0]['id']}"
    r = aioredis.from_url(get_settings().redis_url)
    assert await r.zrem("arq:queue", job_id) == 1  # the job never made it to the queue
    await r.delete(f"arq:job:{job_id}")
    await r.aclose()
    with tenant_scope(shop["tenant_id"]):
        assert await redeliver_lost() == 0  # not overdue yet
        clock.advance(timedelta(minutes=2))
        try:
            assert await redeliver_lost() == 1
        finally:
            clock.reset()
    request.getfixturevalue("worker")
    t = await settle(shop["admin"], out["transaction"]["id"])
    assert t["status"] == "SETTLEMENT" and [c["verdict"] for c in t["callbacks"]] == ["applied"]

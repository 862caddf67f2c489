"""Operational review through GraphQL: success rates with drops, rejections, failures, permission and tenancy.

Transactions with chosen creation times are written in the test's own tenant (the API cannot backdate a payment);
everything else goes through the real interfaces (REST payments, GraphQL overrides, routing configuration)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from backend.core.tenancy import tenant_scope
from tests.payments.conftest import open_shop
from tests.support import ASSIGN_ROLE, CREATE_USER, unique

REVIEW = """query($from: DateTime, $to: DateTime, $bucket: ReviewBucket!, $dim: ReviewDimension!, $m: ID, $min: Int!) {
  operationalReview(from: $from, to: $to, bucket: $bucket, merchantId: $m) {
    from to bucket
    successRates(dimension: $dim, minVolume: $min, baselineBuckets: 6, threshold: 0.2) {
      threshold minVolume
      total { decided succeeded rate }
      series { key name decided succeeded rate dropCount
               points { bucketStart decided succeeded failed rate baseline drop } link { merchantIds paymentMethodIds } }
      drops { key name bucketStart bucketEnd rate baseline decided unsuccessful
              link { merchantIds paymentMethodIds statuses createdFrom createdTo transactionIds } }
    }
  }
}"""

SECTIONS = """query($from: DateTime, $to: DateTime) {
  operationalReview(from: $from, to: $to) {
    routingRejections { total groups { kind code outcome merchantId count amount currency link { merchantIds paymentMethodIds } }
                        rejections { kind code outcome reason transactionId subMidIds amount currency merchantName paymentMethodName } }
    velocity: routingRejections(kind: VELOCITY) { total }
    webhookFailures { failed dead endpoints { endpointId url failed dead link { transactionIds } }
                      deliveries { id status transactionId lastError endpointUrl } }
    suspiciousCallbacks { total byReason { reason count } callbacks { id reason transactionId } link { transactionIds } }
    manualCorrections { total byAction { action count } corrections { transactionId action previousStatus newStatus reason actorLabel }
                        link { transactionIds } }
    auditActivity { action outcome count }
    transactionAuditEvents { action targetId }
  }
}"""

HOUR = timedelta(hours=1)


def _iso(d: datetime) -> str:
    return d.isoformat()


async def _insert_txns(tenant_id: str, shop: dict, at: datetime, settled: int, failed: int) -> list[str]:
    from backend.payments.models import Transaction, TxnStatus

    ids = []
    with tenant_scope(tenant_id):
        for i in range(settled + failed):
            t = Transaction(merchant_id=shop["merchant"]["id"], brand_id="brd_x", payment_method_id=shop["pm"]["id"],
                            environment="production", amount=1000 + i, currency="EUR",
                            status=TxnStatus.SETTLEMENT if i < settled else TxnStatus.FAILED,
                            master_mid_id=shop["ex"]["master_mid"]["id"], expires_at=at + timedelta(minutes=30))
            await t.save()
            await Transaction.filter(id=t.id).update(created_at=at + timedelta(minutes=1 + i))
            if i >= settled:
                ids.append(t.id)
    return ids


@pytest.fixture
async def review_shop(tenant, api_url):
    s = await open_shop(tenant, api_url)
    yield s
    for c in s["clients"]:
        await c.aclose()


async def test_success_rate_drop_is_flagged_per_merchant_method_and_mid(review_shop, tenant, db):
    base = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) - timedelta(hours=12)
    for i in range(6):  # 90 % for six hours
        await _insert_txns(tenant["id"], review_shop, base + i * HOUR, settled=9, failed=1)
    dropped = await _insert_txns(tenant["id"], review_shop, base + 6 * HOUR, settled=3, failed=7)  # 30 %: a drop
    await _insert_txns(tenant["id"], review_shop, base + 7 * HOUR, settled=0, failed=2)  # 0 % but too few to judge
    admin = tenant["admin"]
    args = {"from": _iso(base), "to": _iso(base + 9 * HOUR), "bucket": "HOUR", "min": 10}

    body = await admin.data(REVIEW, **args, dim="MERCHANT")
    report = body["operationalReview"]["successRates"]
    assert report["total"]["decided"] == 72 and report["total"]["succeeded"] == 57
    (series,) = report["series"]
    assert series["key"] == review_shop["merchant"]["id"] and series["name"] == review_shop["merchant"]["name"]
    assert series["link"]["merchantIds"] == [review_shop["merchant"]["id"]]
    points = series["points"]
    assert len(points) == 9
    assert [p["drop"] for p in points] == [False] * 6 + [True, False, False]
    assert points[0]["baseline"] is None  # nothing before the first bucket
    assert points[6]["rate"] == pytest.approx(0.3) and points[6]["baseline"] == pytest.approx(0.9)
    assert points[7]["decided"] == 2 and points[7]["rate"] == 0.0 and not points[7]["drop"]
    assert points[8]["decided"] == 0 and points[8]["rate"] is None
    (drop,) = report["drops"]
    assert drop["decided"] == 10 and drop["unsuccessful"] == 7
    assert datetime.fromisoformat(drop["bucketStart"]) == base + 6 * HOUR
    assert drop["link"]["merchantIds"] == [review_shop["merchant"]["id"]]
    assert set(drop["link"]["statuses"]) == {"FAILED", "EXPIRED"}
    assert datetime.fromisoformat(drop["link"]["createdFrom"]) == base + 6 * HOUR
    assert datetime.fromisoformat(drop["link"]["createdTo"]) == base + 7 * HOUR

    method = (await admin.data(REVIEW, **args, dim="PAYMENT_METHOD"))["operationalReview"]["successRates"]
    assert [d["link"]["paymentMethodIds"] for d in method["drops"]] == [[review_shop["pm"]["id"]]]

    mid = (await admin.data(REVIEW, **args, dim="MASTER_MID"))["operationalReview"]["successRates"]
    (mid_drop,) = mid["drops"]
    assert mid_drop["key"] == review_shop["ex"]["master_mid"]["id"]
    assert sorted(mid_drop["link"]["transactionIds"]) == sorted(dropped)

    # a higher volume bar: the drop bucket is no longer judged
    quiet = (await admin.data(REVIEW, **{**args, "min": 11}, dim="MERCHANT"))["operationalReview"]["successRates"]
    assert quiet["drops"] == []
    # day buckets: one bucket, no drop
    day = await admin.data(REVIEW, **{**args, "bucket": "DAY"}, dim="MERCHANT")
    assert day["operationalReview"]["bucket"] == "DAY"


async def test_bad_range_is_a_clear_error(tenant):
    now = datetime.now(timezone.utc)
    body = await tenant["admin"].q(REVIEW, **{"from": _iso(now), "to": _iso(now - HOUR), "bucket": "HOUR", "min": 10}, dim="MERCHANT")
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION_FAILED"
    body = await tenant["admin"].q(REVIEW, **{"from": _iso(now - timedelta(days=60)), "to": _iso(now), "bucket": "HOUR", "min": 10},
                                   dim="MERCHANT")
    assert "At most" in body["errors"][0]["message"]


UPDATE_SUB = """mutation($id: ID!, $i: UpdateSubMidInput!) { updateSubMid(id: $id, input: $i) { __typename } }"""
ADD_SUB = """mutation($i: SubMidInput!) { addSubMid(input: $i) { __typename ... on SubMidPayload { subMid { id } } } }"""
OVERRIDE = """mutation($id: ID!, $r: String!) { overrideTransaction(id: $id, action: REJECT, reason: $r) { __typename } }"""


async def _pay(shop, amount=1500, env="sandbox"):
    return await shop[env].post("/payments", json={"payment_method_id": shop["pm"]["id"], "amount": amount, "currency": "EUR"})


async def test_routing_velocity_rejections_corrections_and_queues(review_shop, tenant, db):
    admin, shop = tenant["admin"], review_shop
    sub_a = shop["ex"]["subs"][0]["id"]
    hour = [{"window_seconds": 3600, "max_count": 1}]
    assert (await admin.data(UPDATE_SUB, id=sub_a, i={"velocity": hour}))["updateSubMid"]["__typename"] == "SubMidPayload"
    added = await admin.data(ADD_SUB, i={"groupId": shop["ex"]["sub_group"]["id"], "name": "B", "position": 1,
                                         "credentials": f"cred-{unique()}", "velocity": hour})
    sub_b = added["addSubMid"]["subMid"]["id"]

    first = await _pay(shop)  # A
    assert first.status_code == 201, first.text
    rerouted = await _pay(shop)  # A over its limit: B takes it
    assert rerouted.status_code == 201, rerouted.text
    refused = await _pay(shop, 1700)  # both over their limits
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "NO_ROUTE"
    assert (await admin.data(UPDATE_SUB, id=sub_a, i={"enabled": False}))["updateSubMid"]["__typename"] == "SubMidPayload"
    mixed = await _pay(shop, 1900)  # A disabled, B over its limit: a routing refusal
    assert mixed.status_code == 422

    # a manual correction and a suspicious callback, a dead webhook delivery
    txn_id = first.json()["transaction_id"]
    assert (await admin.data(OVERRIDE, id=txn_id, r="customer called"))["overrideTransaction"]["__typename"] == "OverridePayload"
    from backend.payments.models import CallbackVerdict, ProviderCallback
    from backend.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

    now = datetime.now(timezone.utc)
    with tenant_scope(tenant["id"]):
        await ProviderCallback.create(provider="sim_card", event_id="pev_x", transaction_id=txn_id, verdict=CallbackVerdict.SUSPICIOUS,
                                      reason="amount_mismatch", body_hash="0" * 64, received_at=now)
        ep = await WebhookEndpoint.create(merchant_id=shop["merchant"]["id"], url="https://hooks.example.com/cw", secret_id="sec_x")
        await WebhookDelivery.create(endpoint=ep, event_id="evt_x", event_type="payment.failed", transaction_id=txn_id, payload={},
                                     status=DeliveryStatus.DEAD, attempts=8, last_error="http_status", last_attempt_at=now)

    body = await admin.data(SECTIONS, **{"from": _iso(now - HOUR), "to": _iso(now + HOUR)})
    r = body["operationalReview"]
    rows = r["routingRejections"]["rejections"]
    by_outcome = {(x["kind"], x["outcome"], x["amount"]): x for x in rows}
    assert set(by_outcome) == {("VELOCITY", "rerouted", 1500), ("VELOCITY", "refused", 1700), ("ROUTING", "refused", 1900)}
    rr = by_outcome.get(("VELOCITY", "rerouted", 1500))
    assert rr["transactionId"] == rerouted.json()["transaction_id"] and rr["subMidIds"] == [sub_a]
    assert by_outcome[("VELOCITY", "refused", 1700)]["transactionId"] is None
    assert sorted(by_outcome[("VELOCITY", "refused", 1700)]["subMidIds"]) == sorted([sub_a, sub_b])
    assert by_outcome[("ROUTING", "refused", 1900)]["code"] == "NO_ROUTE"
    assert rr["merchantName"] == shop["merchant"]["name"] and rr["paymentMethodName"] == "Cards"
    assert r["routingRejections"]["total"] == 3 and r["velocity"]["total"] == 2
    assert all(g["link"]["merchantIds"] == [shop["merchant"]["id"]] for g in r["routingRejections"]["groups"])

    assert r["manualCorrections"]["total"] == 1
    (c,) = r["manualCorrections"]["corrections"]
    assert (c["transactionId"], c["action"], c["previousStatus"], c["newStatus"]) == (txn_id, "reject", "pending", "failed")
    assert r["manualCorrections"]["link"]["transactionIds"] == [txn_id]
    assert r["suspiciousCallbacks"]["byReason"] == [{"reason": "amount_mismatch", "count": 1}]
    assert r["suspiciousCallbacks"]["link"]["transactionIds"] == [txn_id]
    assert r["webhookFailures"]["dead"] == 1
    (e,) = r["webhookFailures"]["endpoints"]
    assert e["url"] == "https://hooks.example.com/cw" and e["link"]["transactionIds"] == [txn_id]
    assert {"action": "transaction.override", "outcome": "ok", "count": 1} in r["auditActivity"]
    assert r["transactionAuditEvents"][0]["targetId"] == txn_id


async def test_merchant_user_is_forbidden_and_tenants_do_not_mix(review_shop, tenant, operator, make_client, db):
    from tests.support import CREATE_TENANT

    admin, shop = tenant["admin"], review_shop
    await _insert_txns(tenant["id"], shop, datetime.now(timezone.utc) - HOUR, settled=3, failed=1)
    roles = {x["name"]: x for x in (await admin.data("{ roles { id name } }"))["roles"]}
    email = f"mu-{unique()}@example.com"
    u = (await admin.data(CREATE_USER, i={"email": email, "name": "MU", "password": "long-enough-pw", "kind": "MERCHANT"}))["createUser"]["user"]
    await admin.data(ASSIGN_ROLE, i={"userId": u["id"], "roleId": roles["Merchant admin"]["id"], "contextType": "MERCHANT",
                                     "contextId": shop["merchant"]["id"]})
    merchant_user = make_client()
    assert (await merchant_user.login(email, "long-enough-pw"))["__typename"] == "LoginSuccess"
    q = "{ operationalReview { successRates { total { decided } } } }"
    denied = await merchant_user.q(q)
    assert denied["data"] is None and denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await admin.data(q))["operationalReview"]["successRates"]["total"]["decided"] == 4

    slug = unique("t")
    other = await operator.data(CREATE_TENANT, i={"name": f"Other {slug}", "slug": slug, "plan": "PRO", "adminEmail": f"a-{slug}@example.com",
                                                  "adminName": "A", "adminPassword": "s3cret-password"})
    assert other["createTenant"]["__typename"] == "TenantPayload"
    stranger = make_client()
    assert (await stranger.login(f"a-{slug}@example.com", "s3cret-password"))["__typename"] == "LoginSuccess"
    mine = await stranger.data("""{ operationalReview { successRates { total { decided } series { key } }
        routingRejections { total } manualCorrections { total } suspiciousCallbacks { total } webhookFailures { dead failed } } }""")
    r = mine["operationalReview"]
    assert r["successRates"]["total"]["decided"] == 0 and r["successRates"]["series"] == []
    assert r["routingRejections"]["total"] == r["manualCorrections"]["total"] == r["suspiciousCallbacks"]["total"] == 0
    foreign = await stranger.q('query($m: ID) { operationalReview(merchantId: $m) { from } }', m=shop["merchant"]["id"])
    assert foreign["data"] is None and foreign["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (await operator.q(q))["errors"][0]["extensions"]["code"] == "FORBIDDEN"

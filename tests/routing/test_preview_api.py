"""The routing preview through GraphQL: two sample payments take different paths; preview never consumes velocity."""
from __future__ import annotations

from tests.routing.test_blueprints_api import DRAFT, PUBLISH, UPDATE, setup_execution, setup_method

PREVIEW = """query($id: ID!, $s: SamplePaymentInput!, $d: Boolean!) { routingPreview(paymentMethodId: $id, sample: $s, useDraft: $d) }"""


async def test_preview_paths_and_publish(tenant):
    admin = tenant["admin"]
    _, _, pm = await setup_method(admin, currencies=("EUR", "USD"))
    big, usd = await setup_execution(admin), await setup_execution(admin)
    draft = (await admin.data(DRAFT, id=pm["id"]))["routingDraft"]["blueprint"]
    doc = {"rules": [
        {"id": "big", "name": "Big payments", "conditions": [{"type": "amount_range", "min": 50_000}], "targets": [big["group"]["id"]]},
        {"id": "usd", "name": "US dollars", "conditions": [{"type": "currency", "in": ["USD"]}], "targets": [usd["group"]["id"]]}],
        "fallback": [big["group"]["id"]]}
    assert (await admin.data(UPDATE, id=draft["id"], d=doc))["updateRoutingDraft"]["__typename"] == "BlueprintPayload"

    unpublished = await admin.q(PREVIEW, id=pm["id"], s={"amount": 1000, "currency": "USD"}, d=False)
    assert unpublished["errors"][0]["extensions"]["code"] == "NO_PUBLISHED_ROUTING"

    one = (await admin.data(PREVIEW, id=pm["id"], s={"amount": 90_000, "currency": "EUR"}, d=True))["routingPreview"]
    two = (await admin.data(PREVIEW, id=pm["id"], s={"amount": 1_000, "currency": "USD"}, d=True))["routingPreview"]
    assert one["ok"] and two["ok"]
    assert one["matched_rule"]["id"] == "big" and two["matched_rule"]["id"] == "usd"
    assert one["master_mid_id"] == big["master_mid"]["id"] and two["master_mid_id"] == usd["master_mid"]["id"]
    assert two["sub_mid_id"] == usd["subs"][0]["id"]
    assert any(e["rule_id"] == "big" and not e["matched"] and e["reason"] for e in two["rule_evaluations"])
    assert one["fees"]["processing"] == 90_000 * 250 // 10_000 + 30

    # editing the draft changes the very next draft preview (no stale compiled cache)
    edited = {**doc, "rules": [dict(doc["rules"][1], conditions=[])]}
    await admin.data(UPDATE, id=draft["id"], d=edited)
    now = (await admin.data(PREVIEW, id=pm["id"], s={"amount": 90_000, "currency": "EUR"}, d=True))["routingPreview"]
    assert now["matched_rule"]["id"] == "usd"
    await admin.data(UPDATE, id=draft["id"], d=doc)

    assert (await admin.data(PUBLISH, id=draft["id"]))["publishRouting"]["__typename"] == "BlueprintPayload"
    published = (await admin.data(PREVIEW, id=pm["id"], s={"amount": 1_000, "currency": "USD"}, d=False))["routingPreview"]
    assert published["master_mid_id"] == usd["master_mid"]["id"]


async def test_preview_does_not_consume_velocity(tenant):
    admin = tenant["admin"]
    _, _, pm = await setup_method(admin)
    ex = await setup_execution(admin, members=(("tight", 1),))
    await admin.data('mutation($id: ID!, $v: JSON!) { updateSubMid(id: $id, input: {velocity: $v}) { __typename } }',
                     id=ex["subs"][0]["id"], v=[{"window_seconds": 3600, "max_count": 1}])
    draft = (await admin.data(DRAFT, id=pm["id"]))["routingDraft"]["blueprint"]
    await admin.data(UPDATE, id=draft["id"], d={"rules": [], "fallback": [ex["group"]["id"]]})
    for _ in range(3):
        res = (await admin.data(PREVIEW, id=pm["id"], s={"amount": 500, "currency": "EUR"}, d=True))["routingPreview"]
        assert res["ok"], res

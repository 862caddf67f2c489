"""Payment methods and both blueprint levels through GraphQL: validation, drafts, publish, diff, execution layer."""
from __future__ import annotations

from tests.support import new_merchant, readiness, unique

BRAND = 'mutation($m: ID!) { createBrand(merchantId: $m, input: {name: "B", defaultCurrency: "EUR"}) { ... on BrandPayload { brand { id } } } }'
PM = """mutation($b: ID!, $i: PaymentMethodInput!) { createPaymentMethod(brandId: $b, input: $i) { __typename
  ... on PaymentMethodPayload { paymentMethod { id currencies } } ... on ValidationError { fields { field code } } } }"""
DRAFT = 'mutation($id: ID!) { routingDraft(paymentMethodId: $id) { ... on BlueprintPayload { blueprint { id version status document } } } }'
UPDATE = """mutation($id: ID!, $d: JSON!) { updateRoutingDraft(id: $id, document: $d) { __typename
  ... on BlueprintPayload { blueprint { version document } } ... on ValidationError { message fields { field code message } }
  ... on ConflictError { code } } }"""
PUBLISH = """mutation($id: ID!) { publishRouting(id: $id) { __typename ... on BlueprintPayload { blueprint { version status } }
  ... on ValidationError { message fields { field code message } } ... on ConflictError { code } } }"""
MMG = 'mutation($n: String!) { createMasterMidGroup(name: $n) { ... on MasterMidGroupPayload { masterMidGroup { id } } } }'
MM = """mutation($i: MasterMidInput!) { createMasterMid(input: $i) { __typename ... on MasterMidPayload { masterMid { id } }
  ... on ValidationError { fields { field code } } } }"""
SMG = """mutation($m: ID!, $n: String!, $s: Strategy!) { createSubMidGroup(masterMidId: $m, name: $n, strategy: $s) {
  ... on SubMidGroupPayload { subMidGroup { id } } } }"""
SUB = """mutation($i: SubMidInput!) { addSubMid(input: $i) { __typename ... on SubMidPayload { subMid { id credentialsHint } }
  ... on ValidationError { fields { field code } } } }"""


async def setup_method(admin, currencies=("EUR",), min_amount=100, max_amount=1_000_000, pm_type="CARD"):
    m = await new_merchant(admin)
    brand = (await admin.data(BRAND, m=m["id"]))["createBrand"]["brand"]
    pm = (await admin.data(PM, b=brand["id"], i={"name": "Cards", "type": pm_type, "currencies": list(currencies),
                                                 "minAmount": min_amount, "maxAmount": max_amount}))["createPaymentMethod"]
    return m, brand, pm["paymentMethod"]


async def setup_execution(admin, strategy="SEQUENCE", members=(("A", 1),), provider="sim_card"):
    """A MASTER MID GROUP with one MASTER MID whose published second level routes to one SUB MID GROUP."""
    g = (await admin.data(MMG, n=unique("mmg")))["createMasterMidGroup"]["masterMidGroup"]
    mm = (await admin.data(MM, i={"groupId": g["id"], "name": unique("mm"), "provider": provider, "settlementCurrency": "EUR",
                                  "fees": {"EUR": {"percent_bps": 250, "fixed": 30}, "USD": {"percent_bps": 300, "fixed": 30}}}))["createMasterMid"]["masterMid"]
    smg = (await admin.data(SMG, m=mm["id"], n="primary", s=strategy))["createSubMidGroup"]["subMidGroup"]
    subs = []
    for i, (name, weight) in enumerate(members):
        s = await admin.data(SUB, i={"groupId": smg["id"], "name": name, "position": i, "weight": weight, "credentials": f"cred-{unique()}"})
        subs.append(s["addSubMid"]["subMid"])
    xd = (await admin.data('mutation($m: ID!) { executionDraft(masterMidId: $m) { ... on BlueprintPayload { blueprint { id } } } }', m=mm["id"]))
    xid = xd["executionDraft"]["blueprint"]["id"]
    await admin.data('mutation($id: ID!, $d: JSON!) { updateExecutionDraft(id: $id, document: $d) { __typename } }', id=xid,
                     d={"rules": [], "fallback": [smg["id"]]})
    pub = await admin.data('mutation($id: ID!) { publishExecution(id: $id) { __typename ... on ValidationError { fields { field code } } } }', id=xid)
    assert pub["publishExecution"]["__typename"] == "BlueprintPayload", pub
    return {"group": g, "master_mid": mm, "sub_group": smg, "subs": subs}


async def test_payment_method_validation(tenant):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    brand = (await admin.data(BRAND, m=m["id"]))["createBrand"]["brand"]
    bad = await admin.data(PM, b=brand["id"], i={"name": "", "type": "CARD", "currencies": ["XXX"], "minAmount": 500, "maxAmount": 100})
    assert {f["field"]: f["code"] for f in bad["createPaymentMethod"]["fields"]} == {
        "name": "NAME_REQUIRED", "currencies": "CURRENCY_UNKNOWN", "maxAmount": "MIN_GREATER_THAN_MAX"}
    ok = await admin.data(PM, b=brand["id"], i={"name": "Cards", "type": "CARD", "currencies": ["eur", "usd"]})
    assert ok["createPaymentMethod"]["paymentMethod"]["currencies"] == ["EUR", "USD"]


async def test_invalid_conditions_are_field_errors_and_nothing_is_saved(tenant):
    admin = tenant["admin"]
    _, _, pm = await setup_method(admin)
    draft = (await admin.data(DRAFT, id=pm["id"]))["routingDraft"]["blueprint"]
    assert draft["version"] == 1 and draft["status"] == "DRAFT"
    doc = {"rules": [{"id": "r1", "match": "all", "targets": ["x"], "conditions": [
        {"type": "amount_range", "min": 500, "max": 100},
        {"type": "currency", "in": ["EURO"]},
        {"type": "user_reference", "pattern": "(unclosed"},
        {"type": "time_window", "start": "25:00", "end": "08:00"},
        {"type": "card_bin", "prefixes": ["42a"]},
        {"type": "teleport"}]}], "fallback": []}
    res = (await admin.data(UPDATE, id=draft["id"], d=doc))["updateRoutingDraft"]
    codes = {f["field"]: f["code"] for f in res["fields"]}
    assert codes == {"rules[0].conditions[0].max": "MIN_GREATER_THAN_MAX", "rules[0].conditions[1].in": "CURRENCY_UNKNOWN",
                     "rules[0].conditions[2].pattern": "REGEX_INVALID", "rules[0].conditions[3].start": "TIME_INVALID",
                     "rules[0].conditions[4].prefixes": "BIN_INVALID", "rules[0].conditions[5].type": "CONDITION_TYPE_UNKNOWN"}
    again = (await admin.data(DRAFT, id=pm["id"]))["routingDraft"]["blueprint"]
    assert again["id"] == draft["id"] and again["document"] == {"rules": [], "fallback": []}


async def test_publish_lists_every_problem_then_switches_atomically(tenant):
    admin = tenant["admin"]
    merchant, _, pm = await setup_method(admin, min_amount=100, max_amount=10_000)
    steps = await readiness(admin, merchant["id"])
    assert steps["payment_method"] and not steps["routing"] and not steps["publish_routing"]
    ex = await setup_execution(admin)
    gid = ex["group"]["id"]
    draft = (await admin.data(DRAFT, id=pm["id"]))["routingDraft"]["blueprint"]
    bad = {"rules": [
        {"id": "big", "conditions": [{"type": "amount_range", "min": 50_000}], "targets": [gid]},
        {"id": "ghost", "conditions": [{"type": "currency", "in": ["EUR"]}], "targets": ["mmg_missing"]},
        {"id": "all", "conditions": [], "targets": [gid]},
        {"id": "late", "conditions": [{"type": "country", "in": ["DE"]}], "targets": [gid]}], "fallback": []}
    assert (await admin.data(UPDATE, id=draft["id"], d=bad))["updateRoutingDraft"]["__typename"] == "BlueprintPayload"
    res = (await admin.data(PUBLISH, id=draft["id"]))["publishRouting"]
    assert res["__typename"] == "ValidationError"
    problems = {(f["field"], f["code"]) for f in res["fields"]}
    assert problems == {("rules[0].conditions[0]", "RULE_NEVER_MATCHES"), ("rules[1].targets", "TARGET_NOT_FOUND"),
                        ("rules[3]", "RULE_UNREACHABLE"), ("fallback", "FALLBACK_REQUIRED")}
    assert (await admin.data('query($id: ID!) { paymentMethod(id: $id) { published { id } } }', id=pm["id"]))["paymentMethod"]["published"] is None

    good = {"rules": [{"id": "eur", "name": "EUR", "conditions": [{"type": "currency", "in": ["EUR"]}], "targets": [gid]}], "fallback": [gid]}
    await admin.data(UPDATE, id=draft["id"], d=good)
    assert (await admin.data(PUBLISH, id=draft["id"]))["publishRouting"]["blueprint"] == {"version": 1, "status": "PUBLISHED"}
    steps = await readiness(admin, merchant["id"])
    assert steps["routing"] and steps["publish_routing"]
    assert (await admin.data(PUBLISH, id=draft["id"]))["publishRouting"] == {"__typename": "ConflictError", "code": "NOT_A_DRAFT"}
    assert (await admin.data(UPDATE, id=draft["id"], d=good))["updateRoutingDraft"]["__typename"] == "ConflictError"

    # a new draft starts from the published version; publishing it archives v1
    v2 = (await admin.data(DRAFT, id=pm["id"]))["routingDraft"]["blueprint"]
    assert v2["version"] == 2 and v2["document"] == good
    changed = {"rules": [{"id": "eur", "name": "EUR big", "conditions": [{"type": "currency", "in": ["EUR"]}], "targets": [gid]},
                         {"id": "de", "conditions": [{"type": "country", "in": ["DE"]}], "targets": [gid]}], "fallback": [gid]}
    await admin.data(UPDATE, id=v2["id"], d=changed)
    diff = (await admin.data('query($a: ID!, $b: ID!) { blueprintDiff(fromId: $a, toId: $b) }', a=draft["id"], b=v2["id"]))["blueprintDiff"]
    assert [r["id"] for r in diff["added"]] == ["de"] and diff["removed"] == []
    assert diff["changed"][0]["id"] == "eur" and diff["changed"][0]["fields"] == ["name"]
    await admin.data(PUBLISH, id=v2["id"])
    versions = (await admin.data('query($id: ID!) { paymentMethod(id: $id) { versions { version status } } }', id=pm["id"]))
    assert versions["paymentMethod"]["versions"] == [{"version": 2, "status": "PUBLISHED"}, {"version": 1, "status": "ARCHIVED"}]


async def test_execution_layer_validation(tenant):
    admin = tenant["admin"]
    g = (await admin.data(MMG, n=unique("mmg")))["createMasterMidGroup"]["masterMidGroup"]
    bad = await admin.data(MM, i={"groupId": g["id"], "name": "x", "provider": "sim_nope", "settlementCurrency": "EURO",
                                  "fees": {"EUR": {"percent_bps": 20000, "fixed": -1}, "ZZZ": {}}})
    assert {f["field"] for f in bad["createMasterMid"]["fields"]} == {"provider", "settlementCurrency", "fees"}
    ex = await setup_execution(admin, strategy="WEIGHT", members=(("A", 1), ("B", 3)))
    zero = await admin.data(SUB, i={"groupId": ex["sub_group"]["id"], "name": "C", "weight": -1})
    assert zero["addSubMid"]["fields"] == [{"field": "weight", "code": "WEIGHT_INVALID"}]
    vel = await admin.data(SUB, i={"groupId": ex["sub_group"]["id"], "name": "D", "velocity": [{"window_seconds": 0}]})
    assert vel["addSubMid"]["fields"][0]["code"] == "VELOCITY_INVALID"
    # weights of enabled members may not sum to zero
    a, b = ex["subs"]
    await admin.data('mutation($id: ID!) { updateSubMid(id: $id, input: {weight: 0}) { __typename } }', id=a["id"])
    res = await admin.data('mutation($id: ID!) { updateSubMid(id: $id, input: {weight: 0}) { __typename ... on ValidationError { fields { code } } } }', id=b["id"])
    assert res["updateSubMid"]["fields"] == [{"code": "WEIGHTS_SUM_ZERO"}]
    # credentials are never shown: only a hint
    assert a["credentialsHint"].startswith("…") and "cred-" not in str(a)

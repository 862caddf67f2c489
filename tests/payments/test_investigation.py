"""Investigation list (SPEC §9): every filter alone and combined, both sorts both ways across pages, bad input,
tenancy, masking and permission-aware actions, over GraphQL against the real API (data from the generator command)."""
from __future__ import annotations

import pytest

from tests.payments.investigation_support import LIST, all_rows, generate, investigation_world, new_tenant, newest_first, user_with

DETAIL = """query($id: ID!) { transaction(id: $id) { id customer
  viewerCan { override resendWebhook openDispute readCallbacks readPii readLedger readWebhooks } } }"""
LIST_PII = """query($m: ID) { transactions(first: 100, merchantId: $m) { edges { node { id merchantId customer
  viewerCan { override readPii } } } } }"""


@pytest.fixture(scope="module")
async def world(api_server):
    w = await investigation_world(api_server["url"])
    yield w
    await w["admin"].close()


async def test_the_generator_made_a_realistic_spread(world):
    rows = world["all"]
    assert len(rows) == 240
    assert {r["merchantId"] for r in rows} == {s["merchant"]["id"] for s in world["shops"]}
    assert {r["currency"] for r in rows} == {"EUR", "USD"}
    statuses = {r["status"] for r in rows}
    assert {"SETTLEMENT", "FAILED", "EXPIRED"} <= statuses and len(statuses) >= 5
    assert all(r["orderId"].startswith("ORD-") and r["userReference"].startswith("cust-") for r in rows)
    assert [r["id"] for r in rows] == newest_first(rows)  # the default order: newest first


def _cases(world) -> list[tuple[dict, callable]]:
    rows = world["all"]
    by_time = sorted(rows, key=lambda r: r["createdAt"])
    lo, hi = by_time[40]["createdAt"], by_time[150]["createdAt"]
    amounts = sorted(r["amount"] for r in rows)
    a_lo, a_hi = amounts[60], amounts[180]
    shop0, shop1 = world["shops"]
    some = rows[17]
    return [
        ({"merchantIds": [shop0["merchant"]["id"]]}, lambda r: r["merchantId"] == shop0["merchant"]["id"]),
        ({"brandIds": [shop1["brand_id"]]}, lambda r: r["brandId"] == shop1["brand_id"]),
        ({"paymentMethodIds": [shop1["pm"]["id"]]}, lambda r: r["paymentMethodId"] == shop1["pm"]["id"]),
        ({"statuses": ["SETTLEMENT", "REFUNDED"]}, lambda r: r["status"] in ("SETTLEMENT", "REFUNDED")),
        ({"createdFrom": lo}, lambda r: r["createdAt"] >= lo),
        ({"createdTo": hi}, lambda r: r["createdAt"] <= hi),
        ({"createdFrom": lo, "createdTo": hi}, lambda r: lo <= r["createdAt"] <= hi),
        ({"amountMin": a_lo}, lambda r: r["amount"] >= a_lo),
        ({"amountMax": a_hi}, lambda r: r["amount"] <= a_hi),
        ({"amountMin": a_lo, "amountMax": a_hi}, lambda r: a_lo <= r["amount"] <= a_hi),
        ({"currency": "usd"}, lambda r: r["currency"] == "USD"),
        ({"userReference": some["userReference"]}, lambda r: r["userReference"] == some["userReference"]),
        ({"search": some["id"]}, lambda r: r["id"] == some["id"]),
        ({"search": f" {some['orderId']} "}, lambda r: r["orderId"] == some["orderId"]),
        # combined
        ({"merchantIds": [shop0["merchant"]["id"]], "statuses": ["SETTLEMENT"], "currency": "EUR"},
         lambda r: r["merchantId"] == shop0["merchant"]["id"] and r["status"] == "SETTLEMENT" and r["currency"] == "EUR"),
        ({"createdFrom": lo, "createdTo": hi, "amountMin": a_lo, "paymentMethodIds": [shop1["pm"]["id"]]},
         lambda r: lo <= r["createdAt"] <= hi and r["amount"] >= a_lo and r["paymentMethodId"] == shop1["pm"]["id"]),
        ({"statuses": ["FAILED", "EXPIRED"], "amountMax": a_hi, "currency": "USD", "brandIds": [shop0["brand_id"]]},
         lambda r: r["status"] in ("FAILED", "EXPIRED") and r["amount"] <= a_hi and r["currency"] == "USD"
         and r["brandId"] == shop0["brand_id"]),
    ]


async def test_each_filter_alone_and_combined_matches_exactly_across_pages(world):
    admin = world["admin"]
    for f, keep in _cases(world):
        expected = newest_first([r for r in world["all"] if keep(r)])
        assert expected, f"the case {f} selects nothing: a weak test"
        got = await all_rows(admin, {"f": f}, first=7)
        assert [r["id"] for r in got] == expected, f
        page = (await admin.data(LIST, f=f, first=7))["transactions"]
        assert page["totalCount"] == len(expected) and page["totalCountCapped"] is False, f


async def test_the_older_merchant_id_argument_still_filters(world):
    m = world["shops"][1]["merchant"]["id"]
    got = await all_rows(world["admin"], {"m": m}, first=50)
    assert [r["id"] for r in got] == newest_first([r for r in world["all"] if r["merchantId"] == m])
    # with merchantIds naming another merchant, nothing matches both
    assert await all_rows(world["admin"], {"m": m, "f": {"merchantIds": [world["shops"][0]["merchant"]["id"]]}}) == []


@pytest.mark.parametrize("field,key", [("CREATED_AT", "createdAt"), ("AMOUNT", "amount")])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_sorting_both_ways_pages_without_gaps_or_duplicates(world, field, key, direction):
    expected = sorted(world["all"], key=lambda r: (r[key], r["id"]), reverse=direction == "DESC")
    got = await all_rows(world["admin"], {"s": {"field": field, "direction": direction}}, first=9)
    assert [r["id"] for r in got] == [r["id"] for r in expected]
    if field == "AMOUNT":  # ties on the amount are broken by id, so equal amounts never straddle a page badly
        assert len({r["amount"] for r in expected}) < len(expected)


async def test_bad_input_is_a_clear_error_with_a_code_never_a_500(world):
    admin = world["admin"]
    first = (await admin.data(LIST, first=2))["transactions"]["pageInfo"]["endCursor"]
    cases = [
        ({"f": {"amountMin": 500, "amountMax": 100}}, "filter.amountMin", "AMOUNT_RANGE_INVALID"),
        ({"f": {"amountMin": -1}}, "filter.amountMin", "AMOUNT_INVALID"),
        ({"f": {"createdFrom": "2026-05-02T00:00:00+00:00", "createdTo": "2026-05-01T00:00:00+00:00"}}, "filter.createdFrom",
         "DATE_RANGE_INVALID"),
        ({"f": {"currency": "EURO"}}, "filter.currency", "CURRENCY_INVALID"),
        ({"f": {"currency": "€"}}, "filter.currency", "CURRENCY_INVALID"),
        ({"after": "not-a-cursor"}, "after", "CURSOR_INVALID"),
        ({"after": first, "s": {"field": "AMOUNT"}}, "after", "CURSOR_INVALID"),
        ({"after": first, "s": {"direction": "ASC"}}, "after", "CURSOR_INVALID"),
        ({"first": 0}, "first", "FIRST_INVALID"),
    ]
    for variables, field, code in cases:
        r = await admin.raw(LIST, **{"first": 5, **variables})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["data"] is None, variables
        err = body["errors"][0]
        assert err["extensions"]["code"] == "VALIDATION_FAILED", body
        assert {"field": field, "code": code} in [{"field": f["field"], "code": f["code"]} for f in err["extensions"]["fields"]], body
        assert err["message"] and "Internal" not in err["message"]
    # a wrong type for an amount is refused by GraphQL itself
    r = await admin.raw(LIST, first=5, f={"amountMin": "ten"})
    assert r.status_code == 200 and r.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", r.text
    assert "minor units" in r.json()["errors"][0]["message"]


async def test_another_tenants_transactions_never_appear_and_the_count_is_capped(world, api_server):
    other = await new_tenant(api_server["url"])
    try:
        from tests.payments.conftest import open_shop

        shop = await open_shop(other, api_server["url"])
        for c in shop["clients"]:
            await c.aclose()
        generate(other["slug"], 10_005, seed=3, days=5)
        page = (await other["admin"].data(LIST, first=100))["transactions"]
        assert page["totalCount"] == 10_000 and page["totalCountCapped"] is True
        theirs = [e["node"]["id"] for e in page["edges"]]
        mine = {r["id"] for r in world["all"]}
        assert not mine & set(theirs)
        # the first tenant finds none of them, by id search, by merchant, or by detail
        admin = world["admin"]
        assert (await admin.data(LIST, first=5, f={"search": theirs[0]}))["transactions"]["edges"] == []
        assert (await admin.data(LIST, first=5, f={"merchantIds": [shop["merchant"]["id"]]}))["transactions"]["totalCount"] == 0
        assert (await admin.data(DETAIL, id=theirs[0]))["transaction"] is None
        again = (await admin.data(LIST, first=100))["transactions"]
        assert again["totalCount"] == 240 and not {e["node"]["id"] for e in again["edges"]} & set(theirs)
    finally:
        await other["admin"].close()


async def test_customer_data_is_masked_without_read_pii_on_list_and_detail(world, api_server):
    url, admin = api_server["url"], world["admin"]
    plain = await user_with(admin, url, ["transactions.read", "merchants.access_all"])
    pii = await user_with(admin, url, ["transactions.read", "merchants.access_all", "customers.read_pii"])
    try:
        some = world["all"][3]["id"]
        for who, masked in ((plain, True), (pii, False)):
            nodes = [e["node"] for e in (await who.data(LIST_PII))["transactions"]["edges"]]
            assert len(nodes) == 100
            detail = (await who.data(DETAIL, id=some))["transaction"]
            for customer in [n["customer"] for n in nodes] + [detail["customer"]]:
                assert ("•••" in customer["email"]) is masked and ("•••" in customer["name"]) is masked, customer
                assert customer["country"] and "•••" not in customer["country"]  # not PII: never masked
            assert all(n["viewerCan"]["readPii"] is not masked for n in nodes)
            assert detail["viewerCan"]["readPii"] is not masked
        full = (await pii.data(DETAIL, id=some))["transaction"]["customer"]["email"]
        assert full.startswith("guest") and full.endswith("@example.com")
    finally:
        await plain.close()
        await pii.close()


OPEN_DISPUTE = "mutation($i: OpenDisputeInput!) { openDispute(input: $i) { __typename } }"


async def test_masking_and_actions_follow_the_permissions_on_each_merchant(world, api_server):
    """A merchant user with read_pii in merchant A's context sees A's customers, and only A's transactions."""
    url, admin = api_server["url"], world["admin"]
    a, b = (s["merchant"]["id"] for s in world["shops"])
    user = await user_with(admin, url, ["transactions.read", "customers.read_pii", "disputes.manage"], merchant_id=a)
    try:
        nodes = [e["node"] for e in (await user.data(LIST_PII))["transactions"]["edges"]]
        assert nodes and {n["merchantId"] for n in nodes} == {a}
        assert all("•••" not in n["customer"]["email"] and n["viewerCan"] == {"override": False, "readPii": True} for n in nodes)
        b_txn = next(r["id"] for r in world["all"] if r["merchantId"] == b)
        assert (await user.data(DETAIL, id=b_txn))["transaction"] is None
        assert await all_rows(user, {"f": {"merchantIds": [b]}}) == []
        a_txn = nodes[0]["id"]
        can = (await user.data(DETAIL, id=a_txn))["transaction"]["viewerCan"]
        assert can == {"override": False, "resendWebhook": False, "openDispute": False, "readCallbacks": False, "readPii": True,
                       "readLedger": False, "readWebhooks": False}
        # disputes.manage on one merchant works a dispute but does not open one, as the flag says
        refused = await user.q(OPEN_DISPUTE, i={"transactionId": a_txn, "amount": 100, "reason": "fraud"})
        assert refused["data"] is None and "disputes.manage" in refused["errors"][0]["message"], refused
        everything = (await admin.data(DETAIL, id=a_txn))["transaction"]["viewerCan"]
        assert all(everything.values()), everything  # the tenant admin holds every permission
    finally:
        await user.close()

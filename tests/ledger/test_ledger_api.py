"""The ledger through the real interfaces: REST payments, GraphQL overrides, then ledgerJournal / ledgerBalances /
ledgerInvariant with exact amounts (fees included); who may read which merchant's ledger."""
from __future__ import annotations

import asyncio

from tests.ledger.conftest import fees
from tests.support import ASSIGN_ROLE, CREATE_ROLE, CREATE_USER, unique

OVERRIDE = """mutation($id: ID!, $a: OverrideAction!, $r: String!, $amt: MinorUnits) { overrideTransaction(id: $id, action: $a, reason: $r, amount: $amt) {
  __typename ... on OverridePayload { transaction { status } } ... on ConflictError { code } ... on ValidationError { fields { code } } } }"""
JOURNAL = """query($t: ID!) { ledgerJournal(transactionId: $t) { kind transactionId merchantId eventKey
  postings { account currency debit credit } } }"""
BALANCES = """query($m: ID, $c: String) { ledgerBalances(merchantId: $m, currency: $c) { merchantId account currency debits credits balance } }"""
INVARIANT = """{ ledgerInvariant { ok entriesChecked unbalancedEntryIds totals { currency debits credits balanced }
  mismatches { transactionId currency expected actual } } }"""


async def pay(shop: dict, amount: int, currency: str, env: str = "sandbox") -> str:
    r = await shop[env].post("/payments", json={"payment_method_id": shop["pm"]["id"], "amount": amount, "currency": currency})
    assert r.status_code == 201, r.text
    return r.json()["transaction_id"]


async def override(admin, txn: str, action: str, amount: int | None = None) -> dict:
    return (await admin.data(OVERRIDE, id=txn, a=action, r="ledger test", amt=amount))["overrideTransaction"]


def lines(entry: dict) -> set[tuple[str, int, int]]:
    return {(p["account"], p["debit"], p["credit"]) for p in entry["postings"]}


def by_account(rows: list[dict]) -> dict[str, int]:
    return {r["account"]: r["balance"] for r in rows}


async def release_now(db) -> int:
    """Run the release job body in this process (sandbox funds are due at once)."""
    from jobs.ledger import release_funds

    return await release_funds({})


async def test_settlement_refunds_and_release_post_exact_balanced_entries(ledger_shop, db):
    admin, shop = ledger_shop["admin"], ledger_shop["one"]
    m = shop["merchant"]["id"]
    txn = await pay(shop, 10_000, "USD")
    processing, conversion = fees(10_000, "USD")
    assert (processing, conversion) == (330, 150)
    assert (await override(admin, txn, "APPROVE"))["transaction"]["status"] == "SETTLEMENT"
    part = await shop["sandbox"].post(f"/payments/{txn}/refunds", json={"amount": 2_500})
    assert part.status_code == 201, part.text
    too_much = await shop["sandbox"].post(f"/payments/{txn}/refunds", json={"amount": 7_501})
    assert too_much.status_code == 422

    journal = (await admin.data(JOURNAL, t=txn))["ledgerJournal"]
    assert [e["kind"] for e in journal] == ["SETTLEMENT", "REFUND"]
    assert {e["merchantId"] for e in journal} == {m} and journal[0]["eventKey"] == f"{txn}:settlement"
    assert lines(journal[0]) == {("PROVIDER_RECEIVABLE", 10_000, 0), ("MERCHANT_PENDING", 0, 9_520),
                                 ("FEES_PROCESSING", 0, 330), ("FEES_CONVERSION", 0, 150)}
    assert lines(journal[1]) == {("MERCHANT_PENDING", 2_500, 0), ("PROVIDER_RECEIVABLE", 0, 2_500)}
    assert all(p["currency"] == "USD" for e in journal for p in e["postings"])

    # Payments that never settle post nothing.
    cancelled, rejected = await pay(shop, 5_000, "EUR"), await pay(shop, 2_000, "EUR")
    assert (await shop["sandbox"].post(f"/payments/{cancelled}/cancel", json={})).status_code == 200
    assert (await override(admin, rejected, "REJECT"))["transaction"]["status"] == "FAILED"
    for t in (cancelled, rejected):
        assert (await admin.data(JOURNAL, t=t))["ledgerJournal"] == []

    usd = (await admin.data(BALANCES, m=m, c="USD"))["ledgerBalances"]
    assert by_account(usd) == {"PROVIDER_RECEIVABLE": 7_500, "MERCHANT_PENDING": 7_020, "FEES_PROCESSING": 330,
                               "FEES_CONVERSION": 150}
    assert (await admin.data(BALANCES, m=m, c="EUR"))["ledgerBalances"] == []

    # Sandbox funds are due at once: the release job moves them to available; the rest of the refund debits available.
    assert await release_now(db) >= 1
    assert await release_now(db) == 0  # nothing left to release
    rest = await shop["sandbox"].post(f"/payments/{txn}/refunds", json={})
    assert rest.status_code == 201 and rest.json()["status"] == "refunded"
    journal = (await admin.data(JOURNAL, t=txn))["ledgerJournal"]
    assert [e["kind"] for e in journal] == ["SETTLEMENT", "REFUND", "RELEASE", "REFUND"]
    assert lines(journal[2]) == {("MERCHANT_PENDING", 7_020, 0), ("MERCHANT_AVAILABLE", 0, 7_020)}
    assert lines(journal[3]) == {("MERCHANT_AVAILABLE", 7_500, 0), ("PROVIDER_RECEIVABLE", 0, 7_500)}
    usd = (await admin.data(BALANCES, m=m, c="usd"))["ledgerBalances"]
    # Fully refunded: the provider owes nothing, the merchant carries the fees.
    assert by_account(usd) == {"PROVIDER_RECEIVABLE": 0, "MERCHANT_PENDING": 0, "MERCHANT_AVAILABLE": -480,
                               "FEES_PROCESSING": 330, "FEES_CONVERSION": 150}

    report = (await admin.data(INVARIANT))["ledgerInvariant"]
    assert report["ok"] and report["unbalancedEntryIds"] == [] and report["mismatches"] == []
    assert report["entriesChecked"] == 4
    assert report["totals"] == [{"currency": "USD", "debits": 10_000 + 2_500 + 7_020 + 7_500,
                                 "credits": 10_000 + 2_500 + 7_020 + 7_500, "balanced": True}]


async def test_every_merchant_and_currency_has_its_own_balances(ledger_shop):
    admin, one, two = ledger_shop["admin"], ledger_shop["one"], ledger_shop["two"]
    for shop, amount, currency in ((one, 1_000, "EUR"), (one, 3_000, "USD"), (two, 20_000, "EUR")):
        assert (await override(admin, await pay(shop, amount, currency), "APPROVE"))["transaction"]["status"] == "SETTLEMENT"
    rows = (await admin.data(BALANCES))["ledgerBalances"]
    pending = {(r["merchantId"], r["currency"]): r["balance"] for r in rows if r["account"] == "MERCHANT_PENDING"}
    net = lambda a, c: a - sum(fees(a, c))  # noqa: E731
    assert pending == {(one["merchant"]["id"], "EUR"): net(1_000, "EUR"), (one["merchant"]["id"], "USD"): net(3_000, "USD"),
                       (two["merchant"]["id"], "EUR"): net(20_000, "EUR")}
    assert (await admin.data(INVARIANT))["ledgerInvariant"]["ok"]


async def _merchant_reader(admin, make_client, merchant_id: str):
    """A merchant user whose only role is a merchant role with ledger.read on `merchant_id`."""
    email = f"reader-{unique()}@example.com"
    user = (await admin.data(CREATE_USER, i={"email": email, "name": "R", "password": "long-enough-pw", "kind": "MERCHANT"}))["createUser"]["user"]
    role = (await admin.data(CREATE_ROLE, i={"name": unique("ledger"), "kind": "MERCHANT", "permissions": ["ledger.read"]}))["createRole"]["role"]
    ra = await admin.data(ASSIGN_ROLE, i={"userId": user["id"], "roleId": role["id"], "contextType": "MERCHANT", "contextId": merchant_id})
    assert ra["assignRole"]["__typename"] == "RoleAssignmentPayload", ra
    c = make_client()
    assert (await c.login(email, "long-enough-pw"))["__typename"] == "LoginSuccess"
    return c


async def test_a_merchant_user_sees_only_its_own_merchant_ledger(ledger_shop, make_client):
    admin, one, two = ledger_shop["admin"], ledger_shop["one"], ledger_shop["two"]
    mine, theirs = await pay(one, 4_000, "EUR"), await pay(two, 6_000, "EUR")
    for t in (mine, theirs):
        await override(admin, t, "APPROVE")
    reader = await _merchant_reader(admin, make_client, one["merchant"]["id"])

    rows = (await reader.data(BALANCES))["ledgerBalances"]
    assert rows and {r["merchantId"] for r in rows} == {one["merchant"]["id"]}
    assert len((await reader.data(JOURNAL, t=mine))["ledgerJournal"]) == 1
    for query, args in ((BALANCES, {"m": two["merchant"]["id"]}), (JOURNAL, {"t": theirs})):
        body = await reader.q(query, **args)
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "OUTSIDE_OWN_CONTEXT", body
    # The tenant-wide invariant report needs ledger.read in the tenant context.
    body = await reader.q(INVARIANT)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await reader.q(JOURNAL, t="txn_does_not_exist")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_the_system_operator_reaches_no_ledger(operator, ledger_shop):
    txn = await pay(ledger_shop["one"], 1_000, "EUR")
    await override(ledger_shop["admin"], txn, "APPROVE")
    for query, args in ((BALANCES, {}), (BALANCES, {"m": ledger_shop["one"]["merchant"]["id"]}), (INVARIANT, {}), (JOURNAL, {"t": txn})):
        body = await operator.q(query, **args)
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body


async def test_the_worker_releases_sandbox_funds(ledger_shop, request):
    admin, shop = ledger_shop["admin"], ledger_shop["one"]
    txn = await pay(shop, 1_000, "EUR")
    await override(admin, txn, "APPROVE")
    request.getfixturevalue("worker")  # started now: its start-up run finds the due settlement
    m = shop["merchant"]["id"]
    for _ in range(150):
        if by_account((await admin.data(BALANCES, m=m))["ledgerBalances"]).get("MERCHANT_AVAILABLE"):
            break
        await asyncio.sleep(0.2)
    assert by_account((await admin.data(BALANCES, m=m))["ledgerBalances"])["MERCHANT_AVAILABLE"] == 1_000 - sum(fees(1_000, "EUR"))

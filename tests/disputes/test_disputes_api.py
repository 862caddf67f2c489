"""Disputes through GraphQL on the real API server: opening rules, the transition table, outcomes with exact ledger
entries and an intact invariant, the thread, notifications, timelines, and who sees what (merchant users, other tenants)."""
from __future__ import annotations

from backend.disputes.states import TRANSITIONS
from tests.disputes.conftest import (DISPUTE, DISPUTES, MESSAGE, MOVE, OUTBOX, RESOLVE, TIMELINE, open_dispute, opened,
                                     settled)
from tests.ledger.test_ledger_api import BALANCES, INVARIANT, JOURNAL, by_account, lines, override, pay

TABLE = {s.value.upper(): sorted(t.value.upper() for t in targets) for s, targets in TRANSITIONS.items()}


async def move(c, d: str, status: str, note: str | None = None) -> dict:
    return (await c.data(MOVE, id=d, s=status, n=note))["moveDispute"]


async def resolve(c, d: str, outcome: str, loss: int | None = None, note: str | None = None) -> dict:
    return (await c.data(RESOLVE, i={"id": d, "outcome": outcome, "merchantLoss": loss, "note": note}))["resolveDispute"]


async def invariant_ok(admin) -> None:
    inv = (await admin.data(INVARIANT))["ledgerInvariant"]
    assert inv["ok"], inv


async def test_open_only_on_settled_payments_within_the_amount_once(dispute_shop):
    admin, shop = dispute_shop["admin"], dispute_shop["one"]
    pending = await pay(shop, 5_000, "EUR")
    res = await open_dispute(admin, pending, 1_000)
    assert res["__typename"] == "ConflictError" and res["code"] == "DISPUTE_NOT_DISPUTABLE", res

    txn = await settled(shop, 10_000, "USD")
    part = await shop["sandbox"].post(f"/payments/{txn}/refunds", json={"amount": 3_000})
    assert part.status_code == 201, part.text
    for amount, reason in ((7_001, "x"), (0, "x"), (-5, "x"), (100, "  ")):
        res = await open_dispute(admin, txn, amount, reason)
        assert res["__typename"] == "ValidationError", res
    too_much = await open_dispute(admin, txn, 7_001)
    assert [f["field"] for f in too_much["fields"]] == ["amount"] and "70.00" in too_much["fields"][0]["message"]

    d = await opened(admin, txn, 7_000)  # all that was not refunded
    assert d["status"] == "OPENED" and d["amount"] == 7_000 and d["currency"] == "USD"
    assert sorted(d["allowedTransitions"]) == TABLE["OPENED"] and d["canResolve"] and d["canWork"]
    again = await open_dispute(admin, txn, 10)
    assert again["__typename"] == "ConflictError" and again["code"] == "DISPUTE_ALREADY_OPEN"
    # what the dispute holds cannot be refunded as well (the payer would get it twice)
    refused = await shop["sandbox"].post(f"/payments/{txn}/refunds", json={"amount": 1})
    assert refused.status_code == 422 and "held by an open dispute 7000" in refused.text, refused.text

    # the hold: the merchant's pending funds move to dispute_hold; the invariant still holds
    journal = (await admin.data(JOURNAL, t=txn))["ledgerJournal"]
    assert [e["kind"] for e in journal] == ["SETTLEMENT", "REFUND", "DISPUTE_HOLD"]
    assert lines(journal[-1]) == {("MERCHANT_PENDING", 7_000, 0), ("DISPUTE_HOLD", 0, 7_000)}
    await invariant_ok(admin)

    kinds = [e["kind"] for e in (await admin.data(TIMELINE, id=txn))["transaction"]["timeline"]]
    assert "dispute_opened" in kinds
    detail = (await admin.data(DISPUTE, id=d["id"]))["dispute"]
    assert [e["kind"] for e in detail["timeline"]] == ["opened", "hold"]
    mails = (await admin.data(OUTBOX, to=dispute_shop["merchant_email"]))["outboxEmails"]["edges"]
    assert any(m["node"]["relatedId"] == d["id"] and m["node"]["category"] == "dispute" and txn in m["node"]["body"] for m in mails)


async def test_transitions_follow_the_one_table(dispute_shop):
    admin, shop = dispute_shop["admin"], dispute_shop["one"]
    d = (await opened(admin, await settled(shop), 4_000))["id"]
    # refused moves say where the dispute can go
    res = await move(admin, d, "OPENED")
    assert res["__typename"] == "ConflictError" and res["code"] == "DISPUTE_TRANSITION_REFUSED" and "UNDER_REVIEW" in res["message"]
    res = await move(admin, d, "RESOLVED")
    assert res["__typename"] == "ValidationError" and res["fields"][0]["field"] == "status"

    path = ["UNDER_REVIEW", "PENDING_INFO", "UNDER_REVIEW", "ESCALATED", "UNDER_REVIEW", "ESCALATED"]
    for status in path:
        res = await move(admin, d, status, f"to {status}")
        assert res["__typename"] == "DisputePayload", res
        assert res["dispute"]["status"] == status and sorted(res["dispute"]["allowedTransitions"]) == TABLE[status]
    res = await move(admin, d, "PENDING_INFO")  # ESCALATED -> PENDING_INFO is not in the table
    assert res["__typename"] == "ConflictError" and res["code"] == "DISPUTE_TRANSITION_REFUSED"
    assert (await resolve(admin, d, "WON"))["dispute"]["status"] == "RESOLVED"

    # nothing moves a resolved dispute; its thread is closed; it is not resolved twice
    for status in ("UNDER_REVIEW", "ESCALATED"):
        res = await move(admin, d, status)
        assert res["__typename"] == "ConflictError" and res["code"] == "DISPUTE_RESOLVED"
    assert (await resolve(admin, d, "LOST"))["code"] == "DISPUTE_RESOLVED"
    assert (await admin.data(MESSAGE, id=d, b="hello"))["postDisputeMessage"]["code"] == "DISPUTE_RESOLVED"
    detail = (await admin.data(DISPUTE, id=d))["dispute"]
    assert detail["allowedTransitions"] == [] and detail["version"] == 1 + len(path) + 1
    kinds = [e["kind"] for e in detail["timeline"]]
    assert kinds.count("status") == 4 and kinds.count("escalated") == 2 and kinds[-1] == "resolved"


async def test_outcomes_release_or_debit_the_hold_and_the_ledger_stays_balanced(dispute_shop):
    admin, shop = dispute_shop["admin"], dispute_shop["one"]
    m = shop["merchant"]["id"]
    before = by_account((await admin.data(BALANCES, m=m, c="USD"))["ledgerBalances"])
    won, lost, split = (await settled(shop), await settled(shop), await settled(shop))  # 10 000 USD each, net 9 520
    after_pay = by_account((await admin.data(BALANCES, m=m, c="USD"))["ledgerBalances"])
    assert after_pay["MERCHANT_PENDING"] - before.get("MERCHANT_PENDING", 0) == 3 * 9_520
    ids = {k: (await opened(admin, t, 10_000))["id"] for k, t in (("won", won), ("lost", lost), ("split", split))}
    held = by_account((await admin.data(BALANCES, m=m, c="USD"))["ledgerBalances"])
    assert held["DISPUTE_HOLD"] == 30_000 and held["MERCHANT_PENDING"] == after_pay["MERCHANT_PENDING"] - 30_000
    await invariant_ok(admin)

    # a split needs a loss strictly between 0 and the amount; won/lost take none
    for loss in (None, 0, 10_000, -1):
        res = await resolve(admin, ids["split"], "SPLIT", loss)
        assert res["__typename"] == "ValidationError" and res["fields"][0]["field"] == "merchantLoss", res
    assert (await resolve(admin, ids["won"], "WON", 5))["__typename"] == "ValidationError"

    res = await resolve(admin, ids["won"], "WON", note="Proof of delivery accepted")
    assert res["dispute"]["outcome"] == "WON" and res["dispute"]["merchantLoss"] == 0
    assert lines((await admin.data(JOURNAL, t=won))["ledgerJournal"][-1]) == {("DISPUTE_HOLD", 10_000, 0), ("MERCHANT_PENDING", 0, 10_000)}
    await invariant_ok(admin)

    res = await resolve(admin, ids["lost"], "LOST")
    assert res["dispute"]["merchantLoss"] == 10_000
    assert lines((await admin.data(JOURNAL, t=lost))["ledgerJournal"][-1]) == {("DISPUTE_HOLD", 10_000, 0), ("PROVIDER_RECEIVABLE", 0, 10_000)}
    await invariant_ok(admin)

    res = await resolve(admin, ids["split"], "SPLIT", 2_500)
    assert res["dispute"]["merchantLoss"] == 2_500 and res["dispute"]["outcome"] == "SPLIT"
    assert lines((await admin.data(JOURNAL, t=split))["ledgerJournal"][-1]) == {
        ("DISPUTE_HOLD", 10_000, 0), ("PROVIDER_RECEIVABLE", 0, 2_500), ("MERCHANT_PENDING", 0, 7_500)}
    await invariant_ok(admin)

    final = by_account((await admin.data(BALANCES, m=m, c="USD"))["ledgerBalances"])
    assert final["DISPUTE_HOLD"] == 0
    assert final["MERCHANT_PENDING"] == after_pay["MERCHANT_PENDING"] - 12_500  # lost 10 000 + split 2 500
    assert final["PROVIDER_RECEIVABLE"] == after_pay["PROVIDER_RECEIVABLE"] - 12_500
    for txn, outcome in ((won, "won"), (lost, "lost"), (split, "split")):
        tl = (await admin.data(TIMELINE, id=txn))["transaction"]["timeline"]
        assert any(e["kind"] == "dispute_resolved" and outcome in e["message"] for e in tl)
    mails = [e["node"] for e in (await admin.data(OUTBOX, to=dispute_shop["merchant_email"]))["outboxEmails"]["edges"]]
    assert {m["subject"] for m in mails} >= {f"Dispute {ids['lost']} resolved (lost)", f"Dispute {ids['split']} resolved (split)"}


async def test_hold_after_release_comes_from_available_funds(dispute_shop, db):
    from tests.ledger.test_ledger_api import release_now

    admin, shop = dispute_shop["admin"], dispute_shop["one"]
    txn = await settled(shop)
    await release_now(db)  # sandbox funds are due at once
    d = (await opened(admin, txn, 4_000))["id"]
    assert lines((await admin.data(JOURNAL, t=txn))["ledgerJournal"][-1]) == {("MERCHANT_AVAILABLE", 4_000, 0), ("DISPUTE_HOLD", 0, 4_000)}
    await resolve(admin, d, "WON")
    assert lines((await admin.data(JOURNAL, t=txn))["ledgerJournal"][-1]) == {("DISPUTE_HOLD", 4_000, 0), ("MERCHANT_AVAILABLE", 0, 4_000)}
    await invariant_ok(admin)


async def test_thread_and_who_may_do_what(dispute_shop):
    admin, shop, mu = dispute_shop["admin"], dispute_shop["one"], dispute_shop["merchant_user"]
    d = (await opened(admin, await settled(shop), 2_000))["id"]
    other = (await opened(admin, await settled(dispute_shop["two"]), 1_000))["id"]  # another merchant of the tenant

    assert (await admin.data(MESSAGE, id=d, b="Please send the proof of delivery."))["postDisputeMessage"]["disputeMessage"]["authorSide"] == "staff"
    res = (await mu.data(MESSAGE, id=d, b="Attached tomorrow."))["postDisputeMessage"]
    assert res["disputeMessage"]["authorSide"] == "merchant" and res["disputeMessage"]["authorLabel"] == dispute_shop["merchant_email"]
    assert (await mu.data(MESSAGE, id=d, b="   "))["postDisputeMessage"]["__typename"] == "ValidationError"
    thread = (await mu.data(DISPUTE, id=d))["dispute"]["messages"]
    assert [(m["authorSide"], m["body"]) for m in thread] == [("staff", "Please send the proof of delivery."), ("merchant", "Attached tomorrow.")]
    mails = [e["node"] for e in (await admin.data(OUTBOX, to=dispute_shop["merchant_email"]))["outboxEmails"]["edges"]]
    assert any(m["subject"] == f"New message on dispute {d}" for m in mails)

    # the merchant user sees its merchant's disputes only, works them, but neither moves nor resolves them
    seen = {e["node"]["id"] for e in (await mu.data(DISPUTES))["disputes"]["edges"]}
    assert d in seen and other not in seen
    assert (await mu.data(DISPUTE, id=other))["dispute"] is None
    detail = (await mu.data(DISPUTE, id=d))["dispute"]
    assert detail["canWork"] and not detail["canResolve"]
    denied = await mu.q(RESOLVE, i={"id": d, "outcome": "WON"})
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    denied = await mu.q(MOVE, id=d, s="ESCALATED")
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    denied = await mu.q(MESSAGE, id=other, b="not mine")
    assert denied["errors"][0]["extensions"]["code"] == "OUTSIDE_OWN_CONTEXT"

    # filters and paging
    page = (await admin.data(DISPUTES, m=shop["merchant"]["id"], first=1))["disputes"]
    assert page["totalCount"] == 1 and page["edges"][0]["node"]["id"] == d and not page["pageInfo"]["hasNextPage"]
    await move(admin, other, "UNDER_REVIEW")
    review = (await admin.data(DISPUTES, s=["UNDER_REVIEW"]))["disputes"]["edges"]
    assert [e["node"]["id"] for e in review] == [other]
    both = (await admin.data(DISPUTES, first=1))["disputes"]
    assert both["totalCount"] == 2 and both["pageInfo"]["hasNextPage"]
    rest = (await admin.data(DISPUTES, first=1, after=both["pageInfo"]["endCursor"]))["disputes"]["edges"]
    assert {both["edges"][0]["node"]["id"], rest[0]["node"]["id"]} == {d, other}


async def test_other_tenants_see_nothing(dispute_shop, stranger):
    admin, shop = dispute_shop["admin"], dispute_shop["one"]
    d = (await opened(admin, await settled(shop), 1_500))["id"]
    assert (await stranger.data(DISPUTE, id=d))["dispute"] is None
    assert (await stranger.data(DISPUTES))["disputes"]["totalCount"] == 0
    assert (await stranger.data(MOVE, id=d, s="ESCALATED", n=None))["moveDispute"]["__typename"] == "NotFoundError"
    assert (await stranger.data(RESOLVE, i={"id": d, "outcome": "LOST"}))["resolveDispute"]["__typename"] == "NotFoundError"
    assert (await stranger.data(MESSAGE, id=d, b="hi"))["postDisputeMessage"]["__typename"] == "NotFoundError"
    assert (await admin.data(DISPUTE, id=d))["dispute"]["status"] == "OPENED"

"""Browser test of the dispute workbench: the tenant admin opens a dispute from a settled transaction's page (the
API's field error first), lands on the dispute, is refused a disguised executable with the reason, uploads a real PDF,
posts a message, moves the dispute with the actions its status allows and resolves it as a split through the dialog
and its confirmation; the list shows it. Everything the UI claims is checked again through GraphQL."""
from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from .conftest import ADMIN_EMAIL
from .test_access_ui import api_as_admin, login

pytestmark = pytest.mark.e2e

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"This program cannot be run in DOS mode." + b"\x00" * 64
DISPUTE = """query($id: ID!) { dispute(id: $id) { status outcome amount merchantLoss transactionId
  evidence { filename fileType } messages { authorSide body } timeline { kind } } }"""
INVARIANT = "{ ledgerInvariant { ok } }"


def gql(client, query: str, **variables) -> dict:
    body = client.post("/graphql", json={"query": query, "variables": variables}).json()
    assert not body.get("errors"), body
    return body["data"]


def settled_payment(api_url: str, tag: str) -> str:
    """A 42.00 EUR sandbox payment of Acme Shoes, settled by a manual override (no worker needed)."""
    with api_as_admin(api_url) as c:
        merchant = next(m for m in gql(c, "{ merchants { id name } }")["merchants"] if m["name"] == "Acme Shoes")
        methods = gql(c, "query($m: ID) { paymentMethods(merchantId: $m) { id type currencies enabled } }", m=merchant["id"])
        pm = next(p for p in methods["paymentMethods"] if p["enabled"] and "EUR" in p["currencies"] and p["type"] == "CARD")
        res = gql(c, """mutation($i: TestDepositInput!) { createTestDeposit(input: $i) { __typename
                   ... on TestDepositPayload { transaction { id } } } }""",
                  i={"merchantId": merchant["id"], "paymentMethodId": pm["id"], "amount": 4200, "currency": "EUR",
                     "scenario": "guest", "orderId": f"E2E-DISPUTE-{tag}"})["createTestDeposit"]
        txn = res["transaction"]["id"]
        done = gql(c, 'mutation($id: ID!) { overrideTransaction(id: $id, action: APPROVE, reason: "E2E: paid") { __typename } }', id=txn)
        assert done["overrideTransaction"]["__typename"] == "OverridePayload", done
    return txn


def test_open_a_dispute_upload_evidence_talk_and_resolve(page: Page, e2e_api) -> None:
    tag = uuid.uuid4().hex[:8]
    txn = settled_payment(e2e_api["url"], tag)
    login(page, ADMIN_EMAIL)

    # ---- the transaction page: the Disputes card and its Open dispute dialog
    page.goto(f"/transactions/{txn}")
    card = page.get_by_test_id("txn-disputes")
    expect(card).to_contain_text("No disputes")
    card.get_by_test_id("open-dispute").click()
    dialog = page.get_by_test_id("open-dispute-dialog")
    expect(dialog.get_by_test_id("input-amount")).to_have_value("42.00")
    dialog.get_by_test_id("input-amount").fill("50.00")
    dialog.get_by_test_id("input-reason").fill(f"E2E {tag}: goods not received")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog.get_by_test_id("field-error-amount")).to_contain_text("at most 42.00")  # the API's refusal
    dialog.get_by_test_id("input-amount").fill("30.00")
    dialog.get_by_test_id("form-submit").click()
    expect(page).to_have_url(re.compile(r"/disputes/dsp_[0-9a-z]+$"))
    dispute_id = page.url.rsplit("/", 1)[-1]
    expect(page.get_by_test_id("dispute-amount")).to_have_text("30.00 EUR")
    expect(page.get_by_test_id("dispute-status")).to_have_text("Opened")
    expect(page.get_by_test_id("evidence-empty")).to_be_visible()

    # ---- evidence: a disguised executable is refused with the reason; a real PDF is added
    dropzone = page.get_by_test_id("evidence-dropzone").locator("input[type=file]")
    dropzone.set_input_files({"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": EXE})
    expect(page.get_by_test_id("selected-file")).to_have_text("invoice.pdf")
    page.get_by_test_id("upload-evidence").click()
    expect(page.get_by_test_id("upload-error")).to_contain_text("Windows executable")
    dropzone.set_input_files({"name": "delivery-proof.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_test_id("evidence-description").fill("Carrier's proof of delivery")
    page.get_by_test_id("upload-evidence").click()
    expect(page.get_by_test_id("evidence-name")).to_have_text(["delivery-proof.pdf"])
    expect(page.get_by_test_id("upload-error")).to_have_count(0)

    # ---- the thread
    page.get_by_test_id("message-input").fill(f"Please confirm the delivery address ({tag}).")
    page.get_by_test_id("send-message").click()
    expect(page.get_by_test_id("message-body")).to_have_text([f"Please confirm the delivery address ({tag})."])

    # ---- only the moves the transition table allows are offered
    expect(page.get_by_test_id("move-under_review")).to_be_visible()
    page.get_by_test_id("move-under_review").click()
    expect(page.get_by_test_id("dispute-status")).to_have_text("Under review")
    expect(page.get_by_test_id("move-under_review")).to_have_count(0)
    expect(page.get_by_test_id("move-pending_info")).to_be_visible()
    expect(page.get_by_test_id("move-escalated")).to_be_visible()

    # ---- resolve as a split: the dialog checks the amount, then a confirmation says what happens to the money
    page.get_by_test_id("open-resolve").click()
    dialog = page.get_by_test_id("resolve-dialog")
    dialog.get_by_test_id("select-outcome").click()
    page.get_by_role("option", name="Split: part charged back").click()
    dialog.get_by_test_id("input-merchantLoss").fill("30.00")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog.get_by_test_id("field-error-merchantLoss")).to_contain_text("Less than the disputed 30.00 EUR")
    dialog.get_by_test_id("input-merchantLoss").fill("10.00")
    dialog.get_by_test_id("form-submit").click()
    confirm = page.get_by_test_id("confirm-dialog")
    expect(confirm).to_contain_text("10.00 EUR is charged back; 20.00 EUR is released to the merchant")
    confirm.get_by_test_id("confirm-yes").click()
    expect(page.get_by_test_id("dispute-status")).to_have_text("Resolved")
    expect(page.get_by_test_id("dispute-outcome").first).to_have_text("Split")
    expect(page.get_by_test_id("open-resolve")).to_have_count(0)
    expect(page.get_by_test_id("message-input")).to_have_count(0)  # the thread is closed
    expect(page.get_by_test_id("dispute-timeline-entry").first).to_contain_text("Resolved, split")

    # ---- the list
    page.goto("/disputes?status=resolved")
    expect(page.get_by_test_id("dispute-row").filter(has_text=dispute_id)).to_be_visible()

    # ---- what the UI claimed, through the API
    with api_as_admin(e2e_api["url"]) as c:
        d = gql(c, DISPUTE, id=dispute_id)["dispute"]
        assert (d["status"], d["outcome"], d["amount"], d["merchantLoss"], d["transactionId"]) == ("RESOLVED", "SPLIT", 3000, 1000, txn)
        assert [(e["filename"], e["fileType"]) for e in d["evidence"]] == [("delivery-proof.pdf", "pdf")]
        assert [m["authorSide"] for m in d["messages"]] == ["staff"]
        assert gql(c, INVARIANT)["ledgerInvariant"]["ok"]

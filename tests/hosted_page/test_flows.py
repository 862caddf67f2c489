"""Guests pay through the hosted page; the outcome comes from the simulated provider (real arq worker, signed callbacks)."""
from __future__ import annotations

from tests.hosted_page.conftest import assert_secured, new_payment, sms_code, ids_in, wait_state

TXN = '''query($id: ID!) { transaction(id: $id) { status timeline { kind message } attempts { method status details } } }'''


async def test_card_approved_reaches_the_success_page(card_shop, guest, worker, api_server):
    p = await new_payment(card_shop)
    r = await guest.post(p["path"] + "/card", data={"number": "4242 4242 4242 4242", "expiry": "12 / 39", "cvc": "123",
                                                    "holder": "Ada Lovelace"})
    assert r.status_code == 303 and r.headers["location"] == p["path"]
    page = await guest.get(p["path"])
    assert "processing" in ids_in(page.text) or "outcome-success" in ids_in(page.text)
    assert 'data-poll="' in page.text or "outcome-success" in ids_in(page.text)
    await wait_state(guest, p["path"], "success")
    page = await guest.get(p["path"])
    assert "outcome-success" in ids_in(page.text) and "25.00 EUR" in page.text
    assert_secured(page)
    t = (await card_shop["admin"].data(TXN, id=p["transaction_id"]))["transaction"]
    assert t["status"] == "SETTLEMENT"
    details = t["attempts"][0]["details"]
    assert details["last4"] == "4242" and details["brand"] == "visa" and "number" not in details and "cvc" not in details
    assert "4242424242424242" not in str(t)
    kinds = [e["kind"] for e in t["timeline"]]
    assert kinds[:4] == ["created", "routed", "attempt", "provider_request"] and kinds[-1] == "callback"
    assert "4242424242424242" not in api_server["log"].read_text()  # nothing secret logged
    # a paid page stays paid: no new attempt can start
    r = await guest.post(p["path"] + "/card", data={"number": "4242424242424242", "expiry": "12/39", "cvc": "123"}, follow_redirects=True)
    assert "outcome-success" in ids_in(r.text)


async def test_card_declined_shows_the_reason_in_plain_words(card_shop, guest, worker):
    p = await new_payment(card_shop)
    await guest.post(p["path"] + "/card", data={"number": "4000000000009995", "expiry": "12/39", "cvc": "123"})
    await wait_state(guest, p["path"], "failed")
    page = await guest.get(p["path"])
    assert "outcome-failed" in ids_in(page.text)
    assert "does not have enough funds" in page.text


async def test_3ds_wrong_codes_then_the_provider_declines(card_shop, guest, worker):
    p = await new_payment(card_shop)
    await guest.post(p["path"] + "/card", data={"number": "4000 0000 0000 3220", "expiry": "12/39", "cvc": "123"})
    page = await guest.get(p["path"])
    assert {"challenge", "sms-notice", "otp-input", "otp-submit", "otp-resend"} <= ids_in(page.text)
    assert "3 attempts left" in page.text and "•••• 3220" in page.text
    code = sms_code(page.text)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (2, 1):
        r = await guest.post(p["path"] + "/otp", data={"code": wrong}, follow_redirects=True)
        assert "otp-error" in ids_in(r.text), r.text
        assert f"{left} attempt{'s' if left > 1 else ''} left" in r.text
    assert (await guest.get(p["path"] + "/status")).json()["state"] == "challenge"
    r = await guest.post(p["path"] + "/otp", data={"code": wrong}, follow_redirects=True)
    assert "processing" in ids_in(r.text) or "outcome-failed" in ids_in(r.text)
    await wait_state(guest, p["path"], "failed")
    page = await guest.get(p["path"])
    assert "could not be verified" in page.text
    t = (await card_shop["admin"].data(TXN, id=p["transaction_id"]))["transaction"]
    assert t["status"] == "FAILED"
    messages = [e["message"] for e in t["timeline"]]
    assert any("3DS challenge failed" in m for m in messages) and sum("Wrong one-time code" in m for m in messages) == 2
    assert not any(code in m for m in messages)  # the code is never written down


async def test_3ds_right_code_pays(card_shop, guest, worker):
    p = await new_payment(card_shop)
    await guest.post(p["path"] + "/card", data={"number": "4000000000003220", "expiry": "12/39", "cvc": "123"})
    code = sms_code((await guest.get(p["path"])).text)
    r = await guest.post(p["path"] + "/otp", data={"code": code[:3] + " " + code[3:]})
    assert r.status_code == 303
    await wait_state(guest, p["path"], "success")
    t = (await card_shop["admin"].data(TXN, id=p["transaction_id"]))["transaction"]
    assert t["status"] == "SETTLEMENT" and any("3DS challenge passed" in e["message"] for e in t["timeline"])


async def test_virtual_account_transfer_reaches_success(multi_shop, guest, worker):
    p = await new_payment(multi_shop, method="VIRTUAL_ACCOUNT")
    page = await guest.get(p["path"])
    assert {"va-panel", "va-number", "copy-va", "copy-amount", "transferred-button"} <= ids_in(page.text)
    assert "Clearway Sim Bank" in page.text
    r = await guest.post(p["path"] + "/transfer")
    assert r.status_code == 303
    await wait_state(guest, p["path"], "success")
    t = (await multi_shop["admin"].data(TXN, id=p["transaction_id"]))["transaction"]
    assert t["status"] == "SETTLEMENT" and t["attempts"][0]["method"] == "virtual_account"


async def test_magic_amount_decline_for_a_wallet(multi_shop, guest, worker):
    p = await new_payment(multi_shop, method="EWALLET", amount=5901)
    await guest.post(p["path"] + "/transfer")
    await wait_state(guest, p["path"], "failed")
    assert "payment provider declined" in (await guest.get(p["path"])).text

"""Time rules of the hosted page on the controllable clock (the app runs in this process): the payment's
countdown and expiry, the link's end of life, the one-time code's 5 minutes and the once-a-minute resend."""
from __future__ import annotations

import re
from datetime import timedelta

from backend.core import clock
from tests.hosted_page.conftest import assert_secured, new_payment, sms_code, ids_in

CARD_3DS = {"number": "4000000000003220", "expiry": "12/39", "cvc": "123", "holder": "Grace Hopper"}


def attempts_left(html: str) -> int:
    return int(re.search(r'data-testid="attempts-left">(\d) attempt', html).group(1))


async def test_expired_payment_shows_the_expired_page_and_the_link_ends_a_day_later(card_shop, app_client):
    p = await new_payment(card_shop)
    assert "card-form" in ids_in((await app_client.get(p["path"])).text)
    clock.advance(timedelta(minutes=30, seconds=1))
    r = await app_client.get(p["path"])
    assert r.status_code == 200 and "outcome-expired" in ids_in(r.text)
    assert_secured(r)
    assert (await app_client.get(p["path"] + "/status")).json() == {"state": "expired", "final": True}
    r = await app_client.post(p["path"] + "/card", data={"number": "4242424242424242", "expiry": "12/39", "cvc": "123"}, follow_redirects=True)
    assert "outcome-expired" in ids_in(r.text) and "flash" in ids_in(r.text)
    clock.advance(timedelta(hours=24))
    assert (await app_client.get(p["path"])).status_code == 404


async def test_code_expiry_and_resend_rules(card_shop, app_client):
    p = await new_payment(card_shop)
    path = p["path"]
    assert (await app_client.post(path + "/card", data=CARD_3DS)).status_code == 303
    page = (await app_client.get(path)).text
    first = sms_code(page)
    assert re.search(r'data-testid="otp-resend" data-resend-in="60" disabled', page) and "Resend code in 1:00" in page
    assert attempts_left(page) == 3

    # resend at most once a minute: the server refuses even when the button is bypassed
    r = await app_client.post(path + "/otp/resend", follow_redirects=True)
    assert "otp-error" in ids_in(r.text) and "in 60 s" in r.text
    clock.advance(timedelta(seconds=45))
    r = await app_client.post(path + "/otp/resend", follow_redirects=True)
    assert "in 15 s" in r.text and sms_code(r.text) == first
    clock.advance(timedelta(seconds=15))
    r = await app_client.post(path + "/otp/resend", follow_redirects=True)
    assert "otp-info" in ids_in(r.text)
    second = sms_code(r.text)
    assert attempts_left(r.text) == 3

    # the old code stopped working (when it differs from the new one): it counts as a wrong try
    if second != first:
        r = await app_client.post(path + "/otp", data={"code": first}, follow_redirects=True)
        assert "otp-error" in ids_in(r.text) and attempts_left(r.text) == 2
    left = attempts_left(r.text)

    # an expired code is refused without using a try; the guest must ask for a new one
    clock.advance(timedelta(minutes=5))
    page = (await app_client.get(path)).text
    assert "This code has expired" in page and 'data-resend-in="0"' in page
    r = await app_client.post(path + "/otp", data={"code": second}, follow_redirects=True)
    assert "otp-error" in ids_in(r.text) and "expired" in r.text and attempts_left(r.text) == left
    r = await app_client.post(path + "/otp/resend", follow_redirects=True)
    third = sms_code(r.text)
    r = await app_client.post(path + "/otp", data={"code": third}, follow_redirects=True)
    assert "processing" in ids_in(r.text)
    assert (await app_client.get(path + "/status")).json()["state"] == "processing"
    # the challenge is over: codes and resends are refused
    r = await app_client.post(path + "/otp", data={"code": third}, follow_redirects=True)
    assert "processing" in ids_in(r.text) and "flash" in ids_in(r.text)


async def test_resends_are_limited_per_challenge(card_shop, app_client):
    from backend.hosted_page.service import MAX_RESENDS

    p = await new_payment(card_shop)
    path = p["path"]
    await app_client.post(path + "/card", data=CARD_3DS)
    for _ in range(MAX_RESENDS):
        clock.advance(timedelta(seconds=61))
        r = await app_client.post(path + "/otp/resend", follow_redirects=True)
        assert "otp-info" in ids_in(r.text)
    clock.advance(timedelta(seconds=61))
    r = await app_client.post(path + "/otp/resend", follow_redirects=True)
    assert "No more codes" in r.text and "otp-resend" not in ids_in(r.text)
    # the code is still usable
    r = await app_client.post(path + "/otp", data={"code": sms_code(r.text)}, follow_redirects=True)
    assert "processing" in ids_in(r.text)


async def test_the_challenge_row_keeps_a_hash_and_a_sealed_code_only(card_shop, app_client):
    from backend.core.tenancy import tenant_scope
    from backend.hosted_page.models import ThreeDSChallenge

    p = await new_payment(card_shop)
    await app_client.post(p["path"] + "/card", data=CARD_3DS)
    with tenant_scope(card_shop["tenant_id"]):
        rows = await ThreeDSChallenge.filter(transaction_id=p["transaction_id"])
    assert len(rows) == 1 and rows[0].status == "open" and rows[0].attempts_left == 3
    assert len(rows[0].code_hash) == 64 and rows[0].code_sealed.isascii() and not rows[0].code_sealed.isdigit()


async def test_a_new_card_attempt_supersedes_an_open_challenge(card_shop, app_client):
    from backend.core.tenancy import tenant_scope
    from backend.hosted_page.models import ThreeDSChallenge

    p = await new_payment(card_shop)
    await app_client.post(p["path"] + "/card", data=CARD_3DS)
    first = sms_code((await app_client.get(p["path"])).text)
    await app_client.post(p["path"] + "/card", data=CARD_3DS)  # e.g. a second tab
    with tenant_scope(card_shop["tenant_id"]):
        rows = await ThreeDSChallenge.filter(transaction_id=p["transaction_id"]).order_by("created_at")
    assert [r.status for r in rows] == ["superseded", "open"]
    page = (await app_client.get(p["path"])).text
    assert attempts_left(page) == 3
    second = sms_code(page)
    if first != second:  # the first code belongs to the superseded challenge
        r = await app_client.post(p["path"] + "/otp", data={"code": first}, follow_redirects=True)
        assert attempts_left(r.text) == 2
    r = await app_client.post(p["path"] + "/otp", data={"code": second}, follow_redirects=True)
    assert "processing" in ids_in(r.text)

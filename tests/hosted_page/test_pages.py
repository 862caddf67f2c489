"""Each state of the hosted page renders from real data; security headers; the token opens nothing else; bad input never 500s."""
from __future__ import annotations

import re

import httpx
import pytest

from tests.hosted_page.conftest import assert_secured, new_payment, ids_in

TXN = 'query($id: ID!) { transaction(id: $id) { status paymentMethodId timeline { kind message } } }'


async def test_card_page_shows_amount_order_brand_countdown_and_test_cards(card_shop, guest):
    p = await new_payment(card_shop, amount=123456)
    r = await guest.get(p["path"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert_secured(r)
    html = r.text
    ids = ids_in(html)
    assert {"test-mode", "card-form", "card-number", "card-expiry", "card-cvc", "card-holder", "pay-button", "countdown",
            "test-hints"} <= ids
    assert "1,234" in html and ".56" in html and "EUR" in html and "ORD-1001" in html
    assert "Pay 1,234.56 EUR" in html
    assert "4000 0000 0000 3220" in html  # the sandbox test cards
    seconds = int(re.search(r'data-countdown data-seconds="(\d+)"', html).group(1))
    assert 29 * 60 < seconds <= 30 * 60
    assert "methods" not in ids  # one method only: no selector


async def test_production_page_has_no_test_mode(card_shop, guest):
    p = await new_payment(card_shop, env="production")
    html = (await guest.get(p["path"])).text
    assert "test-mode" not in ids_in(html) and "test-hints" not in ids_in(html)


async def test_amounts_use_the_currency_exponent(card_shop, guest):
    from backend.hosted_page.service import money_parts

    assert money_parts(150000, "JPY")["text"] == "150,000 JPY" and money_parts(150000, "JPY")["minor"] == ""
    assert money_parts(1234567, "BHD")["text"] == "1,234.567 BHD"
    r = await card_shop["sandbox"].post("/payments", json={"payment_method_id": card_shop["pm"]["id"], "amount": 1500, "currency": "USD"})
    token = r.json()["payment_url"].rsplit("/", 1)[1]
    html = (await guest.get(f"/pay/{token}")).text
    assert "Pay 15.00 USD" in html


async def test_method_selection_lists_the_brand_methods_and_switching_reroutes(multi_shop, guest):
    p = await new_payment(multi_shop)
    html = (await guest.get(p["path"])).text
    ids = ids_in(html)
    assert {"methods", "method-card", "method-virtual_account", "method-ewallet", "method-qr"} <= ids
    assert re.search(r'class="method is-current" aria-current="true" data-testid="method-card"', html)

    va = multi_shop["methods"]["VIRTUAL_ACCOUNT"]["id"]
    r = await guest.post(p["path"] + "/method", data={"payment_method_id": va})
    assert r.status_code == 303 and r.headers["location"] == p["path"]
    html = (await guest.get(p["path"])).text
    assert "va-panel" in ids_in(html) and "8808" in html
    t = (await multi_shop["admin"].data(TXN, id=p["transaction_id"]))["transaction"]
    assert t["paymentMethodId"] == va
    assert [e["kind"] for e in t["timeline"]].count("routed") == 2
    assert "switched" in t["timeline"][-1]["message"]

    # e-wallet and QR render their own screens; the QR is an SVG served by the page
    await guest.post(p["path"] + "/method", data={"payment_method_id": multi_shop["methods"]["EWALLET"]["id"]})
    html = (await guest.get(p["path"])).text
    assert {"wallet-panel", "wallet-approve"} <= ids_in(html) and "SimWallet" in html
    await guest.post(p["path"] + "/method", data={"payment_method_id": multi_shop["methods"]["QR"]["id"]})
    html = (await guest.get(p["path"])).text
    assert {"qr-panel", "qr-image", "scanned-button"} <= ids_in(html)
    svg = await guest.get(p["path"] + "/qr.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    assert_secured(svg)

    # a method of another brand, or nonsense, is refused with a message (no 500)
    for bad in ("pm_doesnotexist", "", "x" * 500):
        r = await guest.post(p["path"] + "/method", data={"payment_method_id": bad}, follow_redirects=True)
        assert r.status_code == 200 and "flash" in ids_in(r.text)
    # once an attempt exists, switching is refused and the other methods are shown disabled
    assert (await guest.post(p["path"] + "/transfer")).status_code == 303
    r = await guest.post(p["path"] + "/method", data={"payment_method_id": va}, follow_redirects=True)
    assert "processing" in ids_in(r.text)
    t = (await multi_shop["admin"].data(TXN, id=p["transaction_id"]))["transaction"]
    assert t["paymentMethodId"] == multi_shop["methods"]["QR"]["id"]


async def test_card_field_errors_are_shown_beside_the_fields_and_the_number_is_not_echoed(card_shop, guest):
    p = await new_payment(card_shop)
    r = await guest.post(p["path"] + "/card", data={"number": "4242 4242 4242 4241", "expiry": "13/99", "cvc": "1",
                                                    "holder": "Ada Lovelace"})
    assert r.status_code == 303 and r.headers["location"] == p["path"] + "#pay"
    assert_secured(r)
    page = await guest.get(p["path"])
    ids = ids_in(page.text)
    assert {"error-number", "error-expiry", "error-cvc"} <= ids
    assert "Check the card number" in page.text and "Ada Lovelace" in page.text
    assert "4242 4242 4242 4241" not in page.text and "4242424242424241" not in page.text
    assert 'aria-invalid="true"' in page.text
    again = await guest.get(p["path"])  # the flash is shown once
    assert "error-number" not in ids_in(again.text)


async def test_cancelled_and_unknown_pages(card_shop, guest):
    p = await new_payment(card_shop)
    assert (await card_shop["sandbox"].post(f"/payments/{p['transaction_id']}/cancel", json={})).status_code == 200
    r = await guest.get(p["path"])
    assert r.status_code == 200 and "outcome-cancelled" in ids_in(r.text)
    assert (await guest.get(p["path"] + "/status")).json() == {"state": "cancelled", "final": True}
    r = await guest.post(p["path"] + "/card", data={"number": "4242424242424242", "expiry": "12/39", "cvc": "123"}, follow_redirects=True)
    assert "outcome-cancelled" in ids_in(r.text) and "flash" in ids_in(r.text)


@pytest.mark.parametrize("path", [
    "/pay/" + "A" * 32, "/pay/short", "/pay/" + "x" * 300, "/pay/%00%01", "/pay/..%2F..%2Fetc", "/pay/%E2%9C%93" * 3,
    "/pay/<script>alert(1)</script>", "/pay/" + "A" * 32 + "/status", "/pay/" + "A" * 32 + "/qr.svg", "/pay", "/pay/",
    "/pay/static/../http.py", "/pay/static/nope.css",
])
async def test_unknown_or_bad_tokens_are_a_plain_404(guest, path):
    r = await guest.get(path, follow_redirects=True)  # /pay redirects to /pay/
    assert r.status_code == 404, (path, r.status_code)
    assert_secured(r)
    assert "traceback" not in r.text.lower() and "txn_" not in r.text


async def test_fuzzed_posts_never_500(card_shop, guest):
    p = await new_payment(card_shop)
    base = p["path"]
    cases = [
        ("/card", {"content": b"number=" + b"9" * 20000, "headers": {"content-type": "application/x-www-form-urlencoded"}}, 413),
        ("/card", {"content": b'{"number": 1}', "headers": {"content-type": "application/json"}}, 415),
        ("/card", {"content": b"number=%ff%fe%00&expiry=%%%&cvc=\xff\xfe"}, 303),
        ("/card", {"content": b"&".join(b"f%d=1" % i for i in range(200)), "headers": {"content-type": "application/x-www-form-urlencoded"}}, 400),
        ("/card", {"data": {"number": "٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢", "expiry": "１２/３９", "cvc": "１２３"}}, 303),
        ("/card", {"data": {"number": "4242424242424242", "expiry": "12/39", "cvc": "123", "holder": "x" * 5000}}, 303),
        ("/otp", {"data": {"code": "'; drop table x; --"}}, 303),
        ("/otp/resend", {"data": {}}, 303),
        ("/transfer", {"data": {"anything": "1"}}, 303),
        ("/method", {"data": {"payment_method_id": ["a", "b"]}}, 303),
    ]
    for suffix, kwargs, want in cases:
        r = await guest.post(base + suffix, **kwargs)
        assert r.status_code == want, (suffix, kwargs, r.status_code, r.text[:300])
        assert_secured(r)
    # GET on an action path, and unknown sub-paths
    for path in (base + "/card", base + "/otp", base + "/nope", base + "/qr.svg"):
        r = await guest.get(path)
        assert r.status_code in (404, 405), (path, r.status_code)
    # the holder was cut, the card number kept nowhere: the attempt (if any) shows last4 only
    r = await guest.get(base)
    assert r.status_code == 200


async def test_the_token_opens_nothing_but_its_page(card_shop, guest, api_url):
    p = await new_payment(card_shop)
    token = p["token"]
    # not an API key, on REST or GraphQL
    async with httpx.AsyncClient(base_url=api_url, headers={"Authorization": f"Bearer {token}"}) as as_token:
        assert (await as_token.get(f"/api/v1/payments/{p['transaction_id']}")).status_code == 401
        assert (await as_token.post("/api/v1/payments", json={})).status_code == 401
        assert (await as_token.post("/graphql", json={"query": "{ __typename }"})).status_code == 401
    async with httpx.AsyncClient(base_url=api_url, headers={"X-API-Key": token}) as as_key:
        assert (await as_key.get(f"/api/v1/payments/{p['transaction_id']}")).status_code == 401
    # a session-less GraphQL caller with the token in a variable learns nothing
    r = await guest.post("/graphql", json={"query": 'query($id: ID!) { transaction(id: $id) { id } }', "variables": {"id": token}})
    assert "errors" in r.json() or r.json()["data"]["transaction"] is None
    # the status JSON tells the page state only
    assert (await guest.get(p["path"] + "/status")).json() == {"state": "pay", "final": False}
    # the transaction id is not a token
    assert (await guest.get(f"/pay/{p['transaction_id']}")).status_code == 404
    # /pay has no route that lists or looks up other payments: every route is under one token
    from backend.hosted_page.http import hosted_routes

    router = hosted_routes()[0].app.app
    paths = sorted(getattr(r, "path", "") for r in router.routes)
    assert paths == ["/static", "/{token}", "/{token}/card", "/{token}/method", "/{token}/otp", "/{token}/otp/resend",
                     "/{token}/qr.svg", "/{token}/status", "/{token}/transfer"]
    # a bearer header on /pay is ignored: the page stays anonymous and works
    r = await guest.get(p["path"], headers={"Authorization": "Bearer nonsense"})
    assert r.status_code == 200


async def test_static_files_are_local_and_secured(guest):
    for path in ("/pay/static/hosted.css", "/pay/static/hosted.js", "/pay/static/fonts/inter-latin-wght-normal.woff2"):
        r = await guest.get(path)
        assert r.status_code == 200, path
        assert_secured(r)
    css = (await guest.get("/pay/static/hosted.css")).text
    assert "http://" not in css and "https://" not in css


async def test_the_token_is_never_logged(card_shop, guest, api_server):
    p = await new_payment(card_shop)
    await guest.get(p["path"])
    await guest.get(p["path"] + "/status")
    await guest.post(p["path"] + "/card", data={"number": "1", "expiry": "1", "cvc": "1"})
    log = api_server["log"].read_text()
    assert "/pay/{token}/status" in log
    assert p["token"] not in log


async def test_wrong_action_for_the_method_is_a_message_not_an_error(multi_shop, guest):
    va = await new_payment(multi_shop, method="VIRTUAL_ACCOUNT")
    r = await guest.post(va["path"] + "/card", data={"number": "4242424242424242", "expiry": "12/39", "cvc": "123"}, follow_redirects=True)
    assert r.status_code == 200 and "not a card payment" in r.text and "va-panel" in ids_in(r.text)
    card = await new_payment(multi_shop)
    r = await guest.post(card["path"] + "/transfer", follow_redirects=True)
    assert r.status_code == 200 and "card form" in r.text and "card-form" in ids_in(r.text)
    r = await guest.post(card["path"] + "/otp", data={"code": "123456"}, follow_redirects=True)
    assert "no verification waiting" in r.text

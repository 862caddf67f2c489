"""Login, lockout, sessions, silent refresh, logout, TOTP — through GraphQL over HTTP."""
from __future__ import annotations

import pyotp

from tests.support import CREATE_USER, unique

ME = "{ me { email } }"


async def test_login_sets_httponly_session_cookies(tenant, make_client):
    c = make_client()
    r = await c.raw('mutation { login(email: "%s", password: "s3cret-password") { __typename } }' % tenant["admin_email"])
    cookies = r.headers.get_list("set-cookie")
    assert any(v.startswith("cw_access=") and "HttpOnly" in v for v in cookies)
    assert any(v.startswith("cw_refresh=") and "HttpOnly" in v for v in cookies)
    assert (await c.data(ME))["me"]["email"] == tenant["admin_email"]


async def test_wrong_password_and_unknown_email_get_the_same_generic_answer(tenant, make_client):
    c = make_client()
    wrong = await c.login(tenant["admin_email"], "not-the-password")
    unknown = await c.login(f"nobody-{unique()}@example.com", "whatever-password")
    assert wrong == unknown == {"__typename": "LoginFailed", "code": "INVALID_CREDENTIALS", "message": "Invalid email or password"}
    assert (await c.data(ME))["me"] is None


async def test_lockout_after_five_failures_even_for_the_right_password(tenant, make_client):
    c = make_client()
    for _ in range(5):
        assert (await c.login(tenant["admin_email"], "wrong-password"))["__typename"] == "LoginFailed"
    locked = await c.login(tenant["admin_email"], "s3cret-password")
    assert locked["__typename"] == "LoginFailed" and locked["code"] == "INVALID_CREDENTIALS"
    # the lock is visible to the tenant admin (already signed in)
    users = await tenant["admin"].data('{ users(search: "%s") { edges { node { lockedUntil } } } }' % tenant["admin_email"])
    assert users["users"]["edges"][0]["node"]["lockedUntil"] is not None


async def test_four_failures_then_success_resets_the_counter(tenant, make_client):
    c = make_client()
    for _ in range(4):
        await c.login(tenant["admin_email"], "wrong-password")
    assert (await c.login(tenant["admin_email"], "s3cret-password"))["__typename"] == "LoginSuccess"
    for _ in range(4):
        await c.login(tenant["admin_email"], "wrong-password")
    assert (await c.login(tenant["admin_email"], "s3cret-password"))["__typename"] == "LoginSuccess"


async def test_silent_refresh_with_only_the_refresh_cookie(tenant, make_client):
    c = tenant["admin"]
    refresh = c.http.cookies.get("cw_refresh")
    fresh = make_client()
    fresh.http.cookies.set("cw_refresh", refresh)
    r = await fresh.raw(ME)
    assert r.json()["data"]["me"]["email"] == tenant["admin_email"]
    new = r.headers.get_list("set-cookie")
    assert any(v.startswith("cw_access=") for v in new) and any(v.startswith("cw_refresh=") for v in new)
    # the old refresh token was rotated away
    stale = make_client()
    stale.http.cookies.set("cw_refresh", refresh)
    assert (await stale.data(ME))["me"] is None


async def test_logout_ends_the_session(tenant, make_client):
    c = make_client()
    await c.login(tenant["admin_email"], "s3cret-password")
    access = c.http.cookies.get("cw_access")
    assert (await c.data("mutation { logout }"))["logout"] is True
    replay = make_client()
    replay.http.cookies.set("cw_access", access)
    assert (await replay.data(ME))["me"] is None


async def test_totp_second_factor(tenant, make_client):
    admin = tenant["admin"]
    email = f"totp-{unique()}@example.com"
    await admin.data(CREATE_USER, i={"email": email, "name": "T", "password": "long-enough-pw", "kind": "PLATFORM"})
    u = make_client()
    await u.login(email, "long-enough-pw")
    setup = (await u.data("mutation { setupTotp { __typename ... on TotpSetup { secret otpauthUri } } }"))["setupTotp"]
    assert setup["otpauthUri"].startswith("otpauth://totp/")
    totp = pyotp.TOTP(setup["secret"])
    bad = (await u.data('mutation { confirmTotp(code: "000000") { __typename ... on ValidationError { fields { code } } } }'))["confirmTotp"]
    assert bad["__typename"] == "ValidationError"
    ok = (await u.data('mutation($c: String!) { confirmTotp(code: $c) { __typename ... on UserPayload { user { totpEnabled } } } }', c=totp.now()))
    assert ok["confirmTotp"]["user"]["totpEnabled"] is True

    c2 = make_client()
    assert (await c2.login(email, "long-enough-pw"))["__typename"] == "TotpRequired"
    assert (await c2.login(email, "long-enough-pw", "123456" if totp.now() != "123456" else "654321"))["__typename"] == "LoginFailed"
    assert (await c2.login(email, "long-enough-pw", totp.now()))["__typename"] == "LoginSuccess"
    # the seed is never readable again
    schema_text = (await c2.data('{ __type(name: "User") { fields { name } } }'))["__type"]["fields"]
    assert not any("secret" in f["name"].lower() for f in schema_text)

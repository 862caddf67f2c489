"""The tabs of one browser share the UI session: a new tab is logged in at once, a logout in one tab ends them all;
another browser is not; the API's tokens never reach the browser (only the opaque cw_ui id does)."""
from __future__ import annotations

import hashlib
import os
import re

import pytest
import redis
from playwright.sync_api import Page, expect

from .conftest import ADMIN_EMAIL
from .test_access_ui import login

pytestmark = pytest.mark.e2e


def test_a_new_tab_shares_the_login_and_a_logout_ends_every_tab(page: Page, browser, e2e_ui) -> None:
    login(page, ADMIN_EMAIL)
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert "cw_ui" in cookies and not {"cw_access", "cw_refresh"} & set(cookies), sorted(cookies)
    assert cookies["cw_ui"]["sameSite"] == "Strict"
    store = redis.Redis.from_url(os.environ["REDIS_URL"])
    key = "clearway:ui-session:" + hashlib.sha256(cookies["cw_ui"]["value"].encode()).hexdigest()
    kept = store.get(key)
    assert kept and b"cw_access" in kept and cookies["cw_ui"]["value"].encode() not in kept

    second = page.context.new_page()  # e.g. a transaction opened with a middle click
    second.goto("/transactions")
    expect(second.get_by_test_id("topbar-email")).to_have_text(ADMIN_EMAIL)
    expect(second).to_have_url(re.compile(r"/transactions/?$"))
    second.goto("/login")  # already signed in: the login page sends this tab home
    expect(second.get_by_test_id("topbar-email")).to_have_text(ADMIN_EMAIL)

    other = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=e2e_ui["url"])
    try:
        stranger = other.new_page()
        stranger.goto("/transactions")
        expect(stranger).to_have_url(re.compile(r"/login/?$"))
    finally:
        other.close()

    second.get_by_test_id("logout").click()
    expect(second).to_have_url(re.compile(r"/login/?$"))
    assert store.get(key) is None
    page.goto("/access/users")  # the first tab's session ended with the other's logout
    expect(page).to_have_url(re.compile(r"/login/?$"))

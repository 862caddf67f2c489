"""Browser tests of the back-office UI against a real API (see conftest.py for the servers).

The tenant admin logs in, creates a user and a role with two permissions through the UI; both
show up in their tables and, independently of the UI, in the API.
"""
from __future__ import annotations

import re
import uuid
from contextlib import contextmanager
from typing import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import ADMIN_EMAIL, DEMO_PASSWORD, OPERATOR_EMAIL

pytestmark = pytest.mark.e2e

LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }"""
FIND_USER = """query($s: String) { users(first: 10, search: $s) { totalCount edges { node { email name kind isActive } } } }"""
ROLES = """query { roles { name kind permissions } }"""


def login(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    submit = page.get_by_test_id("login-submit")
    expect(submit).to_be_enabled()  # hydrated and connected
    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill(password)
    submit.click()
    expect(page.get_by_test_id("topbar-email")).to_have_text(email)


@contextmanager
def api_as_admin(api_url: str) -> Iterator[httpx.Client]:
    """A plain GraphQL client (its own cookie jar) logged in as the tenant admin."""
    with httpx.Client(base_url=api_url, timeout=20) as client:
        r = client.post("/graphql", json={"query": LOGIN, "variables": {"e": ADMIN_EMAIL, "p": DEMO_PASSWORD}})
        assert r.json()["data"]["login"]["__typename"] == "LoginSuccess", r.text
        yield client


def test_admin_creates_user_and_role(page: Page, e2e_api) -> None:
    tag = uuid.uuid4().hex[:8]
    email = f"ui-user-{tag}@example.com"
    role_name = f"UI role {tag}"
    perms = ["access.read", "audit.read"]

    login(page, ADMIN_EMAIL)
    expect(page.get_by_test_id("topbar-tenant")).not_to_be_empty()

    # ---- a user, with the API's field errors shown beside the fields first
    page.get_by_test_id("nav-access-users").click()
    expect(page).to_have_url(re.compile(r"/access/users/?$"))
    page.get_by_test_id("new-user").click()
    dialog = page.get_by_test_id("user-dialog")
    dialog.get_by_test_id("input-email").fill("not-an-email")
    dialog.get_by_test_id("input-name").fill(f"UI User {tag}")
    dialog.get_by_test_id("input-password").fill("short")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog.get_by_test_id("field-error-email")).to_be_visible()
    expect(dialog.get_by_test_id("field-error-password")).to_be_visible()
    dialog.get_by_test_id("input-email").fill(email)
    dialog.get_by_test_id("input-password").fill("a-long-enough-password")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog).to_be_hidden()
    page.get_by_test_id("users-search").fill(email)
    row = page.get_by_test_id("user-row").filter(has_text=email)
    expect(row).to_be_visible()
    expect(row).to_contain_text(f"UI User {tag}")
    expect(row).to_contain_text("Active")

    # ---- a role with two permissions picked from the catalogue
    page.get_by_test_id("nav-access-roles").click()
    expect(page).to_have_url(re.compile(r"/access/roles/?$"))
    page.get_by_test_id("new-role").click()
    dialog = page.get_by_test_id("role-dialog")
    dialog.get_by_test_id("input-name").fill(role_name)
    dialog.get_by_test_id("input-description").fill("Created by the browser test")
    for codename in perms:
        box = dialog.get_by_test_id(f"perm-{codename}")
        box.click()
        expect(box).to_be_checked()
    dialog.get_by_test_id("form-submit").click()
    expect(dialog).to_be_hidden()
    page.get_by_test_id("roles-filter").fill(role_name)
    row = page.get_by_test_id("role-row").filter(has_text=role_name)
    expect(row).to_be_visible()
    for codename in perms:
        expect(row).to_contain_text(codename)

    # ---- the API agrees, independently of the UI
    with api_as_admin(e2e_api["url"]) as api:
        users = api.post("/graphql", json={"query": FIND_USER, "variables": {"s": email}}).json()["data"]["users"]
        assert users["totalCount"] == 1
        node = users["edges"][0]["node"]
        assert node == {"email": email, "name": f"UI User {tag}", "kind": "PLATFORM", "isActive": True}
        roles = api.post("/graphql", json={"query": ROLES}).json()["data"]["roles"]
        mine = [r for r in roles if r["name"] == role_name]
        assert len(mine) == 1
        assert mine[0]["kind"] == "PLATFORM"
        assert sorted(mine[0]["permissions"]) == perms


def test_login_required_and_generic_login_error(page: Page) -> None:
    page.goto("/access/users")
    expect(page).to_have_url(re.compile(r"/login/?$"))
    expect(page.get_by_test_id("login-submit")).to_be_enabled()
    page.get_by_test_id("login-email").fill(ADMIN_EMAIL)
    page.get_by_test_id("login-password").fill("wrong-password")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("login-error")).to_have_text("Invalid email, password or code.")


def test_operator_sees_tenants_and_logs_out(page: Page) -> None:
    login(page, OPERATOR_EMAIL)
    expect(page).to_have_url(re.compile(r"/operator/tenants/?$"))
    expect(page.get_by_test_id("tenant-row").first).to_be_visible()
    # the operator has no tenant: no tenant sections in the sidebar
    expect(page.get_by_test_id("nav-access-users")).to_have_count(0)
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login/?$"))
    page.goto("/operator/tenants")
    expect(page).to_have_url(re.compile(r"/login/?$"))

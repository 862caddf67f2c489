"""Browser tests of the access pages' dialogs not covered by test_access_ui.py: assigning and
revoking a role, granting and revoking merchant access, inviting a user (the email shows in the
outbox) and revoking the invitation, deactivating and activating a user, deleting a role, and the
operator creating a tenant, changing its plan and suspending it.
"""
from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from .conftest import ADMIN_EMAIL, OPERATOR_EMAIL
from .test_access_ui import api_as_admin, login

pytestmark = pytest.mark.e2e

CREATE_USER = """mutation($i: CreateUserInput!) { createUser(input: $i) { __typename } }"""
CREATE_ROLE = """mutation($i: RoleInput!) { createRole(input: $i) { __typename } }"""


def _pick(page: Page, dialog, name: str, option: str) -> None:
    dialog.get_by_test_id(f"select-{name}").click()
    page.get_by_role("option", name=option).click()


def _confirm(page: Page) -> None:
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_test_id("confirm-dialog")).to_be_hidden()


def test_assign_grant_invite_and_revoke(page: Page, e2e_api) -> None:
    tag = uuid.uuid4().hex[:8]
    email = f"ui-assign-{tag}@example.com"
    with api_as_admin(e2e_api["url"]) as api:
        r = api.post("/graphql", json={"query": CREATE_USER, "variables": {"i": {
            "email": email, "name": f"Assignee {tag}", "password": "a-long-enough-password", "kind": "PLATFORM"}}})
        assert r.json()["data"]["createUser"]["__typename"] == "UserPayload", r.text
    login(page, ADMIN_EMAIL)

    # ---- assign a merchant role on a merchant; the checks made before sending come first
    page.goto("/access/assignments")
    expect(page.get_by_test_id("assignment-row").first).to_be_visible()
    page.get_by_test_id("assign-role").click()
    dialog = page.get_by_test_id("assign-dialog")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog.get_by_test_id("field-error-userId")).to_have_text("Pick a user.")
    expect(dialog.get_by_test_id("field-error-roleId")).to_have_text("Pick a role.")
    _pick(page, dialog, "userId", f"Assignee {tag} · {email}")
    _pick(page, dialog, "roleId", "Merchant admin (merchant)")
    expect(dialog.get_by_test_id("select-contextId")).to_be_visible()  # a merchant role: never the whole tenant
    dialog.get_by_test_id("form-submit").click()
    expect(dialog.get_by_test_id("field-error-contextId")).to_have_text("Pick the merchant group or merchant.")
    _pick(page, dialog, "contextId", "Acme Books — Acme Retail Group")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog).to_be_hidden()
    page.get_by_test_id("assignments-filter").fill(email)
    expect(page.get_by_test_id("assignment-row")).to_have_count(1)  # the filter applied: rows stay put
    row = page.get_by_test_id("assignment-row").filter(has_text=email)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Merchant admin")
    expect(row).to_contain_text("Acme Books")
    row.get_by_test_id("revoke").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text(f"{email} loses the role Merchant admin")
    _confirm(page)
    expect(page.get_by_test_id("assignment-row").filter(has_text=email)).to_have_count(0)

    # ---- grant merchant access, then revoke it
    page.get_by_test_id("grant-access").click()
    dialog = page.get_by_test_id("grant-dialog")
    _pick(page, dialog, "userId", f"Assignee {tag} · {email}")
    _pick(page, dialog, "targetType", "A merchant group")
    _pick(page, dialog, "target", "Acme Retail Group")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog).to_be_hidden()
    page.get_by_test_id("grants-filter").fill(email)
    expect(page.get_by_test_id("grant-row")).to_have_count(1)
    row = page.get_by_test_id("grant-row").filter(has_text=email)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Acme Retail Group")
    row.get_by_test_id("revoke").click()
    _confirm(page)
    expect(page.get_by_test_id("grant-row").filter(has_text=email)).to_have_count(0)

    # ---- invite someone into a merchant group; the email is in the outbox; revoke the invitation
    invitee = f"ui-invitee-{tag}@example.com"
    page.goto("/access/invitations")
    page.get_by_test_id("invite-user").click()
    dialog = page.get_by_test_id("invite-dialog")
    dialog.get_by_test_id("input-email").fill(invitee)
    dialog.get_by_test_id("input-name").fill(f"Invitee {tag}")
    _pick(page, dialog, "roleId", "Merchant admin (merchant)")
    _pick(page, dialog, "contextType", "Merchant group")
    _pick(page, dialog, "contextId", "Acme Retail Group")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog).to_be_hidden()
    page.get_by_test_id("invitations-filter").fill(invitee)
    expect(page.get_by_test_id("invitation-row")).to_have_count(1)
    row = page.get_by_test_id("invitation-row").filter(has_text=invitee)
    expect(row).to_contain_text("Pending")
    expect(row).to_contain_text("Acme Retail Group")

    page.goto("/access/outbox")
    page.get_by_test_id("outbox-search").fill(invitee)
    expect(page.get_by_test_id("outbox-row")).to_have_count(1)
    mail = page.get_by_test_id("outbox-row").filter(has_text=invitee)
    expect(mail).to_have_count(1)
    mail.click()
    expect(page.get_by_test_id("outbox-dialog")).to_be_visible()
    expect(page.get_by_test_id("outbox-link").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("outbox-dialog")).to_be_hidden()

    page.goto("/access/invitations")
    page.get_by_test_id("invitations-filter").fill(invitee)
    expect(page.get_by_test_id("invitation-row")).to_have_count(1)
    row = page.get_by_test_id("invitation-row").filter(has_text=invitee)
    row.get_by_test_id("revoke-invitation").click()
    _confirm(page)
    expect(row).to_contain_text("Revoked")


def test_deactivate_user_and_delete_role(page: Page, e2e_api) -> None:
    tag = uuid.uuid4().hex[:8]
    email = f"ui-toggle-{tag}@example.com"
    role_name = f"UI doomed role {tag}"
    with api_as_admin(e2e_api["url"]) as api:
        r = api.post("/graphql", json={"query": CREATE_USER, "variables": {"i": {
            "email": email, "name": f"Toggle {tag}", "password": "a-long-enough-password", "kind": "PLATFORM"}}})
        assert r.json()["data"]["createUser"]["__typename"] == "UserPayload", r.text
        r = api.post("/graphql", json={"query": CREATE_ROLE, "variables": {"i": {
            "name": role_name, "description": "", "kind": "PLATFORM", "permissions": ["access.read"]}}})
        assert r.json()["data"]["createRole"]["__typename"] == "RolePayload", r.text
    login(page, ADMIN_EMAIL)

    page.goto("/access/users")
    page.get_by_test_id("users-search").fill(email)
    expect(page.get_by_test_id("user-row")).to_have_count(1)
    row = page.get_by_test_id("user-row").filter(has_text=email)
    expect(row).to_contain_text("Active")
    row.get_by_test_id("toggle-active").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("Deactivate user?")
    _confirm(page)
    expect(row.get_by_test_id("toggle-active")).to_have_text("Activate")
    row.get_by_test_id("toggle-active").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("Activate user?")
    _confirm(page)
    expect(row.get_by_test_id("toggle-active")).to_have_text("Deactivate")

    page.goto("/access/roles")
    page.get_by_test_id("roles-filter").fill(role_name)
    expect(page.get_by_test_id("role-row")).to_have_count(1)
    row = page.get_by_test_id("role-row").filter(has_text=role_name)
    row.get_by_test_id("edit-role").click()
    dialog = page.get_by_test_id("role-dialog")
    expect(dialog.get_by_test_id("input-name")).to_have_value(role_name)
    dialog.get_by_test_id("input-description").fill("Edited by the browser test")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog).to_be_hidden()
    expect(row).to_contain_text("Edited by the browser test")
    row.get_by_test_id("delete-role").click()
    _confirm(page)
    expect(page.get_by_test_id("role-row").filter(has_text=role_name)).to_have_count(0)


def test_operator_creates_and_suspends_tenant(page: Page) -> None:
    tag = uuid.uuid4().hex[:8]
    name = f"UI Tenant {tag}"
    login(page, OPERATOR_EMAIL)
    expect(page).to_have_url(re.compile(r"/operator/tenants/?$"))
    page.get_by_test_id("new-tenant").click()
    dialog = page.get_by_test_id("tenant-dialog")
    dialog.get_by_test_id("input-name").fill(name)
    dialog.get_by_test_id("input-slug").fill("Not A Slug!")
    dialog.get_by_test_id("input-adminEmail").fill(f"admin-{tag}@example.com")
    dialog.get_by_test_id("input-adminName").fill("Ada Admin")
    dialog.get_by_test_id("input-adminPassword").fill("a-long-enough-password")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog.get_by_test_id("field-error-slug")).to_be_visible()
    dialog.get_by_test_id("input-slug").fill(f"ui-{tag}")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog).to_be_hidden()
    page.get_by_test_id("tenants-filter").fill(name)
    expect(page.get_by_test_id("tenant-row")).to_have_count(1)
    row = page.get_by_test_id("tenant-row").filter(has_text=name)
    expect(row).to_contain_text("FREE")
    row.get_by_test_id("plan-menu").click()
    page.get_by_role("menuitem", name="Pro").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("Free → Pro")
    _confirm(page)
    expect(row).to_contain_text("PRO")
    row.get_by_test_id("toggle-status").click()
    _confirm(page)
    expect(row).to_contain_text("Suspended")
    expect(row.get_by_test_id("toggle-status")).to_have_text("Activate")

"""Browser test of the merchant page's secret rotation and removals: an API key and a webhook
signing secret are rotated with a grace period (the new secret shown once), a rotation of a key
revoked meanwhile is refused inside the dialog, a key is revoked, an endpoint deleted and an
invitation revoked, each confirmed by a toast. The API is asked again where the UI claims a change.
Screenshots of the dialogs go to var/e2e/screenshots.
"""
from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import ADMIN_EMAIL
from .test_access_ui import api_as_admin, login

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e" / "screenshots"

KEYS = """query($s: String) { merchants(search: $s) { name apiKeys { id name status rotatedToId } } }"""
REVOKE = """mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }"""


def _keys(client, merchant: str) -> list[dict]:
    r = client.post("/graphql", json={"query": KEYS, "variables": {"s": merchant}})
    return [m for m in r.json()["data"]["merchants"] if m["name"] == merchant][0]["apiKeys"]


def _confirm(page: Page, toast: str) -> None:
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_test_id("confirm-yes").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text(toast)).to_be_visible()


def test_rotate_revoke_and_delete_secrets(page: Page, e2e_api) -> None:
    tag = uuid.uuid4().hex[:8]
    merchant = f"E2E Rotation {tag}"
    login(page, ADMIN_EMAIL)

    page.goto("/merchants")
    page.get_by_test_id("new-merchant").click()
    dialog = page.get_by_test_id("merchant-dialog")
    dialog.get_by_test_id("input-name").fill(merchant)
    dialog.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("merchant-name")).to_have_text(merchant)
    base = page.url.split("?")[0]

    # ---- API key: create, rotate with no grace period (new secret once, old key replaced)
    page.goto(base + "?tab=api-keys")
    expect(page.get_by_test_id("api-keys-table")).to_be_visible()
    page.get_by_test_id("new-api-key").click()
    dialog = page.get_by_test_id("api-key-dialog")
    dialog.get_by_test_id("input-name").fill("Rotating backend")
    dialog.get_by_test_id("form-submit").click()
    reveal = page.get_by_test_id("api-key-secret-dialog")
    first = reveal.get_by_test_id("secret-value").inner_text().strip()
    reveal.get_by_test_id("secret-done").click()
    expect(reveal).to_be_hidden()

    row = page.get_by_test_id("api-key-row").filter(has_text="Rotating backend")
    row.get_by_test_id("rotate-key").click()
    rotate = page.get_by_test_id("rotate-key-dialog")
    expect(rotate).to_contain_text("Rotate Rotating backend")
    rotate.get_by_test_id("grace-0").click()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "api-key-rotate.png"))
    rotate.get_by_test_id("rotate-confirm").click()
    expect(rotate).to_be_hidden()
    expect(reveal).to_be_visible()
    expect(reveal).to_contain_text("API key rotated")
    expect(reveal).to_contain_text("The old key stops working now.")
    page.screenshot(path=str(SHOTS / "api-key-rotated-secret.png"))
    second = reveal.get_by_test_id("secret-value").inner_text().strip()
    assert second.startswith("cw_test_") and second != first
    reveal.get_by_test_id("secret-done").click()
    expect(page.get_by_test_id("api-key-row").filter(has_text="Rotated: replaced by a newer key")).to_have_count(1)

    with api_as_admin(e2e_api["url"]) as client:
        keys = _keys(client, merchant)
        assert len(keys) == 2 and sum(1 for k in keys if k["rotatedToId"]) == 1, keys
        new = [k for k in keys if not k["rotatedToId"]][0]

        # ---- a rotation refused by the API shows its message inside the dialog, which stays open
        usable = page.get_by_test_id("api-key-row").filter(has=page.get_by_test_id("rotate-key"))
        expect(usable).to_have_count(1)
        usable.get_by_test_id("rotate-key").click()
        expect(rotate).to_be_visible()
        r = client.post("/graphql", json={"query": REVOKE, "variables": {"id": new["id"]}})
        assert r.json()["data"]["revokeApiKey"]["__typename"] == "ApiKeyPayload", r.text
        rotate.get_by_test_id("rotate-confirm").click()
        expect(rotate.get_by_test_id("form-error")).to_be_visible()
        page.screenshot(path=str(SHOTS / "api-key-rotate-refused.png"))
        expect(rotate).to_be_visible()
        rotate.get_by_test_id("rotate-cancel").click()
        expect(rotate).to_be_hidden()

    # ---- revoke a key through the UI
    page.get_by_test_id("new-api-key").click()
    dialog.get_by_test_id("input-name").fill("Short-lived")
    dialog.get_by_test_id("form-submit").click()
    reveal.get_by_test_id("secret-done").click()
    page.get_by_test_id("new-api-key").click()  # a second live key of that name is refused beside the field
    dialog.get_by_test_id("input-name").fill("Short-lived")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog.get_by_test_id("field-error-name")).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.get_by_test_id("api-key-row").filter(has_text="Short-lived").get_by_test_id("revoke-key").click()
    _confirm(page, "API key revoked")
    expect(page.get_by_test_id("api-key-row").filter(has_text="Short-lived")).to_contain_text("Revoked")

    # ---- webhook endpoint: create, rotate with a one-hour grace period, delete
    page.goto(base + "?tab=webhooks")
    expect(page.get_by_test_id("endpoints-table")).to_be_visible()
    page.get_by_test_id("new-endpoint").click()
    dialog = page.get_by_test_id("endpoint-dialog")
    dialog.get_by_test_id("input-url").fill("http://169.254.169.254/latest/meta-data")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog.get_by_test_id("field-error-url")).to_be_visible()
    dialog.get_by_test_id("input-url").fill(f"https://rotation-{tag}.example/hooks")
    dialog.get_by_test_id("form-submit").click()
    reveal = page.get_by_test_id("endpoint-secret-dialog")
    first = reveal.get_by_test_id("secret-value").inner_text().strip()
    reveal.get_by_test_id("secret-done").click()
    expect(reveal).to_be_hidden()

    page.get_by_test_id("endpoint-row").get_by_test_id("edit-endpoint").click()
    dialog.get_by_test_id("input-description").fill("Order service")
    dialog.get_by_test_id("form-submit").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Webhook endpoint saved")).to_be_visible()
    expect(page.get_by_test_id("endpoint-row")).to_contain_text("Order service")
    page.get_by_test_id("endpoint-row").get_by_test_id("toggle-endpoint").click()
    expect(page.get_by_text("Endpoint disabled")).to_be_visible()

    page.get_by_test_id("endpoint-row").get_by_test_id("rotate-endpoint").click()
    rotate = page.get_by_test_id("rotate-endpoint-dialog")
    expect(rotate).to_contain_text(f"https://rotation-{tag}.example/hooks")
    rotate.get_by_test_id("grace-3600").click()
    page.screenshot(path=str(SHOTS / "webhook-rotate.png"))
    rotate.get_by_test_id("rotate-confirm").click()
    expect(rotate).to_be_hidden()
    expect(reveal).to_contain_text("Signing secret rotated")
    expect(reveal).to_contain_text(re.compile(r"The old secret keeps signing alongside until \S"))
    page.screenshot(path=str(SHOTS / "webhook-rotated-secret.png"))
    second = reveal.get_by_test_id("secret-value").inner_text().strip()
    assert second.startswith("whsec_") and second != first
    reveal.get_by_test_id("secret-done").click()
    expect(page.get_by_test_id("endpoint-row")).to_contain_text("Old secret valid until")

    page.get_by_test_id("endpoint-row").get_by_test_id("delete-endpoint").click()
    _confirm(page, "Webhook endpoint deleted")
    expect(page.get_by_test_id("endpoint-row")).to_have_count(0)

    # ---- an invitation into the merchant, then revoked
    page.goto(base + "?tab=users")
    expect(page.get_by_test_id("invitations-table")).to_be_visible()
    page.get_by_test_id("invite-user").click()
    dialog = page.get_by_test_id("invite-dialog")
    dialog.get_by_test_id("input-email").fill(f"rotation-{tag}@example.com")
    dialog.get_by_test_id("select-roleId").click()
    page.get_by_role("option", name="Merchant admin").click()
    dialog.get_by_test_id("form-submit").click()
    expect(dialog).to_be_hidden()
    invitation = page.get_by_test_id("invitation-row").filter(has_text=f"rotation-{tag}@example.com")
    expect(invitation).to_contain_text("Pending")
    invitation.get_by_test_id("revoke-invitation").click()
    _confirm(page, "Invitation revoked")
    expect(invitation).to_contain_text("Revoked")
    page.screenshot(path=str(SHOTS / "merchant-invitation-revoked.png"))

    # ---- the same tab lists the role assignments that apply to a merchant (seeded: its admin)
    page.goto("/merchants")
    page.get_by_test_id("merchant-row").filter(has_text="Acme Shoes").get_by_test_id("merchant-link").click()
    expect(page.get_by_test_id("merchant-name")).to_have_text("Acme Shoes")
    page.get_by_test_id("tab-users").click()
    expect(page.get_by_test_id("member-row").filter(has_text="merchant@demo.clearway.local")).to_be_visible()

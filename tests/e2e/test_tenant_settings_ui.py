"""Browser test of the tenant's "private network targets" switch on /webhooks: the tenant admin turns it on through a
confirmation dialog that explains the SSRF risk, sees it allowed, and turns it off again; cancelling changes nothing."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import ADMIN_EMAIL
from .test_access_ui import api_as_admin, login

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"
SETTINGS = "{ tenantSettings { allowPrivateWebhookTargets } }"


def _allowed(api_url: str) -> bool:
    with api_as_admin(api_url) as api:
        return api.post("/graphql", json={"query": SETTINGS}).json()["data"]["tenantSettings"]["allowPrivateWebhookTargets"]


def test_tenant_admin_switches_private_targets_with_a_confirmation(page: Page, e2e_api) -> None:
    was = _allowed(e2e_api["url"])
    login(page, ADMIN_EMAIL)
    page.goto("/webhooks")
    switch, state = page.get_by_test_id("private-targets-switch"), page.get_by_test_id("private-targets-state")
    expect(switch).to_be_enabled()
    if was:  # the demo seed may allow them (built-in receiver on localhost): start from "refused"
        switch.click()
        page.get_by_test_id("confirm-yes").click()
    expect(state).to_have_text("Refused")

    switch.click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("SSRF")
    expect(dialog).to_contain_text("169.254.169.254")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "webhooks-private-targets-confirm.png"))
    page.get_by_test_id("confirm-cancel").click()
    expect(state).to_have_text("Refused")
    assert _allowed(e2e_api["url"]) is False

    switch.click()
    page.get_by_test_id("confirm-yes").click()
    expect(state).to_have_text("Allowed")
    assert _allowed(e2e_api["url"]) is True
    page.screenshot(path=str(SHOTS / "webhooks-private-targets-on.png"))

    switch.click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("refused")
    page.get_by_test_id("confirm-yes").click()
    expect(state).to_have_text("Refused")
    if was:
        switch.click()
        page.get_by_test_id("confirm-yes").click()
        expect(state).to_have_text("Allowed")

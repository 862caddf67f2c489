"""Invitations by email into a context with a role: outbox email, accept flow, expiry and reuse."""
from __future__ import annotations

import re
from datetime import timedelta

from backend.core import clock
from tests.support import new_merchant, unique

INVITE = """mutation($i: InviteUserInput!) { inviteUser(input: $i) { __typename
  ... on InvitationPayload { invitation { id status expiresAt } } ... on ValidationError { fields { field code } }
  ... on ConflictError { code } } }"""
ACCEPT = """mutation($t: String!, $n: String!, $p: String!) { acceptInvitation(token: $t, name: $n, password: $p) { __typename
  ... on UserPayload { user { email kind } } ... on ValidationError { fields { field code } } } }"""


async def _invite(admin, merchant_id, email):
    roles = {r["name"]: r["id"] for r in (await admin.data("{ roles { id name } }"))["roles"]}
    res = await admin.data(INVITE, i={"email": email, "name": "Invitee", "roleId": roles["Merchant viewer"],
                                      "contextType": "MERCHANT", "contextId": merchant_id})
    return res["inviteUser"]


async def _token_from_outbox(admin, email) -> str:
    mails = (await admin.data('query($to: String) { outboxEmails(to: $to) { edges { node { subject body category } } } }', to=email))
    node = mails["outboxEmails"]["edges"][0]["node"]
    assert node["category"] == "invitation"
    return re.search(r"token=([\w-]+)", node["body"]).group(1)


async def test_invite_accept_and_login(tenant, make_client):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    email = f"inv-{unique()}@example.com"
    inv = await _invite(admin, m["id"], email)
    assert inv["__typename"] == "InvitationPayload" and inv["invitation"]["status"] == "PENDING"
    assert (await _invite(admin, m["id"], email)) == {"__typename": "ConflictError", "code": "INVITATION_PENDING"}
    token = await _token_from_outbox(admin, email)

    guest = make_client()
    weak = await guest.data(ACCEPT, t=token, n="New Person", p="short")
    assert weak["acceptInvitation"]["fields"] == [{"field": "password", "code": "PASSWORD_TOO_SHORT"}]
    ok = await guest.data(ACCEPT, t=token, n="New Person", p="long-enough-pw")
    assert ok["acceptInvitation"]["user"] == {"email": email, "kind": "MERCHANT"}
    reused = await guest.data(ACCEPT, t=token, n="Again", p="long-enough-pw")
    assert reused["acceptInvitation"]["fields"][0]["code"] == "INVITATION_INVALID"
    login = await guest.login(email, "long-enough-pw")
    assert "transactions.read" in login["me"]["permissions"]
    assert [x["name"] for x in (await guest.data("{ merchants { name } }"))["merchants"]] == [m["name"]]


async def test_expired_invitation_is_refused(tenant, app_client):
    admin = tenant["admin"]
    m = await new_merchant(admin)
    email = f"late-{unique()}@example.com"
    await _invite(admin, m["id"], email)
    token = await _token_from_outbox(admin, email)
    clock.advance(timedelta(days=7, seconds=1))
    r = await app_client.post("/graphql", json={"query": ACCEPT, "variables": {"t": token, "n": "Late", "p": "long-enough-pw"}})
    assert r.json()["data"]["acceptInvitation"]["fields"] == [{"field": "token", "code": "INVITATION_EXPIRED"}]

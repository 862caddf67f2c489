"""The 15-minute lockout ends on time: driven with the controllable clock, in-process through the real ASGI app."""
from __future__ import annotations

from datetime import timedelta

from backend.core import clock
from tests.support import CREATE_TENANT, unique


async def _login(c, email, pw):
    r = await c.post("/graphql", json={"query": 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename ... on LoginFailed { code } } }',
                                       "variables": {"e": email, "p": pw}})
    return r.json()["data"]["login"]


async def test_lockout_lasts_fifteen_minutes(app_client, operator):
    slug = unique("lk")
    email = f"admin-{slug}@example.com"
    await operator.data(CREATE_TENANT, i={"name": slug, "slug": slug, "adminEmail": email, "adminName": "L", "adminPassword": "s3cret-password"})
    for _ in range(5):
        await _login(app_client, email, "wrong-password")
    assert (await _login(app_client, email, "s3cret-password"))["__typename"] == "LoginFailed"
    clock.advance(timedelta(minutes=14, seconds=50))
    assert (await _login(app_client, email, "s3cret-password"))["__typename"] == "LoginFailed"
    clock.advance(timedelta(seconds=20))
    assert (await _login(app_client, email, "s3cret-password"))["__typename"] == "LoginSuccess"

"""Shared setup for the investigation tests: a tenant with two shops and generated transactions, and an oracle."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.payments.conftest import open_shop
from tests.support import ASSIGN_ROLE, CREATE_ROLE, CREATE_TENANT, CREATE_USER, DEMO_PASSWORD, GQL, OPERATOR_EMAIL, unique

NODE = "id merchantId brandId paymentMethodId status amount currency orderId userReference createdAt"
LIST = """query($f: TransactionFilter, $s: TransactionSort, $first: Int, $after: String, $m: ID) {
  transactions(filter: $f, sort: $s, first: $first, after: $after, merchantId: $m) {
    totalCount totalCountCapped pageInfo { hasNextPage endCursor } edges { cursor node { %s } } } }""" % NODE


def generate(slug: str, count: int, seed: int, days: float = 10) -> str:
    run = subprocess.run([sys.executable, "-m", "backend", "generate-transactions", "--tenant", slug, "--count", str(count),
                          "--days", str(days), "--seed", str(seed)], cwd=ROOT, env=os.environ.copy(), capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


async def new_tenant(url: str) -> dict:
    op = GQL(url)
    assert (await op.login(OPERATOR_EMAIL, DEMO_PASSWORD))["__typename"] == "LoginSuccess"
    slug = unique("inv")
    email = f"admin-{slug}@example.com"
    body = await op.data(CREATE_TENANT, i={"name": f"Tenant {slug}", "slug": slug, "plan": "PRO", "adminEmail": email,
                                           "adminName": "Admin", "adminPassword": "s3cret-password"})
    await op.close()
    assert body["createTenant"]["__typename"] == "TenantPayload", body
    admin = GQL(url)
    assert (await admin.login(email, "s3cret-password"))["__typename"] == "LoginSuccess"
    return {"id": body["createTenant"]["tenant"]["id"], "slug": slug, "admin": admin, "admin_email": email}


async def investigation_world(url: str, count: int = 240) -> dict:
    """A tenant with two merchants (card and virtual account, EUR and USD) and `count` generated transactions."""
    tenant = await new_tenant(url)
    shops = [await open_shop(tenant, url), await open_shop(tenant, url, "VIRTUAL_ACCOUNT")]
    for shop in shops:
        for c in shop["clients"]:
            await c.aclose()
    out = generate(tenant["slug"], count, seed=11)
    assert f"created {count:,} transactions" in out, out
    rows = await all_rows(tenant["admin"])
    for shop in shops:
        shop["brand_id"] = next(r["brandId"] for r in rows if r["merchantId"] == shop["merchant"]["id"])
    return {**tenant, "shops": shops, "all": rows}


async def all_rows(client: GQL, variables: dict | None = None, first: int = 100) -> list[dict]:
    """Every row of a listing, following the cursors; asserts no page repeats a row."""
    rows, after = [], None
    while True:
        page = (await client.data(LIST, first=first, after=after, **(variables or {})))["transactions"]
        rows += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "a row appeared twice"
    return rows


def newest_first(rows: list[dict]) -> list[str]:
    return [r["id"] for r in sorted(rows, key=lambda r: (r["createdAt"], r["id"]), reverse=True)]


async def user_with(admin: GQL, url: str, perms: list[str], *, merchant_id: str | None = None) -> GQL:
    """A user holding `perms`: tenant-wide (platform role), or in one merchant's context (merchant role)."""
    email = f"u-{unique()}@example.com"
    kind = "MERCHANT" if merchant_id else "PLATFORM"
    user = (await admin.data(CREATE_USER, i={"email": email, "name": "U", "password": "long-enough-pw", "kind": kind}))["createUser"]["user"]
    role = (await admin.data(CREATE_ROLE, i={"name": unique("r"), "kind": kind, "permissions": perms}))["createRole"]["role"]
    ctx = {"contextType": "MERCHANT", "contextId": merchant_id} if merchant_id else {"contextType": "TENANT"}
    ra = await admin.data(ASSIGN_ROLE, i={"userId": user["id"], "roleId": role["id"], **ctx})
    assert ra["assignRole"]["__typename"] == "RoleAssignmentPayload", ra
    c = GQL(url)
    assert (await c.login(email, "long-enough-pw"))["__typename"] == "LoginSuccess"
    return c

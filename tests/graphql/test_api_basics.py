"""GraphQL transport: 400 on malformed queries, codes on errors, depth limit, GraphiQL, health, metrics, schema drift."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


async def test_malformed_query_is_a_400_with_a_message(client):
    r = await client.raw("{ users { totalCount ")
    assert r.status_code == 400
    assert r.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    r = await client.raw("{ noSuchField }")
    assert r.status_code == 400 and r.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    r = await client.http.post("/graphql", content=b"not json", headers={"content-type": "application/json"})
    assert r.status_code == 400


GROUP = "mutation($n: String!) { createMerchantGroup(name: $n) { __typename } }"
GROUPS = "{ merchantGroups { id name } }"


async def test_text_with_a_nul_character_is_bad_input_and_writes_nothing(tenant):
    """PostgreSQL cannot store NUL in text: refused before any resolver, in variables and in literals alike."""
    admin = tenant["admin"]
    before = (await admin.data(GROUPS))["merchantGroups"]
    r = await admin.raw(GROUP, n="North\x00")
    err = r.json()["errors"][0]
    assert r.status_code == 400 and err["extensions"]["code"] == "BAD_USER_INPUT", r.text
    assert err["extensions"]["fields"][0]["field"] == "variables.n" and "NUL" in err["message"]
    r = await admin.raw('mutation { createMerchantGroup(name: "South\\u0000") { __typename } }')
    assert r.status_code == 400 and r.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", r.text
    assert (await admin.data(GROUPS))["merchantGroups"] == before
    assert (await admin.data(GROUP, n="North \\u0000 as text"))["createMerchantGroup"]["__typename"] == "MerchantGroupPayload"


async def test_anonymous_is_unauthenticated(client):
    body = await client.q("{ users { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await client.data("{ me { id } }"))["me"] is None


async def test_query_depth_is_limited(tenant):
    deep = "{ roleAssignments { user { id } role { id } } }"
    assert "errors" not in await tenant["admin"].q(deep)
    nested = "{ merchants " + "{ merchantGroup { merchants " * 7 + "{ id }" + " } }" * 7 + " }"
    body = await tenant["admin"].q(nested)
    assert body["errors"] and "depth" in body["errors"][0]["message"].lower()


async def test_graphiql_is_served(client):
    r = await client.http.get("/graphql", headers={"accept": "text/html"})
    assert r.status_code == 200 and "graphiql" in r.text.lower()


async def test_healthz_and_metrics(api_url):
    async with httpx.AsyncClient(base_url=api_url) as c:
        h = await c.get("/healthz")
        assert h.json()["checks"]["database"]["ok"] is True
        assert "redis" in h.json()["checks"]
        assert h.headers.get("x-request-id")
        m = await c.get("/metrics")
        assert m.status_code == 200 and "http_requests_total" in m.text


def test_checked_in_schema_matches_the_code():
    r = subprocess.run([sys.executable, "-m", "backend", "schema", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_migrations_match_the_models():
    r = subprocess.run([sys.executable, "-m", "backend", "makemigrations", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr

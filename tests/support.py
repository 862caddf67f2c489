"""Test helpers: a GraphQL client over real HTTP with its own cookie jar."""
from __future__ import annotations

import uuid
from typing import Any

import httpx

DEMO_PASSWORD = "clearway-demo"
OPERATOR_EMAIL = "operator@clearway.local"


# Every GraphQL response body of the session, and every secret value the API handed out once
# (API keys, webhook signing secrets, TOTP seeds), for the secret-leak scan that runs last.
RESPONSES: list[str] = []
SHOWN_ONCE: dict[str, int] = {}  # secret value -> index of the response that showed it
_SECRET_FIELDS = ("secret", "signingSecret")


def _collect_secrets(node: Any, index: int) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in _SECRET_FIELDS and isinstance(v, str) and len(v) >= 16:
                SHOWN_ONCE.setdefault(v, index)
            else:
                _collect_secrets(v, index)
    elif isinstance(node, list):
        for v in node:
            _collect_secrets(v, index)


class GQL:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = httpx.AsyncClient(base_url=base_url, timeout=30)

    async def raw(self, query: str, **variables: Any) -> httpx.Response:
        r = await self.http.post("/graphql", json={"query": query, "variables": variables})
        RESPONSES.append(r.text)
        try:
            _collect_secrets(r.json().get("data"), len(RESPONSES) - 1)
        except ValueError:
            pass
        return r

    async def q(self, query: str, **variables: Any) -> dict:
        """Return the whole JSON body ({data, errors})."""
        r = await self.raw(query, **variables)
        return r.json()

    async def data(self, query: str, **variables: Any) -> dict:
        body = await self.q(query, **variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    async def login(self, email: str, password: str = DEMO_PASSWORD, totp_code: str | None = None) -> dict:
        body = await self.data(
            """mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, totpCode: $t) {
                __typename ... on LoginSuccess { me { id email permissions tenant { id } } }
                ... on LoginFailed { code message } ... on TotpRequired { message } } }""",
            e=email, p=password, t=totp_code,
        )
        return body["login"]

    async def close(self) -> None:
        await self.http.aclose()


def unique(prefix: str = "t") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


CREATE_TENANT = """mutation($i: CreateTenantInput!) { createTenant(input: $i) { __typename
  ... on TenantPayload { tenant { id slug status plan } }
  ... on ValidationError { code fields { field code message } } ... on ConflictError { code message } } }"""

CREATE_USER = """mutation($i: CreateUserInput!) { createUser(input: $i) { __typename
  ... on UserPayload { user { id email kind } }
  ... on ValidationError { code message fields { field code message } } ... on ConflictError { code message } } }"""

CREATE_ROLE = """mutation($i: RoleInput!) { createRole(input: $i) { __typename
  ... on RolePayload { role { id name kind permissions } }
  ... on ValidationError { code message fields { field code message } } ... on ConflictError { code message } } }"""

ASSIGN_ROLE = """mutation($i: AssignRoleInput!) { assignRole(input: $i) { __typename
  ... on RoleAssignmentPayload { roleAssignment { id contextType contextId } }
  ... on ValidationError { code message fields { field code } } ... on ConflictError { code message }
  ... on NotFoundError { code message } } }"""


CREATE_MERCHANT = """mutation($n: String!, $g: ID) { createMerchant(name: $n, merchantGroupId: $g) { __typename
  ... on MerchantPayload { merchant { id name } } ... on ValidationError { code fields { field code } } ... on NotFoundError { code } } }"""

CREATE_API_KEY = """mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { __typename
  ... on ApiKeyCreated { secret apiKey { id prefix environment status } }
  ... on ValidationError { fields { field code } } ... on NotFoundError { code } ... on ConflictError { code } } }"""

READINESS = """query($id: ID!) { merchant(id: $id) { readiness { key done hint fixPath } } }"""


async def new_merchant(client: "GQL", name: str | None = None) -> dict:
    body = await client.data(CREATE_MERCHANT, n=name or unique("m"))
    assert body["createMerchant"]["__typename"] == "MerchantPayload", body
    return body["createMerchant"]["merchant"]


async def readiness(client: "GQL", merchant_id: str) -> dict[str, bool]:
    steps = (await client.data(READINESS, id=merchant_id))["merchant"]["readiness"]
    return {s["key"]: s["done"] for s in steps}

"""Tiny GraphQL client used by every State of the UI.

The UI never talks to the database: every read and write is a GraphQL call made *as the
logged-in user*. The session cookies (``cw_access``, ``cw_refresh``) the API sets live only in
backend-only state vars; they are forwarded here as a ``Cookie`` header, and any cookie the API
sets in a response (login, silent refresh, logout) is returned so the caller can store it.

A fresh ``httpx.AsyncClient`` is used per call on purpose: a shared client keeps a cookie jar,
and a jar shared between users' sessions would leak one user's session into another's calls.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import httpx

log = logging.getLogger("clearway.ui.gql")

DEFAULT_API_URL = "http://127.0.0.1:8400"


def api_url() -> str:
    """Base URL of the Clearway API (read at call time, so tests can point the UI elsewhere)."""
    return os.environ.get("CLEARWAY_API_URL", DEFAULT_API_URL).rstrip("/")


@dataclass
class GqlResult:
    data: dict[str, Any] | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    # cookies set by the response: name -> value ("" means the API deleted it)
    set_cookies: dict[str, str] = field(default_factory=dict)
    # transport-level failure (API down, bad status, invalid JSON)
    transport_error: str = ""

    @property
    def error_codes(self) -> set[str]:
        return {str((e.get("extensions") or {}).get("code", "")) for e in self.errors}

    @property
    def unauthenticated(self) -> bool:
        return "UNAUTHENTICATED" in self.error_codes

    @property
    def forbidden(self) -> bool:
        return "FORBIDDEN" in self.error_codes

    @property
    def ok(self) -> bool:
        return not self.errors and not self.transport_error and self.data is not None

    def first_error(self) -> str:
        if self.transport_error:
            return self.transport_error
        if self.errors:
            return str(self.errors[0].get("message") or "Request failed")
        return ""

    def get(self, key: str, default: Any = None) -> Any:
        return (self.data or {}).get(key, default)


def _parse_set_cookies(headers: httpx.Headers) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw in headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(raw)
        except Exception:  # malformed cookie: ignore it rather than fail the call
            continue
        for name, morsel in jar.items():
            deleted = morsel["max-age"] in ("0", "-1") or not morsel.value
            if not deleted and morsel["expires"]:
                deleted = "1970" in morsel["expires"]
            out[name] = "" if deleted else morsel.value
    return out


async def execute(
    query: str,
    variables: dict[str, Any] | None = None,
    cookies: dict[str, str] | None = None,
    timeout: float = 15.0,
) -> GqlResult:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items() if v)
    payload = {"query": query, "variables": variables or {}}
    try:
        async with httpx.AsyncClient(timeout=timeout) as client:
            resp = await client.post(f"{api_url()}/graphql", json=payload, headers=headers)
    except httpx.HTTPError as exc:
        log.warning("GraphQL transport error: %s", exc)
        return GqlResult(transport_error="The Clearway API is unreachable. Try again in a moment.")
    result = GqlResult(set_cookies=_parse_set_cookies(resp.headers))
    try:
        body = resp.json()
    except ValueError:
        result.transport_error = f"The API answered {resp.status_code} without JSON."
        return result
    if not isinstance(body, dict):
        result.transport_error = "Unexpected API answer."
        return result
    result.data = body.get("data")
    result.errors = list(body.get("errors") or [])
    if resp.status_code >= 400 and not result.errors and result.data is None:
        result.transport_error = f"The API answered {resp.status_code}."
    return result


async def execute_upload(query: str, variables: dict[str, Any], file_variable: str, filename: str, data: bytes,
                         cookies: dict[str, str] | None = None, timeout: float = 60.0) -> GqlResult:
    """A GraphQL multipart request (one file in `variables[file_variable]`), with the CSRF header the API requires."""
    import orjson

    headers = {"Accept": "application/json", "GraphQL-Require-Preflight": "1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items() if v)
    operations = {"query": query, "variables": {**variables, file_variable: None}}
    form = {"operations": orjson.dumps(operations).decode(), "map": orjson.dumps({"0": [f"variables.{file_variable}"]}).decode()}
    try:
        async with httpx.AsyncClient(timeout=timeout) as client:
            resp = await client.post(f"{api_url()}/graphql", data=form, files={"0": (filename, data, "application/octet-stream")},
                                     headers=headers)
    except httpx.HTTPError as exc:
        log.warning("GraphQL upload transport error: %s", exc)
        return GqlResult(transport_error="The Clearway API is unreachable. Try again in a moment.")
    result = GqlResult(set_cookies=_parse_set_cookies(resp.headers))
    try:
        body = resp.json()
    except ValueError:
        result.transport_error = f"The API answered {resp.status_code} without JSON."
        return result
    result.data = body.get("data") if isinstance(body, dict) else None
    result.errors = list((body.get("errors") if isinstance(body, dict) else None) or [])
    return result


async def fetch_file(path: str, cookies: dict[str, str] | None = None, timeout: float = 30.0) -> tuple[int, bytes, dict[str, str]]:
    """GET a file the API serves to the signed-in user (e.g. dispute evidence): (status, bytes, set-cookies)."""
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items() if v)} if cookies else {}
    try:
        async with httpx.AsyncClient(timeout=timeout) as client:
            resp = await client.get(f"{api_url()}{path}", headers=headers)
    except httpx.HTTPError:
        return 0, b"", {}
    return resp.status_code, resp.content, _parse_set_cookies(resp.headers)

"""GraphQL subscriptions for the UI backend: graphql-transport-ws to CLEARWAY_API_URL/graphql, as the logged-in user.

Only the access cookie is sent: a websocket upgrade cannot hand back rotated cookies, so the API never refreshes a
session there (the caller refreshes over HTTP with ``execute`` first, e.g. by loading the page's data).

    async with subscription(QUERY, {"id": ...}, cookies) as results:
        async for data in results:      # each `next` payload's data; LiveError on `error`; ends on `complete`
            ...                         # (or: data = await results.next(), None on `complete`)
            ...
"""
from __future__ import annotations

import contextlib
import itertools
import json
import logging
from typing import Any, AsyncIterator

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from .client import api_url

log = logging.getLogger("clearway.ui.live")

PROTOCOL = "graphql-transport-ws"
ACCESS_COOKIE = "cw_access"
_ids = itertools.count(1)


class LiveError(Exception):
    """The subscription was refused or broke; `code` is the GraphQL error code when the API gave one."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


def ws_url() -> str:
    base = api_url()
    return ("wss://" + base[len("https://"):] if base.startswith("https://") else "ws://" + base.split("://", 1)[-1]) + "/graphql"


class Results:
    def __init__(self, ws: ClientConnection, op_id: str) -> None:
        self._ws = ws
        self._id = op_id

    def __aiter__(self) -> "Results":
        return self

    async def __anext__(self) -> dict[str, Any]:
        data = await self.next()
        if data is None:
            raise StopAsyncIteration
        return data

    async def next(self) -> dict[str, Any] | None:
        """The next result's data; None when the API completed the subscription. Safe to cancel (a timeout)."""
        while True:
            try:
                raw = await self._ws.recv()
            except WebSocketException as exc:
                raise LiveError(f"Live connection closed: {exc}") from exc
            msg = json.loads(raw)
            kind = msg.get("type")
            if kind == "ping":
                await self._ws.send(json.dumps({"type": "pong"}))
                continue
            if msg.get("id") != self._id:
                continue
            if kind == "next":
                payload = msg.get("payload") or {}
                if payload.get("errors"):
                    err = payload["errors"][0]
                    raise LiveError(str(err.get("message") or "error"), str((err.get("extensions") or {}).get("code", "")))
                return payload.get("data") or {}
            if kind == "error":
                errs = msg.get("payload") or [{}]
                err = errs[0] if isinstance(errs, list) and errs else {}
                raise LiveError(str(err.get("message") or "error"), str((err.get("extensions") or {}).get("code", "")))
            if kind == "complete":
                return None


@contextlib.asynccontextmanager
async def subscription(query: str, variables: dict[str, Any] | None, cookies: dict[str, str] | None,
                       open_timeout: float = 10.0) -> AsyncIterator[Results]:
    headers = {}
    access = (cookies or {}).get(ACCESS_COOKIE)
    if access:
        headers["Cookie"] = f"{ACCESS_COOKIE}={access}"
    try:
        ws = await connect(ws_url(), subprotocols=[PROTOCOL], additional_headers=headers, open_timeout=open_timeout,
                           close_timeout=2)
    except (OSError, WebSocketException, TimeoutError) as exc:
        raise LiveError(f"Live connection failed: {exc}") from exc
    try:
        try:
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            ack = json.loads(await ws.recv())
            if ack.get("type") != "connection_ack":
                raise LiveError("Live connection was not acknowledged")
            op_id = str(next(_ids))
            await ws.send(json.dumps({"id": op_id, "type": "subscribe",
                                      "payload": {"query": query, "variables": variables or {}}}))
        except WebSocketException as exc:
            raise LiveError(f"Live connection closed: {exc}") from exc
        yield Results(ws, op_id)
    finally:
        with contextlib.suppress(Exception):
            await ws.close()

"""A minimal graphql-transport-ws client over a real websocket (the `websockets` library), for subscription tests."""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from typing import Any, AsyncIterator

from websockets.asyncio.client import ClientConnection, connect

PROTOCOL = "graphql-transport-ws"


def ws_url(http_url: str) -> str:
    return http_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1) + "/graphql"


def session_headers(gql) -> dict[str, str]:
    """The Cookie header of a logged-in tests.support.GQL client (its session cookies)."""
    cookie = "; ".join(f"{name}={value}" for name, value in gql.http.cookies.items())
    return {"Cookie": cookie} if cookie else {}


class GraphQLWS:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self._ids = itertools.count(1)
        self._inbox: dict[str, asyncio.Queue] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                msg = json.loads(raw)
                if msg.get("type") == "ping":
                    await self.ws.send(json.dumps({"type": "pong"}))
                    continue
                if "id" in msg:
                    self._inbox.setdefault(msg["id"], asyncio.Queue()).put_nowait(msg)
        except Exception:
            pass
        for q in self._inbox.values():
            q.put_nowait({"type": "closed"})

    async def subscribe(self, query: str, **variables: Any) -> str:
        op_id = str(next(self._ids))
        self._inbox.setdefault(op_id, asyncio.Queue())
        await self.ws.send(json.dumps({"id": op_id, "type": "subscribe", "payload": {"query": query, "variables": variables}}))
        return op_id

    async def message(self, op_id: str, timeout: float = 10.0) -> dict:
        """The next message of operation `op_id`: {type: next|error|complete|closed, payload}."""
        return await asyncio.wait_for(self._inbox[op_id].get(), timeout)

    async def maybe_message(self, op_id: str, timeout: float) -> dict | None:
        try:
            return await self.message(op_id, timeout)
        except TimeoutError:
            return None

    async def complete(self, op_id: str) -> None:
        await self.ws.send(json.dumps({"id": op_id, "type": "complete"}))

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(BaseException):
            await self._reader
        await self.ws.close()


@contextlib.asynccontextmanager
async def graphql_ws(http_url: str, headers: dict[str, str] | None = None, init_payload: dict | None = None) -> AsyncIterator[GraphQLWS]:
    """Open /graphql as graphql-transport-ws, send connection_init and wait for the ack."""
    ws = await connect(ws_url(http_url), subprotocols=[PROTOCOL], additional_headers=headers or {}, open_timeout=10)
    try:
        assert ws.subprotocol == PROTOCOL, ws.subprotocol
        await ws.send(json.dumps({"type": "connection_init", "payload": init_payload or {}}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        client = GraphQLWS(ws)
    except BaseException:
        await ws.close()
        raise
    try:
        yield client
    finally:
        await client.close()

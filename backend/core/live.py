"""Live events over Redis pub/sub, so any API process can serve what any process or worker published.

Publishers call :func:`publish` (after commit: a subscriber must never see an event that was rolled back).
Listeners (GraphQL subscriptions) use :func:`listen`::

    async with live.listen(channel) as messages:   # SUBSCRIBE confirmed by Redis on entry
        ...read what is already stored (replay)...
        async for payload in messages:              # decoded JSON objects, in publication order
            ...

Leaving the block (normally, by an exception, or by cancellation when the client unsubscribes or disconnects)
closes the pub/sub connection, so Redis drops the subscriber: nothing is left behind (PUBSUB NUMSUB).
One connection per listener; channels are named ``clearway:<kind>:<id>:<stream>``, e.g.
``clearway:txn:{txn_id}:timeline`` or ``clearway:webhook-endpoint:{endpoint_id}:deliveries``.
"""
from __future__ import annotations

import asyncio
import contextlib
from typing import Any, AsyncIterator

import orjson
import redis.asyncio as aioredis

from backend.core.config import get_settings
from backend.core.observability import get_logger

log = get_logger("clearway.live")

SUBSCRIBE_TIMEOUT_SECONDS = 5.0

_client: aioredis.Redis | None = None
_client_loop: asyncio.AbstractEventLoop | None = None


def _redis() -> aioredis.Redis:
    """A client of this process and event loop (pub/sub connections are taken from its pool, one per listener)."""
    global _client, _client_loop
    loop = asyncio.get_running_loop()
    if _client is None or _client_loop is not loop:
        _client = aioredis.from_url(get_settings().redis_url, socket_connect_timeout=2)
        _client_loop = loop
    return _client


class LiveUnavailable(RuntimeError):
    """Redis could not be reached to subscribe, or the connection broke: live updates are off (clients fall back to
    polling, or replay when they subscribe again)."""


async def publish(channel: str, payload: dict[str, Any]) -> bool:
    """Best effort: the event is already stored, the live view is a convenience. False when Redis failed."""
    try:
        await _redis().publish(channel, orjson.dumps(payload))
        return True
    except Exception as exc:  # Redis down: subscribers catch up by replay / polling
        log.warning("live.publish_failed", channel=channel, error=type(exc).__name__)
        return False


async def publish_many(messages: list[tuple[str, dict[str, Any]]]) -> bool:
    """Several PUBLISHes in one pipeline (one round trip), in order; best effort like :func:`publish`."""
    try:
        async with _redis().pipeline(transaction=False) as pipe:
            for channel, payload in messages:
                pipe.publish(channel, orjson.dumps(payload))
            await pipe.execute()
        return True
    except Exception as exc:  # Redis down: subscribers catch up by replay / polling
        log.warning("live.publish_failed", channel=messages[0][0] if messages else None, error=type(exc).__name__)
        return False


class Messages:
    """The decoded JSON messages of one subscription, as an async iterator (non-JSON messages are skipped)."""

    def __init__(self, pubsub: aioredis.client.PubSub, channels: tuple[str, ...]) -> None:
        self._pubsub = pubsub
        self.channels = channels

    def __aiter__(self) -> "Messages":
        return self

    async def __anext__(self) -> dict[str, Any]:
        while True:
            try:
                message = await self._pubsub.get_message(timeout=None)
            except (aioredis.RedisError, OSError) as exc:  # Redis went away: the subscriber is told, not left hanging
                log.warning("live.connection_lost", channels=list(self.channels), error=type(exc).__name__)
                raise LiveUnavailable("Live updates were interrupted") from exc
            if message is None or message.get("type") != "message":
                continue
            try:
                payload = orjson.loads(message["data"])
            except orjson.JSONDecodeError:
                log.warning("live.bad_message", channel=message.get("channel"))
                continue
            if isinstance(payload, dict):
                return payload


@contextlib.asynccontextmanager
async def listen(*channels: str) -> AsyncIterator[Messages]:
    """Subscribe to `channels`; on entry Redis has confirmed the subscription (nothing published after is missed)."""
    if not channels:
        raise ValueError("listen() needs at least one channel")
    pubsub = _redis().pubsub()
    try:
        try:
            async with asyncio.timeout(SUBSCRIBE_TIMEOUT_SECONDS):
                await pubsub.subscribe(*channels)
                confirmed = 0
                while confirmed < len(channels):
                    message = await pubsub.get_message(timeout=SUBSCRIBE_TIMEOUT_SECONDS)
                    if message is not None and message.get("type") == "subscribe":
                        confirmed += 1
        except (TimeoutError, aioredis.RedisError, OSError) as exc:
            log.warning("live.subscribe_failed", channels=list(channels), error=type(exc).__name__)
            raise LiveUnavailable("Live updates are unavailable right now") from exc
        yield Messages(pubsub, channels)
    finally:
        # Closing the connection drops every subscription of it on the Redis side, even when we were cancelled mid-read.
        with contextlib.suppress(Exception):
            await asyncio.shield(pubsub.aclose())

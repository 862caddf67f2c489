"""UI sessions shared by a browser's tabs.

Reflex keeps state per tab, so the API session cookies held in a tab's backend-only state would make every new tab
(a transaction opened with a middle click, a shared link) ask for a login again. At login the UI gives the browser an
opaque random id in the ``cw_ui`` cookie and keeps the API session cookies under it in Redis, server-side (only a
SHA-256 of the id is used as the key, and the API's tokens never reach the browser). Every tab of that browser reads
them from here before each call, so a silent refresh made by one tab serves the others, and a logout in one tab ends
them all. Without Redis the UI falls back to one session per tab (logged, never an error).
"""
from __future__ import annotations

import hashlib
import logging
import os
import secrets
from typing import Any

import orjson

log = logging.getLogger("clearway.ui.session")

COOKIE = "cw_ui"
KEY = "clearway:ui-session:{}"
_client: Any = None


def new_id() -> str:
    return secrets.token_urlsafe(32)


def lifetime_seconds() -> int:
    """As long as the API's refresh token lives (CLEARWAY_REFRESH_TTL): the stored session is useless after that."""
    return int(os.environ.get("CLEARWAY_REFRESH_TTL", str(14 * 24 * 3600)))


def secure() -> bool:
    """Sent over https only when the API's cookies are (CLEARWAY_COOKIE_SECURE=1, production)."""
    return os.environ.get("CLEARWAY_COOKIE_SECURE", "0") == "1"


def _key(ui_id: str) -> str:
    return KEY.format(hashlib.sha256(ui_id.encode()).hexdigest())


def _redis():
    global _client
    if _client is None:
        import redis.asyncio as redis

        _client = redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), socket_timeout=2,
                                 socket_connect_timeout=2)
    return _client


class StoreUnavailable(Exception):
    """Redis did not answer: the caller keeps the tab's own copy of the session."""


async def load(ui_id: str) -> dict[str, str] | None:
    """The API session cookies kept for this browser, or None (unknown id, expired, or logged out)."""
    if not ui_id:
        return None
    try:
        raw = await _redis().get(_key(ui_id))
    except Exception as exc:  # noqa: BLE001
        log.warning("ui session store unreachable: %s", exc)
        raise StoreUnavailable from exc
    return orjson.loads(raw) if raw else None


async def save(ui_id: str, cookies: dict[str, str]) -> None:
    try:
        if cookies:
            await _redis().set(_key(ui_id), orjson.dumps(dict(cookies)), ex=lifetime_seconds())  # (a state proxy: copy)
        else:
            await _redis().delete(_key(ui_id))
    except Exception as exc:  # noqa: BLE001
        log.warning("ui session store unreachable: %s", exc)


async def drop(ui_id: str) -> None:
    if ui_id:
        await save(ui_id, {})

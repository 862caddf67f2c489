"""State of /operator/health (system operator only): infrastructure figures, no tenant data."""
from __future__ import annotations

from datetime import datetime, timezone

import reflex as rx

from ..gql import queries as Q
from .base import AuthState


class HealthState(AuthState):
    loading: bool = False
    loaded: bool = False
    forbidden: bool = False
    error: str = ""
    database_ok: bool = False
    redis_ok: bool = False
    worker_alive: bool = False
    queue_depth: int = 0
    heartbeat_age: str = "—"
    checked_at: str = ""

    async def _fetch(self):
        res = await self._gql(Q.PLATFORM_HEALTH)
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        health = res.get("platformHealth")
        if health is None:
            if res.forbidden:
                self.forbidden = True
            else:
                self.error = res.first_error() or "Could not read platform health."
            return None
        self.forbidden = False
        self.error = ""
        self.database_ok = bool(health.get("databaseOk"))
        self.redis_ok = bool(health.get("redisOk"))
        self.worker_alive = bool(health.get("workerAlive"))
        self.queue_depth = int(health.get("queueDepth") or 0)
        age = health.get("workerHeartbeatAgeSeconds")
        self.heartbeat_age = "never" if age is None else (f"{age:.0f} s ago" if age < 120 else f"{age / 60:.0f} min ago")
        self.checked_at = datetime.now(timezone.utc).strftime("%H:%M:%S UTC")
        return None

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        if not self.is_operator:
            self.forbidden = True
            self.loaded = True
            return
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        self.loaded = True
        if redirect is not None:
            yield redirect

    @rx.event
    async def refresh(self):
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        if redirect is not None:
            yield redirect

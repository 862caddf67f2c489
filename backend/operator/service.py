"""Global health for the system operator: database, Redis, queues, worker heartbeat. No tenant data."""
from __future__ import annotations

import time
from dataclasses import dataclass

from backend.core.queue import HEARTBEAT_KEY, QUEUE_NAME


@dataclass
class Health:
    database_ok: bool
    redis_ok: bool
    queue_depth: int
    worker_alive: bool
    worker_heartbeat_age_seconds: float | None


async def platform_health(redis) -> Health:
    from tortoise import connections

    try:
        await connections.get("default").execute_query("SELECT 1")
        db_ok = True
    except Exception:
        db_ok = False
    redis_ok, depth, age = False, 0, None
    try:
        await redis.ping()
        redis_ok = True
        depth = int(await redis.zcard(QUEUE_NAME))
        beat = await redis.get(HEARTBEAT_KEY)
        if beat is not None:
            age = max(0.0, time.time() - float(beat))
    except Exception:
        pass
    return Health(database_ok=db_ok, redis_ok=redis_ok, queue_depth=depth,
                  worker_alive=age is not None and age < 90, worker_heartbeat_age_seconds=age)

"""Global health for the operator: database, Redis, queue depth and a live worker heartbeat (real arq worker)."""
from __future__ import annotations

import asyncio

HEALTH = "{ platformHealth { databaseOk redisOk queueDepth workerAlive workerHeartbeatAgeSeconds } }"


async def test_worker_heartbeat_shows_in_platform_health(operator, worker):
    for _ in range(100):
        h = (await operator.data(HEALTH))["platformHealth"]
        if h["workerAlive"]:
            break
        await asyncio.sleep(0.2)
    assert h["databaseOk"] and h["redisOk"] and h["workerAlive"], h
    assert h["workerHeartbeatAgeSeconds"] < 90


async def test_platform_health_is_operator_only(tenant):
    body = await tenant["admin"].q(HEALTH)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"

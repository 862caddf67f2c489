"""The job queue (arq on Redis): names shared by the API, the worker and health checks."""
from __future__ import annotations

from arq.connections import ArqRedis, RedisSettings, create_pool

from backend.core.config import get_settings

QUEUE_NAME = "arq:queue"  # arq's default queue
HEARTBEAT_KEY = "clearway:worker:heartbeat"


def redis_settings() -> RedisSettings:
    return RedisSettings.from_dsn(get_settings().redis_url)


async def job_pool() -> ArqRedis:
    return await create_pool(redis_settings())


_pools: dict[int, ArqRedis] = {}


async def enqueue(function: str, *args, **kwargs) -> None:
    """Queue a job (arq options like _defer_by / _job_id pass through); one pool per event loop."""
    import asyncio

    loop_id = id(asyncio.get_running_loop())
    pool = _pools.get(loop_id)
    if pool is None:
        pool = _pools[loop_id] = await job_pool()
    await pool.enqueue_job(function, *args, **kwargs)

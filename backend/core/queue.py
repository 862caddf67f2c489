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


async def _pool() -> ArqRedis:
    """One pool per event loop."""
    import asyncio

    loop_id = id(asyncio.get_running_loop())
    pool = _pools.get(loop_id)
    if pool is None:
        pool = _pools[loop_id] = await job_pool()
    return pool


async def enqueue(function: str, *args, **kwargs) -> None:
    """Queue a job (arq options like _defer_by / _job_id pass through)."""
    await (await _pool()).enqueue_job(function, *args, **kwargs)


async def waiting(job_ids: list[str]) -> set[str]:
    """The job ids among these that wait in the queue, due now, and have not started. A started job is left out: if
    the worker running it died, arq itself only runs it again once its in-progress mark expires (minutes later); so
    is a job deferred to later (the caller wants it now)."""
    import time

    from arq.constants import in_progress_key_prefix

    if not job_ids:
        return set()
    async with (await _pool()).pipeline(transaction=False) as pipe:
        pipe.zmscore(QUEUE_NAME, job_ids)
        for job_id in job_ids:
            pipe.exists(in_progress_key_prefix + job_id)
        scores, *started = await pipe.execute()
    due = time.time() * 1000 + 1000
    return {job_id for job_id, score, running in zip(job_ids, scores, started)
            if score is not None and score <= due and not running}

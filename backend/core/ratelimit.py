"""Fixed-window rate limiting in Redis, shared by every API process."""
from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset_in: int


async def hit(redis, bucket: str, limit: int, window_seconds: int = 60) -> Verdict:
    window = int(time.time() // window_seconds)
    key = f"clearway:rl:{bucket}:{window}"
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(key)
        pipe.expire(key, window_seconds + 1)
        count, _ = await pipe.execute()
    reset_in = window_seconds - int(time.time() % window_seconds)
    return Verdict(allowed=count <= limit, limit=limit, remaining=max(0, limit - count), reset_in=reset_in)

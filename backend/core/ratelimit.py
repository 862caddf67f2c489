"""Fixed-window rate limiting in Redis, shared by every API process."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass


@dataclass
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset_in: int


async def hit(redis, bucket: str, limit: int, window_seconds: int = 60) -> Verdict:
    """Count one request. When Redis cannot be reached the request is let through (fail open) and logged."""
    window = int(time.time() // window_seconds)
    key = f"clearway:rl:{bucket}:{window}"
    try:
        async with redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, window_seconds + 1)
            count, _ = await pipe.execute()
    except Exception as exc:  # redis down or slow: availability of the payment API wins
        logging.getLogger("clearway.ratelimit").warning("rate limiter unavailable: %s", type(exc).__name__)
        return Verdict(allowed=True, limit=limit, remaining=limit, reset_in=window_seconds)
    reset_in = window_seconds - int(time.time() % window_seconds)
    return Verdict(allowed=count <= limit, limit=limit, remaining=max(0, limit - count), reset_in=reset_in)

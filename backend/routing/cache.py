"""Routing generation: publishing bumps it in Redis; compiled routings cached per process are dropped when it moves."""
from __future__ import annotations

import redis.asyncio as aioredis

from backend.core.config import get_settings
from backend.core.tenancy import current_tenant_id

_client: aioredis.Redis | None = None


def redis_client() -> aioredis.Redis:
    global _client
    if _client is None:
        _client = aioredis.from_url(get_settings().redis_url)
    return _client


def _key(tenant_id: str | None) -> str:
    return f"clearway:routing:generation:{tenant_id}"


async def bump_generation(tenant_id: str | None = None) -> None:
    try:
        await redis_client().incr(_key(tenant_id if tenant_id is not None else current_tenant_id()))
    except Exception:  # Redis down: caches fall back to their TTL
        pass


async def generation(tenant_id: str | None) -> int:
    try:
        value = await redis_client().get(_key(tenant_id))
        return int(value or 0)
    except Exception:
        return -1


async def invalidate_after_commit(tenant_id: str | None) -> None:
    """Drop the tenant's compiled routings once the current unit of work has committed."""
    from backend.core.unit_of_work import after_commit

    await after_commit(lambda: bump_generation(tenant_id))

from __future__ import annotations

from typing import Optional

import strawberry
from strawberry.types import Info

from backend.graphql.permissions import IsOperator
from backend.operator.service import platform_health


@strawberry.type(description="Global health of the platform: infrastructure only, no tenant data.")
class PlatformHealth:
    database_ok: bool
    redis_ok: bool
    queue_depth: int
    worker_alive: bool
    worker_heartbeat_age_seconds: Optional[float]


@strawberry.type
class OperatorQuery:
    @strawberry.field(permission_classes=[IsOperator])
    async def platform_health(self, info: Info) -> PlatformHealth:
        h = await platform_health(info.context.request.app.state.redis)
        return PlatformHealth(database_ok=h.database_ok, redis_ok=h.redis_ok, queue_depth=h.queue_depth,
                              worker_alive=h.worker_alive, worker_heartbeat_age_seconds=h.worker_heartbeat_age_seconds)

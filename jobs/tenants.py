"""Cron jobs work tenant by tenant: find the tenants with due work, then run the service in each one's scope."""
from __future__ import annotations

from typing import Any, Awaitable, Callable


async def tenants_with(*queries: Callable[[], Any]) -> set[str]:
    """The tenants owning any row the given queryset factories select. The factories run inside the system scope:
    a tenant-scoped queryset takes its scope when it is built."""
    from backend.core.tenancy import system_scope

    found: set[str] = set()
    with system_scope():
        for query in queries:
            found |= set(await query().distinct().values_list("tenant_id", flat=True))
    return found


async def in_each_tenant(tenant_ids, work: Callable[[], Awaitable[int]], *, transaction: bool = True) -> int:
    """Run `work` in each tenant's scope (in its own unit of work unless transaction=False); the sum of its counts."""
    from backend.core.tenancy import tenant_scope
    from backend.core.unit_of_work import unit_of_work

    total = 0
    for tenant_id in tenant_ids:
        with tenant_scope(tenant_id):
            if transaction:
                async with unit_of_work():
                    total += await work()
            else:
                total += await work()
    return total

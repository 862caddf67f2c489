"""Ledger jobs: merchants' settled funds become available once their release delay has passed."""
from __future__ import annotations


async def release_funds(ctx: dict) -> int:
    """Move due pending funds to available (each tenant in its own scope and transaction). Returns how many payments."""
    from backend.core.tenancy import system_scope, tenant_scope
    from backend.core.unit_of_work import unit_of_work
    from backend.ledger.service import due_settlements, release_due

    with system_scope():
        tenants = await due_settlements().distinct().values_list("tenant_id", flat=True)
    total = 0
    for tenant_id in tenants:
        with tenant_scope(tenant_id):
            async with unit_of_work():
                total += await release_due()
    return total

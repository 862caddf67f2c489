"""Ledger jobs: merchants' settled funds become available once their release delay has passed."""
from __future__ import annotations

from jobs.tenants import in_each_tenant, tenants_with


async def release_funds(ctx: dict) -> int:
    """Move due pending funds to available (each tenant in its own scope and transaction). Returns how many payments."""
    from backend.ledger.service import due_settlements, release_due

    return await in_each_tenant(await tenants_with(due_settlements), release_due)

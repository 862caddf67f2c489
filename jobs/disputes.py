"""Dispute jobs: escalate disputes not resolved 48 hours after opening (cron, tenant by tenant)."""
from __future__ import annotations

from backend.core.observability import get_logger
from jobs.tenants import in_each_tenant, tenants_with

log = get_logger("clearway.jobs.disputes")


async def escalate_disputes(ctx: dict) -> int:
    """Escalate due disputes (each tenant in its own scope and transaction). Returns how many."""
    from backend.core import clock
    from backend.disputes.models import Dispute
    from backend.disputes.service import escalate_due
    from backend.disputes.states import AUTO_ESCALATE_FROM

    def due():
        return Dispute.filter(status__in=list(AUTO_ESCALATE_FROM), escalate_at__lte=clock.now())

    count = await in_each_tenant(await tenants_with(due), escalate_due)
    log.info("disputes.escalation_checked", escalated=count, now=clock.now().isoformat())
    return count

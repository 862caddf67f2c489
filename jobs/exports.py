"""Export jobs: build one export's file (CSV, XLSX, webhook log, evidence JSON, PDF receipt, compliance bundle)."""
from __future__ import annotations


async def run_export(ctx: dict, tenant_id: str, export_id: str) -> str | None:
    """Load the export in its tenant's scope and run it; its status, progress and file are recorded on the job."""
    from backend.core.tenancy import tenant_scope
    from backend.exports.runner import run

    with tenant_scope(tenant_id):
        job = await run(export_id)
    return None if job is None else job.status.value if hasattr(job.status, "value") else str(job.status)


async def expire_exports(ctx: dict) -> int:
    """Delete export files past retention and mark their jobs expired (each tenant in its own scope and transaction)."""
    from backend.core import clock
    from backend.core.observability import get_logger
    from backend.exports.retention import due, expire_due
    from jobs.tenants import in_each_tenant, tenants_with

    count = await in_each_tenant(await tenants_with(due), expire_due)
    get_logger("clearway.jobs.exports").info("exports.retention_checked", expired=count, now=clock.now().isoformat())
    return count

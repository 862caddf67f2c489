"""Export jobs: build one export's file (CSV, XLSX, webhook log, evidence JSON, PDF receipt, compliance bundle)."""
from __future__ import annotations


async def run_export(ctx: dict, tenant_id: str, export_id: str) -> str | None:
    """Load the export in its tenant's scope and run it; its status, progress and file are recorded on the job."""
    from backend.core.tenancy import tenant_scope
    from backend.exports.runner import run

    with tenant_scope(tenant_id):
        job = await run(export_id)
    return None if job is None else job.status.value if hasattr(job.status, "value") else str(job.status)

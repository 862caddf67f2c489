"""Export file retention: files are deleted CLEARWAY_EXPORT_RETENTION_DAYS after their export finished; the job row
stays (who exported what, when, its size and SHA-256) and is marked EXPIRED. Run by the worker's cron
(jobs/exports.py: expire_exports), tenant by tenant."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from backend.core import clock
from backend.core.config import get_settings
from backend.core.observability import get_logger
from backend.exports.models import ExportJob, ExportStatus

log = get_logger("clearway.exports.retention")
BATCH = 500  # per tenant and run; the next run takes the rest


def cutoff() -> datetime:
    return clock.now() - timedelta(days=get_settings().export_retention_days)


def due():
    """Succeeded exports whose file is past retention (a tenant-scoped queryset: built in the caller's scope)."""
    return ExportJob.filter(status=ExportStatus.SUCCEEDED, finished_at__lte=cutoff())


async def expire_due() -> int:
    """In the current tenant's scope: delete the files past retention and mark their jobs EXPIRED. How many.

    The file goes first: should the row update fail, the next run finds the row again (a missing file is fine)."""
    count = 0
    for job in await due().order_by("finished_at").limit(BATCH):
        if job.file_path:
            try:
                Path(job.file_path).unlink(missing_ok=True)
            except OSError as exc:
                log.warning("export.file_delete_failed", export_id=job.id, error=str(exc))
                continue
        count += await ExportJob.filter(id=job.id, status=ExportStatus.SUCCEEDED).update(
            status=ExportStatus.EXPIRED, file_path=None)
    return count

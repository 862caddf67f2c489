"""The body of an export job (called by jobs/exports.py in the export's tenant scope).

The file is written as ``<exports dir>/<tenant>/<export id>.<ext>.part`` and renamed when complete, so a file
under its final name is always whole. Progress (rows written) is saved on the job as it goes and published on
Redis (``clearway:export:{id}:progress``) for the UI. A job that dies half-way is simply run again from the start
by the next try (arq retries); a job that already succeeded is left alone.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from backend.core import clock, live
from backend.core.observability import get_logger
from backend.exports import bundle, evidence, receipt, writers
from backend.exports.models import ExportJob, ExportKind, ExportStatus
from backend.exports.service import PROGRESS_CHANNEL, exports_dir
from backend.webhooks.models import WebhookAttempt, WebhookDelivery

log = get_logger("clearway.exports")

EXTENSION = {ExportKind.TRANSACTIONS_CSV: "csv", ExportKind.TRANSACTIONS_XLSX: "xlsx", ExportKind.WEBHOOK_LOG: "csv",
             ExportKind.EVIDENCE_JSON: "json", ExportKind.RECEIPT_PDF: "pdf", ExportKind.COMPLIANCE_BUNDLE: "zip"}
STEM = {ExportKind.TRANSACTIONS_CSV: "transactions", ExportKind.TRANSACTIONS_XLSX: "transactions",
        ExportKind.WEBHOOK_LOG: "webhook-log", ExportKind.EVIDENCE_JSON: "evidence", ExportKind.RECEIPT_PDF: "receipt",
        ExportKind.COMPLIANCE_BUNDLE: "compliance-bundle"}


def file_name(job: ExportJob) -> str:
    kind = ExportKind(job.kind)
    subject = job.transaction_id or job.created_at.strftime("%Y%m%d-%H%M%S")
    return f"{STEM[kind]}-{subject}.{EXTENSION[kind]}"


class _Progress:
    def __init__(self, job: ExportJob):
        self.job = job

    async def __call__(self, done: int) -> None:
        self.job.rows_done = done
        await ExportJob.filter(id=self.job.id).update(rows_done=done)
        await live.publish(PROGRESS_CHANNEL.format(id=self.job.id), {
            "id": self.job.id, "status": ExportStatus.RUNNING.value, "rows_done": done, "rows_total": self.job.rows_total})


async def _webhook_total(txns) -> int:
    from tortoise.expressions import Subquery

    deliveries = WebhookDelivery.filter(transaction_id__in=Subquery(txns.values("id")))
    attempts = await WebhookAttempt.filter(delivery_id__in=Subquery(deliveries.values("id"))).count()
    return attempts + await deliveries.filter(attempts=0).count()


async def _produce(job: ExportJob, path: str, progress: _Progress) -> int:
    kind = ExportKind(job.kind)
    txns = writers.transactions_of(job.criteria, job.merchant_ids)
    if job.transaction_id:
        txns = txns.filter(id=job.transaction_id)
    if kind == ExportKind.TRANSACTIONS_CSV:
        return await writers.write_csv(path, writers.TXN_HEADER, writers.transaction_rows(txns), progress)
    if kind == ExportKind.TRANSACTIONS_XLSX:
        return await writers.write_xlsx(path, writers.TXN_HEADER, writers.transaction_rows(txns), progress)
    if kind == ExportKind.WEBHOOK_LOG:
        return await writers.write_csv(path, writers.WEBHOOK_HEADER, writers.webhook_rows(txns), progress)
    if kind in (ExportKind.EVIDENCE_JSON, ExportKind.RECEIPT_PDF):
        doc = await evidence.build(job.transaction_id, include_pii=job.include_pii)
        if kind == ExportKind.EVIDENCE_JSON:
            Path(path).write_bytes(evidence.dumps(doc))
        else:
            receipt.render(doc, path)
        await progress(1)
        return 1
    return await _bundle(job, path, txns, progress)


async def _bundle(job: ExportJob, path: str, txns, progress: _Progress) -> int:
    work = tempfile.mkdtemp(prefix=f"{job.id}-", dir=os.path.dirname(path))
    try:
        parts: list[tuple[str, str]] = []
        if job.transaction_id:
            doc = await evidence.build(job.transaction_id, include_pii=job.include_pii)
            parts.append(("evidence.json", os.path.join(work, "evidence.json")))
            Path(parts[-1][1]).write_bytes(evidence.dumps(doc))
            parts.append(("receipt.pdf", os.path.join(work, "receipt.pdf")))
            receipt.render(doc, parts[-1][1])
        parts.append(("transactions.csv", os.path.join(work, "transactions.csv")))
        rows = await writers.write_csv(parts[-1][1], writers.TXN_HEADER, writers.transaction_rows(txns), progress)

        async def quiet(_: int) -> None:
            return None

        parts.append(("webhook-log.csv", os.path.join(work, "webhook-log.csv")))
        await writers.write_csv(parts[-1][1], writers.WEBHOOK_HEADER, writers.webhook_rows(txns), quiet)
        manifest, signature = await bundle.manifest_for(parts, tenant_id=job.tenant_id, export_id=job.id,
                                                        transaction_id=job.transaction_id, criteria=job.criteria)
        bundle.write_zip(path, parts, manifest, signature)
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def run(export_id: str) -> ExportJob | None:
    """Run one export of the current tenant to completion (or failure, recorded on the job)."""
    job = await ExportJob.get_or_none(id=export_id)
    if job is None or job.status == ExportStatus.SUCCEEDED:
        return job
    kind = ExportKind(job.kind)
    txns = writers.transactions_of(job.criteria, job.merchant_ids)
    if job.transaction_id:
        txns = txns.filter(id=job.transaction_id)
    total = 1 if kind in (ExportKind.EVIDENCE_JSON, ExportKind.RECEIPT_PDF) else (
        await _webhook_total(txns) if kind == ExportKind.WEBHOOK_LOG else await txns.count())
    job.status, job.started_at, job.rows_done, job.rows_total, job.error = ExportStatus.RUNNING, clock.now(), 0, total, None
    job.file_name = file_name(job)
    await job.save(update_fields=["status", "started_at", "rows_done", "rows_total", "error", "file_name"])
    folder = exports_dir() / (job.tenant_id or "platform")
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{job.id}.{EXTENSION[kind]}"
    partial = str(final) + ".part"
    progress = _Progress(job)
    try:
        rows = await _produce(job, partial, progress)
        os.replace(partial, final)
    except Exception as exc:
        Path(partial).unlink(missing_ok=True)
        job.status, job.finished_at = ExportStatus.FAILED, clock.now()
        job.error = (getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}")[:300]
        await job.save(update_fields=["status", "finished_at", "error"])
        log.error("export.failed", export_id=job.id, kind=kind.value, error=job.error, exc_info=True)
        await _announce(job)
        return job
    job.status, job.finished_at, job.rows_done = ExportStatus.SUCCEEDED, clock.now(), rows
    job.file_path, job.file_size, job.sha256 = str(final), final.stat().st_size, bundle.file_sha256(str(final))
    await job.save(update_fields=["status", "finished_at", "rows_done", "file_path", "file_size", "sha256"])
    log.info("export.done", export_id=job.id, kind=kind.value, rows=rows, bytes=job.file_size)
    await _announce(job)
    return job


async def _announce(job: ExportJob) -> None:
    await live.publish(PROGRESS_CHANNEL.format(id=job.id), {
        "id": job.id, "status": ExportStatus(job.status).value, "rows_done": job.rows_done, "rows_total": job.rows_total,
        "error": job.error})

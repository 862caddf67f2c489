"""Exports: create a job (checked against the creator's reach), hand out one-file download tokens, redeem them.

The work itself runs in an arq job (jobs/exports.py -> backend.exports.runner.run). Every row an export reads
comes through the tenant-scoped models, within the merchants the creator could export from when asking, so an
export can hold nothing of another tenant (nor of a merchant out of the creator's reach).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from backend.access.permissions import Perm
from backend.access.principal import Principal
from backend.core import clock
from backend.core.config import get_settings
from backend.core.crypto import new_token, token_hash
from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.core.unit_of_work import after_commit
from backend.exports import filters
from backend.exports.errors import ExportError as E
from backend.exports.models import PER_TRANSACTION, DownloadToken, ExportJob, ExportKind, ExportStatus
from backend.merchants.reach import can, merchant_with, reachable_merchants
from backend.payments.models import Transaction

ROOT = Path(__file__).resolve().parent.parent.parent
TOKEN_TTL = timedelta(minutes=5)
PROGRESS_CHANNEL = "clearway:export:{id}:progress"


def exports_dir() -> Path:
    path = Path(get_settings().exports_dir)
    return path if path.is_absolute() else ROOT / path


async def export_merchants(principal: Principal) -> list[str]:
    """The merchants whose transactions the caller may export (reach + exports.create there)."""
    return [m.id for m in await reachable_merchants(principal).order_by("id") if can(principal, Perm.EXPORTS_CREATE, m)]


async def create(principal: Principal, kind: ExportKind, criteria: dict | None, transaction_id: str | None) -> ExportJob:
    """Queue an export. Per-transaction kinds need a transaction the caller reaches; list kinds take a filter."""
    if kind in PER_TRANSACTION and not transaction_id:
        raise ValidationFailed.on("transactionId", E.KIND_NEEDS_TRANSACTION, "This export is of one transaction: give its id")
    criteria = filters.normalise(criteria)
    for merchant_id in criteria.get("merchantIds", []):
        await merchant_with(principal, Perm.EXPORTS_CREATE, merchant_id)
    merchant_ids = await export_merchants(principal)
    if transaction_id:
        txn = await Transaction.get_or_none(id=transaction_id)
        if txn is None:
            raise NotFound("Transaction")
        await merchant_with(principal, Perm.EXPORTS_CREATE, txn.merchant_id)
        merchant_ids = [txn.merchant_id]
    user = principal.user
    job = await ExportJob.create(kind=kind, criteria=criteria, merchant_ids=merchant_ids, transaction_id=transaction_id,
                                 include_pii=principal.has_anywhere(Perm.CUSTOMERS_READ_PII),
                                 created_by_id=user.id if user else principal.api_key_id,
                                 created_by_label=user.email if user else principal.api_key_label)
    tenant_id = job.tenant_id

    async def queue() -> None:
        from backend.core.queue import enqueue

        await enqueue("run_export", tenant_id, job.id, _job_id=f"export:{job.id}")

    await after_commit(queue)
    return job


def visible(principal: Principal):
    """Exports the caller sees: the whole tenant's with exports.create in the tenant context, else their own."""
    qs = ExportJob.all()
    if principal.has(Perm.EXPORTS_CREATE):
        return qs
    user_id = principal.user.id if principal.user else principal.api_key_id
    return qs.filter(created_by_id=user_id or "")


async def get(principal: Principal, export_id: str) -> ExportJob:
    job = await visible(principal).get_or_none(id=export_id)
    if job is None:
        raise NotFound("Export")
    return job


@dataclass(frozen=True)
class IssuedToken:
    token: str
    path: str
    url: str
    expires_at: datetime


async def issue_download(principal: Principal, export_id: str) -> IssuedToken:
    """A single-use token for this export's file, valid TOKEN_TTL. Only its hash is stored."""
    job = await get(principal, export_id)
    if job.status == ExportStatus.EXPIRED:
        raise Conflict(E.EXPIRED, expired_message())
    if job.status != ExportStatus.SUCCEEDED:
        raise Conflict(E.NOT_READY, f"The export is {job.status.value}; its file can be downloaded once it succeeded")
    token = new_token(32)
    expires_at = clock.now() + TOKEN_TTL
    user_id = principal.user.id if principal.user else principal.api_key_id
    await DownloadToken.create(export=job, token_hash=token_hash(token), expires_at=expires_at, created_by_id=user_id)
    path = f"/exports/download/{token}?export={job.id}"
    return IssuedToken(token=token, path=path, url=get_settings().api_public_url.rstrip("/") + path, expires_at=expires_at)


class DownloadRefused(Exception):
    """Unknown, expired, used or other-file token: the download answers 403 (the reason goes to the log only)."""


class DownloadGone(DownloadRefused):
    """A valid token for an export whose file the retention job deleted: the download answers 410."""


def expired_message() -> str:
    days = get_settings().export_retention_days
    shown = f"{days:g} day" + ("" if days == 1 else "s")
    return f"This export's file was deleted {shown} after it finished (retention); create the export again"


async def redeem(token: str, export_id: str | None) -> ExportJob:
    """Use a download token once (atomically), in its tenant's scope; the export whose file it opens."""
    from backend.core.tenancy import system_scope, tenant_scope

    with system_scope():  # the token is the credential: find it first, then work in its tenant's scope
        row = await DownloadToken.get_or_none(token_hash=token_hash(token or ""))
    if row is None:
        raise DownloadRefused("unknown token")
    with tenant_scope(row.tenant_id):
        if export_id is not None and export_id != row.export_id:
            raise DownloadRefused("token of another file")
        now = clock.now()
        if row.expires_at <= now:
            raise DownloadRefused("expired token")
        used = await DownloadToken.filter(id=row.id, used_at=None, expires_at__gt=now).update(used_at=now)
        if used != 1:
            raise DownloadRefused("token already used")
        job = await ExportJob.get(id=row.export_id)
        if job.status == ExportStatus.EXPIRED:
            raise DownloadGone("export expired")
        if job.status != ExportStatus.SUCCEEDED or not job.file_path or not Path(job.file_path).is_file():
            raise DownloadRefused("file not available")
        return job

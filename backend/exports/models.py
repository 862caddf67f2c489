"""Exports and testing evidence (SPEC §12): export jobs, their files, and one-file download tokens."""
from __future__ import annotations

from enum import Enum

from tortoise import fields

from backend.core.tenancy import TenantScoped


class ExportKind(str, Enum):
    TRANSACTIONS_CSV = "transactions_csv"
    TRANSACTIONS_XLSX = "transactions_xlsx"
    WEBHOOK_LOG = "webhook_log"  # webhook log report (CSV): every attempt of the filtered transactions' deliveries
    EVIDENCE_JSON = "evidence_json"  # one transaction
    RECEIPT_PDF = "receipt_pdf"  # one transaction
    COMPLIANCE_BUNDLE = "compliance_bundle"  # ZIP + signed manifest.json (one transaction, or a filtered list)


PER_TRANSACTION = frozenset({ExportKind.EVIDENCE_JSON, ExportKind.RECEIPT_PDF})


class ExportStatus(str, Enum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXPIRED = "expired"  # succeeded, then its file was deleted after the retention period (exports.retention)


class ExportJob(TenantScoped):
    """One export: what was asked (kind, filter, transaction), by whom, how far it got and the file it made."""

    id_prefix = "exp"
    kind = fields.CharEnumField(ExportKind, max_length=24)
    criteria = fields.JSONField(default=dict)  # the transaction filter as asked (see exports.filters)
    merchant_ids = fields.JSONField(default=list)  # the merchants the creator could export from, fixed at creation
    transaction_id = fields.CharField(max_length=40, null=True)
    include_pii = fields.BooleanField(default=False)  # the creator may read customers' PII (customers.read_pii)
    status = fields.CharEnumField(ExportStatus, max_length=12, default=ExportStatus.QUEUED, db_index=True)
    rows_done = fields.BigIntField(default=0)
    rows_total = fields.BigIntField(null=True)
    file_name = fields.CharField(max_length=120, default="")
    file_path = fields.CharField(max_length=500, null=True)
    file_size = fields.BigIntField(null=True)
    sha256 = fields.CharField(max_length=64, null=True)
    error = fields.CharField(max_length=300, null=True)
    created_by_id = fields.CharField(max_length=40, null=True)
    created_by_label = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "export_jobs"


class DownloadToken(TenantScoped):
    """A short-lived, single-use token for one export's file. Only its SHA-256 is stored."""

    id_prefix = "dlt"
    export = fields.ForeignKeyField("models.ExportJob", related_name="download_tokens", on_delete=fields.CASCADE)
    token_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    created_by_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "export_download_tokens"

"""GraphQL for exports: create an export job, follow it, get a one-file download link; the bundle signing key."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Optional

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.audit import service as audit
from backend.core.config import get_settings
from backend.exports import models, service
from backend.graphql.common import (Connection, ConflictError, NotFoundError, ValidationError, keyset_page, principal,
                                    run_mutation)
from backend.graphql.permissions import needs_anywhere

ExportKind = strawberry.enum(models.ExportKind, name="ExportKind", description=(
    "TRANSACTIONS_CSV / TRANSACTIONS_XLSX / WEBHOOK_LOG: a filtered list; EVIDENCE_JSON / RECEIPT_PDF: one transaction; "
    "COMPLIANCE_BUNDLE: a signed ZIP of one transaction (or a filtered list)"))
ExportStatus = strawberry.enum(models.ExportStatus, name="ExportStatus")


@strawberry.type(description="An export job and, once it succeeded, its file.")
class Export:
    id: strawberry.ID
    kind: ExportKind
    status: ExportStatus
    filter: JSON
    transaction_id: Optional[strawberry.ID]
    rows_done: int
    rows_total: Optional[int]
    file_name: str
    file_size: Optional[int]
    sha256: Optional[str]
    error: Optional[str]
    created_by_label: Optional[str]
    created_at: datetime
    started_at: Optional[datetime]
    finished_at: Optional[datetime]

    @strawberry.field(description="Share of the work done, 0 to 1 (1 once succeeded).")
    def progress(self) -> float:
        if self.status in (models.ExportStatus.SUCCEEDED, models.ExportStatus.EXPIRED):
            return 1.0
        if not self.rows_total:
            return 0.0
        return min(1.0, self.rows_done / self.rows_total)

    @strawberry.field(description="When the file will be deleted (retention; the export then turns EXPIRED). "
                                  "Null unless it succeeded.")
    def file_expires_at(self) -> Optional[datetime]:
        if self.status != models.ExportStatus.SUCCEEDED or self.finished_at is None:
            return None
        return self.finished_at + timedelta(days=get_settings().export_retention_days)

    @classmethod
    def from_model(cls, j: models.ExportJob) -> "Export":
        return cls(id=j.id, kind=j.kind, status=j.status, filter=j.criteria, transaction_id=j.transaction_id,
                   rows_done=j.rows_done, rows_total=j.rows_total, file_name=j.file_name, file_size=j.file_size,
                   sha256=j.sha256, error=j.error, created_by_label=j.created_by_label, created_at=j.created_at,
                   started_at=j.started_at, finished_at=j.finished_at)


@strawberry.input
class CreateExportInput:
    kind: ExportKind
    filter: Optional[JSON] = strawberry.field(default=None, description=(
        "Transaction filter, the fields of the transaction search: merchantIds, brandIds, paymentMethodIds, statuses, "
        "createdFrom, createdTo, amountMin, amountMax, currency, userReference, search"))
    transaction_id: Optional[strawberry.ID] = None


@strawberry.type
class ExportPayload:
    export: Export


@strawberry.type(description="A single-use link to one export's file, valid a few minutes; shown once.")
class ExportDownload:
    url: str = strawberry.field(description="The link on the API's public address (CLEARWAY_PUBLIC_URL)")
    path: str = strawberry.field(description="The same link relative to the API's address")
    expires_at: datetime


@strawberry.type(description="The public half of the Ed25519 key that signs compliance bundles.")
class BundleSigningKey:
    algorithm: str
    public_key: str = strawberry.field(description="base64 of the raw 32-byte public key (for verify-bundle --public-key)")
    public_key_pem: str
    fingerprint: str


ExportResult = Annotated[ExportPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("ExportResult")]
ExportDownloadResult = Annotated[ExportDownload | NotFoundError | ConflictError, strawberry.union("ExportDownloadResult")]

CAN_EXPORT = [needs_anywhere(Perm.EXPORTS_CREATE)]


@strawberry.type
class ExportQuery:
    @strawberry.field(permission_classes=CAN_EXPORT, description="Your exports (the tenant's with tenant-wide exports.create), newest first.")
    async def exports(self, info: Info, first: int = 20, after: Optional[str] = None,
                      transaction_id: Optional[strawberry.ID] = None) -> Connection[Export]:
        qs = service.visible(principal(info))
        if transaction_id:
            qs = qs.filter(transaction_id=transaction_id)
        return await keyset_page(qs, first=first, after=after, to_node=Export.from_model)

    @strawberry.field(permission_classes=CAN_EXPORT)
    async def export(self, info: Info, id: strawberry.ID) -> Optional[Export]:
        job = await service.visible(principal(info)).get_or_none(id=id)
        return None if job is None else Export.from_model(job)

    @strawberry.field(permission_classes=CAN_EXPORT)
    async def bundle_signing_key(self) -> BundleSigningKey:
        from backend.exports import signing

        public = (await signing.signing_key()).public_key()
        return BundleSigningKey(algorithm="Ed25519", public_key=signing.public_b64(public),
                                public_key_pem=signing.public_pem(public), fingerprint=signing.fingerprint(public))


@strawberry.type
class ExportMutation:
    @strawberry.mutation(permission_classes=CAN_EXPORT, description="Queue an export; follow it with export(id) / exports.")
    async def create_export(self, info: Info, input: CreateExportInput) -> ExportResult:
        async def work():
            job = await service.create(principal(info), models.ExportKind(input.kind.value), input.filter,
                                       input.transaction_id)
            return ExportPayload(export=Export.from_model(job))
        return await run_mutation("export.create", work, target_type="export")

    @strawberry.mutation(permission_classes=CAN_EXPORT,
                         description="A single-use download link for a finished export's file (valid 5 minutes).")
    async def create_export_download(self, info: Info, export_id: strawberry.ID) -> ExportDownloadResult:
        async def work():
            issued = await service.issue_download(principal(info), export_id)
            await audit.record("export.download", target_type="export", target_id=export_id,
                               extra={"expires_at": issued.expires_at.isoformat()})
            return ExportDownload(url=issued.url, path=issued.path, expires_at=issued.expires_at)
        return await run_mutation("export.download", work, target_type="export")

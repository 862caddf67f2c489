"""Evidence uploads: at most 10 MB (refused before reading more), type from the content, stored, then recorded.

The file is stored before the row is written (the upload may take long; no lock is held meanwhile). When the row is
not written after all (the dispute was resolved meanwhile, the transaction fails or rolls back), the stored file is
deleted again: no orphan files."""
from __future__ import annotations

import hashlib
import os
from typing import Any

from backend.core import clock
from backend.core.context import current_actor
from backend.core.errors import Conflict, ValidationFailed
from backend.core.tenancy import current_tenant_id
from backend.disputes import storage
from backend.disputes.errors import DisputeError as E
from backend.disputes.models import Dispute, DisputeEvidence
from backend.disputes.service import _locked, event, get
from backend.disputes.states import DisputeStatus
from backend.core.ids import new_id
from backend.core.observability import get_logger
from backend.core.unit_of_work import if_rolled_back

log = get_logger("clearway.disputes.evidence")

NAME_LIMIT = 200
DESCRIPTION_LIMIT = 500


def _refuse(code: E, message: str) -> ValidationFailed:
    return ValidationFailed.on("file", code, message)


async def read_limited(upload: Any) -> bytes:
    """The upload's bytes, refused as soon as it is known to exceed MAX_EVIDENCE_BYTES (by its size, else while reading)."""
    limit = storage.MAX_EVIDENCE_BYTES
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > limit:
        raise _refuse(E.FILE_TOO_LARGE, f"The file is {size / 1048576:.1f} MB; evidence is at most 10 MB")
    chunks, total = [], 0
    while True:
        chunk = await upload.read(storage.READ_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise _refuse(E.FILE_TOO_LARGE, "The file is larger than 10 MB; evidence is at most 10 MB")
        chunks.append(chunk)
    if not total:
        raise _refuse(E.FILE_EMPTY, "The file is empty")
    return b"".join(chunks)


def clean_name(name: Any) -> str:
    base = os.path.basename(str(name or "").replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    return base[-NAME_LIMIT:] or "evidence"


def check_type(data: bytes, filename: str) -> storage.FileType:
    """The detected type; refused when the content is not accepted or the name claims another type."""
    try:
        kind = storage.detect(data)
    except storage.ContentRefused as exc:
        raise _refuse(E.FILE_TYPE_REFUSED, f"Refused: {exc}. Evidence is a PDF, JPG, PNG or DOCX file") from None
    ext = os.path.splitext(filename)[1].lower()
    if ext and storage.BY_EXTENSION.get(ext) is not kind:
        raise _refuse(E.FILE_NAME_MISMATCH, f"Refused: the name ends in {ext} but the content is a {kind.label} file; "
                                            f"rename it to {kind.extensions[0]}")
    return kind


async def add(dispute_id: str, upload: Any, description: Any = None) -> DisputeEvidence:
    if description is not None and (not isinstance(description, str) or len(description) > DESCRIPTION_LIMIT):
        raise ValidationFailed.on("description", E.MESSAGE_INVALID, f"description is at most {DESCRIPTION_LIMIT} characters")
    d: Dispute = await get(dispute_id)
    if d.status == DisputeStatus.RESOLVED:
        raise Conflict(E.RESOLVED, "The dispute is resolved; evidence can no longer be added")
    filename = clean_name(getattr(upload, "filename", None))
    data = await read_limited(upload)
    kind = check_type(data, filename)
    evidence_id = new_id(DisputeEvidence.id_prefix)
    key = f"{current_tenant_id()}/{d.id}/{evidence_id}.{kind.code}"
    store = storage.store()
    try:
        await store.put(key, data, kind.content_type)
    except Exception as exc:  # storage down: nothing recorded, say so
        raise Conflict(E.STORAGE_FAILED, f"The evidence store did not take the file ({type(exc).__name__}); try again") from None

    async def discard() -> None:
        try:
            await store.delete(key)
            log.info("dispute.evidence_discarded", key=key)
        except Exception as exc:  # noqa: BLE001 - never hide the error that rolled the upload back
            log.warning("dispute.evidence_discard_failed", key=key, error=f"{type(exc).__name__}: {exc}")

    undone_on_rollback = await if_rolled_back(discard)
    try:
        return await _record(d.id, evidence_id, filename, kind, data, key, store.kind, description)
    except BaseException:
        if not undone_on_rollback:
            await discard()
        raise


async def _record(dispute_id: str, evidence_id: str, filename: str, kind: storage.FileType, data: bytes, key: str,
                  store_kind: str, description: Any) -> DisputeEvidence:
    # Checked again under the dispute's lock: it may have been resolved while the file was uploaded and stored.
    d = await _locked(dispute_id)
    if d.status == DisputeStatus.RESOLVED:
        raise Conflict(E.RESOLVED, "The dispute was resolved while the file was uploaded; evidence can no longer be added")
    ev = await DisputeEvidence.create(id=evidence_id, dispute_id=d.id, filename=filename, file_type=kind.code,
                                      content_type=kind.content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                                      storage=store_kind, storage_key=key, description=(description or "").strip(),
                                      uploaded_by=current_actor().label, created_at=clock.now())
    size = f"{len(data) / 1048576:.1f} MB" if len(data) >= 1048576 else f"{max(1, round(len(data) / 1024))} KB"
    await event(d, "evidence", f"Evidence added: {filename} ({kind.label}, {size})",
                {"evidence_id": ev.id, "file_type": kind.code, "size": len(data)})
    return ev


async def content(ev: DisputeEvidence) -> bytes:
    return await storage.store(ev.storage).get(ev.storage_key)

"""Evidence files never outlive a failed upload: the file is stored before its row is written, and deleted again when
the row is not written after all. The service runs in this process on the real database, inside the unit of work the
GraphQL mutation runner uses; the dispute is resolved through the real API while the file is being read (a slow
upload racing a resolution), or the transaction fails after the evidence was recorded."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.disputes.conftest import DISPUTE, RESOLVE, opened, settled
from tests.disputes.files import pdf
from tests.disputes.test_evidence import moto_s3  # noqa: F401  (fixture)

EVIDENCE_DIR = Path(os.environ.get("CLEARWAY_EVIDENCE_DIR", "var/evidence"))


class SlowUpload:
    """Stands in for the multipart upload Starlette hands over; `while_reading` runs before its first chunk arrives."""

    def __init__(self, data: bytes, filename: str, while_reading=None):
        self.data, self.filename, self.size, self.while_reading = data, filename, None, while_reading

    async def read(self, n: int) -> bytes:
        if self.while_reading is not None:
            hook, self.while_reading = self.while_reading, None
            await hook()
        chunk, self.data = self.data[:n], self.data[n:]
        return chunk


def _files_of(tenant_id: str, dispute_id: str) -> list[Path]:
    root = EVIDENCE_DIR if EVIDENCE_DIR.is_absolute() else Path(__file__).resolve().parents[2] / EVIDENCE_DIR
    return sorted((root / tenant_id / dispute_id).glob("*"))


async def _add(tenant_id: str, dispute_id: str, upload: SlowUpload, fail_after: bool = False):
    from backend.core.tenancy import tenant_scope
    from backend.core.unit_of_work import unit_of_work
    from backend.disputes import evidence

    with tenant_scope(tenant_id):
        async with unit_of_work():
            ev = await evidence.add(dispute_id, upload, "proof")
            if fail_after:
                raise RuntimeError("the transaction fails after the evidence was recorded")
    return ev


async def test_a_dispute_resolved_during_the_upload_leaves_no_file(dispute_shop, db):
    from backend.core.errors import Conflict

    admin, tenant_id = dispute_shop["admin"], dispute_shop["tenant_id"]
    d = (await opened(admin, await settled(dispute_shop["one"]), 1_000))["id"]

    async def resolve_through_the_api():
        res = await admin.data(RESOLVE, i={"id": d, "outcome": "WON"})
        assert res["resolveDispute"]["__typename"] == "DisputePayload", res

    with pytest.raises(Conflict) as refused:
        await _add(tenant_id, d, SlowUpload(pdf(), "late.pdf", resolve_through_the_api))
    assert refused.value.code == "DISPUTE_RESOLVED" and "while the file was uploaded" in refused.value.message
    assert _files_of(tenant_id, d) == []
    assert (await admin.data(DISPUTE, id=d))["dispute"]["evidence"] == []


async def test_a_transaction_that_fails_after_recording_leaves_no_file_and_a_good_one_keeps_it(dispute_shop, db):
    admin, tenant_id = dispute_shop["admin"], dispute_shop["tenant_id"]
    d = (await opened(admin, await settled(dispute_shop["one"]), 1_000))["id"]
    with pytest.raises(RuntimeError):
        await _add(tenant_id, d, SlowUpload(pdf("rolled back"), "gone.pdf"), fail_after=True)
    assert _files_of(tenant_id, d) == []
    assert (await admin.data(DISPUTE, id=d))["dispute"]["evidence"] == []

    ev = await _add(tenant_id, d, SlowUpload(pdf("kept"), "kept.pdf"))
    assert [p.name for p in _files_of(tenant_id, d)] == [f"{ev.id}.pdf"]
    assert [e["id"] for e in (await admin.data(DISPUTE, id=d))["dispute"]["evidence"]] == [ev.id]


async def test_without_a_unit_of_work_a_failed_record_deletes_the_file_at_once(dispute_shop, db):
    from backend.core.errors import Conflict
    from backend.core.tenancy import tenant_scope
    from backend.disputes import evidence

    admin, tenant_id = dispute_shop["admin"], dispute_shop["tenant_id"]
    d = (await opened(admin, await settled(dispute_shop["one"]), 1_000))["id"]

    async def resolve_through_the_api():
        await admin.data(RESOLVE, i={"id": d, "outcome": "WON"})

    with tenant_scope(tenant_id), pytest.raises(Conflict):
        await evidence.add(d, SlowUpload(pdf(), "late.pdf", resolve_through_the_api))
    assert _files_of(tenant_id, d) == []


async def test_s3_objects_are_deleted_on_rollback_too(dispute_shop, db, moto_s3):
    admin, tenant_id = dispute_shop["admin"], dispute_shop["tenant_id"]
    d = (await opened(admin, await settled(dispute_shop["one"]), 1_000))["id"]
    with pytest.raises(RuntimeError):
        await _add(tenant_id, d, SlowUpload(pdf("rolled back"), "gone.pdf"), fail_after=True)
    assert moto_s3.list_objects_v2(Bucket="evidence-test", Prefix=f"{tenant_id}/{d}/").get("Contents", []) == []
    ev = await _add(tenant_id, d, SlowUpload(pdf("kept"), "kept.pdf"))
    keys = [o["Key"] for o in moto_s3.list_objects_v2(Bucket="evidence-test", Prefix=f"{tenant_id}/{d}/")["Contents"]]
    assert keys == [f"{tenant_id}/{d}/{ev.id}.pdf"]

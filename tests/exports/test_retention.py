"""Export file retention, by a real arq worker process running the retention cron job (tests/exports/retention_worker.py)
with its controllable clock ahead (CLEARWAY_CLOCK_OFFSET_SECONDS): a day before the retention period ends nothing
moves; after it the file is deleted, the export reads EXPIRED (no download link any more), and a link issued before
answers 410 with a clear message."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from tests.conftest import ROOT
from tests.exports.conftest import DOWNLOAD, EXPORT, create_export, finished, pay

DAY = 24 * 3600
RETENTION_DAYS = 7  # the default (CLEARWAY_EXPORT_RETENTION_DAYS)


class RetentionWorker:
    def __init__(self, offset: int, log: Path):
        self.log = log
        env = {**os.environ, "CLEARWAY_CLOCK_OFFSET_SECONDS": str(offset)}
        env.pop("CLEARWAY_EXPORT_RETENTION_DAYS", None)
        self.fh = open(log, "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "arq", "tests.exports.retention_worker.WorkerSettings"],
                                     cwd=ROOT, env=env, stdout=self.fh, stderr=subprocess.STDOUT)

    def runs(self) -> list[dict]:
        out = []
        for line in self.log.read_text().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and entry.get("event") == "exports.retention_checked":
                out.append(entry)
        return out

    async def checked(self, timeout: float = 60) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if runs := self.runs():
                return runs
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            await asyncio.sleep(0.3)
        raise AssertionError("the retention job did not run:\n" + self.log.read_text()[-3000:])

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.fh.close()


async def _file_path(db, export_id: str) -> str | None:
    from backend.core.tenancy import system_scope
    from backend.exports.models import ExportJob

    with system_scope():
        return (await ExportJob.get(id=export_id)).file_path


async def test_the_worker_deletes_export_files_after_retention_and_marks_them_expired(shop, worker, db, tmp_path):
    admin = shop["admin"]
    await pay(shop, 1200)
    job = await finished(admin, (await create_export(admin, "TRANSACTIONS_CSV"))["export"]["id"])
    assert job["status"] == "SUCCEEDED", job
    path = await _file_path(db, job["id"])
    assert path and Path(path).is_file()
    expires = (await admin.data("query($id: ID!) { export(id: $id) { fileExpiresAt finishedAt } }", id=job["id"]))["export"]
    assert datetime.fromisoformat(expires["fileExpiresAt"]) - datetime.fromisoformat(expires["finishedAt"]) == timedelta(days=RETENTION_DAYS)
    link = (await admin.data(DOWNLOAD, id=job["id"]))["createExportDownload"]  # issued before expiry, used after

    early = RetentionWorker(RETENTION_DAYS * DAY - 3600, tmp_path / "early.log")
    try:
        await early.checked()
    finally:
        early.stop()
    assert (await admin.data(EXPORT, id=job["id"]))["export"]["status"] == "SUCCEEDED"
    assert Path(path).is_file()

    late = RetentionWorker(RETENTION_DAYS * DAY + 60, tmp_path / "late.log")
    try:
        runs = await late.checked()
    finally:
        late.stop()
    assert runs[0]["expired"] >= 1
    after = (await admin.data("query($id: ID!) { export(id: $id) { status fileExpiresAt sha256 fileSize } }", id=job["id"]))["export"]
    assert after["status"] == "EXPIRED" and after["fileExpiresAt"] is None
    assert after["sha256"] == job["sha256"] and after["fileSize"] == job["fileSize"]  # the record stays
    assert not Path(path).exists()
    assert await _file_path(db, job["id"]) is None

    async with httpx.AsyncClient(base_url=admin.base_url) as http:
        r = await http.get(link["path"])
    assert r.status_code == 410
    assert r.json()["error"]["code"] == "EXPORT_EXPIRED" and "retention" in r.json()["error"]["message"]
    again = (await admin.data(DOWNLOAD, id=job["id"]))["createExportDownload"]
    assert again["__typename"] == "ConflictError" and again["code"] == "EXPORT_EXPIRED"
    assert "create the export again" in again["message"]

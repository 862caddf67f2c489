"""Automatic escalation 48 hours after opening, by a real arq worker process running the escalation cron job
(tests/disputes/escalation_worker.py: that job only, on its own queue), with the worker's controllable clock started
ahead (CLEARWAY_CLOCK_OFFSET_SECONDS): 47 h later nothing moves; 48 h later the open disputes escalate, resolved ones
do not, with timeline entries and emails to the merchant's users."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT
from tests.disputes.conftest import DISPUTE, MOVE, OUTBOX, RESOLVE, TIMELINE, opened, settled

HOUR = 3600


class Worker:
    """A real `python -m backend worker` process whose clock runs `offset` seconds ahead; its log in a file."""

    def __init__(self, offset: int, log: Path):
        self.log = log
        env = {**os.environ, "CLEARWAY_CLOCK_OFFSET_SECONDS": str(offset)}
        self.fh = open(log, "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "arq", "tests.disputes.escalation_worker.WorkerSettings"], cwd=ROOT, env=env, stdout=self.fh,
                                     stderr=subprocess.STDOUT)

    def runs(self) -> list[dict]:
        out = []
        for line in self.log.read_text().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and entry.get("event") == "disputes.escalation_checked":
                out.append(entry)
        return out

    async def checked(self, times: int = 1, timeout: float = 60) -> list[dict]:
        """Wait until the escalation job has run `times` times; what each run logged."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(runs := self.runs()) >= times:
                return runs
            assert self.proc.poll() is None, text
            await asyncio.sleep(0.3)
        raise AssertionError("the escalation job did not run:\n" + self.log.read_text()[-3000:])

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.fh.close()


async def test_the_worker_escalates_disputes_unresolved_48_hours_after_opening(dispute_shop, api_server, tmp_path):
    admin, shop = dispute_shop["admin"], dispute_shop["one"]
    waiting = (await opened(admin, await settled(shop), 1_000))["id"]
    reviewing = (await opened(admin, await settled(shop), 2_000))["id"]
    assert (await admin.data(MOVE, id=reviewing, s="PENDING_INFO", n="Need the invoice"))["moveDispute"]["dispute"]["status"] == "PENDING_INFO"
    resolved = (await opened(admin, await settled(shop), 3_000))["id"]
    assert (await admin.data(RESOLVE, i={"id": resolved, "outcome": "WON"}))["resolveDispute"]["__typename"] == "DisputePayload"

    early = Worker(47 * HOUR, tmp_path / "early.log")
    try:
        await early.checked()  # (it may escalate the demo disputes the seed opened hours ago: not ours)
    finally:
        early.stop()
    for d in (waiting, reviewing):
        assert (await admin.data(DISPUTE, id=d))["dispute"]["status"] in ("OPENED", "PENDING_INFO")

    late = Worker(48 * HOUR + 60, tmp_path / "late.log")
    try:
        await late.checked()
        for d in (waiting, reviewing):
            detail = (await admin.data(DISPUTE, id=d))["dispute"]
            assert detail["status"] == "ESCALATED" and detail["escalatedAt"], detail
            assert detail["timeline"][-1]["kind"] == "escalated" and "automatically" in detail["timeline"][-1]["message"]
            assert detail["timeline"][-1]["actorType"] == "system"
            tl = (await admin.data(TIMELINE, id=detail["transactionId"]))["transaction"]["timeline"]
            assert tl[-1]["kind"] == "dispute_status" and "escalated automatically" in tl[-1]["message"]
        assert (await admin.data(DISPUTE, id=resolved))["dispute"]["status"] == "RESOLVED"
        # it runs again on its schedule and escalates nothing twice
        runs = await late.checked(times=2, timeout=45)
        assert runs[0]["escalated"] >= 2 and runs[-1]["escalated"] == 0, runs
    finally:
        late.stop()
    detail = (await admin.data(DISPUTE, id=waiting))["dispute"]
    assert [e["kind"] for e in detail["timeline"]].count("escalated") == 1
    subjects = [e["node"]["subject"] for e in (await admin.data(OUTBOX, to=dispute_shop["merchant_email"]))["outboxEmails"]["edges"]]
    assert f"Dispute {waiting} escalated" in subjects and f"Dispute {reviewing} escalated" in subjects

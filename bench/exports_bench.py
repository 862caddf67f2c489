"""Exports benchmark: a CSV export of N transactions (default 1,000,000) run by a real arq worker on PostgreSQL.

    ./clearway services .venv/bin/python bench/exports_bench.py --count 1000000

It creates its own tenant and merchant, loads N transactions with COPY (spread over 4 currencies and 4 statuses),
starts one worker process (``python -m backend worker`` on a queue of its own), queues the export the way the API
does and follows its progress on Redis. Printed: load time, export rows/s (from the job's started/finished times),
the worker's peak RSS (VmHWM from /proc, before and after the export), the progress messages seen, and the CSV size.
Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); ``./clearway services`` provides fresh ones.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUEUE = "clearway:bench-exports"
CURRENCIES = ("EUR", "USD", "GBP", "IDR")
STATUSES = ("settlement", "settlement", "failed", "pending")
COLUMNS = ("id", "tenant_id", "merchant_id", "brand_id", "payment_method_id", "environment", "amount", "currency", "status",
           "version", "order_id", "user_reference", "customer", "metadata", "routing_path", "processing_fee",
           "conversion_fee", "refunded_amount", "provider", "expires_at", "created_at", "updated_at")


def _vm(pid: int, key: str) -> int:
    """VmRSS / VmHWM (peak) of a process in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


async def _setup(count: int) -> tuple[str, str]:
    """A tenant and a merchant of the bench's own, and `count` transactions loaded with COPY."""
    import asyncpg

    from backend.core.config import get_settings
    from backend.core.ids import new_id
    from backend.core.tenancy import system_scope
    from backend.merchants.models import Merchant
    from backend.tenants.models import Tenant

    tag = new_id("b")[-8:]
    with system_scope():
        tenant = await Tenant.create(name=f"Bench exports {tag}", slug=f"bench-exports-{tag}")
        merchant = await Merchant.create(tenant_id=tenant.id, name="Bench merchant")
    started = time.perf_counter()
    rng = random.Random(7)
    base = datetime.now(timezone.utc) - timedelta(days=30)

    def rows():
        for i in range(count):
            at = base + timedelta(seconds=i * 2)
            yield (new_id("txn"), tenant.id, merchant.id, "brd_bench", "pm_bench", "sandbox", rng.randint(100, 500_000),
                   CURRENCIES[i % 4], STATUSES[i % 4], 2, f"ORD-{i:08d}", f"cust-{i % 5000:05d}", "{}", "{}",
                   '{"first_level": "bench"}', 30, 0, 0, "sim_card", at + timedelta(minutes=30), at, at)

    conn = await asyncpg.connect(get_settings().database_url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.copy_records_to_table("transactions", records=rows(), columns=COLUMNS)
    finally:
        await conn.close()
    print(f"loaded {count:,} transactions with COPY in {time.perf_counter() - started:.1f} s")
    return tenant.id, merchant.id


async def _run(count: int, timeout: float) -> dict:
    from arq.connections import create_pool

    from backend.core import live
    from backend.core.db import init_db
    from backend.core.queue import redis_settings
    from backend.core.tenancy import tenant_scope
    from backend.exports.models import ExportJob, ExportKind, ExportStatus
    from backend.exports.service import PROGRESS_CHANNEL

    ctx = await init_db(migrate=True)
    tenant_id, merchant_id = await _setup(count)
    worker = subprocess.Popen([sys.executable, "-c", "import sys; sys.path.insert(0, '.'); from arq.worker import run_worker; "
                               f"from jobs.worker import WorkerSettings; run_worker(WorkerSettings, queue_name={QUEUE!r})"],
                              cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        await asyncio.sleep(3)  # started, connected, crons run once
        idle_hwm = _vm(worker.pid, "VmHWM")
        with tenant_scope(tenant_id):
            job = await ExportJob.create(kind=ExportKind.TRANSACTIONS_CSV, criteria={}, merchant_ids=[merchant_id],
                                         created_by_label="bench")
        seen: list[dict] = []
        async with live.listen(PROGRESS_CHANNEL.format(id=job.id)) as messages:
            pool = await create_pool(redis_settings())
            await pool.enqueue_job("run_export", tenant_id, job.id, _queue_name=QUEUE)
            deadline = time.monotonic() + timeout
            async for message in messages:
                seen.append(message)
                if message.get("status") in ("succeeded", "failed") or time.monotonic() > deadline:
                    break
            await pool.aclose()
        with tenant_scope(tenant_id):
            job = await ExportJob.get(id=job.id)
        peak_hwm, rss_now = _vm(worker.pid, "VmHWM"), _vm(worker.pid, "VmRSS")
    finally:
        worker.terminate()
        worker.wait(30)
        await ctx.close_connections()
    seconds = (job.finished_at - job.started_at).total_seconds() if job.finished_at and job.started_at else float("nan")
    return {"status": job.status.value if isinstance(job.status, ExportStatus) else job.status, "rows": job.rows_done,
            "seconds": seconds, "rows_per_s": job.rows_done / seconds if seconds else 0, "bytes": job.file_size or 0,
            "idle_hwm_mb": idle_hwm / 1024, "peak_hwm_mb": peak_hwm / 1024, "rss_after_mb": rss_now / 1024,
            "progress_messages": len(seen), "progress_rows": [m.get("rows_done") for m in seen[:3]],
            "file": job.file_path, "error": job.error}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--keep-file", action="store_true", help="keep the CSV (deleted by default)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("the exports bench needs PostgreSQL: run it with ./clearway services", file=sys.stderr)
        return 2
    r = asyncio.run(_run(args.count, args.timeout))
    print(f"export status: {r['status']}{' (' + r['error'] + ')' if r['error'] else ''}")
    print(f"CSV export of {r['rows']:,} transactions: {r['seconds']:.1f} s, {r['rows_per_s']:,.0f} rows/s, "
          f"{r['bytes'] / 1e6:,.1f} MB")
    print(f"worker peak RSS (VmHWM): {r['peak_hwm_mb']:.0f} MB (idle before the export: {r['idle_hwm_mb']:.0f} MB; "
          f"RSS after: {r['rss_after_mb']:.0f} MB)")
    print(f"progress messages on Redis: {r['progress_messages']} (first rows_done: {r['progress_rows']})")
    if r["file"] and not args.keep_file:
        Path(r["file"]).unlink(missing_ok=True)
    return 0 if r["status"] == "succeeded" and r["rows"] == args.count else 1


if __name__ == "__main__":
    sys.exit(main())

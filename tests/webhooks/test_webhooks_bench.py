"""bench/webhooks_bench.py keeps working: a short run (its own worker and receiver) delivers every event once."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "webhooks_bench.py"
MERCHANT_ENDPOINTS = """{ merchants { name webhookEndpoints { url enabled } } }"""


async def test_a_short_bench_run_delivers_every_status_change_and_measures_it(api_url, make_client):
    run = subprocess.run([sys.executable, str(BENCH), "--url", api_url, "--endpoints", "2", "--backlog", "5", "--rate", "4",
                          "--seconds", "2", "--keys", "2", "--timeout", "120", "--worker-log-level", "WARNING", "--json"],
                         env=os.environ.copy(), capture_output=True, text=True, timeout=400)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout)
    backlog, stream = result["phases"]
    assert backlog["phase"] == "backlog" and backlog["deliveries"] == backlog["expected"] == 10, backlog
    assert backlog["deliveries_per_s"] > 0 and backlog["duplicates"] == 0, backlog
    assert stream["phase"] == "stream" and stream["deliveries"] == stream["expected"] > 0, stream
    assert 0 < stream["p50_ms"] <= stream["p95_ms"] <= stream["p99_ms"] <= stream["max_ms"], stream
    assert result["setup"]["succeeded_total"] == backlog["expected"] + stream["expected"]

    # the demo data is as it was: the bench's endpoints are gone, the built-in receiver's endpoint is enabled again
    admin = make_client()
    assert (await admin.login("admin@demo.clearway.local", "clearway-demo"))["__typename"] == "LoginSuccess"
    acme = next(m for m in (await admin.data(MERCHANT_ENDPOINTS))["merchants"] if m["name"] == "Acme Shoes")
    assert acme["webhookEndpoints"] and all(e["enabled"] and "/webhook-receiver/" in e["url"] for e in acme["webhookEndpoints"])

"""bench/investigation_bench.py keeps working: a short run against the test API (the seeded demo tenant)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "investigation_bench.py"


def test_a_short_bench_run_times_every_case_and_explains_it(api_url):
    run = subprocess.run([sys.executable, str(BENCH), "--url", api_url, "--repeat", "2", "--deep-pages", "1", "--first", "5",
                          "--explain", "--json"], env=os.environ.copy(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout)
    names = [c["case"] for c in result["cases"]]
    assert len(names) == 17 and "merchant + SETTLEMENT + date range" in names
    for case in result["cases"]:
        assert case["first"]["p50"] > 0 and case["first"]["p95"] >= case["first"]["p50"], case
    no_filter = result["cases"][0]
    assert no_filter["matched"] > 5 and no_filter["deep"] and no_filter["depth"] == 5
    assert [c["matched"] for c in result["cases"] if c["case"] == "search: transaction id"] == [1]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        plans = no_filter["explain"]
        assert set(plans) == {"first", "deep", "count"} and all(p["ms"] >= 0 for p in plans.values())

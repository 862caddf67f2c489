"""The exports bench runs end to end with a tiny N (figures are the bench's business, not asserted here): rows loaded
with COPY, the export run by a worker process on its own queue, progress published on Redis as it goes."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
                    reason="the exports bench loads rows with PostgreSQL COPY")
def test_exports_bench_with_a_tiny_count(redis_url):
    out = subprocess.run([sys.executable, "bench/exports_bench.py", "--count", "12000", "--timeout", "120"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300, env=os.environ.copy())
    assert out.returncode == 0, out.stdout + out.stderr
    assert "CSV export of 12,000 transactions" in out.stdout and "rows/s" in out.stdout
    assert "worker peak RSS (VmHWM)" in out.stdout
    # a progress message per 5,000 rows written, then the final one
    assert "progress messages on Redis: 4 (first rows_done: [5000, 10000, 12000])" in out.stdout, out.stdout

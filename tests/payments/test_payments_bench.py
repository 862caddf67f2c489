"""bench/payments_bench.py keeps working: it signs like the simulated providers and runs end to end (briefly)."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

from backend.payments.simulator import signing

BENCH = Path(__file__).resolve().parents[2] / "bench" / "payments_bench.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("payments_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("payments_bench", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_bench_signs_callbacks_like_the_simulated_providers():
    from backend.core.config import get_settings

    body = b'{"event_id": "e1", "status": "succeeded"}'
    ours = _bench_module().sim_signature(get_settings().secret_key, "ten_1", "sim_card", 1_700_000_000, body)
    assert ours == signing.sign_headers("ten_1", "sim_card", body, 1_700_000_000)[signing.HEADER]


def test_a_short_bench_run_creates_payments_and_applies_their_callbacks(api_url):
    run = subprocess.run([sys.executable, str(BENCH), "--url", api_url, "--clients", "2", "--seconds", "1", "--warmup", "0",
                          "--keys", "2", "--json"], env=os.environ.copy(), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout)
    create, callback = result["phases"]
    assert create["phase"] == "create" and create["ok"] > 0 and create["errors"] == 0, create
    assert set(create["statuses"]) == {"201"} and create["p50_ms"] > 0
    # the callback phase also stops after --seconds: on a busy machine not every payment gets its answer
    assert callback["phase"] == "callback" and 0 < callback["requests"] <= create["ok"], callback
    assert callback["verdicts"] == {"applied": callback["requests"]}, callback
    assert result["setup"]["keys"] == 2 and result["setup"]["merchant"] == "Acme Shoes"

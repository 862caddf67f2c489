"""Operational review at volume: how long `operationalReview` takes over many transactions. Prints figures.

    python bench/review_bench.py --start-server --count 200000     # throwaway PostgreSQL + Redis, its own API
    python bench/review_bench.py --url http://127.0.0.1:8400       # a running API (its demo tenant as it is)

`--start-server` runs inside `./clearway services`: migrate, seed, `python -m backend generate-transactions --tenant
demo --count N --days 30` (bulk rows spread over 30 days, see backend/payments/generator.py), then an API of its own.
Each query below runs `--repeat` times over HTTP as the demo tenant admin (the admin reaches every merchant, so no
merchant filter); the median and the slowest are printed, with the payments the range covers.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }"""
RATES = """query($from: DateTime, $to: DateTime, $b: ReviewBucket!, $d: ReviewDimension!) {
  operationalReview(from: $from, to: $to, bucket: $b) { successRates(dimension: $d) {
    total { decided } series { key points { rate drop } } drops { key } } } }"""
ALL = """query($from: DateTime, $to: DateTime) { operationalReview(from: $from, to: $to, bucket: HOUR) {
  successRates { total { decided } drops { key } }
  webhookFailures { failed dead } suspiciousCallbacks { total } routingRejections { total }
  manualCorrections { total } auditActivity { count } } }"""

CASES = [  # (label, query, span, bucket, dimension)
    ("per merchant, 24 h by hour", RATES, timedelta(hours=24), "HOUR", "MERCHANT"),
    ("per merchant, 7 d by hour", RATES, timedelta(days=7), "HOUR", "MERCHANT"),
    ("per MASTER MID, 7 d by hour", RATES, timedelta(days=7), "HOUR", "MASTER_MID"),
    ("per payment method, 30 d by day", RATES, timedelta(days=30), "DAY", "PAYMENT_METHOD"),
    ("per merchant, 90 d by day", RATES, timedelta(days=90), "DAY", "MERCHANT"),
    ("every section, 7 d by hour", ALL, timedelta(days=7), "HOUR", None),
]


def run_cases(url: str, repeat: int) -> list[dict]:
    rows = []
    with httpx.Client(base_url=url, timeout=120) as client:
        r = client.post("/graphql", json={"query": LOGIN, "variables": {"e": "admin@demo.clearway.local", "p": "clearway-demo"}})
        assert r.json()["data"]["login"]["__typename"] == "LoginSuccess", r.text
        now = datetime.now(timezone.utc)
        for label, query, span, bucket, dim in CASES:
            variables = {"from": (now - span).isoformat(), "to": now.isoformat(), "b": bucket, "d": dim}
            times, decided = [], 0
            for _ in range(repeat):
                started = time.perf_counter()
                body = client.post("/graphql", json={"query": query, "variables": variables}).json()
                times.append((time.perf_counter() - started) * 1000)
                assert not body.get("errors"), body["errors"]
                decided = body["data"]["operationalReview"]["successRates"]["total"]["decided"]
            rows.append({"case": label, "decided_payments": decided, "median_ms": round(statistics.median(times), 1),
                         "max_ms": round(max(times), 1)})
            print(f"{label:<34} {decided:>10,} decided  median {rows[-1]['median_ms']:>8} ms  max {rows[-1]['max_ms']:>8} ms",
                  flush=True)
    return rows


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _inside_services(args: argparse.Namespace) -> int:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CLEARWAY_SECRET_KEY": "review-bench", "CLEARWAY_PUBLIC_URL": url, "LOG_LEVEL": "WARNING"}
    for step in (["migrate"], ["seed"], ["generate-transactions", "--tenant", "demo", "--count", str(args.count), "--days", "30",
                                         "--seed", "1"]):
        print(f"# python -m backend {' '.join(step)}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "backend", *step], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"#   {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    log = open(Path(tempfile.mkdtemp(prefix="review-bench-")) / "api.log", "w")
    api = subprocess.Popen([sys.executable, "-m", "backend", "api", "--port", str(port)], cwd=ROOT, env=env, stdout=log,
                           stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if api.poll() is not None or time.time() > deadline:
                raise SystemExit(f"the API did not start; log: {log.name}")
            time.sleep(0.3)
        return _report(run_cases(url, args.repeat), args)
    finally:
        api.terminate()
        api.wait(20)


def _report(rows: list[dict], args: argparse.Namespace) -> int:
    info = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
            "load_average": round(os.getloadavg()[0], 2), "database": os.environ.get("DATABASE_URL", "").split("://")[0],
            "generated": args.count if args.start_server else None}
    print("# " + json.dumps(info))
    if args.json:
        print(json.dumps({"setup": info, "cases": rows}))
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default="http://127.0.0.1:8400")
    p.add_argument("--start-server", action="store_true", help="throwaway PostgreSQL + Redis (./clearway services), own API")
    p.add_argument("--count", type=int, default=200_000, help="transactions to generate with --start-server")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.add_argument("--inside-services", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.inside_services:
        return _inside_services(args)
    if args.start_server:
        cmd = [str(ROOT / "clearway"), "services", sys.executable, str(Path(__file__).resolve()), *(argv or sys.argv[1:]),
               "--inside-services"]
        return subprocess.call(cmd)
    return _report(run_cases(args.url, args.repeat), args)


if __name__ == "__main__":
    sys.exit(main())

"""Webhook delivery bench: deliveries per second with one worker, and the time from a status change to its first attempt.

    python bench/webhooks_bench.py --start-server                       # own PostgreSQL + Redis + API + worker + receiver
    python bench/webhooks_bench.py --start-server --endpoints 10 --backlog 300 --rate 20 --seconds 20 --json
    python bench/webhooks_bench.py --url http://127.0.0.1:8400           # a running API; DATABASE_URL / REDIS_URL of its stack

Status changes go through the real service: integrators' `POST /api/v1/payments` (each payment's creation writes its
`payment.created` outbox event and one delivery per matching endpoint in the same transaction, and queues the first
attempts after commit). The merchant (seeded "Acme Shoes") gets --endpoints endpoints on a fast local receiver (a raw
asyncio HTTP server in its own process, answering 200 at once and noting when each request arrived); its other
endpoints (the built-in receiver) are disabled for the run and enabled again afterwards. The bench starts ONE worker
(`python -m backend worker`) itself.

  phase `backlog`: the worker is stopped; --backlog payments are created (x --endpoints deliveries, queued in Redis);
    then the worker starts. Deliveries per second = deliveries / (last arrival - first arrival) at the receiver; every
    delivery must then be `SUCCEEDED` (GraphQL), and duplicates (a webhook-id arriving twice at one endpoint) are counted.
  phase `stream`: the worker runs; payments are created at --rate per second for --seconds (open loop). For each
    delivery: first arrival at the receiver minus the event's `created_at` (the time of the status change, in the
    payload) gives status change -> first attempt, p50 / p95 / p99 / max.

Setup that has no API: local receivers are on 127.0.0.1, so the demo tenant's `allow_private_webhook_targets` is turned
on in the database for the run (and restored). With --start-server the CPU seconds per delivery of the worker,
PostgreSQL and Redis are printed too (from /proc; they do not depend on what else the machine runs).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import payments_bench as pb  # noqa: E402  (login, API keys, CPU probe, --start-server plumbing)

ROOT = pb.ROOT
INSIDE = "CLEARWAY_WEBHOOKS_BENCH_INSIDE"

MERCHANT = """query($id: ID!) { merchant(id: $id) { webhookEndpoints { id url enabled } } }"""
CREATE_ENDPOINT = """mutation($m: ID!, $i: WebhookEndpointInput!) { createWebhookEndpoint(merchantId: $m, input: $i) { __typename
  ... on WebhookEndpointCreated { webhookEndpoint { id } } ... on ValidationError { fields { field code message } } } }"""
UPDATE_ENDPOINT = """mutation($id: ID!, $i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $i) { __typename } }"""
DELETE_ENDPOINT = """mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { __typename } }"""
COUNT = """query($e: ID!, $s: WebhookDeliveryStatus) { webhookDeliveries(endpointId: $e, status: $s, first: 1) { totalCount } }"""


# ------------------------------------------------------------------------------------------- the receiver (own process)

async def _serve_receiver(port_file: str) -> None:
    """Answers every POST with 200 at once (HTTP/1.1 keep-alive); notes (path, webhook-id, arrival, event created_at).
    GET /arrivals returns them all as JSON."""
    arrivals: list[tuple[str, str, float, str]] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                arrived = time.time()
                lines = head.decode("latin-1").split("\r\n")
                method, path = lines[0].split(" ")[:2]
                headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
                body = await reader.readexactly(int(headers.get("content-length") or 0))
                if method == "GET":
                    out = json.dumps(arrivals).encode()
                else:
                    created = body.split(b'"created_at":"', 1)[1].split(b'"', 1)[0].decode() if b'"created_at":"' in body else ""
                    arrivals.append((path, headers.get("webhook-id", ""), arrived, created))
                    out = b"ok"
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (len(out), out))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    Path(port_file).write_text(str(server.sockets[0].getsockname()[1]))
    async with server:
        await server.serve_forever()


class Receiver:
    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="clearway-whbench-")
        port_file = os.path.join(self.dir, "port")
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve-receiver", port_file])
        deadline = time.time() + 20
        while not (os.path.exists(port_file) and Path(port_file).read_text()):
            if time.time() > deadline or self.proc.poll() is not None:
                raise SystemExit("the receiver did not start")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{Path(port_file).read_text()}"

    async def arrivals(self, http: httpx.AsyncClient) -> list[tuple[str, str, float, str]]:
        return (await http.get(self.url + "/arrivals", timeout=60)).json()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# ------------------------------------------------------------------------------------------- the worker

PROFILED_WORKER = """
import cProfile, sys, time
from backend.__main__ import main
profile = cProfile.Profile(time.process_time)
profile.enable()
try:
    main(["worker"])
finally:
    profile.disable()
    profile.dump_stats(sys.argv[1])
"""


class Worker:
    def __init__(self, log_level: str) -> None:
        self.log_level = log_level
        self.proc: subprocess.Popen | None = None
        self.log = open(os.path.join(tempfile.mkdtemp(prefix="clearway-whbench-"), "worker.log"), "w")

    def start(self) -> None:
        self.started_at = time.time()
        env = {**os.environ, "LOG_LEVEL": self.log_level}
        command = ["-m", "backend", "worker"]
        if os.environ.get("CLEARWAY_BENCH_PROFILE"):  # CPU-time profile of the worker, written when it stops
            command = ["-c", PROFILED_WORKER, os.environ["CLEARWAY_BENCH_PROFILE"]]
        self.proc = subprocess.Popen([sys.executable, *command], cwd=ROOT, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT)

    async def ready(self, timeout: float = 120) -> None:
        """Wait until the worker has started (its start-up writes the heartbeat key): imports and connections take
        seconds on a busy machine, and would count as delivery latency."""
        import redis.asyncio as aioredis

        from backend.core.queue import HEARTBEAT_KEY

        deadline = time.monotonic() + timeout
        client = aioredis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
        try:
            while time.monotonic() < deadline:
                beat = await client.get(HEARTBEAT_KEY)
                if beat and float(beat) >= self.started_at - 1:
                    return
                if self.proc is not None and self.proc.poll() is not None:
                    raise SystemExit(f"the worker exited; log: {self.log.name}")
                await asyncio.sleep(0.1)
        finally:
            await client.aclose()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None


# ------------------------------------------------------------------------------------------- setup that has no API

async def _set_allow_private(tenant_id: str, value: bool | None) -> bool:
    """Turn the tenant's allow_private_webhook_targets on (value True) or back (value = what it was); returns the old one."""
    from backend.core.db import init_db
    from backend.core.tenancy import system_scope
    from backend.tenants.models import Tenant

    ctx = await init_db(migrate=False)
    try:
        with system_scope():
            tenant = await Tenant.get(id=tenant_id)
            before = tenant.allow_private_webhook_targets
            await Tenant.filter(id=tenant_id).update(allow_private_webhook_targets=value)
        return before
    finally:
        await ctx.close_connections()


async def _last_recorded(endpoint_ids: list[str], since: float) -> float | None:
    """When the last attempt to these endpoints made after `since` (unix time) was recorded (its created_at): the end of
    a phase as the database sees it, the receiver's last arrival being the end as the network sees it."""
    from datetime import datetime, timezone

    from backend.core.db import init_db
    from backend.core.tenancy import system_scope
    from backend.webhooks.models import WebhookAttempt

    ctx = await init_db(migrate=False)
    try:
        with system_scope():
            last = await WebhookAttempt.filter(endpoint_id__in=endpoint_ids,
                                               created_at__gte=datetime.fromtimestamp(since, timezone.utc)) \
                .order_by("-created_at").limit(1).values_list("created_at", flat=True)
        return last[0].timestamp() if last else None
    finally:
        await ctx.close_connections()


# ------------------------------------------------------------------------------------------- phases

def percentiles(values: list[float]) -> dict[str, float]:
    v = sorted(values)

    def pct(p: float) -> float:
        return round(v[min(len(v) - 1, int(p / 100 * len(v)))], 1) if v else 0.0

    return {"p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "max_ms": round(v[-1], 1) if v else 0.0}


async def create_payments(api: httpx.AsyncClient, s: pb.Setup, count: int | None, rate: float | None, seconds: float | None,
                          clients: int = 8) -> tuple[int, int]:
    """Create payments (each one a status change with its outbox event): `count` as fast as --clients can, or at `rate`
    per second for `seconds` (open loop: a request starts on time whether or not earlier ones have answered)."""
    keys = [secret for _, secret in s.keys]
    currency = "EUR" if "EUR" in s.method["currencies"] else s.method["currencies"][0]
    amount = max(s.method["minAmount"], 1000)
    ok = failed = 0

    async def one(i: int) -> None:
        nonlocal ok, failed
        body = {"payment_method_id": s.method["id"], "amount": amount + (i % 50), "currency": currency,
                "order_id": f"whbench-{i}", "customer": {"email": "payer@example.com", "country": "DE"}}
        try:
            r = await api.post("/api/v1/payments", json=body,
                               headers={"Authorization": f"Bearer {keys[i % len(keys)]}", "Idempotency-Key": str(uuid.uuid4())})
            ok, failed = (ok + 1, failed) if r.status_code == 201 else (ok, failed + 1)
        except httpx.HTTPError:
            failed += 1

    if count is not None:
        queue = iter(range(count))

        async def client() -> None:
            for i in queue:
                await one(i)
        await asyncio.gather(*[client() for _ in range(clients)])
    else:
        started, tasks, i = time.perf_counter(), [], 0
        while (due := started + i / rate) < started + seconds:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            tasks.append(asyncio.create_task(one(i)))
            i += 1
        await asyncio.gather(*tasks)
    return ok, failed


async def wait_delivered(admin: httpx.AsyncClient, receiver: Receiver, http: httpx.AsyncClient, endpoints: list[str],
                         expected: int, timeout: float) -> list:
    """Wait until `expected` distinct deliveries arrived and every delivery of our endpoints succeeded."""
    deadline = time.monotonic() + timeout
    while True:
        arrivals = await receiver.arrivals(http)
        if len({(a[0], a[1]) for a in arrivals}) >= expected or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    while time.monotonic() < deadline:
        done = [(await pb.gql(admin, COUNT, e=ep, s="SUCCEEDED"))["webhookDeliveries"]["totalCount"] for ep in endpoints]
        if sum(done) >= expected:
            break
        await asyncio.sleep(0.3)
    return await receiver.arrivals(http)


def summarize(name: str, arrivals: list, expected: int, cpu: dict[str, float] | None, latency: bool,
              last_recorded: float | None = None) -> dict:
    first: dict[tuple[str, str], tuple[float, str]] = {}
    for path, wid, at, created in arrivals:
        key = (path, wid)
        if key not in first or at < first[key][0]:
            first[key] = (at, created)
    times = sorted(at for at, _ in first.values())
    span = (times[-1] - times[0]) if len(times) > 1 else 0.0
    row = {"phase": name, "deliveries": len(first), "expected": expected, "duplicates": len(arrivals) - len(first),
           "seconds": round(span, 2), "deliveries_per_s": round(len(first) / span, 1) if span else 0.0}
    if last_recorded and times:  # first arrival -> last attempt recorded in the database
        row["recorded_per_s"] = round(len(first) / max(last_recorded - times[0], 1e-3), 1)
    if latency:
        from datetime import datetime

        lat = [(at - datetime.fromisoformat(created).timestamp()) * 1000 for at, created in first.values() if created]
        row.update(percentiles(lat))
    if cpu and first:
        row.update({f"cpu_ms_per_delivery_{k}": round(v * 1000 / len(first), 2) for k, v in cpu.items()})
    return row


async def bench(args: argparse.Namespace, probe: pb.CpuProbe | None = None, worker: Worker | None = None) -> dict:
    worker = worker or Worker(args.worker_log_level)
    receiver = Receiver()
    timeout = httpx.Timeout(30.0)
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=args.url, timeout=timeout) as admin, \
            httpx.AsyncClient(base_url=args.url, timeout=timeout, limits=limits) as api, httpx.AsyncClient() as http:
        s = await pb.setup(admin, args.merchant, args.keys)
        before_private = await _set_allow_private(s.tenant_id, True)
        others = [e for e in (await pb.gql(admin, MERCHANT, id=s.merchant["id"]))["merchant"]["webhookEndpoints"] if e["enabled"]]
        endpoints: list[str] = []
        rows = []
        info = {"url": args.url, "merchant": s.merchant["name"], "endpoints": args.endpoints, "backlog_payments": args.backlog,
                "rate_per_s": args.rate, "seconds": args.seconds,
                "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
                "load_average_before": round(os.getloadavg()[0], 2),
                "worker_env": {k: v for k, v in os.environ.items() if k.startswith("CLEARWAY_WORKER_")}}
        try:
            for e in others:
                await pb.gql(admin, UPDATE_ENDPOINT, id=e["id"], i={"enabled": False})
            for n in range(args.endpoints):
                res = (await pb.gql(admin, CREATE_ENDPOINT, m=s.merchant["id"],
                                    i={"url": f"{receiver.url}/hook/{n}", "description": "webhooks bench"}))["createWebhookEndpoint"]
                if res["__typename"] != "WebhookEndpointCreated":
                    raise SystemExit(f"createWebhookEndpoint failed: {res}")
                endpoints.append(res["webhookEndpoint"]["id"])

            def cpu() -> dict[str, float]:
                return probe.sample() if probe else {}

            distinct = 0
            if args.backlog:
                startup_cpu = 0.0
                if probe:  # the worker's start-up CPU (imports, connections), subtracted from the backlog phase's
                    worker.start()
                    await worker.ready()
                    await asyncio.sleep(1.0)
                    startup_cpu = cpu().get("worker", 0.0)
                    worker.stop()
                    info["worker_startup_cpu_s"] = round(startup_cpu, 2)
                ok, failed = await create_payments(api, s, args.backlog, None, None)
                print(f"# backlog: {ok} payments created ({failed} refused), worker starting", file=sys.stderr)
                c0 = cpu()
                since = time.time()
                worker.start()
                arrivals = await wait_delivered(admin, receiver, http, endpoints, ok * len(endpoints), args.timeout)
                c1 = cpu()
                used = {k: c1[k] - c0[k] for k in c1}
                if "worker" in used:
                    used["worker"] -= startup_cpu
                rows.append(summarize("backlog", arrivals, ok * len(endpoints), used, latency=False,
                                      last_recorded=await _last_recorded(endpoints, since)))
                distinct = rows[-1]["deliveries"]
            else:
                worker.start()
                arrivals = []
            if args.seconds and args.rate:
                await worker.ready()
                await asyncio.sleep(1.0)
                seen = len(arrivals)
                c0 = cpu()
                since = time.time()
                ok, failed = await create_payments(api, s, None, args.rate, args.seconds)
                arrivals = await wait_delivered(admin, receiver, http, endpoints, distinct + ok * len(endpoints), args.timeout)
                c1 = cpu()
                rows.append(summarize("stream", arrivals[seen:], ok * len(endpoints), {k: c1[k] - c0[k] for k in c1}, latency=True,
                                      last_recorded=await _last_recorded(endpoints, since)))
            total = 0
            for ep in endpoints:
                total += (await pb.gql(admin, COUNT, e=ep, s="SUCCEEDED"))["webhookDeliveries"]["totalCount"]
            info["succeeded_total"] = total
        finally:
            worker.stop()
            receiver.stop()
            for ep in endpoints:
                await pb.gql(admin, DELETE_ENDPOINT, id=ep)
            for e in others:
                await pb.gql(admin, UPDATE_ENDPOINT, id=e["id"], i={"enabled": True})
            await _set_allow_private(s.tenant_id, before_private)
            await pb.revoke(admin, s.keys)
    info["load_average_after"] = round(os.getloadavg()[0], 2)
    return {"setup": info, "phases": rows}


def _report(result: dict, args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for k, v in result["setup"].items():
        print(f"# {k}: {v}")
    for row in result["phases"]:
        print(" ".join(f"{k}={v}" for k, v in row.items()))
    return 0


def _run_server(args: argparse.Namespace) -> int:
    """Inside `./clearway services`: migrate, seed, start the API, bench (the bench starts its worker), stop."""
    with pb.served_api(args) as (server, api):
        worker = Worker(args.worker_log_level)
        redis_port = os.environ.get("REDIS_URL", "").rsplit(":", 1)[-1].split("/")[0]
        db = os.environ.get("DATABASE_URL", "")
        db_port = db.rsplit(":", 1)[-1].split("/")[0] if db.startswith("postgres") else None
        probe = pb.CpuProbe({
            "worker": lambda pid, cmd: worker.proc is not None and pid == worker.proc.pid,
            "api": lambda pid, cmd: pid == api.pid,
            **({"postgres": lambda pid, cmd: "postgres -D" in cmd and f"-p {db_port} " in cmd} if db_port else {}),
            "redis": lambda pid, cmd: ("redis-server" in cmd or "valkey-server" in cmd)
                                    and (f":{redis_port}" in cmd or f"--port {redis_port}" in cmd),
        })
        result = asyncio.run(bench(args, probe, worker))
        result["setup"].update(server)
        return _report(result, args)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--serve-receiver"]:
        asyncio.run(_serve_receiver(argv[1]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8400", help="a running API (ignored with --start-server)")
    parser.add_argument("--endpoints", type=int, default=10, help="endpoints on the local receiver (deliveries per status change)")
    parser.add_argument("--backlog", type=int, default=300, help="payments created while the worker is stopped (0: skip)")
    parser.add_argument("--rate", type=float, default=20, help="payments per second in the stream phase")
    parser.add_argument("--seconds", type=float, default=20, help="length of the stream phase (0: skip)")
    parser.add_argument("--keys", type=int, default=16, help="sandbox API keys to spread the creates on")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for the deliveries of a phase")
    parser.add_argument("--merchant", default="Acme Shoes", help="seeded merchant whose published CARD method is used")
    parser.add_argument("--worker-log-level", default="INFO", help="the worker's LOG_LEVEL")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--start-server", action="store_true",
                        help="run on a throwaway PostgreSQL + Redis (./clearway services) with an API of its own")
    parser.add_argument("--durable", action="store_true", help="with --start-server: PostgreSQL with fsync on")
    parser.add_argument("--api-workers", type=int, default=1, help="with --start-server: uvicorn worker processes")
    parser.add_argument("--server-log-level", default="INFO", help="with --start-server: the API's LOG_LEVEL")
    args = parser.parse_args(argv)
    if args.start_server:
        if os.environ.get(INSIDE) != "1":
            env = {**os.environ, INSIDE: "1", **({"CLEARWAY_PG_DURABLE": "1"} if args.durable else {})}
            return subprocess.call([str(ROOT / "clearway"), "services", sys.executable, str(Path(__file__).resolve()), *argv], env=env)
        return _run_server(args)
    return _report(asyncio.run(bench(args)), args)


if __name__ == "__main__":
    sys.exit(main())

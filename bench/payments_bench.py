"""Payments API load generator: concurrent integrators creating payments, then providers calling back.

    python bench/payments_bench.py [--url http://127.0.0.1:8400] [--clients 16] [--seconds 30]
    python bench/payments_bench.py --start-server [--durable] [--api-workers 1] ...   # one command, own servers

Sets itself up through the public interfaces only, like an integrator and a provider would:
  1. logs in to GraphQL as the seeded demo admin (admin@demo.clearway.local / clearway-demo, `python -m backend seed`),
     finds a seeded merchant (default "Acme Shoes") with an enabled, published CARD payment method, and creates
     sandbox API keys for it (`createApiKey`; revoked again at the end);
  2. phase `create`: --clients concurrent clients POST /api/v1/payments for --seconds, each request with its own
     Idempotency-Key, spread over the keys;
  3. phase `callback`: --clients concurrent simulated providers POST signed results (`Sim-Signature`, see
     backend/payments/simulator/signing.py) to /callbacks/{tenant_id}/{provider} for the payments just created,
     one callback each (to the provider each payment was routed to), until all are answered or --seconds pass;
and prints for each phase: requests, throughput, latency p50 / p95 / p99 / max, answers by HTTP status (errors by
status or by exception) and, for callbacks, the server's verdicts (applied / duplicate / suspicious ...). With
--start-server it also prints the CPU milliseconds used per request by the API, PostgreSQL, Redis and the bench itself
(from /proc): unlike latency and throughput, that figure does not depend on what else the machine is running.

Rate limits: every API key has the plan's limit per minute (Pro, the demo tenant: 600/min = 10/s per key). The
bench creates --keys keys (default 4 per client) so that the limit is far above what it reaches, and prints the
ceiling; 429 answers, if any, are counted like every other status.

Callbacks are signed with the provider secret derived from the server's CLEARWAY_SECRET_KEY (--secret-key, default
the environment's or the development default). With --start-server the bench knows it: it runs
`./clearway services` (a throwaway PostgreSQL + Redis, as `./clearway test` starts them), migrates, seeds, starts
`python -m backend api` on a free port with a random secret key, runs, and stops everything.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import itertools
import json
import os
import platform
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
ADMIN_EMAIL = "admin@demo.clearway.local"
DEMO_PASSWORD = "clearway-demo"
DEV_SECRET_KEY = "dev-insecure-secret-key-change-me"  # backend.core.config's default
PLAN_LIMITS = {"FREE": 60, "PRO": 600, "ENTERPRISE": 6000}  # backend.tenants.models.PLAN_RATE_LIMITS, per key and minute
INSIDE = "CLEARWAY_BENCH_INSIDE"
CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


# ------------------------------------------------------------------------------------------- CPU per request (Linux /proc)

def _procs() -> dict[int, tuple[int, float, str]]:
    """pid -> (parent pid, CPU seconds used (user + system), command line), for every process we can read."""
    out = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmdline = fh.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        out[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / CLK_TCK, cmdline)
    return out


class CpuProbe:
    """CPU seconds used by process trees (the API and its workers; PostgreSQL; Redis): a figure that does not depend on
    what else runs on the machine, unlike latency and throughput. Only with --start-server (we know the processes)."""

    def __init__(self, roots: dict[str, callable]):
        self.roots = roots  # name -> predicate(pid, cmdline) choosing the root process of that tree

    def sample(self) -> dict[str, float]:
        procs = _procs()
        children: dict[int, list[int]] = {}
        for pid, (ppid, _, _) in procs.items():
            children.setdefault(ppid, []).append(pid)
        out = {}
        for name, is_root in self.roots.items():
            stack = [pid for pid, (_, _, cmd) in procs.items() if is_root(pid, cmd)]
            seen, total = set(), 0.0
            while stack:
                pid = stack.pop()
                if pid in seen or pid not in procs:
                    continue
                seen.add(pid)
                total += procs[pid][1]
                stack += children.get(pid, [])
            out[name] = total
        return out


# ------------------------------------------------------------------------------------------- the provider's signature

def sim_signature(secret_key: str, tenant_id: str, provider: str, timestamp: int, body: bytes) -> str:
    """`Sim-Signature` header value, as the simulated providers sign (backend/payments/simulator/signing.py)."""
    provider_secret = hmac.new(secret_key.encode(), f"simulator:{tenant_id}:{provider}".encode(), hashlib.sha256).digest()
    sig = hmac.new(provider_secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={sig}"


# ------------------------------------------------------------------------------------------- setup through GraphQL

class GraphQLError(RuntimeError):
    pass


async def gql(client: httpx.AsyncClient, query: str, **variables) -> dict:
    r = await client.post("/graphql", json={"query": query, "variables": variables})
    body = r.json()
    if body.get("errors"):
        raise GraphQLError(json.dumps(body["errors"])[:500])
    return body["data"]


LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename
  ... on LoginSuccess { me { tenant { id } } } ... on LoginFailed { code message } } }"""
SETUP = """{ me { tenant { id plan } } merchants { id name }
  paymentMethods { id merchantId name type currencies minAmount maxAmount enabled published { id } } }"""
CREATE_KEY = """mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { __typename
  ... on ApiKeyCreated { secret apiKey { id } } ... on ValidationError { fields { field code } } } }"""
REVOKE_KEY = """mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }"""


@dataclass
class Setup:
    tenant_id: str
    plan: str
    merchant: dict
    method: dict
    keys: list[tuple[str, str]]  # (api key id, secret)


async def setup(admin: httpx.AsyncClient, merchant_name: str, key_count: int) -> Setup:
    login = (await gql(admin, LOGIN, e=ADMIN_EMAIL, p=DEMO_PASSWORD))["login"]
    if login["__typename"] != "LoginSuccess":
        raise SystemExit(f"login as {ADMIN_EMAIL} failed: {login} (is the demo data seeded? python -m backend seed)")
    data = await gql(admin, SETUP)
    merchants = {m["id"]: m for m in data["merchants"]}
    cards = [pm for pm in data["paymentMethods"] if pm["type"] == "CARD" and pm["enabled"] and pm["published"]]
    chosen = [pm for pm in cards if merchants.get(pm["merchantId"], {}).get("name") == merchant_name] or cards
    if not chosen:
        raise SystemExit("no enabled CARD payment method with a published routing found (seed the demo data)")
    method = chosen[0]
    merchant = merchants[method["merchantId"]]
    run = uuid.uuid4().hex[:8]

    async def one(i: int) -> tuple[str, str]:
        res = (await gql(admin, CREATE_KEY, i={"merchantId": merchant["id"], "name": f"bench-{run}-{i}", "environment": "SANDBOX"}))
        created = res["createApiKey"]
        if created["__typename"] != "ApiKeyCreated":
            raise SystemExit(f"createApiKey failed: {created}")
        return created["apiKey"]["id"], created["secret"]

    keys = []
    for start in range(0, key_count, 8):  # a few at a time: setup, not load
        keys += await asyncio.gather(*[one(i) for i in range(start, min(start + 8, key_count))])
    return Setup(tenant_id=data["me"]["tenant"]["id"], plan=str(data["me"]["tenant"]["plan"]).upper(), merchant=merchant, method=method, keys=keys)


async def revoke(admin: httpx.AsyncClient, keys: list[tuple[str, str]]) -> None:
    for start in range(0, len(keys), 8):
        await asyncio.gather(*[gql(admin, REVOKE_KEY, id=key_id) for key_id, _ in keys[start:start + 8]], return_exceptions=True)


# ------------------------------------------------------------------------------------------- phases

@dataclass
class Phase:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)  # "201", "429", "ConnectError" ...
    verdicts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # per process tree, during the phase

    def record(self, started: float, outcome: str) -> None:
        self.latencies_ms.append((time.perf_counter() - started) * 1000)
        self.statuses[outcome] += 1

    def summary(self) -> dict:
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> float:
            return round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))], 2) if lat else 0.0

        n = len(lat)
        ok = sum(c for s, c in self.statuses.items() if s.isdigit() and 200 <= int(s) < 300)
        return {"phase": self.name, "requests": n, "ok": ok, "errors": n - ok, "seconds": round(self.seconds, 2),
                "throughput_rps": round(n / self.seconds, 1) if self.seconds else 0.0,
                "ok_rps": round(ok / self.seconds, 1) if self.seconds else 0.0,
                "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "max_ms": round(lat[-1], 2) if lat else 0.0,
                "mean_ms": round(statistics.fmean(lat), 2) if lat else 0.0,
                "statuses": dict(sorted(self.statuses.items())), "verdicts": dict(sorted(self.verdicts.items())),
                **{f"cpu_ms_per_request_{k}": round(v * 1000 / n, 2) for k, v in self.cpu_seconds.items() if n}}


async def create_phase(api: httpx.AsyncClient, s: Setup, clients: int, seconds: float, created: list[dict] | None,
                       name: str = "create") -> Phase:
    phase = Phase(name)
    keys = itertools.cycle([secret for _, secret in s.keys])
    currency = "EUR" if "EUR" in s.method["currencies"] else s.method["currencies"][0]
    low, high = max(s.method["minAmount"], 100), min(s.method["maxAmount"], 99_999)
    rng = random.Random(7)
    deadline = time.perf_counter() + seconds

    async def client(n: int) -> None:
        i = 0
        while time.perf_counter() < deadline:
            i += 1
            amount = rng.randint(low, high)
            if 901 <= amount % 1000 <= 904:  # magic amounts drive provider outcomes: keep plain successes
                amount += 10
            body = {"payment_method_id": s.method["id"], "amount": amount, "currency": currency,
                    "order_id": f"bench-{n}-{i}", "customer": {"email": f"payer{n}@example.com", "country": "DE"}}
            headers = {"Authorization": f"Bearer {next(keys)}", "Idempotency-Key": str(uuid.uuid4())}
            started = time.perf_counter()
            try:
                r = await api.post("/api/v1/payments", json=body, headers=headers)
            except httpx.HTTPError as exc:
                phase.record(started, type(exc).__name__)
                continue
            phase.record(started, str(r.status_code))
            if r.status_code == 201 and created is not None:
                p = r.json()
                created.append({"id": p["transaction_id"], "amount": p["amount"], "currency": p["currency"]})

    t0 = time.perf_counter()
    await asyncio.gather(*[client(n) for n in range(clients)])
    phase.seconds = time.perf_counter() - t0
    return phase


async def attach_providers(admin: httpx.AsyncClient, payments: list[dict]) -> None:
    """Each payment's routed provider, looked up through GraphQL in batches (setup, not measured)."""
    for start in range(0, len(payments), 25):
        batch = payments[start:start + 25]
        query = "{ " + " ".join(f't{i}: transaction(id: "{p["id"]}") {{ provider }}' for i, p in enumerate(batch)) + " }"
        data = await gql(admin, query)
        for i, p in enumerate(batch):
            p["provider"] = (data.get(f"t{i}") or {}).get("provider") or "sim_card"


async def callback_phase(api: httpx.AsyncClient, s: Setup, clients: int, seconds: float, payments: list[dict],
                         secret_key: str) -> Phase:
    phase = Phase("callback")
    queue = deque(payments)
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        while queue and time.perf_counter() < deadline:
            p = queue.popleft()
            provider = p.get("provider", "sim_card")
            url = f"/callbacks/{s.tenant_id}/{provider}"
            body = json.dumps({"event_id": f"bench_{uuid.uuid4().hex}", "type": "payment.result", "transaction_reference": p["id"],
                               "status": "succeeded", "amount": p["amount"], "currency": p["currency"], "reason": None}).encode()
            headers = {"sim-signature": sim_signature(secret_key, s.tenant_id, provider, int(time.time()), body),
                       "content-type": "application/json"}
            started = time.perf_counter()
            try:
                r = await api.post(url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                phase.record(started, type(exc).__name__)
                continue
            phase.record(started, str(r.status_code))
            try:
                answer = r.json()
                verdict = answer.get("verdict", "?")
                phase.verdicts[verdict if verdict != "suspicious" else f"suspicious:{answer.get('reason')}"] += 1
            except ValueError:
                phase.verdicts["(no json)"] += 1

    t0 = time.perf_counter()
    await asyncio.gather(*[client() for _ in range(clients)])
    phase.seconds = time.perf_counter() - t0
    return phase


def print_table(rows: list[dict]) -> None:
    head = (f"{'phase':<9} {'requests':>8} {'seconds':>7} {'req/s':>7} {'ok/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'max ms':>7}  answers")
    print(head)
    print("-" * len(head))
    for r in rows:
        answers = ", ".join(f"{k}: {v}" for k, v in r["statuses"].items())
        if r["verdicts"]:
            answers += " | verdicts " + ", ".join(f"{k}: {v}" for k, v in r["verdicts"].items())
        print(f"{r['phase']:<9} {r['requests']:>8} {r['seconds']:>7} {r['throughput_rps']:>7} {r['ok_rps']:>7} {r['p50_ms']:>7} "
              f"{r['p95_ms']:>7} {r['p99_ms']:>7} {r['max_ms']:>7}  {answers}")
    for r in rows:
        cpu = ", ".join(f"{k.removeprefix('cpu_ms_per_request_')} {v}" for k, v in r.items() if k.startswith("cpu_ms_per_request_"))
        print(f"# {r['phase']}: CPU ms per request: {cpu}")


async def bench(args: argparse.Namespace, secret_key: str, server: dict | None = None, probe: CpuProbe | None = None) -> dict:
    limits = httpx.Limits(max_connections=args.clients + 4, max_keepalive_connections=args.clients + 4)
    timeout = httpx.Timeout(30.0)
    async with httpx.AsyncClient(base_url=args.url, timeout=timeout) as admin, \
            httpx.AsyncClient(base_url=args.url, timeout=timeout, limits=limits) as api:
        key_count = args.keys or max(8, 4 * args.clients)
        s = await setup(admin, args.merchant, key_count)
        ceiling = PLAN_LIMITS.get(s.plan, 0) * len(s.keys) / 60
        info = {"url": args.url, "clients": args.clients, "seconds": args.seconds, "keys": len(s.keys), "plan": s.plan,
                "rate_limit_ceiling_rps": round(ceiling, 1), "merchant": s.merchant["name"], "payment_method": s.method["name"],
                "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
                "load_average_before": round(os.getloadavg()[0], 2), **(server or {})}
        print(f"# {info['merchant']} / {info['payment_method']} ({s.method['id']}), tenant plan {s.plan}: "
              f"{PLAN_LIMITS.get(s.plan)}/min per key x {len(s.keys)} keys = {ceiling:.0f} req/s ceiling", file=sys.stderr)
        async def measured(coro) -> dict:
            before = probe.sample() if probe else {}
            client_before = time.process_time()
            phase = await coro
            if probe:
                after = probe.sample()
                phase.cpu_seconds = {k: after[k] - before[k] for k in after}
            phase.cpu_seconds["bench_client"] = time.process_time() - client_before
            return phase.summary()

        try:
            if args.warmup > 0:
                await create_phase(api, s, args.clients, args.warmup, None, name="warmup")
            created: list[dict] = []
            rows = [await measured(create_phase(api, s, args.clients, args.seconds, created))]
            if not args.no_callbacks:
                await attach_providers(admin, created)  # routing decides the provider; its callbacks go to that one
                rows.append(await measured(callback_phase(api, s, args.clients, args.seconds, created, secret_key)))
        finally:
            await revoke(admin, s.keys)
    info["load_average_after"] = round(os.getloadavg()[0], 2)  # other work on the machine skews the figures
    return {"setup": info, "phases": rows}


# ------------------------------------------------------------------------------------------- --start-server

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served_api(args: argparse.Namespace):
    """Inside `./clearway services` (DATABASE_URL / REDIS_URL are throwaway servers): migrate, seed, serve the API on a
    free port with a random CLEARWAY_SECRET_KEY (set in os.environ and args), yield (server info, API process), stop."""
    secret_key = os.environ["CLEARWAY_SECRET_KEY"] = args.secret_key = secrets.token_urlsafe(32)
    port = _free_port()
    args.url = os.environ["CLEARWAY_PUBLIC_URL"] = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CLEARWAY_SECRET_KEY": secret_key, "LOG_LEVEL": args.server_log_level}
    logdir = Path(tempfile.mkdtemp(prefix="clearway-bench-"))
    for step in ("migrate", "seed"):
        print(f"# python -m backend {step}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "backend", step], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    log = open(logdir / "api.log", "w")
    api = subprocess.Popen([sys.executable, "-m", "backend", "api", "--port", str(port), "--workers", str(args.api_workers)],
                           cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(args.url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if api.poll() is not None or time.time() > deadline:
                raise SystemExit(f"the API did not start; log: {logdir / 'api.log'}")
            time.sleep(0.2)
        db = os.environ.get("DATABASE_URL", "")
        server = {"database": ("PostgreSQL (throwaway, " + ("fsync on" if args.durable else "fsync=off, synchronous_commit=off")
                               + ")") if db.startswith("postgres") else "SQLite",
                  "redis": os.environ.get("REDIS_URL", ""), "api_workers": args.api_workers, "server_log_level": args.server_log_level}
        yield server, api
    except BaseException:
        print(f"# the API's log is kept: {logdir / 'api.log'}", file=sys.stderr)
        raise
    finally:
        api.terminate()
        try:
            api.wait(15)
        except subprocess.TimeoutExpired:
            api.kill()
        log.close()
    shutil.rmtree(logdir, ignore_errors=True)


def _run_server(args: argparse.Namespace) -> int:
    """Inside `./clearway services`: migrate, seed, serve, bench, stop."""
    with served_api(args) as (server, api):
        db = os.environ.get("DATABASE_URL", "")
        db_port = db.rsplit(":", 1)[-1].split("/")[0] if db.startswith("postgres") else None
        redis_port = os.environ.get("REDIS_URL", "").rsplit(":", 1)[-1].split("/")[0]
        probe = CpuProbe({
            "api": lambda pid, cmd: pid == api.pid,
            **({"postgres": lambda pid, cmd: "postgres -D" in cmd and f"-p {db_port} " in cmd} if db_port else {}),
            "redis": lambda pid, cmd: ("redis-server" in cmd or "valkey-server" in cmd)
                                    and (f":{redis_port}" in cmd or f"--port {redis_port}" in cmd),
        })
        return _report(asyncio.run(bench(args, args.secret_key, server, probe)), args)


def _report(result: dict, args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result["setup"].items():
            print(f"# {k}: {v}")
        print_table(result["phases"])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8400", help="a running API (ignored with --start-server)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (and concurrent providers)")
    parser.add_argument("--seconds", type=float, default=30, help="length of each phase")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of uncounted creates first")
    parser.add_argument("--keys", type=int, default=0, help="sandbox API keys to spread the load on (default 4 per client)")
    parser.add_argument("--merchant", default="Acme Shoes", help="seeded merchant whose published CARD method is used")
    parser.add_argument("--secret-key", default=os.environ.get("CLEARWAY_SECRET_KEY", DEV_SECRET_KEY),
                        help="the server's CLEARWAY_SECRET_KEY (signs the provider callbacks)")
    parser.add_argument("--no-callbacks", action="store_true", help="skip the callback phase")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--start-server", action="store_true",
                        help="run on a throwaway PostgreSQL + Redis (./clearway services) with an API of its own")
    parser.add_argument("--durable", action="store_true", help="with --start-server: PostgreSQL with fsync on")
    parser.add_argument("--api-workers", type=int, default=1, help="with --start-server: uvicorn worker processes")
    parser.add_argument("--server-log-level", default="INFO", help="with --start-server: the API's LOG_LEVEL")
    args = parser.parse_args(argv)

    if args.start_server:
        if os.environ.get(INSIDE) != "1":  # first: throwaway PostgreSQL + Redis, then this script again inside them
            env = {**os.environ, INSIDE: "1"}
            if args.durable:
                env["CLEARWAY_PG_DURABLE"] = "1"
            cmd = [str(ROOT / "clearway"), "services", sys.executable, str(Path(__file__).resolve()), *(argv or sys.argv[1:])]
            return subprocess.call(cmd, env=env)
        return _run_server(args)
    return _report(asyncio.run(bench(args, args.secret_key)), args)


if __name__ == "__main__":
    sys.exit(main())

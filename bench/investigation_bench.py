"""Investigation at scale: the transactions list over GraphQL on a large tenant, each filter alone and combined.

    python bench/investigation_bench.py --start-server [--count 1000000] [--repeat 30] [--deep-pages 20]
    python bench/investigation_bench.py --url http://127.0.0.1:8400 [--tenant demo]     # a running API with data

With --start-server it runs inside `./clearway services` (a throwaway PostgreSQL 15 + Redis, as the tests use), then
`python -m backend migrate`, `seed`, `generate-transactions --tenant demo --count N --days 90` (printing its rate),
`VACUUM ANALYZE`, starts `python -m backend api` and benchmarks it over HTTP, like the UI does: it logs in as the
seeded tenant admin (admin@demo.clearway.local), then for every case asks the list page the UI shows (50 rows, with
merchant, payment method and the capped totalCount) --repeat times one after the other, and prints p50 / p95 / max:

  * "first": the first page;
  * "deep": the page after following --deep-pages pages of cursors (1,000 rows deep by default), asked --repeat times.

It also EXPLAINs (ANALYZE) each case's page query and count query, built by the same code the API runs
(backend/payments/search.py), and prints the indexes PostgreSQL used. Target: p95 < 100 ms.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
INSIDE = "CLEARWAY_INVESTIGATION_BENCH_INSIDE"
ADMIN_EMAIL = "admin@demo.clearway.local"
DEMO_PASSWORD = "clearway-demo"
ANSWERS = ("SEARCH_TOO_BROAD",)  # error codes that are the API's bounded answer for a case (backend/payments/search.py)
PAGE = """query($f: TransactionFilter, $s: TransactionSort, $first: Int!, $after: String) {
  transactions(filter: $f, sort: $s, first: $first, after: $after) { totalCount totalCountCapped
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id status amount currency orderId userReference createdAt
      merchant { id name } brand { id name } paymentMethod { id name kind } } } } }"""


async def gql(http: httpx.AsyncClient, query: str, **variables) -> dict:
    r = await http.post("/graphql", json={"query": query, "variables": variables})
    body = r.json()
    if body.get("errors"):
        code = (body["errors"][0].get("extensions") or {}).get("code")
        if code in ANSWERS:  # a bounded answer (the page ran out of time): what the case measures, not a failure
            return {"transactions": {"error": code, "totalCount": None, "totalCountCapped": False, "edges": [],
                                     "pageInfo": {"hasNextPage": False, "endCursor": None}}}
        raise SystemExit(f"GraphQL error: {body['errors']}")
    return body["data"]


def cases(sample: dict, now: datetime) -> list[tuple[str, dict, dict | None]]:
    """(name, filter, sort) for every filter alone, the other sort, three combinations and a worst case."""
    lo = (now - timedelta(days=12)).isoformat()
    hi = (now - timedelta(days=10)).isoformat()
    return [
        ("no filter (newest first)", {}, None),
        ("merchant", {"merchantIds": [sample["merchant"]["id"]]}, None),
        ("brand", {"brandIds": [sample["brand"]["id"]]}, None),
        ("payment method", {"paymentMethodIds": [sample["paymentMethod"]["id"]]}, None),
        ("status FAILED", {"statuses": ["FAILED"]}, None),
        ("date range (2 days)", {"createdFrom": lo, "createdTo": hi}, None),
        ("amount range 100.00-105.00", {"amountMin": 10_000, "amountMax": 10_500}, None),
        ("currency USD", {"currency": "USD"}, None),
        ("user reference", {"userReference": sample["userReference"]}, None),
        ("search: order id", {"search": sample["orderId"]}, None),
        ("search: transaction id", {"search": sample["id"]}, None),
        ("sort by amount, largest first", {}, {"field": "AMOUNT", "direction": "DESC"}),
        ("sort by amount, smallest first", {}, {"field": "AMOUNT", "direction": "ASC"}),
        ("merchant + SETTLEMENT + date range", {"merchantIds": [sample["merchant"]["id"]], "statuses": ["SETTLEMENT"],
                                               "createdFrom": lo, "createdTo": hi}, None),
        ("method + currency + amount range", {"paymentMethodIds": [sample["paymentMethod"]["id"]], "currency": sample["currency"],
                                              "amountMin": sample["amount"] // 2, "amountMax": sample["amount"] * 2}, None),
        # worst case: each filter matches many rows, together none, and no index serves the combination
        ("method + currency + amount: no match (worst)", {"paymentMethodIds": [sample["paymentMethod"]["id"]],
                                                          "currency": sample["currency"], **_implausible(sample)}, None),
        ("brand + FAILED/EXPIRED + amount >= 200.00", {"brandIds": [sample["brand"]["id"]], "statuses": ["FAILED", "EXPIRED"],
                                                       "amountMin": 20_000}, None),
    ]


def _implausible(sample: dict) -> dict:
    """An amount range common in other currencies but empty for the sample's (IDR amounts are far larger)."""
    return {"amountMin": 10_000, "amountMax": 20_000} if sample["currency"] == "IDR" else {"amountMin": 50_000_000, "amountMax": 60_000_000}


async def timed(http: httpx.AsyncClient, repeat: int, probe=None, **variables) -> tuple[list[float], dict, dict]:
    """`repeat` requests one after the other: latencies (ms), the last page, and CPU ms per request by process tree."""
    samples, page = [], None
    before = probe.sample() if probe else {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        page = (await gql(http, PAGE, **variables))["transactions"]
        samples.append((time.perf_counter() - t0) * 1000)
    after = probe.sample() if probe else {}
    return samples, page, {k: round((after[k] - before[k]) / repeat * 1000, 1) for k in before}


def stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"p50": round(statistics.median(ordered), 1), "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
            "max": round(ordered[-1], 1)}


async def bench(args: argparse.Namespace, probe=None) -> dict:
    async with httpx.AsyncClient(base_url=args.url, timeout=60) as http:
        login = await gql(http, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }',
                          e=args.email, p=args.password)
        assert login["login"]["__typename"] == "LoginSuccess", login
        first = (await gql(http, PAGE, first=50))["transactions"]
        sample = first["edges"][min(10, len(first["edges"]) - 1)]["node"]
        results = []
        for name, f, sort in cases(sample, datetime.now(timezone.utc)):
            variables = {"f": f, "s": sort, "first": args.first}
            await timed(http, 2, **variables)  # warm
            t_first, page, cpu = await timed(http, args.repeat, probe, **variables)
            after, depth = None, 0
            for _ in range(args.deep_pages):
                nxt = (await gql(http, PAGE, after=after, **variables))["transactions"]
                if not nxt["pageInfo"]["hasNextPage"]:
                    break
                after, depth = nxt["pageInfo"]["endCursor"], depth + len(nxt["edges"])
            t_deep, _, cpu_deep = await timed(http, args.repeat, probe, after=after, **variables) if after else ([], None, {})
            results.append({"case": name, "filter": f, "sort": sort, "matched": page.get("error") or page["totalCount"],
                            "capped": page["totalCountCapped"],
                            "first": stats(t_first), "deep": stats(t_deep) if t_deep else None, "depth": depth, "after": after,
                            "cpu_ms_per_request": {"first": cpu, "deep": cpu_deep}})
            print(f"# {name}: first p95 {results[-1]['first']['p95']} ms", file=sys.stderr)
        return {"cases": results, "sample": sample}


def print_table(result: dict) -> None:
    print(f"{'case':<44} {'matches':>9} {'first p50/p95/max ms':>22} {'deep page':>10} {'deep p50/p95/max ms':>22}"
          f"  CPU ms/request first, deep (API + PostgreSQL)")
    for r in result["cases"]:
        matched = r["matched"] if isinstance(r["matched"], str) else "unknown" if r["matched"] is None else \
            f"{'>' if r['capped'] else ''}{r['matched']:,}"
        f = r["first"]
        d = r["deep"]
        deep = f"{d['p50']} / {d['p95']} / {d['max']}" if d else "(one page)"
        cpu = " , ".join(f"{c.get('api', '-')} + {c.get('postgres', '-')}" for c in r["cpu_ms_per_request"].values() if c)
        print(f"{r['case']:<44} {matched:>9} {f['p50']:>7} / {f['p95']} / {f['max']:<6} {r['depth']:>10,} {deep:>22}  {cpu}")


# ------------------------------------------------------------------------------------------- EXPLAIN (PostgreSQL)

async def explain(result: dict, tenant_slug: str) -> None:
    """EXPLAIN ANALYZE each case's page and count queries, built by backend.payments.search as the API builds them."""
    from backend.core.db import init_db
    from backend.core.tenancy import system_scope, tenant_scope
    from backend.payments import search
    from backend.payments.models import Transaction
    from backend.tenants.models import Tenant

    ctx = await init_db(migrate=False)
    try:
        with system_scope():
            tenant = await Tenant.get(slug=tenant_slug)
        with tenant_scope(tenant.id):
            db = Transaction._meta.db
            for r in result["cases"]:
                f = r["filter"]
                crit = search.validate(search.TxnFilter(
                    merchant_ids=f.get("merchantIds"), brand_ids=f.get("brandIds"), payment_method_ids=f.get("paymentMethodIds"),
                    statuses=[search.TxnStatus(s.lower()) for s in f["statuses"]] if "statuses" in f else None,
                    created_from=datetime.fromisoformat(f["createdFrom"]) if "createdFrom" in f else None,
                    created_to=datetime.fromisoformat(f["createdTo"]) if "createdTo" in f else None,
                    amount_min=f.get("amountMin"), amount_max=f.get("amountMax"), currency=f.get("currency"),
                    user_reference=f.get("userReference"), search=f.get("search")), 50)
                sort = search.Sort(field=(r["sort"] or {}).get("field", "CREATED_AT").lower(),
                                   descending=(r["sort"] or {}).get("direction", "DESC") == "DESC")
                qs = search.filtered(crit, None)
                plans = {}
                for label, after in (("first", None), ("deep", r["after"])):
                    if label == "deep" and not after:
                        continue
                    page_qs = search.page_query(qs, sort, 50, after)
                    page_qs.sql()
                    plans[label] = await _plan(db, *page_qs.query.get_parameterized_sql())
                plans["count"] = await _plan(db, *search.capped_count_sql(qs))
                r["explain"] = plans
    finally:
        await ctx.close_connections()


async def _plan(db, sql: str, params: list) -> dict:
    """The plan actually run (without the API's statement timeouts: EXPLAIN shows what an unbounded query costs)."""
    _, rows = await db.execute_query("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
    plan = dict(rows[0])["QUERY PLAN"]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    indexes, nodes = set(), set()

    def walk(node: dict) -> None:
        nodes.add(node["Node Type"])
        if node.get("Index Name"):
            indexes.add(node["Index Name"])
        for child in node.get("Plans", []):
            walk(child)
    walk(plan[0]["Plan"])
    return {"ms": round(plan[0]["Execution Time"], 2), "indexes": sorted(indexes), "nodes": sorted(nodes)}


def print_explain(result: dict) -> None:
    print("\nEXPLAIN ANALYZE (server side, ms; indexes used)")
    for r in result["cases"]:
        e = r.get("explain", {})
        parts = [f"{k} {v['ms']} ms {','.join(v['indexes']) or 'no index: ' + ','.join(v['nodes'])}" for k, v in e.items()]
        print(f"  {r['case']:<44} " + " | ".join(parts))


# ------------------------------------------------------------------------------------------- own servers

def _run_server(args: argparse.Namespace) -> int:
    from payments_bench import CpuProbe, _free_port

    port = _free_port()
    args.url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CLEARWAY_PUBLIC_URL": args.url, "LOG_LEVEL": "WARNING"}
    steps = [["migrate"], ["seed"]]
    if args.count:
        steps.append(["generate-transactions", "--tenant", args.tenant, "--count", str(args.count), "--days", "90", "--seed", "1"])
    for step in steps:
        print(f"# python -m backend {' '.join(step)}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "backend", *step], cwd=ROOT, env=env, check=True,
                       stdout=sys.stderr if step[0] == "generate-transactions" else subprocess.DEVNULL)
    asyncio.run(_vacuum())
    logdir = Path(tempfile.mkdtemp(prefix="clearway-invbench-"))
    log = open(logdir / "api.log", "w")
    api = subprocess.Popen([sys.executable, "-m", "backend", "api", "--port", str(port)], cwd=ROOT, env=env, stdout=log,
                           stderr=subprocess.STDOUT)
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
        db_port = db.rsplit(":", 1)[-1].split("/")[0] if db.startswith("postgres") else None
        probe = CpuProbe({"api": lambda pid, cmd: pid == api.pid,
                          **({"postgres": lambda pid, cmd: "postgres -D" in cmd and f"-p {db_port} " in cmd} if db_port else {})})
        result = asyncio.run(bench(args, probe))
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            asyncio.run(explain(result, args.tenant))
        return _report(result, args)
    finally:
        api.terminate()
        try:
            api.wait(15)
        except subprocess.TimeoutExpired:
            api.kill()
        log.close()


async def _vacuum() -> None:
    """Fresh statistics and visibility map after the bulk load (what autovacuum would do a little later)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("VACUUM ANALYZE transactions")
        await conn.execute("VACUUM ANALYZE timeline_events")
    finally:
        await conn.close()


def _report(result: dict, args: argparse.Namespace) -> int:
    result["setup"] = {"count": args.count if args.start_server else None, "repeat": args.repeat, "page": args.first,
                       "deep_pages": args.deep_pages, "load_avg": os.getloadavg()[0], "cpus": os.cpu_count()}
    if args.json:
        print(json.dumps(result, indent=2, default=str))
        return 0
    print(f"# {result['setup']}")
    print_table(result)
    if any("explain" in r for r in result["cases"]):
        print_explain(result)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8400", help="a running API (ignored with --start-server)")
    parser.add_argument("--start-server", action="store_true", help="own throwaway PostgreSQL + Redis + API, with generated data")
    parser.add_argument("--count", type=int, default=1_000_000, help="with --start-server: transactions to generate")
    parser.add_argument("--tenant", default="demo", help="tenant slug of the generated data")
    parser.add_argument("--email", default=ADMIN_EMAIL)
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--repeat", type=int, default=30, help="requests per case and page")
    parser.add_argument("--first", type=int, default=50, help="page size")
    parser.add_argument("--deep-pages", type=int, default=20, help="pages of cursors followed for the deep page")
    parser.add_argument("--explain", action="store_true", help="with --url: also EXPLAIN ANALYZE each case (needs DATABASE_URL "
                                                                  "of that API's PostgreSQL; always on with --start-server)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.start_server:
        if os.environ.get(INSIDE) != "1":
            cmd = [str(ROOT / "clearway"), "services", sys.executable, str(Path(__file__).resolve()), *(argv or sys.argv[1:])]
            return subprocess.call(cmd, env={**os.environ, INSIDE: "1"})
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        return _run_server(args)
    result = asyncio.run(bench(args))
    if args.explain and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        asyncio.run(explain(result, args.tenant))
    return _report(result, args)


if __name__ == "__main__":
    sys.exit(main())

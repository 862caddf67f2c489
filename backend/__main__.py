"""Clearway command line: python -m backend migrate|makemigrations|seed|api|worker|schema|generate-transactions|verify-bundle|bundle-public-key|verify-ledger."""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _migrate(_: argparse.Namespace) -> int:
    from backend.core.db import run_migrations

    asyncio.run(run_migrations())
    print("migrations applied")
    return 0


def _makemigrations(args: argparse.Namespace) -> int:
    import subprocess

    if args.check:
        from backend.core.db import pending_model_changes

        pending = asyncio.run(pending_model_changes())
        if pending:
            print(f"models changed without a migration: run `python -m backend makemigrations` ({pending})", file=sys.stderr)
            return 1
        print("migrations match the models")
        return 0

    cmd = [sys.executable, "-m", "tortoise", "-c", "backend.core.db.TORTOISE_ORM", "makemigrations"]
    if args.name:
        cmd += ["--name", args.name]
    return subprocess.call(cmd, cwd=ROOT)


def _seed(args: argparse.Namespace) -> int:
    from backend.seed import print_logins, seed

    if not args.print_logins:
        asyncio.run(seed())
    print_logins()
    return 0


def _api(args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run("backend.app:create_app", factory=True, host=args.host, port=args.port, log_config=None,
                access_log=False, workers=args.workers, proxy_headers=True)
    return 0


def _worker(_: argparse.Namespace) -> int:
    from arq.worker import run_worker

    from jobs.worker import WorkerSettings

    run_worker(WorkerSettings)  # type: ignore[arg-type]
    return 0


def _generate_transactions(args: argparse.Namespace) -> int:
    from backend.core.db import init_db
    from backend.core.errors import DomainError
    from backend.core.tenancy import system_scope, tenant_scope
    from backend.payments.generator import generate
    from backend.tenants.models import Tenant

    shown = [-1e9]

    def progress(made: int, seconds: float) -> None:  # at most one line every 5 s, and the last one
        if seconds - shown[0] >= 5 or made >= args.count:
            shown[0] = seconds
            print(f"{made:>10,} / {args.count:,} transactions  {made / max(seconds, 1e-9):>9,.0f}/s  {seconds:7.1f} s", flush=True)

    async def run() -> int:
        ctx = await init_db(migrate=False)
        try:
            with system_scope():
                tenant = await Tenant.get_or_none(slug=args.tenant)
            if tenant is None:
                print(f"no tenant with slug {args.tenant!r}", file=sys.stderr)
                return 2
            with tenant_scope(tenant.id):
                try:
                    made = await generate(args.count, days=args.days, seed=args.seed, progress=progress)
                except DomainError as exc:
                    print(exc.message, file=sys.stderr)
                    return 2
            print(f"created {made:,} transactions in tenant {args.tenant}")
            return 0
        finally:
            await ctx.close_connections()

    return asyncio.run(run())


def _schema(args: argparse.Namespace) -> int:
    from backend.graphql.schema import schema

    text = str(schema).rstrip() + "\n"
    path = ROOT / "schema.graphql"
    if args.check:
        current = path.read_text() if path.exists() else ""
        if current != text:
            print("schema.graphql is out of date: run `python -m backend schema` and commit it", file=sys.stderr)
            import difflib

            sys.stderr.writelines(difflib.unified_diff(current.splitlines(True), text.splitlines(True), "schema.graphql", "code"))
            return 1
        print("schema.graphql matches the code")
        return 0
    path.write_text(text)
    print(f"wrote {path}")
    return 0


def _verify_bundle(args: argparse.Namespace) -> int:
    """Offline: no database, no network. Exit 0 when valid, 1 with the reason when not, 2 on a bad public key."""
    from backend.exports.signing import load_public_key, verify_bundle

    try:
        public = load_public_key(args.public_key)
    except (ValueError, OSError) as exc:
        print(f"cannot use the public key: {exc}", file=sys.stderr)
        return 2
    verdict = verify_bundle(args.bundle, public)
    if not verdict.ok:
        print(f"INVALID: {verdict.reason}", file=sys.stderr)
        return 1
    m = verdict.manifest or {}
    print(f"OK: {verdict.reason}")
    print(f"tenant {m.get('tenant_id')}, created {m.get('created_at')}, ledger head {m.get('ledger', {}).get('head_hash')}")
    return 0


def _bundle_public_key(args: argparse.Namespace) -> int:
    from backend.core.db import init_db
    from backend.exports import signing

    async def show() -> str:
        ctx = await init_db(migrate=False)
        try:
            public = (await signing.signing_key()).public_key()
        finally:
            await ctx.close_connections()
        return signing.public_pem(public) if args.pem else signing.public_b64(public)

    print(asyncio.run(show()).strip())
    return 0


def _verify_ledger(args: argparse.Namespace) -> int:
    from backend.core.db import init_db
    from backend.core.tenancy import system_scope, tenant_scope
    from backend.ledger import chain
    from backend.tenants.models import Tenant

    async def check() -> int:
        ctx = await init_db(migrate=False)
        bad = 0
        try:
            with system_scope():
                tenants = await Tenant.all().order_by("slug").values_list("id", "slug")
            for tenant_id, slug in tenants:
                if args.tenant and args.tenant not in (tenant_id, slug):
                    continue
                with tenant_scope(tenant_id):
                    report = await chain.verify()
                state = "ok" if report.ok else f"BROKEN at {report.broken_entry_id}: {report.reason}"
                print(f"{slug}: {report.entries_checked} entries, head {report.head_hash}: {state}")
                bad += not report.ok
        finally:
            await ctx.close_connections()
        return 1 if bad else 0

    return asyncio.run(check())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(fn=_migrate)
    mm = sub.add_parser("makemigrations", help="write a migration for model changes")
    mm.add_argument("--name")
    mm.add_argument("--check", action="store_true", help="fail when models changed without a migration")
    mm.set_defaults(fn=_makemigrations)
    sd = sub.add_parser("seed", help="create demo data (idempotent)")
    sd.add_argument("--print-logins", action="store_true")
    sd.set_defaults(fn=_seed)
    api = sub.add_parser("api", help="run the API server")
    api.add_argument("--host", default="127.0.0.1")
    api.add_argument("--port", type=int, default=8400)
    api.add_argument("--workers", type=int, default=1)
    api.set_defaults(fn=_api)
    sub.add_parser("worker", help="run the arq worker").set_defaults(fn=_worker)
    gt = sub.add_parser("generate-transactions", help="bulk-create realistic transactions in a tenant (volume tests)")
    gt.add_argument("--tenant", required=True, help="the tenant's slug (e.g. demo)")
    gt.add_argument("--count", type=int, required=True)
    gt.add_argument("--days", type=float, default=30, help="spread created_at over the last D days (default 30)")
    gt.add_argument("--seed", type=int, default=None, help="random seed, for a repeatable run")
    gt.set_defaults(fn=_generate_transactions)
    sc = sub.add_parser("schema", help="write schema.graphql (or --check it)")
    sc.add_argument("--check", action="store_true")
    sc.set_defaults(fn=_schema)
    vb = sub.add_parser("verify-bundle", help="verify a compliance bundle offline (sha256 of every file + Ed25519 signature)")
    vb.add_argument("bundle", help="the compliance bundle ZIP")
    vb.add_argument("--public-key", required=True, help="PEM file, file with base64, or base64 of the raw Ed25519 public key")
    vb.set_defaults(fn=_verify_bundle)
    pk = sub.add_parser("bundle-public-key", help="print the public key that verifies compliance bundles")
    pk.add_argument("--pem", action="store_true", help="PEM instead of base64 of the raw 32 bytes")
    pk.set_defaults(fn=_bundle_public_key)
    vl = sub.add_parser("verify-ledger", help="recompute each tenant's ledger hash chain")
    vl.add_argument("--tenant", help="one tenant (id or slug)")
    vl.set_defaults(fn=_verify_ledger)
    args = parser.parse_args(argv)
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())

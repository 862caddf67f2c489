"""Browser-test fixtures: an API server and a Reflex UI of their own, plus Debian chromium.

* API: ``python -m backend migrate`` and ``seed`` on DATABASE_URL (from the environment; the
  root conftest falls back to a throwaway SQLite file), then ``python -m backend api --port <free>``.
  REDIS_URL is passed through when set. CLEARWAY_PUBLIC_URL and CLEARWAY_CALLBACK_URL point at
  this API, so hosted-page links and the simulated providers' callbacks reach it.
* Worker (``e2e_worker``, only for tests that need provider answers): ``python -m backend worker``
  with the API's environment (same database, Redis and callback URL); the root conftest makes the
  simulated providers answer after CLEARWAY_SIM_DELAY_SECONDS=0.3.
* UI: ``reflex run --env prod --frontend-port <free>`` in ``frontend/`` with CLEARWAY_API_URL
  pointing at that API (see frontend/RUN.md). Its compiled frontend goes to ``var/e2e/web``
  (kept between runs, so later starts take seconds) and its state files to a temp dir, so it
  never disturbs a UI started from ``frontend/`` by ``./clearway up``.
* Browser: sync Playwright driving ``$CHROMIUM_PATH`` (default /usr/bin/chromium); it never
  downloads a browser (no ``playwright install``).

Every process is started in its own process group and killed with it at the end.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"

ADMIN_EMAIL = "admin@demo.clearway.local"
OPERATOR_EMAIL = "operator@clearway.local"
DEMO_PASSWORD = "clearway-demo"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

API_START_TIMEOUT = 60
# the very first start installs the JS packages with bun (from the npm registry) and builds
UI_START_TIMEOUT = float(os.environ.get("CLEARWAY_E2E_UI_TIMEOUT", "300"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, n: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def _stop(proc: subprocess.Popen) -> None:
    """Stop a process started with start_new_session=True, with all its children."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(5)


def _bun_path() -> str | None:
    candidates = [
        os.environ.get("REFLEX_BUN_PATH", ""),
        str(ROOT / ".run" / "bun" / "node_modules" / "bun" / "bin" / "bun.exe"),
        shutil.which("bun") or "",
    ]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float, what: str, post_json: dict | None = None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n{_tail(log)}")
        try:
            if post_json is not None:
                r = httpx.post(url, json=post_json, timeout=2)
            else:
                r = httpx.get(url, timeout=2)
            if r.status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    _stop(proc)
    raise RuntimeError(f"{what} did not answer {url} within {timeout:.0f}s:\n{_tail(log)}")


@pytest.fixture(scope="session")
def e2e_api(tmp_path_factory, redis_url):
    """A Clearway API of our own, on the environment's database, migrated and seeded; REDIS_URL from the
    environment or the root conftest's throwaway Redis."""
    env = os.environ.copy()
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite://{tempfile.mkdtemp(prefix='cw-e2e-')}/e2e.sqlite3"
    env.setdefault("CLEARWAY_SECRET_KEY", "e2e-secret-key")
    env.setdefault("LOG_LEVEL", "WARNING")
    port = _free_port()
    # an API server of the root conftest may have seeded this database first: its built-in webhook receiver URL
    seeded_by = os.environ.get("CLEARWAY_CALLBACK_URL")
    # hosted-page links and the simulated providers' callbacks go to this API (seeded data too, on a fresh database)
    env["CLEARWAY_PUBLIC_URL"] = env["CLEARWAY_CALLBACK_URL"] = f"http://127.0.0.1:{port}"
    for step in ("migrate", "seed"):
        subprocess.run([sys.executable, "-m", "backend", step], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    log = tmp_path_factory.mktemp("e2e-api") / "api.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "backend", "api", "--port", str(port)],
            cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_http(url + "/graphql", proc, log, API_START_TIMEOUT, "the API", post_json={"query": "{ __typename }"})
        yield {"url": url, "log": log, "env": env, "seeded_by": seeded_by}
    finally:
        _stop(proc)


@pytest.fixture(scope="module")  # not session: a worker left running would take other tests' jobs off the shared Redis
def e2e_worker(e2e_api, tmp_path_factory):
    """A real arq worker on e2e_api's database and Redis; its simulated providers call e2e_api back."""
    env = {**e2e_api["env"], "CLEARWAY_CALLBACK_URL": e2e_api["url"]}
    if e2e_api.get("seeded_by"):  # the demo endpoint's built-in receiver is that server's: deliveries go there
        env["CLEARWAY_PUBLIC_URL"] = e2e_api["seeded_by"]
    log = tmp_path_factory.mktemp("e2e-worker") / "worker.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "backend", "worker"], cwd=ROOT, env=env, stdout=fh,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        time.sleep(0.5)
        if proc.poll() is not None:
            raise RuntimeError(f"the worker exited with {proc.returncode}:\n{_tail(log)}")
        yield {"proc": proc, "log": log}
    finally:
        _stop(proc)


@pytest.fixture
def guest_page(browser, e2e_api):
    """A browser tab on the API itself (the hosted payment page needs no UI), with clipboard access for copy buttons."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=e2e_api["url"])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=e2e_api["url"])
    context.set_default_timeout(20_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def e2e_ui(e2e_api, tmp_path_factory):
    """The Reflex back-office UI in prod mode on one free port, talking to e2e_api."""
    bun = _bun_path()
    if bun is None:
        pytest.fail("bun not found: `npm install --prefix .run/bun bun@1.4.4` or set REFLEX_BUN_PATH (see frontend/RUN.md)")
    port = _free_port()
    tmp = tmp_path_factory.mktemp("e2e-ui")
    web_dir = ROOT / "var" / "e2e" / "web"
    web_dir.parent.mkdir(parents=True, exist_ok=True)
    env = os.environ.copy()
    env.update(
        CLEARWAY_API_URL=e2e_api["url"],
        REFLEX_BUN_PATH=bun,
        REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_CHECK_LATEST_VERSION="false",
        NPM_CONFIG_REGISTRY=env.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org"),
        REFLEX_WEB_WORKDIR=str(web_dir),
        REFLEX_STATES_WORKDIR=str(tmp / "states"),
        PYTHONUNBUFFERED="1",
    )
    log = tmp / "ui.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", str(port)],
            cwd=FRONTEND, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_http(url + "/login", proc, log, UI_START_TIMEOUT, "the Reflex UI")
        yield {"url": url, "log": log}
    finally:
        _stop(proc)


@pytest.fixture(scope="module")  # sync Playwright keeps a loop running: close it before async tests of other modules
def browser():
    from playwright.sync_api import sync_playwright

    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.access(path, os.X_OK):
        pytest.fail(f"chromium not found at {path}: `apt-get install -y chromium` or set CHROMIUM_PATH")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, e2e_ui):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=e2e_ui["url"])
    context.set_default_timeout(20_000)
    pg = context.new_page()
    yield pg
    context.close()

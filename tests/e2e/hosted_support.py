"""Helpers for the hosted-page browser test and screenshot script: sandbox payments on the seeded demo
merchants (Acme Shoes: cards + e-wallet in EUR; Globex Games: virtual account + QRIS in IDR), and a
self-contained API + worker stack (throwaway SQLite, embedded Redis) for the screenshot script.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import httpx

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "admin@demo.clearway.local"
DEMO_PASSWORD = "clearway-demo"

LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }"""
METHODS = """{ merchants { id name } paymentMethods { id name merchantId type } }"""
KEY = """mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { __typename ... on ApiKeyCreated { secret } } }"""
OVERRIDE = """mutation($id: ID!, $a: OverrideAction!, $r: String!) { overrideTransaction(id: $id, action: $a, reason: $r) { __typename } }"""


@dataclass
class DemoShop:
    """Creates sandbox payments on the demo merchants through the REST API, as an integrator would."""

    api_url: str
    admin: httpx.Client
    methods: dict[tuple[str, str], dict] = field(default_factory=dict)  # (merchant name, method name) -> method
    keys: dict[str, str] = field(default_factory=dict)  # merchant id -> sandbox key

    def pay(self, merchant: str, method: str, amount: int, currency: str, order_id: str | None = None) -> dict:
        pm = self.methods[(merchant, method)]
        key = self.keys.get(pm["merchantId"])
        if key is None:
            r = self.admin.post("/graphql", json={"query": KEY, "variables": {"i": {
                "merchantId": pm["merchantId"], "name": f"hosted-e2e-{int(time.time() * 1000)}", "environment": "SANDBOX"}}})
            key = self.keys[pm["merchantId"]] = r.json()["data"]["createApiKey"]["secret"]
        r = httpx.post(self.api_url + "/api/v1/payments", headers={"Authorization": f"Bearer {key}"}, timeout=20,
                       json={"payment_method_id": pm["id"], "amount": amount, "currency": currency, "order_id": order_id})
        assert r.status_code == 201, r.text
        out = r.json()
        out["path"] = "/pay/" + out["payment_url"].rsplit("/pay/", 1)[1]
        out["url"] = self.api_url + out["path"]
        return out

    def override(self, txn_id: str, action: str, reason: str = "screenshot") -> None:
        r = self.admin.post("/graphql", json={"query": OVERRIDE, "variables": {"id": txn_id, "a": action, "r": reason}})
        assert r.json()["data"]["overrideTransaction"]["__typename"] == "OverridePayload", r.text


@contextlib.contextmanager
def demo_shop(api_url: str) -> Iterator[DemoShop]:
    with httpx.Client(base_url=api_url, timeout=20) as admin:
        r = admin.post("/graphql", json={"query": LOGIN, "variables": {"e": ADMIN_EMAIL, "p": DEMO_PASSWORD}})
        assert r.json()["data"]["login"]["__typename"] == "LoginSuccess", r.text
        data = admin.post("/graphql", json={"query": METHODS}).json()["data"]
        names = {m["id"]: m["name"] for m in data["merchants"]}
        shop = DemoShop(api_url, admin)
        for pm in data["paymentMethods"]:
            shop.methods[(names.get(pm["merchantId"], "?"), pm["name"])] = pm
        yield shop


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: process exited\n{log.read_text()[-3000:]}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer\n{log.read_text()[-3000:]}")


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    """A real arq worker whose simulated providers call back the API at env['CLEARWAY_CALLBACK_URL']."""
    with open(log, "w") as fh:
        return subprocess.Popen([sys.executable, "-m", "backend", "worker"], cwd=ROOT, env=env, stdout=fh,
                                stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


@contextlib.contextmanager
def stack() -> Iterator[str]:
    """Redis (embedded) + migrated, seeded SQLite + API + worker, all throwaway. Yields the API URL."""
    tmp = Path(tempfile.mkdtemp(prefix="cw-hosted-"))
    procs: list[subprocess.Popen] = []
    try:
        state = tmp / "redis.state"
        redis = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "embedded_redis.py"), "--port", "0", "--state-file", str(state)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        procs.append(redis)
        deadline = time.time() + 20
        while not state.exists() and time.time() < deadline:
            time.sleep(0.1)
        info = dict(line.split("=", 1) for line in state.read_text().splitlines() if "=" in line)
        port = free_port()
        env = os.environ.copy()
        env.update(DATABASE_URL=f"sqlite://{tmp}/db.sqlite3", REDIS_URL=info["url"], CLEARWAY_SECRET_KEY="hosted-shots",
                   CLEARWAY_PUBLIC_URL=f"http://127.0.0.1:{port}", CLEARWAY_CALLBACK_URL=f"http://127.0.0.1:{port}",
                   CLEARWAY_SIM_DELAY_SECONDS="0.5", LOG_LEVEL="WARNING")
        for step in ("migrate", "seed"):
            subprocess.run([sys.executable, "-m", "backend", step], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        log = tmp / "api.log"
        with open(log, "w") as fh:
            api = subprocess.Popen([sys.executable, "-m", "backend", "api", "--port", str(port)], cwd=ROOT, env=env, stdout=fh,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(api)
        _wait(f"http://127.0.0.1:{port}/healthz", api, log)
        procs.append(start_worker(env, tmp / "worker.log"))
        yield f"http://127.0.0.1:{port}"
    finally:
        for p in reversed(procs):
            stop(p)

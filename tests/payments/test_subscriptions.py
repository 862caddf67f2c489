"""GraphQL subscriptions (graphql-transport-ws) of a transaction's timeline, over real websockets against real API
processes, fed through Redis pub/sub; access is checked when subscribing."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import httpx
import pytest
import redis.asyncio as aioredis

from tests.conftest import ROOT, free_port
from tests.payments.test_simulator import deposit
from tests.support import CREATE_API_KEY, CREATE_TENANT, unique
from tests.ws import graphql_ws, session_headers

TIMELINE = """subscription($id: ID!, $replay: Boolean!) { transactionTimeline(id: $id, replay: $replay) {
  id kind message data actorType at } }"""
TXN_TIMELINE = """query($id: ID!) { transaction(id: $id) { status timeline { id kind } } }"""
OVERRIDE = """mutation($id: ID!, $a: OverrideAction!) { overrideTransaction(id: $id, action: $a, reason: "live test") {
  __typename } }"""


def channel(txn_id: str) -> str:
    return f"clearway:txn:{txn_id}:timeline"


@pytest.fixture
async def redis(redis_url):
    r = aioredis.from_url(redis_url)
    yield r
    await r.aclose()


async def numsub(redis, txn_id: str) -> int:
    return dict(await redis.pubsub_numsub(channel(txn_id)))[channel(txn_id).encode()]


async def wait_numsub(redis, txn_id: str, expected: int, timeout: float = 5.0) -> int:
    deadline = time.monotonic() + timeout
    while True:
        n = await numsub(redis, txn_id)
        if n == expected or time.monotonic() > deadline:
            return n
        await asyncio.sleep(0.05)


async def pending_txn(shop) -> str:
    """A pending card payment nobody answers (no worker needed): overrides drive it."""
    out = await deposit(shop, "no_answer")
    return out["transaction"]["id"]


async def stored_timeline(admin, txn_id: str) -> list[dict]:
    return (await admin.data(TXN_TIMELINE, id=txn_id))["transaction"]["timeline"]


async def entries(sub, op_id: str, count: int, timeout: float = 10.0) -> list[dict]:
    out = []
    for _ in range(count):
        msg = await sub.message(op_id, timeout)
        assert msg["type"] == "next", msg
        assert not msg["payload"].get("errors"), msg
        out.append(msg["payload"]["data"]["transactionTimeline"])
    return out


async def error_of(sub, op_id: str) -> dict:
    """The refusal of a subscription: an `error` message, or a `next` carrying errors (then `complete`)."""
    msg = await sub.message(op_id)
    if msg["type"] == "error":
        return msg["payload"][0]
    assert msg["type"] == "next" and msg["payload"].get("errors") and not msg["payload"].get("data"), msg
    return msg["payload"]["errors"][0]


async def until_refused(sub, op_id: str) -> tuple[list[str], dict]:
    """Entries still delivered (kinds), then the error that ended the subscription."""
    kinds = []
    while True:
        msg = await sub.message(op_id)
        if msg["type"] == "error":
            return kinds, msg["payload"][0]
        assert msg["type"] == "next", msg
        if msg["payload"].get("errors"):
            return kinds, msg["payload"]["errors"][0]
        kinds.append(msg["payload"]["data"]["transactionTimeline"]["kind"])


async def test_override_entries_arrive_live_in_order_after_the_replay(shop, api_url, redis):
    admin = shop["admin"]
    txn_id = await pending_txn(shop)
    before = await stored_timeline(admin, txn_id)
    async with graphql_ws(api_url, session_headers(admin)) as sub:
        op = await sub.subscribe(TIMELINE, id=txn_id, replay=True)
        replayed = await entries(sub, op, len(before))
        assert [e["id"] for e in replayed] == [e["id"] for e in before]
        assert replayed[0]["kind"] == "created"
        assert await numsub(redis, txn_id) == 1

        assert (await admin.data(OVERRIDE, id=txn_id, a="APPROVE"))["overrideTransaction"]["__typename"] == "OverridePayload"
        after_approve = await stored_timeline(admin, txn_id)
        live = await entries(sub, op, len(after_approve) - len(before))
        assert [e["id"] for e in live] == [e["id"] for e in after_approve[len(before):]]
        assert "override" in [e["kind"] for e in live]
        override = next(e for e in live if e["kind"] == "override")
        assert override["actorType"] == "user" and override["at"]

        assert (await admin.data(OVERRIDE, id=txn_id, a="REFUND"))["overrideTransaction"]["__typename"] == "OverridePayload"
        after_refund = await stored_timeline(admin, txn_id)
        more = await entries(sub, op, len(after_refund) - len(after_approve))
        assert [e["id"] for e in more] == [e["id"] for e in after_refund[len(after_approve):]]
        assert await sub.maybe_message(op, 0.5) is None  # nothing else, no duplicates


async def test_provider_callback_from_the_worker_arrives_live(shop, worker, api_url):
    admin = shop["admin"]
    out = await deposit(shop, "late_success")  # the simulated provider answers after a few seconds, through the worker
    async with graphql_ws(api_url, session_headers(admin)) as sub:
        op = await sub.subscribe(TIMELINE, id=out["transaction"]["id"], replay=True)
        kinds = []
        while "callback" not in kinds:
            msg = await sub.message(op, 20)
            assert msg["type"] == "next", msg
            kinds.append(msg["payload"]["data"]["transactionTimeline"]["kind"])
    stored = await stored_timeline(admin, out["transaction"]["id"])
    assert kinds == [e["kind"] for e in stored][:len(kinds)]
    assert kinds[0] == "created" and kinds[-1] == "callback"


async def test_without_replay_only_new_entries_come(shop, api_url, redis):
    admin = shop["admin"]
    txn_id = await pending_txn(shop)
    async with graphql_ws(api_url, session_headers(admin)) as sub:
        op = await sub.subscribe(TIMELINE, id=txn_id, replay=False)
        assert await wait_numsub(redis, txn_id, 1) == 1
        assert await sub.maybe_message(op, 0.3) is None
        await admin.data(OVERRIDE, id=txn_id, a="REJECT")
        got = await entries(sub, op, 1)
        assert got[0]["kind"] == "override"


async def test_an_api_key_follows_its_own_merchants_transaction_until_revoked(shop, api_url, redis):
    admin = shop["admin"]
    txn_id = await pending_txn(shop)
    key = (await admin.data(CREATE_API_KEY, i={"merchantId": shop["merchant"]["id"], "name": "live", "environment": "SANDBOX"}))
    async with graphql_ws(api_url, {"Authorization": f"Bearer {key['createApiKey']['secret']}"}) as sub:
        op = await sub.subscribe(TIMELINE, id=txn_id, replay=False)
        assert await wait_numsub(redis, txn_id, 1) == 1
        await admin.data(OVERRIDE, id=txn_id, a="APPROVE")
        assert (await entries(sub, op, 1))[0]["kind"] == "override"
        await admin.data('mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }', id=key["createApiKey"]["apiKey"]["id"])
        await admin.data(OVERRIDE, id=txn_id, a="REFUND")
        kinds, err = await until_refused(sub, op)
        assert "refund" not in kinds and err["extensions"]["code"] == "UNAUTHENTICATED"  # revoked: nothing more


async def other_tenant_admin(operator, make_client):
    slug = unique("o")
    email = f"admin-{slug}@example.com"
    body = await operator.data(CREATE_TENANT, i={"name": f"Other {slug}", "slug": slug, "plan": "PRO", "adminEmail": email,
                                                  "adminName": "Other", "adminPassword": "s3cret-password"})
    assert body["createTenant"]["__typename"] == "TenantPayload", body
    other = make_client()
    assert (await other.login(email, "s3cret-password"))["__typename"] == "LoginSuccess"
    return other


async def test_another_tenants_admin_gets_nothing(shop, api_url, redis, operator, make_client):
    txn_id = await pending_txn(shop)
    other = await other_tenant_admin(operator, make_client)
    async with graphql_ws(api_url, session_headers(other)) as sub:
        foreign = await sub.subscribe(TIMELINE, id=txn_id, replay=True)
        unknown = await sub.subscribe(TIMELINE, id="txn_doesnotexist00000000000", replay=True)
        err_foreign, err_unknown = await error_of(sub, foreign), await error_of(sub, unknown)
        assert err_foreign["extensions"]["code"] == "NOT_FOUND"
        assert (err_foreign["message"], err_foreign["extensions"]) == (err_unknown["message"], err_unknown["extensions"])
        assert await numsub(redis, txn_id) == 0
        await shop["admin"].data(OVERRIDE, id=txn_id, a="APPROVE")
        for op in (foreign, unknown):
            msg = await sub.maybe_message(op, 1.0)
            assert msg is None or msg["type"] == "complete", msg


async def test_operator_is_forbidden_and_anonymous_is_refused(shop, api_url, redis, operator):
    txn_id = await pending_txn(shop)
    async with graphql_ws(api_url, session_headers(operator)) as sub:
        op = await sub.subscribe(TIMELINE, id=txn_id, replay=True)
        assert (await error_of(sub, op))["extensions"]["code"] == "FORBIDDEN"
    async with graphql_ws(api_url) as sub:
        op = await sub.subscribe(TIMELINE, id=txn_id, replay=True)
        assert (await error_of(sub, op))["extensions"]["code"] == "UNAUTHENTICATED"
    assert await numsub(redis, txn_id) == 0


async def test_a_websocket_never_rotates_the_refresh_token(shop, api_url):
    """Only the access cookie opens a websocket: with the refresh cookie alone it is anonymous, and that refresh
    token still works over HTTP afterwards (the upgrade could not have handed out rotated cookies)."""
    admin = shop["admin"]
    txn_id = await pending_txn(shop)
    refresh = admin.http.cookies.get("cw_refresh")
    async with graphql_ws(api_url, {"Cookie": f"cw_refresh={refresh}"}) as sub:
        op = await sub.subscribe(TIMELINE, id=txn_id, replay=True)
        assert (await error_of(sub, op))["extensions"]["code"] == "UNAUTHENTICATED"
    async with httpx.AsyncClient(base_url=api_url) as fresh:
        r = await fresh.post("/graphql", json={"query": "{ me { email } }"}, headers={"Cookie": f"cw_refresh={refresh}"})
        assert r.json()["data"]["me"]["email"], r.text


async def test_bad_api_key_cannot_open_the_socket(api_url):
    from websockets.exceptions import InvalidStatus

    with pytest.raises(InvalidStatus) as refused:
        async with graphql_ws(api_url, {"Authorization": "Bearer sk_test_nope"}):
            pass
    assert refused.value.response.status_code == 403


@pytest.fixture
def second_api(api_server):
    """Another API process on the same database and Redis (what scaling out looks like)."""
    port = free_port()
    log = api_server["log"].parent / f"api-{port}.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "backend", "api", "--port", str(port)], cwd=ROOT,
                                env=os.environ.copy(), stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            httpx.get(url + "/healthz", timeout=1)
            break
        except httpx.HTTPError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("second API did not start:\n" + log.read_text())
            time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


async def test_entries_cross_api_processes(shop, api_url, second_api, redis):
    admin = shop["admin"]  # logged in on the first API; the session works on any process
    txn_id = await pending_txn(shop)
    async with graphql_ws(second_api, session_headers(admin)) as sub:
        op = await sub.subscribe(TIMELINE, id=txn_id, replay=False)
        assert await wait_numsub(redis, txn_id, 1) == 1
        assert (await admin.data(OVERRIDE, id=txn_id, a="APPROVE"))["overrideTransaction"]["__typename"] == "OverridePayload"
        got = await entries(sub, op, 1)
        assert got[0]["kind"] == "override"


async def test_unsubscribe_and_disconnect_leave_no_redis_subscriber(shop, api_url, redis):
    admin = shop["admin"]
    txn_id = await pending_txn(shop)
    async with graphql_ws(api_url, session_headers(admin)) as sub:
        a = await sub.subscribe(TIMELINE, id=txn_id, replay=False)
        b = await sub.subscribe(TIMELINE, id=txn_id, replay=True)
        assert await wait_numsub(redis, txn_id, 2) == 2
        await sub.complete(a)
        assert await wait_numsub(redis, txn_id, 1) == 1
        await admin.data(OVERRIDE, id=txn_id, a="APPROVE")  # the remaining one still gets entries
        msg = await sub.message(b)
        assert msg["type"] == "next"
    assert await wait_numsub(redis, txn_id, 0) == 0  # the socket closed: its subscription is gone too


async def test_subscriptions_are_not_served_over_plain_http(shop):
    r = await shop["admin"].raw(TIMELINE, id="txn_x", replay=False)
    print("HTTP", r.status_code, r.text)
    assert r.status_code == 400, r.text
    assert r.json()["errors"][0]["extensions"]["code"] == "WEBSOCKET_REQUIRED"
    r = await shop["admin"].http.post("/graphql", json={"query": TIMELINE, "variables": {"id": "txn_x", "replay": False}},
                                      headers={"Accept": "multipart/mixed;subscriptionSpec=1.0, application/json"})
    print("HTTP", r.status_code, r.text)
    assert "WEBSOCKET_REQUIRED" in r.text and "Internal" not in r.text


async def test_the_ui_backends_live_client_follows_a_timeline(shop, api_url, redis, monkeypatch):
    """frontend/clearway_ui/gql/live.py (what the transaction page's `follow` task uses), as the logged-in user."""
    sys.path.insert(0, str(ROOT / "frontend"))
    from clearway_ui.gql import payments as P
    from clearway_ui.gql.live import LiveError, subscription

    monkeypatch.setenv("CLEARWAY_API_URL", api_url)
    admin = shop["admin"]
    txn_id = await pending_txn(shop)
    before = await stored_timeline(admin, txn_id)
    cookies = dict(admin.http.cookies.items())
    async with subscription(P.TRANSACTION_TIMELINE, {"id": txn_id, "replay": True}, cookies) as results:
        replayed = [await results.next() for _ in before]
        assert [d["transactionTimeline"]["id"] for d in replayed] == [e["id"] for e in before]
        await admin.data(OVERRIDE, id=txn_id, a="APPROVE")
        live = await asyncio.wait_for(results.next(), 10)
        assert live["transactionTimeline"]["kind"] == "override"
    assert await wait_numsub(redis, txn_id, 0) == 0
    with pytest.raises(LiveError) as refused:  # no session: refused with the API's code
        async with subscription(P.TRANSACTION_TIMELINE, {"id": txn_id, "replay": True}, {}) as results:
            await asyncio.wait_for(results.next(), 10)
    assert refused.value.code == "UNAUTHENTICATED"


async def test_a_lost_redis_connection_ends_the_subscription_with_a_clear_error(shop, api_url, redis):
    txn_id = await pending_txn(shop)
    async with graphql_ws(api_url, session_headers(shop["admin"])) as sub:
        op = await sub.subscribe(TIMELINE, id=txn_id, replay=False)
        assert await wait_numsub(redis, txn_id, 1) == 1
        await redis.client_kill_filter(_type="pubsub")  # what a Redis restart looks like to the API
        err = await error_of(sub, op)
        assert err["extensions"]["code"] == "LIVE_UNAVAILABLE", err
        again = await sub.subscribe(TIMELINE, id=txn_id, replay=True)  # subscribing again works (and replays)
        assert (await sub.message(again))["type"] == "next"


async def test_a_session_that_ends_stops_receiving(shop, tenant, api_url, make_client):
    """Access is checked when subscribing, and again before each live entry: after logout, nothing more comes."""
    txn_id = await pending_txn(shop)
    watcher = make_client()  # a second login of the same admin, which logs out while subscribed
    assert (await watcher.login(tenant["admin_email"], "s3cret-password"))["__typename"] == "LoginSuccess"
    async with graphql_ws(api_url, session_headers(watcher)) as sub:
        op = await sub.subscribe(TIMELINE, id=txn_id, replay=True)
        assert (await sub.message(op))["type"] == "next"  # subscribed (the replay started)
        assert (await watcher.data("mutation { logout }"))["logout"] is True
        await shop["admin"].data(OVERRIDE, id=txn_id, a="APPROVE")
        kinds, err = await until_refused(sub, op)  # the rest of the replay, then the refusal
        assert "override" not in kinds and err["extensions"]["code"] == "UNAUTHENTICATED", (kinds, err)

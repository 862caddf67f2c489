"""Velocity gate on a real Redis: count and amount limits, sliding windows, peek, and two processes racing."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from backend.core import clock
from backend.execution.velocity import VelocityGate, key, windows
from backend.routing.engine import (MasterMidSnap, MethodSnap, PaymentSample, RoutingSnapshot, SubMidGroupSnap, SubMidSnap,
                                    compile_routing, decide)

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2024, 5, 6, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
async def redis(redis_url):
    client = aioredis.from_url(redis_url)
    yield client
    await client.aclose()


@pytest.fixture
def gate(redis) -> VelocityGate:
    return VelocityGate(redis)


@pytest.fixture
def frozen():
    clock.freeze(T0)
    yield
    clock.reset()


def sid() -> str:
    return f"smid_test_{uuid.uuid4().hex[:10]}"


async def test_count_limit(gate, redis, frozen):
    s, lim = sid(), [{"window_seconds": 60, "max_count": 3, "max_amount": None}]
    assert [bool(await gate.consume(s, lim, 100, f"p{i}")) for i in range(5)] == [True, True, True, False, False]
    refused = await gate.consume(s, lim, 100, "p9")
    assert (refused.window_seconds, refused.limit, refused.count, refused.maximum) == (60, "count", 3, 3)
    assert refused.message == "count limit 3 per 60s reached (3 in the window)"
    assert await redis.zcard(key(s, 60)) == 3 and int(await redis.get(key(s, 60) + ":amount")) == 300


async def test_amount_limit(gate, frozen):
    s, lim = sid(), [{"window_seconds": 3600, "max_count": None, "max_amount": 1000}]
    assert await gate.consume(s, lim, 600, "p1")
    assert await gate.consume(s, lim, 400, "p2")  # exactly at the limit
    refused = await gate.consume(s, lim, 1, "p3")
    assert not refused and refused.limit == "amount" and refused.total == 1000 and refused.maximum == 1000
    assert not await gate.consume(sid(), lim, 1001, "p4")  # one payment above the limit on its own


async def test_all_windows_or_none(gate, redis, frozen):
    s = sid()
    lim = [{"window_seconds": 60, "max_count": 5, "max_amount": None}, {"window_seconds": 3600, "max_count": None, "max_amount": 1000}]
    assert await gate.consume(s, lim, 900, "p1")
    refused = await gate.consume(s, lim, 200, "p2")  # fits the minute window, not the hour's amount
    assert not refused and refused.window_seconds == 3600
    assert await redis.zcard(key(s, 60)) == 1 and int(await redis.get(key(s, 60) + ":amount")) == 900  # nothing recorded


async def test_sliding_window_expiry(gate, redis, frozen):
    s, lim = sid(), [{"window_seconds": 60, "max_count": 2, "max_amount": 1000}]
    assert await gate.consume(s, lim, 300, "p1")  # t0
    clock.advance(timedelta(seconds=40))
    assert await gate.consume(s, lim, 300, "p2")  # t0+40
    assert not await gate.consume(s, lim, 300, "p3")
    clock.advance(timedelta(seconds=20))  # t0+60: p1 has left the window (now - 60s, now]
    assert await gate.consume(s, lim, 700, "p4")  # the amount of p1 was subtracted: 300 + 700 = 1000
    assert int(await redis.get(key(s, 60) + ":amount")) == 1000
    clock.advance(timedelta(seconds=1))  # t0+61: p2 and p4 still in the window -- sliding, not fixed
    assert not await gate.consume(s, lim, 1, "p5")
    clock.advance(timedelta(seconds=60))  # everything expired
    assert await gate.peek(s, lim, 1000, "p6")
    assert await redis.zcard(key(s, 60)) == 0 and await redis.get(key(s, 60) + ":amount") is None


async def test_peek_does_not_consume(gate, redis, frozen):
    s, lim = sid(), [{"window_seconds": 60, "max_count": 1}]
    for i in range(5):
        assert await gate.peek(s, lim, 100, f"p{i}")
    assert await redis.zcard(key(s, 60)) == 0
    assert await gate.consume(s, lim, 100, "p0")
    assert not await gate.peek(s, lim, 100, "p1")
    assert await redis.zcard(key(s, 60)) == 1


async def test_same_payment_is_counted_once_and_release_undoes(gate, redis, frozen):
    s, lim = sid(), [{"window_seconds": 60, "max_count": 2}]
    assert await gate.consume(s, lim, 100, "p1")
    assert await gate.consume(s, lim, 100, "p1")  # a retry of the same payment
    assert await redis.zcard(key(s, 60)) == 1
    await gate.release(s, lim, 100, "p1")
    assert await redis.zcard(key(s, 60)) == 0 and await redis.get(key(s, 60) + ":amount") is None


async def test_keys_expire_and_no_limits_skip_redis(gate, redis):
    s, lim = sid(), [{"window_seconds": 30, "max_count": 10}]
    assert await gate.consume(s, lim, 100, "p1", now=datetime.now(timezone.utc))
    for k in (key(s, 30), key(s, 30) + ":amount"):
        assert 0 < await redis.pttl(k) <= 31_000
    s2 = sid()
    assert await gate.consume(s2, [], 100, "p1") and await gate.consume(s2, [{"window_seconds": 60}], 100, "p1")
    assert await redis.exists(key(s2, 60)) == 0


def test_windows_merge_duplicates_and_skip_empty():
    assert windows([{"window_seconds": 60, "max_count": 5}, {"window_seconds": 60, "max_count": 3, "max_amount": 900},
                    {"window_seconds": 10}, {"window_seconds": 0, "max_count": 1}]) == [(60, 3, 900)]


def _snapshot(sub_mid_id: str, limit: int, overflow: bool = False) -> RoutingSnapshot:
    members = [SubMidSnap(sub_mid_id, "Limited", velocity=[{"window_seconds": 60, "max_count": limit}])]
    if overflow:
        members.append(SubMidSnap(sub_mid_id + "_overflow", "Overflow", position=1))
    mid = MasterMidSnap("mmid", "MID", True, "sim_card", "EUR", {"EUR": {"percent_bps": 100, "fixed": 0}},
                        {"rules": [], "fallback": ["smg"]}, 1)
    method = MethodSnap("pm", "Cards", True, ["EUR"], 1, 10**9, {"rules": [], "fallback": ["mmg"]}, 1)
    return RoutingSnapshot(method, {"mmg": ("Group", [mid])}, {"smg": SubMidGroupSnap("smg", "Pool", "sequence", members)})


async def test_decisions_consume_and_previews_do_not(gate, redis, frozen):
    s = sid()
    compiled = compile_routing(_snapshot(s, 1, overflow=True))
    preview = await decide(compiled, PaymentSample("p0", 100, "EUR"), gate=gate, consume=False)
    assert preview.sub_mid_id == s and await redis.zcard(key(s, 60)) == 0
    assert (await decide(compiled, PaymentSample("p1", 100, "EUR"), gate=gate)).sub_mid_id == s
    d = await decide(compiled, PaymentSample("p2", 100, "EUR"), gate=gate)
    assert d.sub_mid_id == s + "_overflow"
    assert d.rejections == [{"level": 2, "target_type": "sub_mid", "target_id": s, "name": "Limited", "code": "VELOCITY",
                             "message": "count limit 1 per 60s reached (1 in the window)"}]
    assert (await decide(compiled, PaymentSample("p3", 100, "EUR"), gate=gate, consume=False)).rejections[0]["code"] == "VELOCITY"


WORKER = """
import asyncio, os, random, sys, time
import redis.asyncio as aioredis
from backend.execution.velocity import VelocityGate
from backend.routing.engine import PaymentSample, compile_routing, decide
from tests.execution.test_velocity import _snapshot

async def main(sub_mid_id, start, tag):
    client = aioredis.from_url(os.environ["REDIS_URL"])
    gate = VelocityGate(client)
    compiled = compile_routing(_snapshot(sub_mid_id, 10))
    await asyncio.gather(*[client.ping() for _ in range(25)])  # open the connections before the race
    while time.time() < start:  # spin: both processes fire within microseconds of each other
        pass
    async def one(i):
        await asyncio.sleep(random.random() * 0.03)  # spread over 30 ms so the two processes interleave
        return await decide(compiled, PaymentSample(f"{tag}-{i}", 100, "EUR"), gate=gate)
    decisions = await asyncio.gather(*[one(i) for i in range(25)])
    print(sum(d.ok for d in decisions))
    await client.aclose()

asyncio.run(main(sys.argv[1], float(sys.argv[2]), sys.argv[3]))
"""


async def test_fifty_concurrent_decisions_in_two_processes_pass_exactly_ten(redis, redis_url):
    s = sid()
    start = time.time() + 3  # both workers fire at the same moment, after their imports
    env = {**os.environ, "REDIS_URL": redis_url}
    procs = [await asyncio.create_subprocess_exec(sys.executable, "-c", WORKER, s, str(start), tag, cwd=ROOT, env=env,
                                                  stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
             for tag in ("w1", "w2")]
    outputs = [await asyncio.wait_for(p.communicate(), 60) for p in procs]
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0, err.decode()
    passed = [int(out.decode().strip()) for out, _ in outputs]
    assert sum(passed) == 10, passed
    assert await redis.zcard(key(s, 60)) == 10

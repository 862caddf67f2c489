"""Nothing is lost: SIGKILL the worker in the middle of deliveries (real Redis), restart it, every event arrives."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

from tests.conftest import ROOT
from tests.support import new_merchant
from tests.webhooks.helpers import create_endpoint, wait_for

EVENTS = 80


def start_worker() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "backend", "worker"], cwd=ROOT, env=os.environ.copy(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


async def test_sigkill_mid_delivery_then_restart_delivers_every_event(api_server, allow_private, receiver, db):
    from backend.core.tenancy import tenant_scope
    from backend.core.unit_of_work import unit_of_work
    from backend.payments.models import OutboxEvent
    from backend.webhooks.delivery import event_emitted
    from backend.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery

    tenant = allow_private
    admin = tenant["admin"]
    merchant = await new_merchant(admin)
    ep, _ = await create_endpoint(admin, merchant["id"], receiver.url + "/delay")  # 0.3 s per answer

    first = start_worker()
    try:
        event_ids = []
        with tenant_scope(tenant["id"]):
            for i in range(EVENTS):
                async with unit_of_work():  # like a status change: the event and its deliveries commit together
                    event = await OutboxEvent.create(merchant_id=merchant["id"], event_type="payment.succeeded", transaction_id=None,
                                                     payload={"type": "payment.succeeded", "data": {"n": i}})
                    await event_emitted(event)
                event_ids.append(event.id)

        async def some_arrived():
            return len(receiver.ids()) >= 10
        assert await wait_for(some_arrived, timeout=30, every=0.05)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        delivered_before_kill = set(receiver.ids())
        assert len(delivered_before_kill) < EVENTS, "the kill came too late to prove anything"
    finally:
        stop(first)

    second = start_worker()
    try:
        async def all_done():
            with tenant_scope(tenant["id"]):
                done = await WebhookDelivery.filter(endpoint_id=ep, status=DeliveryStatus.SUCCEEDED).count()
            return done == EVENTS and set(event_ids) <= set(receiver.ids())
        assert await wait_for(all_done, timeout=120, every=0.5), \
            f"delivered {len(set(event_ids) & set(receiver.ids()))}/{EVENTS}"
    finally:
        stop(second)

    counts = receiver.ids()
    assert all(counts[e] >= 1 for e in event_ids)  # at least once (a request in flight at the kill may arrive twice)
    with tenant_scope(tenant["id"]):
        rows = await WebhookDelivery.filter(endpoint_id=ep)
        assert sorted(d.event_id for d in rows) == sorted(event_ids)  # one delivery per event, none lost, none doubled
        for d in rows:
            attempts = await WebhookAttempt.filter(delivery_id=d.id).order_by("number")
            assert attempts and attempts[-1].succeeded and d.attempts == len(attempts), d.id
    print(f"\n{EVENTS} events, {len(delivered_before_kill)} before the kill, "
          f"{sum(counts[e] for e in event_ids) - EVENTS} duplicate deliveries (at-least-once)")

"""A backlog of many deliveries across several endpoints is delivered by the tenant's batch jobs (real worker, real
Redis): each delivery once, each attempt recorded, failures retried on the schedule, attempts recorded in batches."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.support import new_merchant
from tests.webhooks.helpers import create_endpoint, wait_for
from tests.conftest import ROOT
from tests.webhooks.test_nothing_lost import start_worker, stop

EVENTS = 120
PATHS = ("/a/ok", "/b/ok", "/c/ok", "/d/5xx")


async def test_a_backlog_across_endpoints_is_delivered_in_batches_with_every_attempt_recorded(api_server, allow_private,
                                                                                            receiver, db):
    from backend.core.tenancy import tenant_scope
    from backend.core.unit_of_work import unit_of_work
    from backend.payments.models import OutboxEvent
    from backend.webhooks.delivery import event_emitted
    from backend.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery

    tenant = allow_private
    merchant = await new_merchant(tenant["admin"])
    endpoints = {path: (await create_endpoint(tenant["admin"], merchant["id"], receiver.url + path))[0] for path in PATHS}
    event_ids = []
    with tenant_scope(tenant["id"]):  # the backlog: queued while no worker runs
        for i in range(EVENTS):
            async with unit_of_work():
                event = await OutboxEvent.create(merchant_id=merchant["id"], event_type="payment.succeeded", transaction_id=None,
                                                 payload={"type": "payment.succeeded", "data": {"n": i}})
                assert len(await event_emitted(event)) == len(PATHS)
            event_ids.append(event.id)

    worker = start_worker()
    try:
        async def all_attempted():
            with tenant_scope(tenant["id"]):
                ok = await WebhookDelivery.filter(status=DeliveryStatus.SUCCEEDED).count()
                failed = await WebhookDelivery.filter(status=DeliveryStatus.FAILED).count()
            return ok == 3 * EVENTS and failed == EVENTS
        assert await wait_for(all_attempted, timeout=90, every=0.3)
    finally:
        stop(worker)

    with tenant_scope(tenant["id"]):
        rows = {d.id: d for d in await WebhookDelivery.filter(endpoint_id__in=list(endpoints.values()))}
        attempts = await WebhookAttempt.filter(delivery_id__in=list(rows)).order_by("number")
    assert len(rows) == len(PATHS) * EVENTS
    by_delivery: dict[str, list] = {}
    for a in attempts:
        by_delivery.setdefault(a.delivery_id, []).append(a)
    for d in rows.values():
        made = by_delivery[d.id]
        assert [a.number for a in made] == list(range(1, d.attempts + 1)) and d.locked_until is None, d.id
        if d.endpoint_id == endpoints["/d/5xx"]:  # (a retry may already have run: 5 s after the first attempt)
            assert all(not a.succeeded and a.response_status == 503 and a.error == "http_status: HTTP 503" for a in made), \
                [(a.number, a.response_status, a.error) for a in made]
            assert d.status == DeliveryStatus.FAILED and d.retries == d.attempts and d.next_attempt_at and d.last_error == made[-1].error
        else:
            assert len(made) == 1, [(a.number, a.response_status, a.error) for a in made]
            [a] = made
            assert a.succeeded and a.response_status == 200 and d.status == DeliveryStatus.SUCCEEDED and d.last_error is None
    for path in PATHS:  # every event reached every endpoint; each request is a recorded attempt (no kill: no duplicate)
        got = [r["headers"]["webhook-id"] for r in receiver.on(path)]
        assert set(got) == set(event_ids) and len(got) == sum(len(by_delivery[d.id]) for d in rows.values()
                                                               if d.endpoint_id == endpoints[path]), path
    # recorded in batches: the attempts of one batch share the time of their transaction
    batches = {a.created_at for a in attempts}
    assert len(batches) <= len(attempts) // 5, f"{len(batches)} recording transactions for {len(attempts)} attempts"


async def test_a_slow_receivers_backlog_waits_for_its_connections_instead_of_timing_out(api_server, allow_private, receiver, db):
    """Two connections to a receiver answering in 4 s, eight deliveries: the later ones wait for a free connection
    (handed to the next batch unsent when none frees up within 1 s) instead of spending their 10 s timeout in the
    queue; each is sent once and succeeds at its first recorded attempt."""
    from backend.core.tenancy import tenant_scope
    from backend.core.unit_of_work import unit_of_work
    from backend.payments.models import OutboxEvent
    from backend.webhooks.delivery import event_emitted
    from backend.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery

    tenant = allow_private
    merchant = await new_merchant(tenant["admin"])
    endpoint, _ = await create_endpoint(tenant["admin"], merchant["id"], receiver.url + "/pause")
    with tenant_scope(tenant["id"]):
        for i in range(8):
            async with unit_of_work():
                event = await OutboxEvent.create(merchant_id=merchant["id"], event_type="payment.succeeded", transaction_id=None,
                                                 payload={"type": "payment.succeeded", "data": {"n": i}})
                await event_emitted(event)
    env = {**os.environ, "CLEARWAY_WEBHOOK_CONNECTIONS_PER_HOST": "2", "CLEARWAY_WEBHOOK_CONNECTION_WAIT_SECONDS": "1"}
    worker = subprocess.Popen([sys.executable, "-m", "backend", "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        async def settled():
            with tenant_scope(tenant["id"]):
                return await WebhookDelivery.filter(endpoint_id=endpoint, status__in=[DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED,
                                                                                      DeliveryStatus.DEAD]).count() == 8
        assert await wait_for(settled, timeout=90, every=0.5)
    finally:
        stop(worker)
    with tenant_scope(tenant["id"]):
        rows = await WebhookDelivery.filter(endpoint_id=endpoint)
        attempts = await WebhookAttempt.filter(endpoint_id=endpoint)
    assert [(a.succeeded, a.error) for a in attempts] == [(True, None)] * 8
    assert all(d.status == DeliveryStatus.SUCCEEDED and d.attempts == 1 and d.retries == 0 for d in rows)
    got = [r["headers"]["webhook-id"] for r in receiver.on("/pause")]
    assert len(got) == len(set(got)) == 8
    starts = sorted(r["at"] for r in receiver.on("/pause"))
    assert all(later - earlier >= 3.5 for earlier, later in zip(starts, starts[2:])), starts  # never more than 2 at once

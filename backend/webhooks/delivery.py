"""Webhook delivery: outbox events -> deliveries (one per matching endpoint) -> signed HTTP attempts by arq jobs.

At-least-once: a delivery row exists before anything is sent, every attempt is recorded, and a cron sweeper
re-queues the batch job of a tenant with deliveries due (and not leased by a running job), so nothing depends on a
queued job surviving a crash. A job leases its deliveries (``locked_until``) for longer than one attempt can take; a
killed worker's leases simply expire. Sending and recording live in ``batch`` (one code path for every attempt).
"""
from __future__ import annotations

import random
import time
from datetime import timedelta

from tortoise.expressions import Q

from backend.core import clock
from backend.core.observability import get_logger
from backend.core.unit_of_work import unit_of_work
from backend.webhooks.batch import channel, claim, queue_batch, send_and_record  # noqa: F401  (channel: re-exported)
from backend.webhooks.models import DeliveryStatus as S
from backend.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from backend.webhooks.sending import Outcome, Sender

log = get_logger("clearway.webhooks")

RETRY_SCHEDULE = (5, 300, 1800, 7200, 18000, 36000, 36000)  # seconds after the 1st, 2nd, ... failed attempt
JITTER = 0.1  # +-10 %
LEASE = timedelta(seconds=25)  # > sending.TIMEOUT_SECONDS + recording time
SWEEP_GRACE = timedelta(seconds=8)  # due this long without a job running it: the sweeper queues it again
DISABLE_AFTER = timedelta(days=5)
OPEN = (S.PENDING, S.FAILED)


def matches(endpoint: WebhookEndpoint, event_type: str) -> bool:
    return not endpoint.event_types or event_type in endpoint.event_types


def retry_delay(retries: int) -> float | None:
    """Seconds until the next attempt after `retries` failed ones, with jitter; None when retries are exhausted."""
    if retries < 1 or retries > len(RETRY_SCHEDULE):
        return None
    base = RETRY_SCHEDULE[retries - 1]
    return base * random.uniform(1 - JITTER, 1 + JITTER)


# ------------------------------------------------------------------ queueing (best effort; the sweeper is the net)

_queue_down_until = 0.0


async def _enqueue(function: str, *args, **kwargs) -> None:
    global _queue_down_until
    from backend.core.queue import enqueue

    if time.monotonic() < _queue_down_until:
        return  # Redis was unreachable a moment ago: don't stall every commit on it
    try:
        await enqueue(function, *args, **kwargs)
    except Exception as exc:  # Redis down: the sweeper picks it up later
        _queue_down_until = time.monotonic() + 30
        log.warning("webhooks.enqueue_failed", function=function, error=str(exc)[:200])


async def event_emitted(event) -> list[WebhookDelivery]:
    """Called in the transaction that wrote an outbox event: its deliveries are created in that same transaction
    (the event is marked dispatched) and their first attempts are queued right after commit."""
    if event.dispatched_at is not None:
        return []
    event.dispatched_at = clock.now()
    await type(event).filter(id=event.id).update(dispatched_at=event.dispatched_at)
    return await _fan_out(event, event.dispatched_at)


# ------------------------------------------------------------------ dispatch: outbox event -> deliveries

async def dispatch_event(event_id: str) -> list[WebhookDelivery]:
    """Turn one outbox event into deliveries, marking it dispatched in the same transaction (once)."""
    from backend.payments.models import OutboxEvent

    created: list[WebhookDelivery] = []
    async with unit_of_work():
        now = clock.now()
        if not await OutboxEvent.filter(id=event_id, dispatched_at=None).update(dispatched_at=now):
            return created  # already dispatched (by the fast path or the sweeper)
        created = await _fan_out(await OutboxEvent.get(id=event_id), now)
    return created


async def _fan_out(event, now) -> list[WebhookDelivery]:
    """One delivery per enabled endpoint of the merchant whose filter matches (endpoints created after the event excluded)."""
    created: list[WebhookDelivery] = []
    endpoints = await WebhookEndpoint.filter(merchant_id=event.merchant_id, enabled=True, created_at__lte=event.created_at)
    for endpoint in endpoints:
        if not matches(endpoint, event.event_type):
            continue
        d = await WebhookDelivery.create(endpoint_id=endpoint.id, event_id=event.id, event_type=event.event_type,
                                         transaction_id=event.transaction_id, payload=event.payload,
                                         status=S.PENDING, next_attempt_at=now)
        created.append(d)
    if created:
        await queue_batch()  # after commit: the tenant's batch job
    return created


async def dispatch_pending(limit: int = 500) -> int:
    """Outbox events of the current tenant not dispatched yet (the fast path was lost)."""
    from backend.payments.models import OutboxEvent

    count = 0
    for event_id in await OutboxEvent.filter(dispatched_at=None).order_by("created_at").limit(limit).values_list("id", flat=True):
        await dispatch_event(event_id)
        count += 1
    return count


async def requeue_due(limit: int = 500) -> int:
    """Deliveries of the current tenant due for SWEEP_GRACE and not leased (their job was lost with a Redis restart,
    never queued, or run by a worker that died): queue the tenant's batch job (one: its id is bucketed, so a backlog
    waiting in the queue does not grow with copies of itself). Returns how many deliveries are waiting so."""
    now = clock.now()
    count = await WebhookDelivery.filter(status__in=OPEN, next_attempt_at__lte=now - SWEEP_GRACE) \
        .filter(Q(locked_until=None) | Q(locked_until__lt=now)).limit(limit).count()
    if count:
        await queue_batch()
    return count


# ------------------------------------------------------------------ one attempt (the batch path with one delivery)

async def deliver(delivery_id: str, expected_attempts: int, sender: Sender) -> WebhookAttempt | None:
    """Make attempt number expected_attempts+1 of one delivery if it is still open and not leased; record it (the
    batch path, with one delivery). Runs in a tenant scope."""
    rows = await claim(1, WebhookDelivery.filter(id=delivery_id, attempts=expected_attempts, status__in=OPEN))
    if not rows:
        return None  # done already, or another job holds it
    [attempt] = await send_and_record(rows, sender)
    return attempt


def target_rules(endpoint: WebhookEndpoint, tenant) -> tuple[str | None, bool]:
    """The SSRF guard again at send time (the tenant's setting may have changed since the URL was saved): why the URL
    is refused (or None), and whether the addresses its name resolves to may be private (the sender checks each one).

    The built-in receiver only takes an endpoint's deliveries at its own address (/webhook-receiver/{its id}),
    so no endpoint can write into another endpoint's (or tenant's) receiver log."""
    from backend.webhooks.urls import RECEIVER_PATH, check_url, is_own_receiver

    own = is_own_receiver(endpoint.url)
    if own and not tenant.allow_private_webhook_targets:
        target = endpoint.url.split(RECEIVER_PATH, 1)[1].split("?")[0].split("#")[0].rstrip("/")
        if target != endpoint.id:
            return f"the built-in receiver takes this endpoint's deliveries only at {RECEIVER_PATH}{endpoint.id}", False
    problem = check_url(endpoint.url, allow_private=tenant.allow_private_webhook_targets)
    return (problem[1] if problem else None), tenant.allow_private_webhook_targets or own


async def track_endpoint_health(endpoint: WebhookEndpoint, outcome: Outcome, now) -> None:
    if outcome.ok:
        if endpoint.failing_since is not None:
            await WebhookEndpoint.filter(id=endpoint.id).update(failing_since=None)
        return
    if endpoint.failing_since is None:
        await WebhookEndpoint.filter(id=endpoint.id, failing_since=None).update(failing_since=now)
    elif endpoint.enabled and now - endpoint.failing_since >= DISABLE_AFTER:
        await disable_endpoint(endpoint, f"Disabled automatically: every delivery failed since "
                                         f"{endpoint.failing_since:%Y-%m-%d %H:%M} UTC (last error: {outcome.error})")


async def disable_endpoint(endpoint: WebhookEndpoint, reason: str) -> None:
    """Disable a failing endpoint, show a banner (disabled_reason) and email the people who manage the merchant's
    webhooks (webhooks.manage on that merchant: tenant-level holders who reach it, its group's and its own)."""
    from backend.access.permissions import Perm
    from backend.audit import service as audit
    from backend.merchants.models import Merchant
    from backend.merchants.reach import people_with
    from backend.notifications.service import queue_email

    if not await WebhookEndpoint.filter(id=endpoint.id, enabled=True).update(enabled=False, disabled_at=clock.now(),
                                                                                 disabled_reason=reason[:300]):
        return
    endpoint.enabled, endpoint.disabled_reason = False, reason[:300]
    merchant = await Merchant.get(id=endpoint.merchant_id)
    for person in await people_with(Perm.WEBHOOKS_MANAGE, merchant):
        await queue_email(to=person.email, subject=f"Webhook endpoint disabled for {merchant.name}",
                          body=f"The webhook endpoint {endpoint.url} of {merchant.name} was disabled.\n\n{reason}\n\n"
                               "Fix the receiver, enable the endpoint again and resend the failed deliveries.",
                          category="webhook_disabled", related_type="webhook_endpoint", related_id=endpoint.id)
    await audit.record("webhook_endpoint.disabled", target_type="webhook_endpoint", target_id=endpoint.id,
                       after={"enabled": False, "reason": reason[:300]})
    log.warning("webhooks.endpoint_disabled", endpoint_id=endpoint.id)

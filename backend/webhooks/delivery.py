"""Webhook delivery: outbox events -> deliveries (one per matching endpoint) -> signed HTTP attempts by arq jobs.

At-least-once: a delivery row exists before anything is sent, every attempt is recorded, and a cron sweeper
re-queues deliveries that are due (and not leased by a running job), so nothing depends on a queued job
surviving a crash. A job leases its delivery (``locked_until``) for longer than one attempt can take; a
killed worker's lease simply expires.
"""
from __future__ import annotations

import random
import time
import uuid
from datetime import timedelta

import orjson
from tortoise.expressions import Q

from backend.core import clock
from backend.core.observability import get_logger
from backend.core.tenancy import current_tenant_id
from backend.core.unit_of_work import after_commit, unit_of_work
from backend.webhooks.models import DeliveryStatus as S
from backend.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from backend.webhooks.urls import address_problem
from backend.webhooks.sending import Outcome, Sender

log = get_logger("clearway.webhooks")

RETRY_SCHEDULE = (5, 300, 1800, 7200, 18000, 36000, 36000)  # seconds after the 1st, 2nd, ... failed attempt
JITTER = 0.1  # +-10 %
LEASE = timedelta(seconds=25)  # > sending.TIMEOUT_SECONDS + recording time
SWEEP_GRACE = timedelta(seconds=8)  # due this long without a job running it: the sweeper queues it again
DISABLE_AFTER = timedelta(days=5)
JOB_DELIVER = "deliver_webhook"
USER_AGENT = "Clearway-Webhooks/1.0"
OPEN = (S.PENDING, S.FAILED)


def channel(endpoint_id: str) -> str:
    """Redis pub/sub channel of an endpoint's new attempts (GraphQL subscriptions read it)."""
    return f"clearway:webhook-endpoint:{endpoint_id}:deliveries"


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


def job_id(d: WebhookDelivery) -> str:
    return f"whd:{d.id}:{d.attempts}"


async def queue_delivery(d: WebhookDelivery, *, defer: float | None = None, fresh: bool = False) -> None:
    """Queue the next attempt of `d` (after commit). The job id makes a second enqueue of the same attempt a no-op."""
    tenant_id = current_tenant_id()
    job = job_id(d) + (f":{uuid.uuid4().hex[:8]}" if fresh else "")

    async def go() -> None:
        await _enqueue(JOB_DELIVER, tenant_id, d.id, d.attempts, _job_id=job, _defer_by=defer)

    await after_commit(go)


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
        await queue_delivery(d)
        created.append(d)
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
    """Deliveries of the current tenant that are due and not leased, and whose job is not waiting in the queue (lost
    with a Redis restart, never queued, or started by a worker that died): queue them again. A job still waiting
    in a long queue is left alone, so a backlog does not grow with copies of itself."""
    from backend.core.queue import waiting

    now = clock.now()
    rows = await WebhookDelivery.filter(status__in=OPEN, next_attempt_at__lte=now - SWEEP_GRACE) \
        .filter(Q(locked_until=None) | Q(locked_until__lt=now)).order_by("next_attempt_at").limit(limit)
    try:
        queued = await waiting([job_id(d) for d in rows])
    except Exception:  # Redis unreachable: queueing fails too, and is retried on the next sweep
        queued = set()
    lost = [d for d in rows if job_id(d) not in queued]
    for d in lost:
        await queue_delivery(d, fresh=True)
    return len(lost)


# ------------------------------------------------------------------ one attempt

def request_body(d: WebhookDelivery) -> bytes:
    return orjson.dumps({"id": d.event_id, **d.payload})


async def _signing_secrets(endpoint: WebhookEndpoint) -> list[str]:
    from backend.secrets import vault
    from backend.secrets.models import Secret

    secret = await Secret.get(id=endpoint.secret_id)
    return vault.reveal_all_valid(secret)


async def deliver(delivery_id: str, expected_attempts: int, sender: Sender) -> WebhookAttempt | None:
    """Make attempt number expected_attempts+1 of a delivery, if it is still due; record it. Runs in a tenant scope."""
    now = clock.now()
    claimed = await WebhookDelivery.filter(id=delivery_id, attempts=expected_attempts, status__in=OPEN) \
        .filter(Q(locked_until=None) | Q(locked_until__lt=now)).update(locked_until=now + LEASE)
    if not claimed:
        return None  # done already, or another job holds it
    d = await WebhookDelivery.get(id=delivery_id)
    endpoint = await WebhookEndpoint.get(id=d.endpoint_id)
    if not endpoint.enabled and not d.is_test:
        d.status, d.next_attempt_at, d.locked_until = S.DEAD, None, None
        d.last_error = "endpoint_disabled: the endpoint is disabled"
        await d.save()
        return None
    body = request_body(d)
    headers = {"content-type": "application/json", "user-agent": USER_AGENT, "accept-encoding": "identity",
               **_sign(await _signing_secrets(endpoint), d.event_id, body)}
    problem, allow_private = await _target_rules(endpoint)
    if problem:
        outcome = Outcome(None, "", 0, f"forbidden_target: {problem}")
    else:
        outcome = await sender.post(endpoint.url, body, headers, lambda address: address_problem(address, allow_private=allow_private))
    return await record(d, endpoint, headers, body, outcome)


def _sign(secrets: list[str], msg_id: str, body: bytes) -> dict[str, str]:
    from backend.webhooks import signing

    return signing.sign_headers(secrets, msg_id, body)


async def _target_rules(endpoint: WebhookEndpoint) -> tuple[str | None, bool]:
    """The SSRF guard again at send time (the tenant's setting may have changed since the URL was saved): why the URL
    is refused (or None), and whether the addresses its name resolves to may be private (the sender checks each one).

    The built-in receiver only takes an endpoint's deliveries at its own address (/webhook-receiver/{its id}),
    so no endpoint can write into another endpoint's (or tenant's) receiver log."""
    from backend.tenants.models import Tenant
    from backend.webhooks.urls import RECEIVER_PATH, check_url, is_own_receiver

    tenant = await Tenant.get(id=current_tenant_id())
    own = is_own_receiver(endpoint.url)
    if own and not tenant.allow_private_webhook_targets:
        target = endpoint.url.split(RECEIVER_PATH, 1)[1].split("?")[0].split("#")[0].rstrip("/")
        if target != endpoint.id:
            return f"the built-in receiver takes this endpoint's deliveries only at {RECEIVER_PATH}{endpoint.id}", False
    problem = check_url(endpoint.url, allow_private=tenant.allow_private_webhook_targets)
    return (problem[1] if problem else None), tenant.allow_private_webhook_targets or own


async def record(d: WebhookDelivery, endpoint: WebhookEndpoint, headers: dict, body: bytes, outcome: Outcome) -> WebhookAttempt:
    async with unit_of_work():
        now = clock.now()
        attempt = await WebhookAttempt.create(delivery_id=d.id, endpoint_id=endpoint.id, number=d.attempts + 1, url=endpoint.url,
                                              request_headers=headers, request_body=body.decode(), response_status=outcome.status,
                                              response_body=outcome.excerpt, duration_ms=outcome.duration_ms,
                                              succeeded=outcome.ok, error=outcome.error)
        d.attempts += 1
        d.last_attempt_at, d.locked_until = now, None
        delay: float | None = None
        if outcome.ok:
            d.status, d.next_attempt_at, d.last_error = S.SUCCEEDED, None, None
        else:
            d.retries += 1
            d.last_error = outcome.error
            delay = retry_delay(d.retries)
            if delay is None:
                d.status, d.next_attempt_at = S.DEAD, None
            else:
                d.status, d.next_attempt_at = S.FAILED, now + timedelta(seconds=delay)
        await d.save()
        if not d.is_test:
            await _track_endpoint_health(endpoint, outcome, now)
        if delay is not None:
            await queue_delivery(d, defer=delay)
        await _timeline(d, endpoint, attempt)
        await _publish(d, attempt)
    log.info("webhooks.attempt", delivery_id=d.id, endpoint_id=endpoint.id, number=attempt.number, status=outcome.status,
             error=outcome.error, duration_ms=outcome.duration_ms)
    return attempt


async def _track_endpoint_health(endpoint: WebhookEndpoint, outcome: Outcome, now) -> None:
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


async def _timeline(d: WebhookDelivery, endpoint: WebhookEndpoint, attempt: WebhookAttempt) -> None:
    if not d.transaction_id:
        return
    from backend.payments import timeline
    from backend.payments.models import Transaction

    txn = await Transaction.get_or_none(id=d.transaction_id)
    if txn is None:
        return
    result = f"HTTP {attempt.response_status}" if attempt.succeeded else (attempt.error or "failed").split(":")[0]
    await timeline.record(txn, "webhook_attempt", f"Webhook {d.event_type} attempt {attempt.number} to {endpoint.url}: {result}",
                          {"delivery_id": d.id, "attempt_id": attempt.id, "endpoint_id": endpoint.id, "event_id": d.event_id,
                           "number": attempt.number, "succeeded": attempt.succeeded, "response_status": attempt.response_status,
                           "error": attempt.error, "delivery_status": d.status.value})


async def _publish(d: WebhookDelivery, attempt: WebhookAttempt) -> None:
    payload = {"endpoint_id": d.endpoint_id, "delivery_id": d.id, "attempt_id": attempt.id, "event_id": d.event_id,
               "event_type": d.event_type, "number": attempt.number, "succeeded": attempt.succeeded,
               "response_status": attempt.response_status, "error": attempt.error, "duration_ms": attempt.duration_ms,
               "delivery_status": d.status.value, "attempts": d.attempts,
               "next_attempt_at": d.next_attempt_at.isoformat() if d.next_attempt_at else None,
               "at": clock.now().isoformat()}

    async def go() -> None:
        from backend.routing.cache import redis_client

        try:
            await redis_client().publish(channel(d.endpoint_id), orjson.dumps(payload))
        except Exception:  # live view is best effort; the attempt is stored
            pass

    await after_commit(go)


# ------------------------------------------------------------------ manual actions

async def resend(d: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now (a new attempt; the retry schedule starts over)."""
    d.status, d.retries, d.next_attempt_at, d.locked_until = S.PENDING, 0, clock.now(), None
    await d.save()
    await queue_delivery(d, fresh=True)
    return d


async def resend_failed(endpoint_id: str, start, end) -> int:
    """Resend every failed or dead delivery of an endpoint created in [start, end)."""
    qs = WebhookDelivery.filter(endpoint_id=endpoint_id, status__in=(S.FAILED, S.DEAD))
    if start is not None:
        qs = qs.filter(created_at__gte=start)
    if end is not None:
        qs = qs.filter(created_at__lt=end)
    rows = await qs
    for d in rows:
        await resend(d)
    return len(rows)


async def send_test(endpoint: WebhookEndpoint, event_type: str) -> WebhookDelivery:
    """A test delivery of `event_type` with a sample payload (marked test)."""
    from backend.core.ids import new_id
    from backend.webhooks.samples import sample_payload

    d = await WebhookDelivery.create(endpoint_id=endpoint.id, event_id=new_id("evt"), event_type=event_type, transaction_id=None,
                                     payload=sample_payload(event_type, endpoint.merchant_id), is_test=True,
                                     status=S.PENDING, next_attempt_at=clock.now())
    await queue_delivery(d)
    return d

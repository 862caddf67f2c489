"""Webhook attempts in batches: the one place that sends and records attempts.

A batch job (`deliver_webhooks`, one tenant) claims up to BATCH_SIZE due deliveries in one statement (a lease on each:
``locked_until``), loads their endpoints, signing secrets and the tenant once, signs, sends concurrently (at most
CONCURRENCY requests in flight), then records every attempt, delivery update and transaction timeline event in ONE
transaction with bulk statements, and publishes the live events (endpoint deliveries channel, transaction timeline
channel; same payloads as one at a time) in one Redis pipeline after commit. It claims again while there is due work.

Claim: on PostgreSQL ``UPDATE … SET locked_until = lease WHERE id IN (SELECT id … due, not leased … ORDER BY
next_attempt_at LIMIT n FOR UPDATE SKIP LOCKED) RETURNING id``, so concurrent jobs take disjoint rows; SQLite (one
writer at a time, no SKIP LOCKED) runs the same statement without the lock clause, which is atomic there. A killed
worker's leases expire (LEASE) and the sweeper queues the tenant's batch job again.

Queueing: a status change queues the tenant's batch job after commit with a job id bucketed per BUCKET_SECONDS, so a
burst queues about 10 jobs per second per tenant, not one per delivery. arq refuses a job id that is queued or running:
a delivery committed while the job of its bucket is finishing would wait for the sweeper, so every job ends by queueing
a follow-up (its own id namespace) for the next bucket; a follow-up that found nothing queues none.
"""
from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from tortoise.expressions import F, Q

from backend.core import clock, live
from backend.core.context import current_actor
from backend.core.observability import get_logger
from backend.core.tenancy import current_tenant_id
from backend.core.unit_of_work import after_commit, unit_of_work
from backend.webhooks.models import DeliveryStatus as S
from backend.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from backend.webhooks.sending import Outcome, Sender

log = get_logger("clearway.webhooks")

BATCH_SIZE = 200
CONCURRENCY = 100  # requests in flight per batch
BUCKET_SECONDS = 0.1
MAX_JOB_SECONDS = 20.0  # then the job hands over to a follow-up (the arq timeout of the job is 120 s)
JOB_BATCH = "deliver_webhooks"
USER_AGENT = "Clearway-Webhooks/1.0"


# ------------------------------------------------------------------ queueing

def batch_job_id(tenant_id: str | None, at: float, follow_up: bool = False) -> str:
    return f"whb:{tenant_id}:{int(at / BUCKET_SECONDS)}" + (":f" if follow_up else "")


async def queue_batch(*, defer: float | None = None) -> None:
    """Queue the current tenant's batch job after commit (at once when there is no transaction), or `defer` seconds
    later (a retry). Best effort: the sweeper queues it again if this is lost."""
    from backend.webhooks.delivery import _enqueue

    tenant_id = current_tenant_id()

    async def go() -> None:
        at = time.time() + (defer or 0.0)
        await _enqueue(JOB_BATCH, tenant_id, _job_id=batch_job_id(tenant_id, at), _defer_by=defer)

    await after_commit(go)


async def queue_follow_up() -> None:
    from backend.webhooks.delivery import _enqueue

    tenant_id = current_tenant_id()
    now = time.time()
    start_of_next = (int(now / BUCKET_SECONDS) + 1) * BUCKET_SECONDS
    await _enqueue(JOB_BATCH, tenant_id, True, _job_id=batch_job_id(tenant_id, start_of_next, follow_up=True),
                   _defer_by=max(0.0, start_of_next - now))


async def run_batches(sender: Sender, follow_up: bool = False) -> int:
    """The batch job's body (in a tenant scope): claim and deliver until nothing is due (or MAX_JOB_SECONDS), then
    queue the follow-up. Returns the number of attempts made."""
    started, done = time.monotonic(), 0
    while time.monotonic() - started < MAX_JOB_SECONDS:
        rows = await claim(BATCH_SIZE)
        if not rows:
            break
        done += sum(1 for a in await send_and_record(rows, sender) if a is not None)
    if done or not follow_up:
        await queue_follow_up()
    return done


# ------------------------------------------------------------------ claiming

async def claim(limit: int, qs=None) -> list[WebhookDelivery]:
    """Lease up to `limit` deliveries of the current tenant in one statement: those of `qs` (default: due now), not
    leased, oldest due first. Returns them (leased until now + LEASE)."""
    from backend.webhooks.delivery import LEASE, OPEN

    now = clock.now()
    if qs is None:
        qs = WebhookDelivery.filter(status__in=OPEN, next_attempt_at__lte=now)
    inner = qs.filter(Q(locked_until=None) | Q(locked_until__lt=now)).order_by("next_attempt_at").limit(limit) \
        .values_list("id", flat=True)
    inner.sql()  # builds the (tenant-scoped) query and chooses the connection
    db = inner._db
    sql, params = inner.query.get_parameterized_sql()
    lease = WebhookDelivery._meta.fields_map["locked_until"].to_db_value(now + LEASE, WebhookDelivery)
    if db.capabilities.dialect == "postgres":
        sql = f"UPDATE webhook_deliveries SET locked_until = ${len(params) + 1} WHERE id IN ({sql} FOR UPDATE SKIP LOCKED) RETURNING id"
        params = [*params, lease]
    else:  # SQLite: no row locks, one writer at a time; the statement is atomic
        sql = f"UPDATE webhook_deliveries SET locked_until = ? WHERE id IN ({sql}) RETURNING id"
        params = [lease, *params]
    ids = [r["id"] for r in await db.execute_query_dict(sql, params)]
    if not ids:
        return []
    return await WebhookDelivery.filter(id__in=ids).order_by("next_attempt_at", "id")


# ------------------------------------------------------------------ sending

def request_body(d: WebhookDelivery) -> bytes:
    import orjson

    return orjson.dumps({"id": d.event_id, **d.payload})


async def send_and_record(rows: list[WebhookDelivery], sender: Sender) -> list[WebhookAttempt | None]:
    """Send one attempt of each claimed delivery and record them all; None for a delivery not sent (its endpoint is
    disabled: it goes dead)."""
    from backend.secrets import vault
    from backend.secrets.models import Secret
    from backend.tenants.models import Tenant
    from backend.webhooks import signing
    from backend.webhooks.delivery import target_rules
    from backend.webhooks.urls import address_problem

    endpoints = {e.id: e for e in await WebhookEndpoint.filter(id__in={d.endpoint_id for d in rows})}
    sendable = [d for d in rows if endpoints[d.endpoint_id].enabled or d.is_test]
    secret_ids = {endpoints[d.endpoint_id].secret_id for d in sendable}
    secrets = {}
    for secret in await Secret.filter(id__in=secret_ids) if secret_ids else []:
        try:
            secrets[secret.id] = vault.reveal_all_valid(secret)
        except Exception:  # noqa: BLE001  (a vault key gone: that endpoint's attempts fail, see send)
            log.exception("webhooks.secret_unusable", secret_id=secret.id)
    tenant = await Tenant.get(id=current_tenant_id()) if sendable else None
    rules = {e.id: target_rules(e, tenant) for e in endpoints.values()} if tenant else {}
    limit = asyncio.Semaphore(CONCURRENCY)

    async def send(d: WebhookDelivery) -> tuple[dict, bytes, Outcome]:
        endpoint = endpoints[d.endpoint_id]
        body = request_body(d)
        headers = {"content-type": "application/json", "user-agent": USER_AGENT, "accept-encoding": "identity"}
        try:  # one endpoint's broken secret fails its own attempts, not the batch
            headers.update(signing.sign_headers(secrets[endpoint.secret_id], d.event_id, body))
        except Exception as exc:  # noqa: BLE001
            return headers, body, Outcome(None, "", 0, f"error: the signing secret is unusable ({type(exc).__name__})")
        problem, allow_private = rules[endpoint.id]
        if problem:
            return headers, body, Outcome(None, "", 0, f"forbidden_target: {problem}")
        async with limit:
            return headers, body, await sender.post(endpoint.url, body, headers,
                                                    lambda address: address_problem(address, allow_private=allow_private))

    sent = dict(zip((d.id for d in sendable), await asyncio.gather(*(send(d) for d in sendable))))
    return await record(rows, endpoints, sent)


# ------------------------------------------------------------------ recording

async def record(rows: list[WebhookDelivery], endpoints: dict[str, WebhookEndpoint],
                 sent: dict[str, tuple[dict, bytes, Outcome]]) -> list[WebhookAttempt | None]:
    """One transaction: the attempts (bulk insert), the deliveries (one UPDATE for the successes, one bulk UPDATE for
    the failures, one for those gone dead because their endpoint is disabled), endpoint health, retries queued, the
    transactions' `webhook_attempt` timeline events (bulk insert); after commit one pipelined PUBLISH of all."""
    from backend.webhooks.delivery import retry_delay, track_endpoint_health

    tenant_id = current_tenant_id()
    attempts: list[WebhookAttempt | None] = []
    ok_ids, failed, dead_ids, unsent_ids, retry_at = [], [], [], [], set()
    health: dict[str, Outcome] = {}
    async with unit_of_work():
        now = clock.now()
        for d in rows:
            endpoint = endpoints[d.endpoint_id]
            if d.id not in sent:
                d.status, d.next_attempt_at, d.locked_until = S.DEAD, None, None
                d.last_error = "endpoint_disabled: the endpoint is disabled"
                dead_ids.append(d.id)
                attempts.append(None)
                continue
            headers, body, outcome = sent[d.id]
            if not outcome.sent:  # the receiver's connections stayed busy: due again at once, no attempt counted
                d.locked_until = None
                unsent_ids.append(d.id)
                attempts.append(None)
                continue
            attempts.append(WebhookAttempt(tenant_id=tenant_id, delivery_id=d.id, endpoint_id=endpoint.id, number=d.attempts + 1,
                                           url=endpoint.url, request_headers=headers, request_body=body.decode(),
                                           response_status=outcome.status, response_body=outcome.excerpt,
                                           duration_ms=outcome.duration_ms, succeeded=outcome.ok, error=outcome.error,
                                           created_at=now))
            d.attempts += 1
            d.last_attempt_at, d.locked_until, d.updated_at = now, None, now
            if outcome.ok:
                d.status, d.next_attempt_at, d.last_error = S.SUCCEEDED, None, None
                ok_ids.append(d.id)
            else:
                d.retries += 1
                d.last_error = outcome.error
                delay = retry_delay(d.retries)
                if delay is None:
                    d.status, d.next_attempt_at = S.DEAD, None
                else:
                    d.status, d.next_attempt_at = S.FAILED, now + timedelta(seconds=delay)
                    retry_at.add(round(delay / BUCKET_SECONDS) * BUCKET_SECONDS)
                failed.append(d)
            if not d.is_test and (endpoint.id not in health or not health[endpoint.id].ok):
                health[endpoint.id] = outcome  # one success in the batch: the endpoint works
        made = [a for a in attempts if a is not None]
        if made:
            await WebhookAttempt.bulk_create(made)
        if ok_ids:
            await WebhookDelivery.filter(id__in=ok_ids).update(
                status=S.SUCCEEDED, attempts=F("attempts") + 1, next_attempt_at=None, last_error=None, last_attempt_at=now,
                locked_until=None, updated_at=now)
        if failed:
            await WebhookDelivery.bulk_update(failed, fields=["status", "attempts", "retries", "next_attempt_at", "last_error",
                                                              "last_attempt_at", "locked_until", "updated_at"])
        if dead_ids:
            await WebhookDelivery.filter(id__in=dead_ids).update(status=S.DEAD, next_attempt_at=None, locked_until=None,
                                                                 last_error="endpoint_disabled: the endpoint is disabled",
                                                                 updated_at=now)
        if unsent_ids:
            await WebhookDelivery.filter(id__in=unsent_ids).update(locked_until=None)
            retry_at.add(0)
        for endpoint_id, outcome in health.items():
            await track_endpoint_health(endpoints[endpoint_id], outcome, now)
        for delay in sorted(retry_at):
            await queue_batch(defer=delay)
        messages = await _timeline(rows, endpoints, attempts, now)
    await _publish(rows, attempts, messages)
    for d, a in zip(rows, attempts):
        if a is not None:
            log.info("webhooks.attempt", delivery_id=d.id, endpoint_id=d.endpoint_id, number=a.number, status=a.response_status,
                     error=a.error, duration_ms=a.duration_ms)
    return attempts


def channel(endpoint_id: str) -> str:
    """Redis pub/sub channel of an endpoint's new attempts (GraphQL subscriptions read it)."""
    return f"clearway:webhook-endpoint:{endpoint_id}:deliveries"


async def _timeline(rows, endpoints, attempts, now) -> dict[str, tuple[str, dict]]:
    """The `webhook_attempt` events of the deliveries' transactions (bulk insert); their live messages by delivery id."""
    from backend.payments import timeline
    from backend.payments.models import TimelineEvent, Transaction

    txn_ids = {d.transaction_id for d, a in zip(rows, attempts) if a is not None and d.transaction_id}
    if not txn_ids:
        return {}
    existing = set(await Transaction.filter(id__in=txn_ids).values_list("id", flat=True))
    actor = current_actor()
    events, messages = [], {}
    for d, attempt in zip(rows, attempts):
        if attempt is None or d.transaction_id not in existing:
            continue
        endpoint = endpoints[d.endpoint_id]
        result = f"HTTP {attempt.response_status}" if attempt.succeeded else (attempt.error or "failed").split(":")[0]
        message = f"Webhook {d.event_type} attempt {attempt.number} to {endpoint.url}: {result}"
        data = {"delivery_id": d.id, "attempt_id": attempt.id, "endpoint_id": endpoint.id, "event_id": d.event_id,
                "number": attempt.number, "succeeded": attempt.succeeded, "response_status": attempt.response_status,
                "error": attempt.error, "delivery_status": d.status.value}
        event = TimelineEvent(tenant_id=current_tenant_id(), transaction_id=d.transaction_id, kind="webhook_attempt",
                              message=message, data=data, actor_type=actor.type, actor_id=actor.id, at=now)
        events.append(event)
        messages[d.id] = (timeline.channel(d.transaction_id),
                          {"id": event.id, "transaction_id": d.transaction_id, "kind": "webhook_attempt", "message": message,
                           "data": data, "actor_type": event.actor_type, "at": event.at.isoformat()})
    if events:
        await TimelineEvent.bulk_create(events)
    return messages


async def _publish(rows, attempts, timeline_messages: dict[str, tuple[str, dict]]) -> None:
    """After commit (the caller's transaction is over): for each attempt its timeline event, then the endpoint's
    deliveries message, all in one pipeline (best effort: the attempts are stored, subscribers replay)."""
    at = clock.now().isoformat()
    messages: list[tuple[str, dict]] = []
    for d, attempt in zip(rows, attempts):
        if attempt is None:
            continue
        if d.id in timeline_messages:
            messages.append(timeline_messages[d.id])
        messages.append((channel(d.endpoint_id), {
            "endpoint_id": d.endpoint_id, "delivery_id": d.id, "attempt_id": attempt.id, "event_id": d.event_id,
            "event_type": d.event_type, "number": attempt.number, "succeeded": attempt.succeeded,
            "response_status": attempt.response_status, "error": attempt.error, "duration_ms": attempt.duration_ms,
            "delivery_status": d.status.value, "attempts": d.attempts,
            "next_attempt_at": d.next_attempt_at.isoformat() if d.next_attempt_at else None, "at": at}))
    if messages:
        await live.publish_many(messages)

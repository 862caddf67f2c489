"""Webhook jobs: dispatch an outbox event, deliver one attempt, and the sweeper (cron) that re-queues anything lost."""
from __future__ import annotations

import httpx

from backend.core.observability import get_logger

log = get_logger("clearway.jobs.webhooks")


def _client(ctx: dict) -> httpx.AsyncClient:
    client = ctx.get("webhook_http")
    if client is None:
        from backend.webhooks.delivery import TIMEOUT_SECONDS

        client = ctx["webhook_http"] = httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False,
                                                         limits=httpx.Limits(max_connections=200, max_keepalive_connections=50))
    return client


async def dispatch_webhook_event(ctx: dict, tenant_id: str, event_id: str) -> int:
    from backend.core.tenancy import tenant_scope
    from backend.webhooks.delivery import dispatch_event

    with tenant_scope(tenant_id):
        return len(await dispatch_event(event_id))


async def deliver_webhook(ctx: dict, tenant_id: str, delivery_id: str, attempts: int) -> bool:
    from backend.core.tenancy import tenant_scope
    from backend.webhooks.delivery import deliver

    with tenant_scope(tenant_id):
        attempt = await deliver(delivery_id, attempts, _client(ctx))
    return bool(attempt and attempt.succeeded)


async def sweep_webhooks(ctx: dict) -> int:
    """Outbox events never dispatched and deliveries due without a running job are queued again (per tenant)."""
    from backend.core import clock
    from backend.core.tenancy import system_scope, tenant_scope
    from backend.payments.models import OutboxEvent
    from backend.webhooks.delivery import OPEN, SWEEP_GRACE, dispatch_pending, requeue_due
    from backend.webhooks.models import WebhookDelivery

    with system_scope():
        tenants = set(await OutboxEvent.filter(dispatched_at=None).distinct().values_list("tenant_id", flat=True))
        tenants |= set(await WebhookDelivery.filter(status__in=OPEN, next_attempt_at__lte=clock.now() - SWEEP_GRACE)
                       .distinct().values_list("tenant_id", flat=True))
    dispatched = requeued = 0
    for tenant_id in tenants:
        with tenant_scope(tenant_id):
            dispatched += await dispatch_pending()
            requeued += await requeue_due()
    if dispatched or requeued:
        log.info("webhooks.swept", dispatched=dispatched, requeued=requeued)
    return dispatched + requeued


async def close_client(ctx: dict) -> None:
    client = ctx.pop("webhook_http", None)
    if client is not None:
        await client.aclose()

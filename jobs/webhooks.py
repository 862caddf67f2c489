"""Webhook jobs: a tenant's batch of due attempts (backend.webhooks.batch), one attempt (jobs queued before the batch
job existed), and the sweeper (cron) that re-queues anything lost."""
from __future__ import annotations

from backend.core.observability import get_logger
from jobs.tenants import in_each_tenant, tenants_with

log = get_logger("clearway.jobs.webhooks")


async def open_sender(ctx: dict) -> None:
    """One webhook HTTP sender per worker process (arq hands each job a copy of ctx: only startup's entries last)."""
    from backend.webhooks.sending import Sender

    ctx["webhook_sender"] = Sender()


async def deliver_webhooks(ctx: dict, tenant_id: str, follow_up: bool = False) -> int:
    """Every due delivery of the tenant, in batches (claim, send concurrently, record in one transaction)."""
    from backend.core.tenancy import tenant_scope
    from backend.webhooks.batch import run_batches

    with tenant_scope(tenant_id):
        return await run_batches(ctx["webhook_sender"], follow_up)


async def deliver_webhook(ctx: dict, tenant_id: str, delivery_id: str, attempts: int) -> bool:
    from backend.core.tenancy import tenant_scope
    from backend.webhooks.delivery import deliver

    with tenant_scope(tenant_id):
        attempt = await deliver(delivery_id, attempts, ctx["webhook_sender"])
    return bool(attempt and attempt.succeeded)


async def sweep_webhooks(ctx: dict) -> int:
    """Outbox events never dispatched and deliveries due without a running job are queued again (per tenant)."""
    from backend.core import clock
    from backend.payments.models import OutboxEvent
    from backend.webhooks.delivery import OPEN, SWEEP_GRACE, dispatch_pending, requeue_due
    from backend.webhooks.models import WebhookDelivery

    tenants = await tenants_with(
        lambda: OutboxEvent.filter(dispatched_at=None),
        lambda: WebhookDelivery.filter(status__in=OPEN, next_attempt_at__lte=clock.now() - SWEEP_GRACE))
    dispatched = await in_each_tenant(tenants, dispatch_pending, transaction=False)
    requeued = await in_each_tenant(tenants, requeue_due, transaction=False)
    if dispatched or requeued:
        log.info("webhooks.swept", dispatched=dispatched, requeued=requeued)
    return dispatched + requeued


async def close_sender(ctx: dict) -> None:
    sender = ctx.pop("webhook_sender", None)
    if sender is not None:
        await sender.aclose()

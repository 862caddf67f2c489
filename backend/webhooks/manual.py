"""Manual webhook actions (GraphQL mutations): resend one delivery, resend an endpoint's failed ones, send a test.
Each makes the delivery due now and queues the tenant's batch job after commit (backend.webhooks.batch)."""
from __future__ import annotations

from backend.core import clock
from backend.webhooks.batch import queue_batch
from backend.webhooks.models import DeliveryStatus as S
from backend.webhooks.models import WebhookDelivery, WebhookEndpoint


async def _due_now(d: WebhookDelivery) -> None:
    d.status, d.retries, d.next_attempt_at, d.locked_until = S.PENDING, 0, clock.now(), None
    await d.save()


async def resend(d: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now (a new attempt; the retry schedule starts over)."""
    await _due_now(d)
    await queue_batch()
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
        await _due_now(d)
    if rows:
        await queue_batch()
    return len(rows)


async def send_test(endpoint: WebhookEndpoint, event_type: str) -> WebhookDelivery:
    """A test delivery of `event_type` with a sample payload (marked test)."""
    from backend.core.ids import new_id
    from backend.webhooks.samples import sample_payload

    d = await WebhookDelivery.create(endpoint_id=endpoint.id, event_id=new_id("evt"), event_type=event_type, transaction_id=None,
                                     payload=sample_payload(event_type, endpoint.merchant_id), is_test=True,
                                     status=S.PENDING, next_attempt_at=clock.now())
    await queue_batch()
    return d

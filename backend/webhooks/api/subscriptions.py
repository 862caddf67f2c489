"""GraphQL subscription of an endpoint's delivery log, live (graphql-transport-ws over /graphql).

Fed from Redis pub/sub (backend.core.live) on the channel the delivery code publishes each attempt to
(`delivery.channel(endpoint_id)`), so a subscriber on one API process sees attempts made by any worker. Access is
decided when subscribing, by the rule of the `webhookDeliveries` query: signed in, webhooks.read somewhere, and
webhooks.read for the endpoint's merchant. An endpoint of another tenant answers exactly like an unknown id:
NOT_FOUND, and no event ever. Before each live attempt the caller is checked again (backend.access.recheck); when that
fails the subscription ends with UNAUTHENTICATED (the same rule as `transactionTimeline`).
"""
from __future__ import annotations

from datetime import datetime
from typing import AsyncGenerator, Optional

import strawberry
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.access.recheck import caller_still_valid
from backend.core import live
from backend.core.errors import Unauthenticated
from backend.graphql.permissions import needs_anywhere
from backend.merchants.reach import merchant_with
from backend.payments.api.subscriptions import LiveUnavailableError
from backend.webhooks import delivery, models, service
from backend.webhooks.api.schema import WebhookDelivery, WebhookDeliveryStatus

REPLAY_ATTEMPTS = 50  # replay: the endpoint's latest attempts, oldest first


@strawberry.type(description="One delivery attempt of an endpoint, as it is made (or replayed), with its delivery as it "
                             "stands now.")
class WebhookAttemptEvent:
    attempt_id: strawberry.ID
    delivery_id: strawberry.ID
    endpoint_id: strawberry.ID
    event_id: str
    event_type: str
    number: int
    succeeded: bool
    response_status: Optional[int]
    error: Optional[str]
    duration_ms: int
    delivery_status: WebhookDeliveryStatus = strawberry.field(description="The delivery's status right after this attempt.")
    next_attempt_at: Optional[datetime]
    at: datetime

    @strawberry.field(description="The delivery now, with all its attempts (null when it was deleted since).")
    async def delivery(self) -> Optional[WebhookDelivery]:
        d = await models.WebhookDelivery.get_or_none(id=str(self.delivery_id), endpoint_id=str(self.endpoint_id))
        return WebhookDelivery.from_model(d) if d else None


def _from_attempt(a: models.WebhookAttempt, d: models.WebhookDelivery) -> WebhookAttemptEvent:
    return WebhookAttemptEvent(attempt_id=a.id, delivery_id=d.id, endpoint_id=d.endpoint_id, event_id=d.event_id,
                               event_type=d.event_type, number=a.number, succeeded=a.succeeded,
                               response_status=a.response_status, error=a.error, duration_ms=a.duration_ms,
                               delivery_status=d.status, next_attempt_at=d.next_attempt_at, at=a.created_at)


def _from_payload(p: dict) -> WebhookAttemptEvent:
    nxt = p.get("next_attempt_at")
    return WebhookAttemptEvent(attempt_id=p["attempt_id"], delivery_id=p["delivery_id"], endpoint_id=p["endpoint_id"],
                               event_id=p.get("event_id") or "", event_type=p.get("event_type") or "",
                               number=int(p.get("number") or 0), succeeded=bool(p.get("succeeded")),
                               response_status=p.get("response_status"), error=p.get("error"),
                               duration_ms=int(p.get("duration_ms") or 0),
                               delivery_status=models.DeliveryStatus(p["delivery_status"]),
                               next_attempt_at=datetime.fromisoformat(nxt) if nxt else None,
                               at=datetime.fromisoformat(p["at"]))


async def _replay(endpoint_id: str) -> list[WebhookAttemptEvent]:
    attempts = await models.WebhookAttempt.filter(endpoint_id=endpoint_id).order_by("-created_at", "-id").limit(REPLAY_ATTEMPTS)
    attempts.reverse()
    by_id = {d.id: d for d in await models.WebhookDelivery.filter(id__in=list({a.delivery_id for a in attempts}) or [""])}
    return [_from_attempt(a, by_id[a.delivery_id]) for a in attempts if a.delivery_id in by_id]


@strawberry.type
class WebhookSubscription:
    @strawberry.subscription(
        name="webhookDeliveries",
        permission_classes=[needs_anywhere(Perm.WEBHOOKS_READ)],
        description="An endpoint's delivery attempts as workers make them. With replay: true, its latest "
                    f"{REPLAY_ATTEMPTS} attempts come first (oldest first), so a late subscriber misses nothing.")
    async def webhook_delivery_attempts(self, info: Info, endpoint_id: strawberry.ID,
                                        replay: bool = False) -> AsyncGenerator[WebhookAttemptEvent, None]:
        principal = info.context.principal
        session_id = getattr(info.context.request.state, "session_id", None)
        endpoint = await service.get_endpoint(str(endpoint_id))  # another tenant's endpoint: NOT_FOUND, like an unknown id
        await merchant_with(principal, Perm.WEBHOOKS_READ, endpoint.merchant_id)
        try:
            async with live.listen(delivery.channel(endpoint.id)) as messages:
                seen: set[str] = set()
                if replay:  # subscribed first, then read: an attempt recorded in between arrives twice and is sent once
                    for event in await _replay(endpoint.id):
                        seen.add(str(event.attempt_id))
                        yield event
                async for payload in messages:
                    if payload.get("endpoint_id") != endpoint.id or payload.get("attempt_id") in seen:
                        continue
                    if not await caller_still_valid(principal, session_id):
                        raise Unauthenticated("Your session has ended; sign in again")
                    yield _from_payload(payload)
        except live.LiveUnavailable:
            raise LiveUnavailableError() from None

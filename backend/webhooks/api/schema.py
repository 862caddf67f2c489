"""GraphQL for webhook endpoints. The signing secret appears once, in the payload that created or rotated it."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Optional

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend.access.api.types import DeleteResult
from backend.access.permissions import Perm
from backend.core.errors import NotFound, ValidationFailed
from backend.graphql.common import (ConflictError, Connection, DeletePayload, NotFoundError, ValidationError, keyset_page,
                                    run_mutation)
from backend.graphql.context import grouped
from backend.graphql.permissions import IsTenantMember, needs_anywhere
from backend.merchants.reach import can, merchant_with, reachable_merchants
from backend.secrets.models import Secret
from backend.webhooks import manual, models, service
from backend.webhooks.events import EVENT_TYPES


@strawberry.type
class WebhookEventType:
    name: str
    description: str


@strawberry.type
class WebhookEndpoint:
    id: strawberry.ID
    merchant_id: strawberry.ID
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    created_at: datetime
    failing_since: Optional[datetime] = strawberry.field(description="Every delivery has failed since then (null when healthy).")
    disabled_at: Optional[datetime]
    disabled_reason: Optional[str] = strawberry.field(description="Why the endpoint was disabled automatically: show it as a banner.")
    secret_id: strawberry.Private[str]

    @strawberry.field(description="A masked hint of the signing secret, e.g. whsec_…k3Fq. The value is never shown again.")
    async def secret_hint(self) -> str:
        s = await Secret.get_or_none(id=self.secret_id)
        return s.hint if s else ""

    @strawberry.field(description="The merchant's name (for lists across merchants).")
    async def merchant_name(self) -> str:
        from backend.merchants.models import Merchant

        m = await Merchant.get_or_none(id=self.merchant_id)
        return m.name if m else ""

    @strawberry.field(description="Whether the caller holds webhooks.manage for this endpoint's merchant (edit, resend, "
                                  "test, re-enable).")
    async def viewer_can_manage(self, info: Info) -> bool:
        from backend.merchants.models import Merchant

        m = await Merchant.get_or_none(id=self.merchant_id)
        return bool(m) and can(info.context.principal, Perm.WEBHOOKS_MANAGE, m)

    @strawberry.field
    async def secret_previous_valid_until(self) -> Optional[datetime]:
        s = await Secret.get_or_none(id=self.secret_id)
        return s.previous_valid_until if s else None

    @classmethod
    def from_model(cls, e: models.WebhookEndpoint) -> "WebhookEndpoint":
        return cls(id=e.id, merchant_id=e.merchant_id, url=e.url, description=e.description, event_types=list(e.event_types),
                   enabled=e.enabled, created_at=e.created_at, failing_since=e.failing_since, disabled_at=e.disabled_at,
                   disabled_reason=e.disabled_reason, secret_id=e.secret_id)


WebhookDeliveryStatus = strawberry.enum(models.DeliveryStatus, name="WebhookDeliveryStatus")


@strawberry.type(description="One HTTP attempt of a delivery: the signed request and what came back.")
class WebhookAttempt:
    id: strawberry.ID
    number: int
    url: str
    request_headers: JSON
    request_body: str
    response_status: Optional[int]
    response_body: str = strawberry.field(description="The start of the response body (at most 2 KB).")
    duration_ms: int
    succeeded: bool
    error: Optional[str] = strawberry.field(description="Why it failed: timeout, redirect, http_status, connection, "
                                                        "response_too_large, forbidden_target (then details).")
    created_at: datetime

    @classmethod
    def from_model(cls, a: models.WebhookAttempt) -> "WebhookAttempt":
        return cls(id=a.id, number=a.number, url=a.url, request_headers=a.request_headers, request_body=a.request_body,
                   response_status=a.response_status, response_body=a.response_body, duration_ms=a.duration_ms,
                   succeeded=a.succeeded, error=a.error, created_at=a.created_at)


@strawberry.type(description="One event to one endpoint, with its attempts.")
class WebhookDelivery:
    id: strawberry.ID
    endpoint_id: strawberry.ID
    event_id: str = strawberry.field(description="Sent as the webhook-id header: receivers deduplicate on it.")
    event_type: str
    transaction_id: Optional[strawberry.ID]
    is_test: bool
    status: WebhookDeliveryStatus
    attempt_count: int
    next_attempt_at: Optional[datetime]
    last_error: Optional[str]
    payload: JSON
    created_at: datetime

    @strawberry.field(description="Attempts, oldest first.")
    async def attempts(self, info: Info) -> list[WebhookAttempt]:
        loader = info.context.loader("webhooks.attempts_by_delivery", grouped(models.WebhookAttempt, "delivery_id", "number", "id"))
        return [WebhookAttempt.from_model(a) for a in await loader.load(self.id)]

    @classmethod
    def from_model(cls, d: models.WebhookDelivery) -> "WebhookDelivery":
        return cls(id=d.id, endpoint_id=d.endpoint_id, event_id=d.event_id, event_type=d.event_type, transaction_id=d.transaction_id,
                   is_test=d.is_test, status=d.status, attempt_count=d.attempts, next_attempt_at=d.next_attempt_at,
                   last_error=d.last_error, payload=d.payload, created_at=d.created_at)


@strawberry.type(description="A request the built-in receiver got, with its signature verdict.")
class ReceivedWebhook:
    id: strawberry.ID
    endpoint_id: strawberry.ID
    webhook_id: str
    headers: JSON
    body: str
    signature_valid: bool
    received_at: datetime

    @classmethod
    def from_model(cls, r: models.ReceivedWebhook) -> "ReceivedWebhook":
        return cls(id=r.id, endpoint_id=r.endpoint_id, webhook_id=r.webhook_id, headers=r.headers, body=r.body,
                   signature_valid=r.signature_valid, received_at=r.received_at)


@strawberry.type
class WebhookDeliveryPayload:
    webhook_delivery: WebhookDelivery


@strawberry.type
class WebhookResendPayload:
    count: int


WebhookDeliveryResult = Annotated[WebhookDeliveryPayload | ValidationError | NotFoundError | ConflictError,
                                  strawberry.union("WebhookDeliveryResult")]
WebhookResendResult = Annotated[WebhookResendPayload | ValidationError | NotFoundError | ConflictError,
                                strawberry.union("WebhookResendResult")]


@strawberry.type(description="`signingSecret` is shown this once.")
class WebhookEndpointCreated:
    webhook_endpoint: WebhookEndpoint
    signing_secret: str


@strawberry.type
class WebhookEndpointPayload:
    webhook_endpoint: WebhookEndpoint


WebhookEndpointCreatedResult = Annotated[WebhookEndpointCreated | ValidationError | NotFoundError | ConflictError,
                                         strawberry.union("WebhookEndpointCreatedResult")]
WebhookEndpointResult = Annotated[WebhookEndpointPayload | ValidationError | NotFoundError | ConflictError,
                                  strawberry.union("WebhookEndpointResult")]


@strawberry.input
class WebhookEndpointInput:
    url: str
    description: str = ""
    event_types: list[str] = strawberry.field(default_factory=list)
    enabled: bool = True


@strawberry.input
class UpdateWebhookEndpointInput:
    url: Optional[str] = None
    description: Optional[str] = None
    event_types: Optional[list[str]] = None
    enabled: Optional[bool] = None


async def _endpoint_for(info: Info, endpoint_id: str) -> models.WebhookEndpoint:
    e = await service.get_endpoint(endpoint_id)
    await merchant_with(info.context.principal, Perm.WEBHOOKS_MANAGE, e.merchant_id)
    return e


async def _readable_endpoint(info: Info, endpoint_id: str) -> models.WebhookEndpoint:
    e = await service.get_endpoint(endpoint_id)
    await merchant_with(info.context.principal, Perm.WEBHOOKS_READ, e.merchant_id)
    return e


async def _delivery_for(info: Info, delivery_id: str) -> models.WebhookDelivery:
    d = await models.WebhookDelivery.get_or_none(id=delivery_id)
    if d is None:
        raise NotFound("Webhook delivery")
    await _endpoint_for(info, d.endpoint_id)
    return d


@strawberry.type
class WebhookQuery:
    @strawberry.field(permission_classes=[IsTenantMember])
    def webhook_event_types(self) -> list[WebhookEventType]:
        return [WebhookEventType(name=k, description=v) for k, v in EVENT_TYPES.items()]

    @strawberry.field(permission_classes=[needs_anywhere(Perm.WEBHOOKS_READ)],
                      description="Webhook endpoints of every merchant the caller reaches with webhooks.read (or of one "
                                  "merchant), newest first.")
    async def webhook_endpoints(self, info: Info, merchant_id: Optional[strawberry.ID] = None) -> list[WebhookEndpoint]:
        principal = info.context.principal
        merchants = reachable_merchants(principal)
        if merchant_id is not None:
            merchants = merchants.filter(id=str(merchant_id))
        ids = [m.id for m in await merchants if can(principal, Perm.WEBHOOKS_READ, m)]
        rows = await models.WebhookEndpoint.filter(merchant_id__in=ids or [""]).order_by("-created_at", "-id")
        return [WebhookEndpoint.from_model(e) for e in rows]

    @strawberry.field(permission_classes=[needs_anywhere(Perm.WEBHOOKS_READ)],
                      description="One webhook endpoint; null when unknown or out of reach.")
    async def webhook_endpoint(self, info: Info, id: strawberry.ID) -> Optional[WebhookEndpoint]:
        try:
            return WebhookEndpoint.from_model(await _readable_endpoint(info, str(id)))
        except NotFound:
            return None

    @strawberry.field(permission_classes=[needs_anywhere(Perm.WEBHOOKS_READ)],
                      description="Deliveries of an endpoint, newest first (keyset paginated), with their attempts.")
    async def webhook_deliveries(self, info: Info, endpoint_id: strawberry.ID, status: Optional[WebhookDeliveryStatus] = None,
                                 first: int = 20, after: Optional[str] = None) -> Optional[Connection[WebhookDelivery]]:
        e = await _readable_endpoint(info, endpoint_id)
        qs = models.WebhookDelivery.filter(endpoint_id=e.id)
        if status is not None:
            qs = qs.filter(status=status)
        return await keyset_page(qs, first=min(max(first, 1), 100), after=after, to_node=WebhookDelivery.from_model)

    @strawberry.field(permission_classes=[needs_anywhere(Perm.WEBHOOKS_READ)],
                      description="What the built-in receiver (POST /webhook-receiver/{endpointId}) got for an endpoint, newest first.")
    async def received_webhooks(self, info: Info, endpoint_id: strawberry.ID, first: int = 20,
                                after: Optional[str] = None) -> Optional[Connection[ReceivedWebhook]]:
        e = await _readable_endpoint(info, endpoint_id)
        return await keyset_page(models.ReceivedWebhook.filter(endpoint_id=e.id), first=min(max(first, 1), 100), after=after,
                                 to_node=ReceivedWebhook.from_model)


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.WEBHOOKS_MANAGE)])
    async def create_webhook_endpoint(self, info: Info, merchant_id: strawberry.ID, input: WebhookEndpointInput) -> WebhookEndpointCreatedResult:
        async def work():
            await merchant_with(info.context.principal, Perm.WEBHOOKS_MANAGE, merchant_id)
            res = await service.create_endpoint(merchant_id=merchant_id, url=input.url, description=input.description,
                                                event_types=input.event_types, enabled=input.enabled)
            return WebhookEndpointCreated(webhook_endpoint=WebhookEndpoint.from_model(res.endpoint), signing_secret=res.signing_secret)
        return await run_mutation("webhook_endpoint.create", work, target_type="webhook_endpoint")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.WEBHOOKS_MANAGE)])
    async def update_webhook_endpoint(self, info: Info, id: strawberry.ID, input: UpdateWebhookEndpointInput) -> WebhookEndpointResult:
        async def work():
            await _endpoint_for(info, id)
            e = await service.update_endpoint(id, url=input.url, description=input.description, event_types=input.event_types,
                                              enabled=input.enabled)
            return WebhookEndpointPayload(webhook_endpoint=WebhookEndpoint.from_model(e))
        return await run_mutation("webhook_endpoint.update", work, target_type="webhook_endpoint")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.WEBHOOKS_MANAGE)])
    async def delete_webhook_endpoint(self, info: Info, id: strawberry.ID) -> DeleteResult:
        async def work():
            await _endpoint_for(info, id)
            return DeletePayload(id=await service.delete_endpoint(id))
        return await run_mutation("webhook_endpoint.delete", work, target_type="webhook_endpoint")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.WEBHOOKS_MANAGE)],
                         description="New signing secret; the old one keeps signing alongside until the grace period ends.")
    async def rotate_webhook_secret(self, info: Info, id: strawberry.ID, grace_seconds: int = 86400) -> WebhookEndpointCreatedResult:
        async def work():
            await _endpoint_for(info, id)
            res = await service.rotate_secret(id, timedelta(seconds=grace_seconds))
            return WebhookEndpointCreated(webhook_endpoint=WebhookEndpoint.from_model(res.endpoint), signing_secret=res.signing_secret)
        return await run_mutation("webhook_endpoint.rotate_secret", work, target_type="webhook_endpoint")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.WEBHOOKS_MANAGE)],
                         description="Send one delivery again now (a new attempt; its retry schedule starts over).")
    async def resend_webhook_event(self, info: Info, delivery_id: strawberry.ID) -> WebhookDeliveryResult:
        async def work():
            d = await _delivery_for(info, delivery_id)
            d = await manual.resend(d)
            await _audit("webhook_delivery.resend", d.id, {"endpoint_id": d.endpoint_id, "event_id": d.event_id})
            return WebhookDeliveryPayload(webhook_delivery=WebhookDelivery.from_model(d))
        return await run_mutation("webhook_delivery.resend", work, target_type="webhook_delivery")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.WEBHOOKS_MANAGE)],
                         description="Resend every failed or dead delivery of an endpoint created in [from, to).")
    async def resend_failed_webhooks(self, info: Info, endpoint_id: strawberry.ID,
                                     from_: Annotated[Optional[datetime], strawberry.argument(name="from")] = None,
                                     to: Optional[datetime] = None) -> WebhookResendResult:
        async def work():
            e = await _endpoint_for(info, endpoint_id)
            if from_ and to and from_ >= to:
                raise ValidationFailed.on("to", "RANGE_INVALID", "`to` must be after `from`")
            count = await manual.resend_failed(e.id, from_, to)
            await _audit("webhook_delivery.resend_failed", e.id, {"count": count, "from": from_.isoformat() if from_ else None, "to": to.isoformat() if to else None}, "webhook_endpoint")
            return WebhookResendPayload(count=count)
        return await run_mutation("webhook_delivery.resend_failed", work, target_type="webhook_endpoint")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.WEBHOOKS_MANAGE)],
                         description="A test delivery of any event type with a sample payload (marked test: true).")
    async def send_test_webhook(self, info: Info, endpoint_id: strawberry.ID, event_type: str) -> WebhookDeliveryResult:
        async def work():
            e = await _endpoint_for(info, endpoint_id)
            if event_type not in EVENT_TYPES:
                from backend.webhooks.errors import WebhookError

                raise ValidationFailed.on("eventType", WebhookError.UNKNOWN_EVENT_TYPE, f"Unknown event type: {event_type}")
            d = await manual.send_test(e, event_type)
            await _audit("webhook_delivery.test", d.id, {"endpoint_id": e.id, "event_type": event_type})
            return WebhookDeliveryPayload(webhook_delivery=WebhookDelivery.from_model(d))
        return await run_mutation("webhook_delivery.test", work, target_type="webhook_delivery")


async def _audit(action: str, target_id: str, after: dict, target_type: str = "webhook_delivery") -> None:
    from backend.audit import service as audit

    await audit.record(action, target_type=target_type, target_id=target_id, after=after)

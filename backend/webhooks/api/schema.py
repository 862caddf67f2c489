"""GraphQL for webhook endpoints. The signing secret appears once, in the payload that created or rotated it."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Optional

import strawberry
from strawberry.types import Info

from backend.access.api.types import DeleteResult
from backend.access.permissions import Perm
from backend.graphql.common import ConflictError, DeletePayload, NotFoundError, ValidationError, run_mutation
from backend.graphql.permissions import IsTenantMember, needs_anywhere
from backend.merchants.reach import merchant_with
from backend.secrets.models import Secret
from backend.webhooks import models, service
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
    secret_id: strawberry.Private[str]

    @strawberry.field(description="A masked hint of the signing secret, e.g. whsec_…k3Fq. The value is never shown again.")
    async def secret_hint(self) -> str:
        s = await Secret.get_or_none(id=self.secret_id)
        return s.hint if s else ""

    @strawberry.field
    async def secret_previous_valid_until(self) -> Optional[datetime]:
        s = await Secret.get_or_none(id=self.secret_id)
        return s.previous_valid_until if s else None

    @classmethod
    def from_model(cls, e: models.WebhookEndpoint) -> "WebhookEndpoint":
        return cls(id=e.id, merchant_id=e.merchant_id, url=e.url, description=e.description, event_types=list(e.event_types),
                   enabled=e.enabled, created_at=e.created_at, secret_id=e.secret_id)


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


@strawberry.type
class WebhookQuery:
    @strawberry.field(permission_classes=[IsTenantMember])
    def webhook_event_types(self) -> list[WebhookEventType]:
        return [WebhookEventType(name=k, description=v) for k, v in EVENT_TYPES.items()]


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

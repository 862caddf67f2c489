"""GraphQL for payment methods, first-level blueprints, version diff and the routing preview."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Optional

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.graphql.common import ConflictError, NotFoundError, ValidationError, run_mutation
from backend.graphql.permissions import needs, needs_anywhere
from backend.merchants.models import Brand
from backend.merchants.reach import merchant_with, reachable_merchants
from backend.routing import models, service

PaymentMethodType = strawberry.enum(models.PaymentMethodType, name="PaymentMethodType")
VersionStatus = strawberry.enum(models.VersionStatus, name="VersionStatus")


@strawberry.type(description="One version of a blueprint. `document` is {rules, fallback} (see the rule language in the docs).")
class BlueprintVersion:
    id: strawberry.ID
    version: int
    status: VersionStatus
    document: JSON
    created_at: datetime
    published_at: Optional[datetime]

    @classmethod
    def from_model(cls, b) -> "BlueprintVersion":
        return cls(id=b.id, version=b.version, status=b.status, document=b.document, created_at=b.created_at, published_at=b.published_at)


@strawberry.type
class PaymentMethod:
    id: strawberry.ID
    brand_id: strawberry.ID
    merchant_id: strawberry.ID
    name: str
    type: PaymentMethodType
    currencies: list[str]
    min_amount: int
    max_amount: int
    enabled: bool
    created_at: datetime

    @strawberry.field(description="Every version, newest first.")
    async def versions(self) -> list[BlueprintVersion]:
        rows = await models.RoutingBlueprint.filter(payment_method_id=self.id).order_by("-version")
        return [BlueprintVersion.from_model(b) for b in rows]

    @strawberry.field
    async def published(self) -> Optional[BlueprintVersion]:
        b = await models.RoutingBlueprint.filter(payment_method_id=self.id, status=models.VersionStatus.PUBLISHED).first()
        return BlueprintVersion.from_model(b) if b else None

    @strawberry.field
    async def draft(self) -> Optional[BlueprintVersion]:
        b = await models.RoutingBlueprint.filter(payment_method_id=self.id, status=models.VersionStatus.DRAFT).first()
        return BlueprintVersion.from_model(b) if b else None

    @classmethod
    def from_model(cls, pm: models.PaymentMethod) -> "PaymentMethod":
        return cls(id=pm.id, brand_id=pm.brand_id, merchant_id=pm.merchant_id, name=pm.name, type=pm.type, currencies=list(pm.currencies),
                   min_amount=pm.min_amount, max_amount=pm.max_amount, enabled=pm.enabled, created_at=pm.created_at)


@strawberry.type
class PaymentMethodPayload:
    payment_method: PaymentMethod


@strawberry.type
class BlueprintPayload:
    blueprint: BlueprintVersion


PaymentMethodResult = Annotated[PaymentMethodPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("PaymentMethodResult")]
BlueprintResult = Annotated[BlueprintPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("BlueprintResult")]


@strawberry.input
class PaymentMethodInput:
    name: str
    type: PaymentMethodType
    currencies: list[str]
    min_amount: int = 1
    max_amount: int = 100_000_000
    enabled: bool = True


@strawberry.input
class UpdatePaymentMethodInput:
    name: Optional[str] = None
    currencies: Optional[list[str]] = None
    min_amount: Optional[int] = None
    max_amount: Optional[int] = None
    enabled: Optional[bool] = None


@strawberry.input(description="A sample payment for the routing preview.")
class SamplePaymentInput:
    amount: int
    currency: str
    id: Optional[str] = None
    country: Optional[str] = None
    card_bin: Optional[str] = None
    card_brand: Optional[str] = None
    customer_segment: Optional[str] = None
    user_reference: Optional[str] = None
    metadata: Optional[JSON] = None
    at: Optional[datetime] = None


async def _method_for(info: Info, method_id: str, perm: Perm) -> models.PaymentMethod:
    pm = await service.get_method(method_id)
    await merchant_with(info.context.principal, perm, pm.merchant_id)
    return pm


@strawberry.type
class RoutingQuery:
    @strawberry.field(permission_classes=[needs_anywhere(Perm.ROUTING_READ)])
    async def payment_methods(self, info: Info, merchant_id: Optional[strawberry.ID] = None,
                              brand_id: Optional[strawberry.ID] = None) -> list[PaymentMethod]:
        reachable = [m.id for m in await reachable_merchants(info.context.principal)]
        qs = models.PaymentMethod.filter(merchant_id__in=reachable or [""])
        if merchant_id:
            qs = qs.filter(merchant_id=merchant_id)
        if brand_id:
            qs = qs.filter(brand_id=brand_id)
        return [PaymentMethod.from_model(pm) for pm in await qs.order_by("name")]

    @strawberry.field(permission_classes=[needs_anywhere(Perm.ROUTING_READ)])
    async def payment_method(self, info: Info, id: strawberry.ID) -> Optional[PaymentMethod]:
        pm = await models.PaymentMethod.get_or_none(id=id)
        if pm is None or not await reachable_merchants(info.context.principal).filter(id=pm.merchant_id).exists():
            return None
        return PaymentMethod.from_model(pm)

    @strawberry.field(permission_classes=[needs_anywhere(Perm.ROUTING_READ)],
                      description="What changed between two versions: rules added, removed, changed, reordered; fallback.")
    async def blueprint_diff(self, from_id: strawberry.ID, to_id: strawberry.ID) -> JSON:
        return await service.diff(from_id, to_id)

    @strawberry.field(permission_classes=[needs_anywhere(Perm.ROUTING_READ)],
                      description="Route a sample payment without consuming velocity: the full decision trace.")
    async def routing_preview(self, info: Info, payment_method_id: strawberry.ID, sample: SamplePaymentInput,
                              use_draft: bool = False) -> JSON:
        from backend.routing import preview

        await _method_for(info, payment_method_id, Perm.ROUTING_READ)
        return await preview.preview(payment_method_id, sample, use_draft=use_draft)


@strawberry.type
class RoutingMutation:
    @strawberry.mutation(permission_classes=[needs(Perm.ROUTING_EDIT)])
    async def create_payment_method(self, info: Info, brand_id: strawberry.ID, input: PaymentMethodInput) -> PaymentMethodResult:
        async def work():
            brand = await Brand.get_or_none(id=brand_id)
            if brand is not None:
                await merchant_with(info.context.principal, Perm.ROUTING_EDIT, brand.merchant_id)
            pm = await service.create_method(brand_id=brand_id, name=input.name, type=input.type, currencies=input.currencies,
                                             min_amount=input.min_amount, max_amount=input.max_amount, enabled=input.enabled)
            return PaymentMethodPayload(payment_method=PaymentMethod.from_model(pm))
        return await run_mutation("payment_method.create", work, target_type="payment_method")

    @strawberry.mutation(permission_classes=[needs(Perm.ROUTING_EDIT)])
    async def update_payment_method(self, info: Info, id: strawberry.ID, input: UpdatePaymentMethodInput) -> PaymentMethodResult:
        async def work():
            await _method_for(info, id, Perm.ROUTING_EDIT)
            pm = await service.update_method(id, name=input.name, currencies=input.currencies, min_amount=input.min_amount,
                                             max_amount=input.max_amount, enabled=input.enabled)
            return PaymentMethodPayload(payment_method=PaymentMethod.from_model(pm))
        return await run_mutation("payment_method.update", work, target_type="payment_method")

    @strawberry.mutation(permission_classes=[needs(Perm.ROUTING_EDIT)], description="The draft, created from the published version if none.")
    async def routing_draft(self, info: Info, payment_method_id: strawberry.ID) -> BlueprintResult:
        async def work():
            await _method_for(info, payment_method_id, Perm.ROUTING_EDIT)
            return BlueprintPayload(blueprint=BlueprintVersion.from_model(await service.draft(payment_method_id)))
        return await run_mutation("routing_blueprints.draft", work, target_type="routing_blueprint")

    @strawberry.mutation(permission_classes=[needs(Perm.ROUTING_EDIT)], description="Replace the draft's rules and fallback; nothing is saved on any problem.")
    async def update_routing_draft(self, info: Info, id: strawberry.ID, document: JSON) -> BlueprintResult:
        async def work():
            bp = await models.RoutingBlueprint.get_or_none(id=id)
            if bp is not None:
                await _method_for(info, bp.payment_method_id, Perm.ROUTING_EDIT)
            return BlueprintPayload(blueprint=BlueprintVersion.from_model(await service.update_draft(id, document)))
        return await run_mutation("routing_blueprints.update_draft", work, target_type="routing_blueprint")

    @strawberry.mutation(permission_classes=[needs(Perm.ROUTING_PUBLISH)],
                         description="Validate the draft and make it the active version atomically; every problem is listed.")
    async def publish_routing(self, info: Info, id: strawberry.ID) -> BlueprintResult:
        async def work():
            bp = await models.RoutingBlueprint.get_or_none(id=id)
            if bp is not None:
                await _method_for(info, bp.payment_method_id, Perm.ROUTING_PUBLISH)
            return BlueprintPayload(blueprint=BlueprintVersion.from_model(await service.publish(id)))
        return await run_mutation("routing_blueprints.publish", work, target_type="routing_blueprint")

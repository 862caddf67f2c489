from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Optional

import strawberry
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.graphql.common import ConflictError, NotFoundError, ValidationError
from backend.merchants import models
from backend.merchants.reach import can, reachable_merchants

if TYPE_CHECKING:
    from backend.secrets.api.schema import ApiKey
    from backend.webhooks.api.schema import WebhookEndpoint

MerchantStatus = strawberry.enum(models.MerchantStatus, name="MerchantStatus")
SimulatedProvider = strawberry.enum(models.SimulatedProvider, name="SimulatedProvider")


@strawberry.type
class MerchantGroup:
    id: strawberry.ID
    name: str
    created_at: datetime

    @strawberry.field
    async def merchants(self, info: Info) -> list[Annotated["Merchant", strawberry.lazy("backend.merchants.api.types")]]:
        qs = reachable_merchants(info.context.principal).filter(merchant_group_id=self.id)
        return [Merchant.from_model(m) for m in await qs.order_by("name")]

    @classmethod
    def from_model(cls, g: models.MerchantGroup) -> "MerchantGroup":
        return cls(id=g.id, name=g.name, created_at=g.created_at)


async def _load_groups(ids: list[str]) -> list[models.MerchantGroup | None]:
    rows = {g.id: g for g in await models.MerchantGroup.filter(id__in=ids)}
    return [rows.get(i) for i in ids]


@strawberry.type
class Brand:
    id: strawberry.ID
    merchant_id: strawberry.ID
    name: str
    logo_url: Optional[str]
    color: str
    default_currency: str
    created_at: datetime

    @classmethod
    def from_model(cls, b: models.Brand) -> "Brand":
        return cls(id=b.id, merchant_id=b.merchant_id, name=b.name, logo_url=b.logo_url, color=b.color,
                   default_currency=b.default_currency, created_at=b.created_at)


@strawberry.type
class ProviderAccess:
    id: strawberry.ID
    provider: SimulatedProvider
    created_at: datetime


@strawberry.type(description="One step of 'prepare merchant for deposits', computed from real data.")
class ReadinessStep:
    key: str
    title: str
    done: bool
    hint: str
    fix_path: str


@strawberry.type
class Merchant:
    id: strawberry.ID
    name: str
    status: MerchantStatus
    created_at: datetime
    merchant_group_id: Optional[strawberry.ID]
    _model: strawberry.Private[models.Merchant]

    @strawberry.field
    async def merchant_group(self, info: Info) -> Optional[MerchantGroup]:
        if not self.merchant_group_id:
            return None
        g = await info.context.loader("merchant_group_by_id", _load_groups).load(self.merchant_group_id)
        return MerchantGroup.from_model(g) if g else None

    @strawberry.field
    async def brands(self) -> list[Brand]:
        return [Brand.from_model(b) for b in await models.Brand.filter(merchant_id=self.id).order_by("name")]

    @strawberry.field
    async def provider_access(self) -> list[ProviderAccess]:
        rows = await models.ProviderAccess.filter(merchant_id=self.id).order_by("provider")
        return [ProviderAccess(id=r.id, provider=r.provider, created_at=r.created_at) for r in rows]

    @strawberry.field(description="The caller's permissions for this merchant (tenant-wide ones plus its merchant and group contexts).")
    def my_permissions(self, info: Info) -> list[str]:
        from backend.access.models import ContextType

        p = info.context.principal
        perms = set(p.tenant_perms)
        perms |= p.context_perms.get((ContextType.MERCHANT.value, self.id), frozenset())
        if self.merchant_group_id:
            perms |= p.context_perms.get((ContextType.MERCHANT_GROUP.value, self.merchant_group_id), frozenset())
        return sorted(perms)

    @strawberry.field(description="The prepare-for-deposits checklist, computed now.")
    async def readiness(self) -> list[ReadinessStep]:
        from backend.merchants.readiness import readiness

        return [ReadinessStep(key=s.key, title=s.title, done=s.done, hint=s.hint, fix_path=s.fix_path)
                for s in await readiness(self._model)]

    @strawberry.field(description="API keys (prefix and status only). Needs api_keys.manage for this merchant.")
    async def api_keys(self, info: Info) -> Optional[list[Annotated["ApiKey", strawberry.lazy("backend.secrets.api.schema")]]]:
        from backend.secrets.api.schema import ApiKey as ApiKeyType
        from backend.secrets.models import ApiKey as ApiKeyModel

        if not can(info.context.principal, Perm.API_KEYS_MANAGE, self._model):
            from backend.graphql.common import ForbiddenGraphQLError

            raise ForbiddenGraphQLError("Missing permission api_keys.manage for this merchant")
        return [ApiKeyType.from_model(k) for k in await ApiKeyModel.filter(merchant_id=self.id).order_by("-id")]

    @strawberry.field(description="Webhook endpoints. Needs webhooks.read for this merchant.")
    async def webhook_endpoints(self, info: Info) -> Optional[list[Annotated["WebhookEndpoint", strawberry.lazy("backend.webhooks.api.schema")]]]:
        from backend.webhooks.api.schema import WebhookEndpoint as EndpointType
        from backend.webhooks.models import WebhookEndpoint as EndpointModel

        if not can(info.context.principal, Perm.WEBHOOKS_READ, self._model):
            from backend.graphql.common import ForbiddenGraphQLError

            raise ForbiddenGraphQLError("Missing permission webhooks.read for this merchant")
        return [EndpointType.from_model(e) for e in await EndpointModel.filter(merchant_id=self.id).order_by("-id")]

    @classmethod
    def from_model(cls, m: models.Merchant) -> "Merchant":
        return cls(id=m.id, name=m.name, status=m.status, created_at=m.created_at, merchant_group_id=m.merchant_group_id, _model=m)


@strawberry.type
class MerchantGroupPayload:
    merchant_group: MerchantGroup


@strawberry.type
class MerchantPayload:
    merchant: Merchant


@strawberry.type
class BrandPayload:
    brand: Brand


@strawberry.type
class ProviderAccessPayload:
    provider_access: ProviderAccess


MerchantGroupResult = Annotated[MerchantGroupPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("MerchantGroupResult")]
MerchantResult = Annotated[MerchantPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("MerchantResult")]
BrandResult = Annotated[BrandPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("BrandResult")]
ProviderAccessResult = Annotated[ProviderAccessPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("ProviderAccessResult")]


@strawberry.input
class UpdateMerchantInput:
    name: Optional[str] = None
    merchant_group_id: Optional[strawberry.ID] = None
    status: Optional[MerchantStatus] = None
    clear_group: bool = strawberry.field(default=False, description="Remove the merchant from its group")


@strawberry.input
class BrandInput:
    name: str
    default_currency: str
    color: str = "#4f46e5"
    logo_url: Optional[str] = None


@strawberry.input
class UpdateBrandInput:
    name: Optional[str] = None
    default_currency: Optional[str] = None
    color: Optional[str] = None
    logo_url: Optional[str] = None

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Optional

import strawberry
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.graphql.common import ConflictError, NotFoundError, ValidationError, run_mutation
from backend.graphql.permissions import needs, needs_anywhere
from backend.merchants import models, service

MerchantStatus = strawberry.enum(models.MerchantStatus, name="MerchantStatus")


@strawberry.type
class MerchantGroup:
    id: strawberry.ID
    name: str
    created_at: datetime

    @strawberry.field
    async def merchants(self, info: Info) -> list[Annotated["Merchant", strawberry.lazy("backend.merchants.api.schema")]]:
        qs = reachable_merchants(info.context.principal).filter(merchant_group_id=self.id)
        return [Merchant.from_model(m) for m in await qs.order_by("name")]

    @classmethod
    def from_model(cls, g: models.MerchantGroup) -> "MerchantGroup":
        return cls(id=g.id, name=g.name, created_at=g.created_at)


async def _load_groups(ids: list[str]) -> list[models.MerchantGroup | None]:
    rows = {g.id: g for g in await models.MerchantGroup.filter(id__in=ids)}
    return [rows.get(i) for i in ids]


@strawberry.type
class Merchant:
    id: strawberry.ID
    name: str
    status: MerchantStatus
    created_at: datetime
    merchant_group_id: Optional[strawberry.ID]

    @strawberry.field
    async def merchant_group(self, info: Info) -> Optional[MerchantGroup]:
        if not self.merchant_group_id:
            return None
        g = await info.context.loader("merchant_group_by_id", _load_groups).load(self.merchant_group_id)
        return MerchantGroup.from_model(g) if g else None

    @classmethod
    def from_model(cls, m: models.Merchant) -> "Merchant":
        return cls(id=m.id, name=m.name, status=m.status, created_at=m.created_at, merchant_group_id=m.merchant_group_id)


@strawberry.type
class MerchantGroupPayload:
    merchant_group: MerchantGroup


@strawberry.type
class MerchantPayload:
    merchant: Merchant


MerchantGroupResult = Annotated[MerchantGroupPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("MerchantGroupResult")]
MerchantResult = Annotated[MerchantPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("MerchantResult")]


def reachable_merchants(principal):
    """Merchants the caller reaches: all with merchants.access_all, else through grants and role contexts."""
    from tortoise.expressions import Q

    qs = models.Merchant.all()
    if principal.has(Perm.MERCHANTS_ACCESS_ALL):
        return qs
    ids = set(principal.granted_merchant_ids) | {cid for (ct, cid) in principal.context_perms if ct == "merchant"}
    groups = set(principal.granted_group_ids) | {cid for (ct, cid) in principal.context_perms if ct == "merchant_group"}
    return qs.filter(Q(id__in=list(ids) or [""]) | Q(merchant_group_id__in=list(groups) or [""]))


@strawberry.type
class MerchantQuery:
    @strawberry.field(permission_classes=[needs_anywhere(Perm.MERCHANTS_READ)])
    async def merchant_groups(self, info: Info) -> list[MerchantGroup]:
        return [MerchantGroup.from_model(g) for g in await models.MerchantGroup.all().order_by("name")]

    @strawberry.field(permission_classes=[needs_anywhere(Perm.MERCHANTS_READ)])
    async def merchants(self, info: Info) -> list[Merchant]:
        return [Merchant.from_model(m) for m in await reachable_merchants(info.context.principal).order_by("name")]


@strawberry.type
class MerchantMutation:
    @strawberry.mutation(permission_classes=[needs(Perm.MERCHANTS_MANAGE)])
    async def create_merchant_group(self, name: str) -> MerchantGroupResult:
        async def work():
            return MerchantGroupPayload(merchant_group=MerchantGroup.from_model(await service.create_merchant_group(name=name)))
        return await run_mutation("merchant_group.create", work, target_type="merchant_group")

    @strawberry.mutation(permission_classes=[needs(Perm.MERCHANTS_MANAGE)])
    async def create_merchant(self, name: str, merchant_group_id: Optional[strawberry.ID] = None) -> MerchantResult:
        async def work():
            m = await service.create_merchant(name=name, merchant_group_id=merchant_group_id)
            return MerchantPayload(merchant=Merchant.from_model(m))
        return await run_mutation("merchant.create", work, target_type="merchant")

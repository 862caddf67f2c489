from __future__ import annotations

from typing import Optional

import strawberry
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.graphql.common import DeletePayload, run_mutation
from backend.graphql.permissions import needs, needs_anywhere
from backend.merchants import models, service
from backend.merchants.api.types import (
    Brand, BrandInput, BrandPayload, BrandResult, Merchant, MerchantGroup, MerchantGroupPayload, MerchantGroupResult,
    MerchantPayload, MerchantResult, ProviderAccess, ProviderAccessPayload, ProviderAccessResult, SimulatedProvider,
    UpdateBrandInput, UpdateMerchantInput,
)
from backend.merchants.reach import merchant_with, reachable_merchants
from backend.access.api.types import DeleteResult


@strawberry.type
class MerchantQuery:
    @strawberry.field(permission_classes=[needs_anywhere(Perm.MERCHANTS_READ)])
    async def merchant_groups(self, info: Info) -> list[MerchantGroup]:
        return [MerchantGroup.from_model(g) for g in await models.MerchantGroup.all().order_by("name")]

    @strawberry.field(permission_classes=[needs_anywhere(Perm.MERCHANTS_READ)])
    async def merchants(self, info: Info, search: Optional[str] = None) -> list[Merchant]:
        qs = reachable_merchants(info.context.principal)
        if search:
            qs = qs.filter(name__icontains=search)
        return [Merchant.from_model(m) for m in await qs.order_by("name")]

    @strawberry.field(permission_classes=[needs_anywhere(Perm.MERCHANTS_READ)])
    async def merchant(self, info: Info, id: strawberry.ID) -> Optional[Merchant]:
        m = await reachable_merchants(info.context.principal).get_or_none(id=id)
        return Merchant.from_model(m) if m else None


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

    @strawberry.mutation(permission_classes=[needs(Perm.MERCHANTS_MANAGE)])
    async def update_merchant(self, info: Info, id: strawberry.ID, input: UpdateMerchantInput) -> MerchantResult:
        async def work():
            await merchant_with(info.context.principal, Perm.MERCHANTS_MANAGE, id)
            m = await service.update_merchant(id, name=input.name, merchant_group_id=input.merchant_group_id, status=input.status,
                                              clear_group=input.clear_group)
            return MerchantPayload(merchant=Merchant.from_model(m))
        return await run_mutation("merchant.update", work, target_type="merchant")

    @strawberry.mutation(permission_classes=[needs(Perm.MERCHANTS_MANAGE)])
    async def create_brand(self, info: Info, merchant_id: strawberry.ID, input: BrandInput) -> BrandResult:
        async def work():
            await merchant_with(info.context.principal, Perm.MERCHANTS_MANAGE, merchant_id)
            b = await service.create_brand(merchant_id=merchant_id, name=input.name, color=input.color,
                                           default_currency=input.default_currency, logo_url=input.logo_url)
            return BrandPayload(brand=Brand.from_model(b))
        return await run_mutation("brand.create", work, target_type="brand")

    @strawberry.mutation(permission_classes=[needs(Perm.MERCHANTS_MANAGE)])
    async def update_brand(self, info: Info, id: strawberry.ID, input: UpdateBrandInput) -> BrandResult:
        async def work():
            brand = await models.Brand.get_or_none(id=id)
            if brand is not None:
                await merchant_with(info.context.principal, Perm.MERCHANTS_MANAGE, brand.merchant_id)
            b = await service.update_brand(id, name=input.name, color=input.color, default_currency=input.default_currency,
                                           logo_url=input.logo_url)
            return BrandPayload(brand=Brand.from_model(b))
        return await run_mutation("brand.update", work, target_type="brand")

    @strawberry.mutation(permission_classes=[needs(Perm.MERCHANTS_MANAGE)], description="Let a merchant use a simulated provider.")
    async def grant_provider_access(self, info: Info, merchant_id: strawberry.ID, provider: SimulatedProvider) -> ProviderAccessResult:
        async def work():
            await merchant_with(info.context.principal, Perm.MERCHANTS_MANAGE, merchant_id)
            pa = await service.grant_provider(merchant_id, provider)
            return ProviderAccessPayload(provider_access=ProviderAccess(id=pa.id, provider=pa.provider, created_at=pa.created_at))
        return await run_mutation("provider_access.grant", work, target_type="merchant")

    @strawberry.mutation(permission_classes=[needs(Perm.MERCHANTS_MANAGE)])
    async def revoke_provider_access(self, info: Info, id: strawberry.ID) -> DeleteResult:
        async def work():
            pa = await models.ProviderAccess.get_or_none(id=id)
            if pa is not None:
                await merchant_with(info.context.principal, Perm.MERCHANTS_MANAGE, pa.merchant_id)
            return DeletePayload(id=await service.revoke_provider(id))
        return await run_mutation("provider_access.revoke", work, target_type="merchant")

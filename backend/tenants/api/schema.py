"""The system operator's GraphQL: tenants, plans, usage counts, platform health."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Optional

import strawberry

from backend.graphql.common import ConflictError, NotFoundError, ValidationError, run_mutation
from backend.graphql.permissions import IsOperator
from backend.tenants import models, service

Plan = strawberry.enum(models.Plan, name="Plan")
TenantStatus = strawberry.enum(models.TenantStatus, name="TenantStatus")


@strawberry.type(description="Counts only: the operator never sees a tenant's rows.")
class TenantUsage:
    users: int
    merchants: int
    api_keys: int
    transactions: int


@strawberry.type
class Tenant:
    id: strawberry.ID
    name: str
    slug: str
    plan: Plan
    status: TenantStatus
    created_at: datetime
    rate_limit_per_minute: int

    @strawberry.field
    async def usage(self) -> TenantUsage:
        u = await service.usage(self.id)
        return TenantUsage(users=u.users, merchants=u.merchants, api_keys=u.api_keys, transactions=u.transactions)

    @classmethod
    def from_model(cls, t: models.Tenant) -> "Tenant":
        return cls(id=t.id, name=t.name, slug=t.slug, plan=t.plan, status=t.status, created_at=t.created_at,
                   rate_limit_per_minute=models.PLAN_RATE_LIMITS[t.plan])


@strawberry.type
class TenantPayload:
    tenant: Tenant


TenantResult = Annotated[TenantPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("TenantResult")]


@strawberry.input
class CreateTenantInput:
    name: str
    slug: str
    admin_email: str
    admin_name: str
    admin_password: str
    plan: Plan = models.Plan.FREE


@strawberry.type
class TenantQuery:
    @strawberry.field(permission_classes=[IsOperator])
    async def tenants(self) -> list[Tenant]:
        return [Tenant.from_model(t) for t in await service.list_tenants()]

    @strawberry.field(permission_classes=[IsOperator])
    async def tenant(self, id: strawberry.ID) -> Optional[Tenant]:
        t = await models.Tenant.get_or_none(id=id)
        return Tenant.from_model(t) if t else None


@strawberry.type
class TenantMutation:
    @strawberry.mutation(permission_classes=[IsOperator])
    async def create_tenant(self, input: CreateTenantInput) -> TenantResult:
        async def work():
            t = await service.create_tenant(name=input.name, slug=input.slug, plan=input.plan, admin_email=input.admin_email,
                                            admin_name=input.admin_name, admin_password=input.admin_password)
            return TenantPayload(tenant=Tenant.from_model(t))
        return await run_mutation("tenant.create", work, target_type="tenant")

    @strawberry.mutation(permission_classes=[IsOperator], description="Stops the tenant's logins and API keys at once.")
    async def suspend_tenant(self, id: strawberry.ID) -> TenantResult:
        async def work():
            return TenantPayload(tenant=Tenant.from_model(await service.set_status(id, models.TenantStatus.SUSPENDED)))
        return await run_mutation("tenant.suspend", work, target_type="tenant")

    @strawberry.mutation(permission_classes=[IsOperator])
    async def activate_tenant(self, id: strawberry.ID) -> TenantResult:
        async def work():
            return TenantPayload(tenant=Tenant.from_model(await service.set_status(id, models.TenantStatus.ACTIVE)))
        return await run_mutation("tenant.activate", work, target_type="tenant")

    @strawberry.mutation(permission_classes=[IsOperator])
    async def set_tenant_plan(self, id: strawberry.ID, plan: Plan) -> TenantResult:
        async def work():
            return TenantPayload(tenant=Tenant.from_model(await service.set_plan(id, plan)))
        return await run_mutation("tenant.set_plan", work, target_type="tenant")

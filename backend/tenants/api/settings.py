"""A tenant's own settings, for its staff (never the operator): today whether webhooks may target private networks."""
from __future__ import annotations

from typing import Annotated, Optional

import strawberry
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.graphql.common import NotFoundError, ValidationError, run_mutation
from backend.graphql.permissions import IsTenantMember, needs
from backend.tenants import models, service

# Changing tenant-wide webhook rules needs webhooks.manage in the tenant context (platform roles): a merchant-scoped
# user holding webhooks.manage on one merchant only is refused.
MANAGE = Perm.WEBHOOKS_MANAGE


@strawberry.type(description="Settings of the caller's tenant.")
class TenantSettings:
    allow_private_webhook_targets: bool = strawberry.field(description=(
        "Webhook URLs on loopback or private networks (127.0.0.0/8, 10/8, 192.168/16, …) are accepted. Link-local "
        "and cloud metadata addresses (169.254.0.0/16, metadata.google.internal) stay refused whatever this says."))
    viewer_can_manage: bool = strawberry.field(description="The caller may change these settings (webhooks.manage "
                                                           "in the tenant context).")

    @classmethod
    def of(cls, t: models.Tenant, info: Info) -> "TenantSettings":
        return cls(allow_private_webhook_targets=t.allow_private_webhook_targets,
                   viewer_can_manage=info.context.principal.has(MANAGE))


@strawberry.type
class TenantSettingsPayload:
    settings: TenantSettings


TenantSettingsResult = Annotated[TenantSettingsPayload | ValidationError | NotFoundError,
                                 strawberry.union("TenantSettingsResult")]


@strawberry.input
class UpdateTenantSettingsInput:
    allow_private_webhook_targets: Optional[bool] = strawberry.UNSET


@strawberry.type
class TenantSettingsQuery:
    @strawberry.field(permission_classes=[IsTenantMember])
    async def tenant_settings(self, info: Info) -> TenantSettings:
        return TenantSettings.of(await service.own_tenant(), info)


@strawberry.type
class TenantSettingsMutation:
    @strawberry.mutation(permission_classes=[needs(MANAGE)],
                         description="Tenant admins only (webhooks.manage in the tenant context). Audited.")
    async def update_tenant_settings(self, info: Info, input: UpdateTenantSettingsInput) -> TenantSettingsResult:
        async def work():
            value = input.allow_private_webhook_targets
            t = await service.update_settings(allow_private_webhook_targets=None if value is strawberry.UNSET else value)
            return TenantSettingsPayload(settings=TenantSettings.of(t, info))
        return await run_mutation("tenant.update_settings", work, target_type="tenant")

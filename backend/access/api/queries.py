from __future__ import annotations

from typing import Optional

import strawberry
from strawberry.types import Info
from tortoise.expressions import Q

from backend.access import models, service
from backend.access.api.types import AccessGrant, Me, PermissionInfo, Role, RoleAssignment, RoleKind, TenantRef, User
from backend.access.permissions import CATALOGUE, Perm
from backend.access.principal import Principal
from backend.graphql.common import Connection, keyset_page
from backend.graphql.permissions import IsAuthenticated, needs, needs_either
from backend.tenants.models import Tenant


async def me_of(principal: Principal) -> Me | None:
    if not principal.is_authenticated or principal.user is None:
        return None
    u = principal.user
    tenant = await Tenant.get_or_none(id=principal.tenant_id) if principal.tenant_id else None
    return Me(
        id=u.id, email=u.email, name=u.name, kind=u.kind, is_operator=principal.is_operator, totp_enabled=u.totp_enabled,
        permissions=principal.all_permissions(),
        tenant=TenantRef(id=tenant.id, name=tenant.name, slug=tenant.slug, plan=tenant.plan.value, status=tenant.status.value) if tenant else None,
    )


@strawberry.type
class AccessQuery:
    @strawberry.field(description="The signed-in caller, or null.")
    async def me(self, info: Info) -> Optional[Me]:
        return await me_of(info.context.principal)

    @strawberry.field(permission_classes=[IsAuthenticated], description="Every permission codename the product knows.")
    def permission_catalogue(self) -> list[PermissionInfo]:
        return [PermissionInfo(codename=i.codename, domain=i.domain, action=i.action, description=i.description, scope=i.scope)
                for i in CATALOGUE.values()]

    @strawberry.field(permission_classes=[needs(Perm.ACCESS_READ)])
    async def users(self, first: int = 50, after: Optional[str] = None, search: Optional[str] = None) -> Connection[User]:
        qs = models.User.all()
        if search:
            qs = qs.filter(Q(email__icontains=search) | Q(name__icontains=search))
        return await keyset_page(qs, first=first, after=after, to_node=User.from_model)

    @strawberry.field(permission_classes=[needs(Perm.ACCESS_READ)])
    async def user(self, id: strawberry.ID) -> Optional[User]:
        u = await models.User.get_or_none(id=id)
        return User.from_model(u) if u else None

    @strawberry.field(permission_classes=[needs_either(Perm.ACCESS_READ, Perm.MERCHANT_USERS_MANAGE)],
                      description="Roles. Merchant admins see only the merchant roles they may assign.")
    async def roles(self, info: Info, kind: Optional[RoleKind] = None) -> list[Role]:
        principal = info.context.principal
        qs = models.Role.all()
        if kind:
            qs = qs.filter(kind=kind)
        rows = await qs.order_by("kind", "name")
        if not principal.has(Perm.ACCESS_READ):
            rows = [r for r in rows if service.assignable_by(principal, r)]
        return [Role.from_model(r) for r in rows]

    @strawberry.field(permission_classes=[needs(Perm.ACCESS_READ)])
    async def role(self, id: strawberry.ID) -> Optional[Role]:
        r = await models.Role.get_or_none(id=id)
        return Role.from_model(r) if r else None

    @strawberry.field(permission_classes=[needs_either(Perm.ACCESS_READ, Perm.MERCHANT_USERS_MANAGE)],
                      description="Role assignments. Merchant admins see only those in the contexts they manage.")
    async def role_assignments(self, info: Info, user_id: Optional[strawberry.ID] = None) -> list[RoleAssignment]:
        qs = service.narrow_to_contexts(models.RoleAssignment.all(), await service.managed_contexts(info.context.principal))
        if user_id:
            qs = qs.filter(user_id=user_id)
        return [RoleAssignment.from_model(ra) for ra in await qs.order_by("-id").limit(1000)]

    @strawberry.field(permission_classes=[needs(Perm.ACCESS_READ)])
    async def access_grants(self, user_id: Optional[strawberry.ID] = None) -> list[AccessGrant]:
        qs = models.AccessGrant.all()
        if user_id:
            qs = qs.filter(user_id=user_id)
        return [AccessGrant.from_model(g) for g in await qs.order_by("-id").limit(1000)]


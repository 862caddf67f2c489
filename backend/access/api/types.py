from __future__ import annotations

from datetime import datetime
from typing import Annotated, Optional

import strawberry
from strawberry.types import Info

from backend.access import models
from backend.access.permissions import PermScope
from backend.graphql.common import ConflictError, DeletePayload, NotFoundError, ValidationError

UserKind = strawberry.enum(models.UserKind, name="UserKind")
RoleKind = strawberry.enum(models.RoleKind, name="RoleKind")
ContextType = strawberry.enum(models.ContextType, name="ContextType")
PermissionScope = strawberry.enum(PermScope, name="PermissionScope")


@strawberry.type
class PermissionInfo:
    codename: str
    domain: str
    action: str
    description: str
    scope: PermissionScope


@strawberry.type
class User:
    id: strawberry.ID
    email: str
    name: str
    kind: UserKind
    is_active: bool
    totp_enabled: bool
    last_login_at: Optional[datetime]
    locked_until: Optional[datetime]
    created_at: datetime

    @classmethod
    def from_model(cls, u: models.User) -> "User":
        return cls(id=u.id, email=u.email, name=u.name, kind=u.kind, is_active=u.is_active, totp_enabled=u.totp_enabled,
                   last_login_at=u.last_login_at, locked_until=u.locked_until, created_at=u.created_at)


@strawberry.type
class Role:
    id: strawberry.ID
    name: str
    description: str
    kind: RoleKind
    permissions: list[str]
    is_system: bool
    created_at: datetime

    @classmethod
    def from_model(cls, r: models.Role) -> "Role":
        return cls(id=r.id, name=r.name, description=r.description, kind=r.kind, permissions=list(r.permissions),
                   is_system=r.is_system, created_at=r.created_at)


@strawberry.type
class RoleAssignment:
    id: strawberry.ID
    context_type: ContextType
    context_id: Optional[strawberry.ID]
    created_at: datetime
    user_id: strawberry.Private[str]
    role_id: strawberry.Private[str]

    @strawberry.field
    async def user(self, info: Info) -> Optional[User]:
        u = await info.context.loader("user_by_id", _load_users).load(self.user_id)
        return User.from_model(u) if u else None

    @strawberry.field
    async def role(self, info: Info) -> Optional[Role]:
        r = await info.context.loader("role_by_id", _load_roles).load(self.role_id)
        return Role.from_model(r) if r else None

    @strawberry.field
    async def context_name(self) -> str:
        from backend.access.service import context_name

        return await context_name(self.context_type, self.context_id)

    @classmethod
    def from_model(cls, ra: models.RoleAssignment) -> "RoleAssignment":
        return cls(id=ra.id, context_type=ra.context_type, context_id=ra.context_id, created_at=ra.created_at,
                   user_id=ra.user_id, role_id=ra.role_id)


@strawberry.type
class AccessGrant:
    id: strawberry.ID
    merchant_id: Optional[strawberry.ID]
    merchant_group_id: Optional[strawberry.ID]
    created_at: datetime
    user_id: strawberry.Private[str]

    @strawberry.field
    async def user(self, info: Info) -> Optional[User]:
        u = await info.context.loader("user_by_id", _load_users).load(self.user_id)
        return User.from_model(u) if u else None

    @strawberry.field
    async def target_name(self) -> str:
        from backend.access.service import context_name

        if self.merchant_id:
            return await context_name(models.ContextType.MERCHANT, self.merchant_id)
        return await context_name(models.ContextType.MERCHANT_GROUP, self.merchant_group_id)

    @classmethod
    def from_model(cls, g: models.AccessGrant) -> "AccessGrant":
        return cls(id=g.id, merchant_id=g.merchant_id, merchant_group_id=g.merchant_group_id, created_at=g.created_at, user_id=g.user_id)


async def _load_users(ids: list[str]) -> list[models.User | None]:
    rows = {u.id: u for u in await models.User.filter(id__in=ids)}
    return [rows.get(i) for i in ids]


async def _load_roles(ids: list[str]) -> list[models.Role | None]:
    rows = {r.id: r for r in await models.Role.filter(id__in=ids)}
    return [rows.get(i) for i in ids]


@strawberry.type
class TenantRef:
    id: strawberry.ID
    name: str
    slug: str
    plan: str
    status: str


@strawberry.type
class Me:
    id: strawberry.ID
    email: str
    name: str
    kind: UserKind
    is_operator: bool
    totp_enabled: bool
    permissions: list[str]
    tenant: Optional[TenantRef]


# ---------------------------------------------------------------- results

@strawberry.type
class LoginSuccess:
    me: Me


@strawberry.type
class LoginFailed:
    code: str
    message: str


@strawberry.type
class TotpRequired:
    message: str


@strawberry.type
class UserPayload:
    user: User


@strawberry.type
class RolePayload:
    role: Role


@strawberry.type
class RoleAssignmentPayload:
    role_assignment: RoleAssignment


@strawberry.type
class AccessGrantPayload:
    access_grant: AccessGrant


@strawberry.type
class TotpSetup:
    secret: str
    otpauth_uri: str


LoginResult = Annotated[LoginSuccess | LoginFailed | TotpRequired, strawberry.union("LoginResult")]
UserResult = Annotated[UserPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("UserResult")]
RoleResult = Annotated[RolePayload | ValidationError | NotFoundError | ConflictError, strawberry.union("RoleResult")]
RoleAssignmentResult = Annotated[
    RoleAssignmentPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("RoleAssignmentResult")
]
AccessGrantResult = Annotated[AccessGrantPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("AccessGrantResult")]
DeleteResult = Annotated[DeletePayload | NotFoundError | ConflictError, strawberry.union("DeleteResult")]
TotpSetupResult = Annotated[TotpSetup | ValidationError | ConflictError, strawberry.union("TotpSetupResult")]


# ---------------------------------------------------------------- inputs

@strawberry.input
class CreateUserInput:
    email: str
    name: str
    password: str
    kind: UserKind = models.UserKind.PLATFORM


@strawberry.input
class UpdateUserInput:
    name: Optional[str] = None
    is_active: Optional[bool] = None


@strawberry.input
class InviteMerchantUserInput:
    email: str
    name: str
    password: str
    role_id: strawberry.ID
    context_type: ContextType
    context_id: strawberry.ID


@strawberry.input
class RoleInput:
    name: str
    description: str = ""
    kind: RoleKind = models.RoleKind.PLATFORM
    permissions: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class AssignRoleInput:
    user_id: strawberry.ID
    role_id: strawberry.ID
    context_type: ContextType = models.ContextType.TENANT
    context_id: Optional[strawberry.ID] = None


@strawberry.input
class GrantAccessInput:
    user_id: strawberry.ID
    merchant_id: Optional[strawberry.ID] = None
    merchant_group_id: Optional[strawberry.ID] = None

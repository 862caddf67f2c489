from __future__ import annotations

from enum import Enum

from tortoise import fields
from backend.core.entity import Entity

from backend.core.tenancy import TenantScoped


class UserKind(str, Enum):
    PLATFORM = "platform"  # tenant staff
    MERCHANT = "merchant"  # merchant users, invited into a merchant or merchant-group context
    OPERATOR = "operator"  # the system operator (no tenant)


class RoleKind(str, Enum):
    PLATFORM = "platform"
    MERCHANT = "merchant"


class ContextType(str, Enum):
    TENANT = "tenant"
    MERCHANT_GROUP = "merchant_group"
    MERCHANT = "merchant"


class User(TenantScoped):
    id_prefix = "usr"
    email = fields.CharField(max_length=254, unique=True)
    name = fields.CharField(max_length=200)
    kind = fields.CharEnumField(UserKind, max_length=20)
    password_hash = fields.CharField(max_length=255, null=True)
    is_active = fields.BooleanField(default=True)
    totp_secret_enc = fields.TextField(null=True)
    totp_enabled = fields.BooleanField(default=False)
    failed_logins = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    last_login_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "users"

    @property
    def is_operator(self) -> bool:
        return self.kind == UserKind.OPERATOR


class Session(Entity):
    """A back-office login. Looked up by token hash on each request (so suspension is immediate)."""

    id_prefix = "ses"
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField("models.User", related_name="sessions", on_delete=fields.CASCADE)
    tenant_id = fields.CharField(max_length=40, null=True)
    access_hash = fields.CharField(max_length=64, unique=True)
    refresh_hash = fields.CharField(max_length=64, unique=True)
    access_expires_at = fields.DatetimeField()
    refresh_expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)
    ip = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sessions"


class Role(TenantScoped):
    id_prefix = "rol"
    name = fields.CharField(max_length=100)
    description = fields.CharField(max_length=500, default="")
    kind = fields.CharEnumField(RoleKind, max_length=20)
    permissions = fields.JSONField(default=list)
    is_system = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "roles"
        unique_together = (("tenant_id", "name"),)


class RoleAssignment(TenantScoped):
    id_prefix = "ras"
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField("models.User", related_name="role_assignments", on_delete=fields.CASCADE)
    role: fields.ForeignKeyRelation[Role] = fields.ForeignKeyField("models.Role", related_name="assignments", on_delete=fields.RESTRICT)
    context_type = fields.CharEnumField(ContextType, max_length=20)
    context_id = fields.CharField(max_length=40, null=True)  # merchant group or merchant id
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "role_assignments"
        unique_together = (("user_id", "role_id", "context_type", "context_id"),)


class AccessGrant(TenantScoped):
    """Grants a platform user reach to one merchant or one merchant group."""

    id_prefix = "grt"
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField("models.User", related_name="grants", on_delete=fields.CASCADE)
    merchant_id = fields.CharField(max_length=40, null=True)
    merchant_group_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "access_grants"
        unique_together = (("user_id", "merchant_id", "merchant_group_id"),)


class Invitation(TenantScoped):
    """An invitation into a context with a role. Only the token's SHA-256 is stored."""

    id_prefix = "inv"
    email = fields.CharField(max_length=254)
    name = fields.CharField(max_length=200, default="")
    role: fields.ForeignKeyRelation[Role] = fields.ForeignKeyField("models.Role", related_name="invitations", on_delete=fields.CASCADE)
    context_type = fields.CharEnumField(ContextType, max_length=20)
    context_id = fields.CharField(max_length=40, null=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    accepted_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    invited_by = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "invitations"

"""Manage access: users, roles, role assignments, merchant grants, TOTP.

Services check input and contextual rules (a merchant admin stays inside its own context);
flat permissions are declared on the GraphQL fields. Every change is audited here.
"""
from __future__ import annotations

import re
from typing import Any

import pyotp

from backend.access.errors import AccessError as E
from backend.access.models import AccessGrant, ContextType, Role, RoleAssignment, RoleKind, User, UserKind
from backend.access.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from backend.access.permissions import ALL_CODENAMES, BUILTIN_ROLES, MERCHANT_CODENAMES, Perm
from backend.access.principal import Principal
from backend.audit import service as audit
from backend.core.crypto import encrypt_field
from backend.core.errors import Conflict, Forbidden, NotFound, Problems, ValidationFailed
from backend.merchants.models import Merchant, MerchantGroup

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def user_snapshot(u: User) -> dict[str, Any]:
    return {"email": u.email, "name": u.name, "kind": u.kind, "is_active": u.is_active, "totp_enabled": u.totp_enabled}


def role_snapshot(r: Role) -> dict[str, Any]:
    return {"name": r.name, "description": r.description, "kind": r.kind, "permissions": sorted(r.permissions)}


# ---------------------------------------------------------------- users

def _check_user_fields(p: Problems, email: str | None, name: str | None, password: str | None) -> None:
    if email is not None and not EMAIL_RE.match(email):
        p.add("email", E.EMAIL_INVALID, "Enter a valid email address")
    if name is not None and not name.strip():
        p.add("name", E.NAME_REQUIRED, "Name is required")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        p.add("password", E.PASSWORD_TOO_SHORT, f"Password must have at least {MIN_PASSWORD_LENGTH} characters")


async def _email_taken(email: str) -> bool:
    from backend.core.tenancy import system_scope

    with system_scope():  # emails are unique across the whole product
        return await User.exists(email=email)


async def create_user(*, email: str, name: str, password: str, kind: UserKind) -> User:
    email = (email or "").strip().lower()
    p = Problems()
    _check_user_fields(p, email, name, password)
    if kind == UserKind.OPERATOR:
        p.add("kind", E.USER_KIND_MISMATCH, "Operators cannot be created here")
    p.raise_if_any()
    if await _email_taken(email):
        raise ValidationFailed.on("email", E.EMAIL_TAKEN, "A user with this email already exists")
    user = await User.create(email=email, name=name.strip(), kind=kind, password_hash=hash_password(password))
    await audit.record("user.create", target_type="user", target_id=user.id, after=user_snapshot(user))
    return user


async def get_user(user_id: str) -> User:
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise NotFound("User")
    return user


async def update_user(actor: Principal, user_id: str, *, name: str | None, is_active: bool | None) -> User:
    user = await get_user(user_id)
    before = user_snapshot(user)
    p = Problems()
    _check_user_fields(p, None, name, None)
    if is_active is False and actor.user and actor.user.id == user.id:
        p.add("isActive", E.CANNOT_DEACTIVATE_SELF, "You cannot deactivate yourself")
    p.raise_if_any()
    if name is not None:
        user.name = name.strip()
    if is_active is not None:
        user.is_active = is_active
    await user.save()
    if is_active is False:
        from backend.access.models import Session
        from backend.core import clock

        await Session.filter(user_id=user.id, revoked_at=None).update(revoked_at=clock.now())
    await audit.record("user.update", target_type="user", target_id=user.id, before=before, after=user_snapshot(user))
    return user


async def invite_merchant_user(
    actor: Principal, *, email: str, name: str, password: str, role_id: str, context_type: ContextType, context_id: str
) -> User:
    """A merchant admin (or tenant staff) creates a merchant user inside a context it manages, with an allowed merchant role."""
    await _require_context_manager(actor, context_type, context_id)
    role = await Role.get_or_none(id=role_id)
    if role is None:
        raise NotFound("Role")
    if role.kind != RoleKind.MERCHANT:
        raise Forbidden("Only merchant roles can be assigned in a merchant context", E.ROLE_KIND_MISMATCH)
    if not actor.has(Perm.ACCESS_MANAGE) and not set(role.permissions) <= set(actor.all_permissions()):
        raise Forbidden("You can only assign roles whose permissions you hold yourself", E.OUTSIDE_OWN_CONTEXT)
    user = await create_user(email=email, name=name, password=password, kind=UserKind.MERCHANT)
    await _assign(user, role, context_type, context_id)
    return user


# ---------------------------------------------------------------- roles

def _check_role(p: Problems, name: str | None, kind: RoleKind, permissions: list[str] | None) -> None:
    if name is not None and not name.strip():
        p.add("name", E.NAME_REQUIRED, "Name is required")
    if permissions is None:
        return
    unknown = [c for c in permissions if c not in ALL_CODENAMES]
    if unknown:
        p.add("permissions", E.UNKNOWN_PERMISSION, f"Unknown permissions: {', '.join(sorted(unknown))}")
    if kind == RoleKind.MERCHANT:
        platform_only = [c for c in permissions if c in ALL_CODENAMES and c not in MERCHANT_CODENAMES]
        if platform_only:
            p.add(
                "permissions",
                E.PERMISSION_NOT_ALLOWED_IN_MERCHANT_ROLE,
                f"Not allowed in a merchant role: {', '.join(sorted(platform_only))}",
            )


async def create_role(*, name: str, description: str, kind: RoleKind, permissions: list[str]) -> Role:
    p = Problems()
    _check_role(p, name, kind, permissions)
    p.raise_if_any()
    if await Role.exists(name=name.strip()):
        raise ValidationFailed.on("name", E.ROLE_NAME_TAKEN, "A role with this name already exists")
    role = await Role.create(name=name.strip(), description=description or "", kind=kind, permissions=sorted(set(permissions)))
    await audit.record("role.create", target_type="role", target_id=role.id, after=role_snapshot(role))
    return role


async def get_role(role_id: str) -> Role:
    role = await Role.get_or_none(id=role_id)
    if role is None:
        raise NotFound("Role")
    return role


async def update_role(role_id: str, *, name: str | None, description: str | None, permissions: list[str] | None) -> Role:
    role = await get_role(role_id)
    if role.is_system:
        raise Conflict(E.SYSTEM_ROLE_READ_ONLY, "Built-in roles cannot be changed; create a new role instead")
    before = role_snapshot(role)
    p = Problems()
    _check_role(p, name, role.kind, permissions)
    p.raise_if_any()
    if name is not None and name.strip() != role.name and await Role.exists(name=name.strip()):
        raise ValidationFailed.on("name", E.ROLE_NAME_TAKEN, "A role with this name already exists")
    if name is not None:
        role.name = name.strip()
    if description is not None:
        role.description = description
    if permissions is not None:
        role.permissions = sorted(set(permissions))
    await role.save()
    await audit.record("role.update", target_type="role", target_id=role.id, before=before, after=role_snapshot(role))
    return role


async def delete_role(role_id: str) -> str:
    role = await get_role(role_id)
    if role.is_system:
        raise Conflict(E.SYSTEM_ROLE_READ_ONLY, "Built-in roles cannot be deleted")
    if await RoleAssignment.exists(role_id=role.id):
        raise Conflict(E.ROLE_IN_USE, "This role is still assigned; revoke its assignments first")
    before = role_snapshot(role)
    await role.delete()
    await audit.record("role.delete", target_type="role", target_id=role_id, before=before)
    return role_id


async def ensure_builtin_roles() -> dict[str, Role]:
    """Create the built-in roles of the current tenant (idempotent)."""
    out = {}
    for name, kind, perms in BUILTIN_ROLES:
        role = await Role.get_or_none(name=name)
        if role is None:
            role = await Role.create(name=name, kind=RoleKind(kind), permissions=sorted(perms), is_system=True,
                                     description="Built-in role")
        out[name] = role
    return out


# ---------------------------------------------------------------- assignments and grants

async def _context_exists(context_type: ContextType, context_id: str | None) -> str | None:
    """Return the context's display name, or raise."""
    if context_type == ContextType.TENANT:
        return None
    if not context_id:
        raise ValidationFailed.on("contextId", E.CONTEXT_REQUIRED, "Choose a merchant group or merchant")
    model = MerchantGroup if context_type == ContextType.MERCHANT_GROUP else Merchant
    obj = await model.get_or_none(id=context_id)
    if obj is None:
        raise NotFound("Merchant group" if model is MerchantGroup else "Merchant")
    return obj.name


async def _group_of(context_type: ContextType, context_id: str | None) -> str | None:
    if context_type == ContextType.MERCHANT and context_id:
        m = await Merchant.get_or_none(id=context_id)
        return m.merchant_group_id if m else None
    return None


async def _require_context_manager(actor: Principal, context_type: ContextType, context_id: str | None) -> None:
    if actor.has(Perm.ACCESS_MANAGE):
        await _context_exists(context_type, context_id)
        return
    if context_type == ContextType.TENANT:
        raise Forbidden("Only tenant staff with access.manage can act in the tenant context", E.OUTSIDE_OWN_CONTEXT)
    await _context_exists(context_type, context_id)
    group = await _group_of(context_type, context_id)
    if not actor.has_in_context(Perm.MERCHANT_USERS_MANAGE, context_type, context_id, group):
        raise Forbidden("You can only manage users inside your own merchant context", E.OUTSIDE_OWN_CONTEXT)


async def _assign(user: User, role: Role, context_type: ContextType, context_id: str | None) -> RoleAssignment:
    if context_type == ContextType.TENANT:
        context_id = None
        if role.kind != RoleKind.PLATFORM or user.kind != UserKind.PLATFORM:
            raise ValidationFailed.on("roleId", E.ROLE_KIND_MISMATCH, "Only platform roles for platform users in the tenant context")
    elif role.kind != RoleKind.MERCHANT:
        raise ValidationFailed.on("roleId", E.ROLE_KIND_MISMATCH, "Only merchant roles can be assigned in a merchant context")
    if await RoleAssignment.exists(user_id=user.id, role_id=role.id, context_type=context_type, context_id=context_id):
        raise Conflict(E.ALREADY_ASSIGNED, "This user already has this role in this context")
    ra = await RoleAssignment.create(user_id=user.id, role_id=role.id, context_type=context_type, context_id=context_id)
    await audit.record("role_assignment.create", target_type="role_assignment", target_id=ra.id,
                       after={"user": user.id, "role": role.id, "context_type": context_type, "context_id": context_id})
    return ra


async def assign_role(actor: Principal, *, user_id: str, role_id: str, context_type: ContextType, context_id: str | None) -> RoleAssignment:
    await _require_context_manager(actor, context_type, context_id)
    user = await get_user(user_id)
    role = await get_role(role_id)
    if not actor.has(Perm.ACCESS_MANAGE) and role.kind != RoleKind.MERCHANT:
        raise Forbidden("Only merchant roles can be assigned in a merchant context", E.ROLE_KIND_MISMATCH)
    if not actor.has(Perm.ACCESS_MANAGE) and not set(role.permissions) <= set(actor.all_permissions()):
        raise Forbidden("You can only assign roles whose permissions you hold yourself", E.OUTSIDE_OWN_CONTEXT)
    return await _assign(user, role, context_type, context_id)


async def revoke_role_assignment(actor: Principal, assignment_id: str) -> str:
    ra = await RoleAssignment.get_or_none(id=assignment_id)
    if ra is None:
        raise NotFound("Role assignment")
    await _require_context_manager(actor, ra.context_type, ra.context_id)
    before = {"user": ra.user_id, "role": ra.role_id, "context_type": ra.context_type, "context_id": ra.context_id}
    await ra.delete()
    await audit.record("role_assignment.delete", target_type="role_assignment", target_id=assignment_id, before=before)
    return assignment_id


async def context_name(context_type: ContextType, context_id: str | None) -> str:
    if context_type == ContextType.TENANT:
        return "Whole tenant"
    try:
        return await _context_exists(context_type, context_id) or ""
    except NotFound:
        return "(deleted)"


async def grant_access(*, user_id: str, merchant_id: str | None, merchant_group_id: str | None) -> AccessGrant:
    if bool(merchant_id) == bool(merchant_group_id):
        raise ValidationFailed.on("merchantId", E.GRANT_TARGET_REQUIRED, "Choose exactly one merchant or merchant group")
    user = await get_user(user_id)
    if user.kind != UserKind.PLATFORM:
        raise ValidationFailed.on("userId", E.USER_KIND_MISMATCH, "Grants are for platform users; merchant users get role assignments")
    if merchant_id:
        await _context_exists(ContextType.MERCHANT, merchant_id)
    else:
        await _context_exists(ContextType.MERCHANT_GROUP, merchant_group_id)
    if await AccessGrant.exists(user_id=user.id, merchant_id=merchant_id, merchant_group_id=merchant_group_id):
        raise Conflict(E.ALREADY_GRANTED, "This access is already granted")
    grant = await AccessGrant.create(user_id=user.id, merchant_id=merchant_id, merchant_group_id=merchant_group_id)
    await audit.record("access_grant.create", target_type="access_grant", target_id=grant.id,
                       after={"user": user.id, "merchant": merchant_id, "merchant_group": merchant_group_id})
    return grant


async def revoke_access(grant_id: str) -> str:
    grant = await AccessGrant.get_or_none(id=grant_id)
    if grant is None:
        raise NotFound("Access grant")
    before = {"user": grant.user_id, "merchant": grant.merchant_id, "merchant_group": grant.merchant_group_id}
    await grant.delete()
    await audit.record("access_grant.delete", target_type="access_grant", target_id=grant_id, before=before)
    return grant_id


# ---------------------------------------------------------------- TOTP

async def start_totp(user: User) -> tuple[str, str]:
    """Create a pending TOTP seed; returns (secret, otpauth URI). Shown once; enabled by confirm_totp."""
    secret = pyotp.random_base32()
    user.totp_secret_enc = encrypt_field(secret)
    user.totp_enabled = False
    await user.save(update_fields=["totp_secret_enc", "totp_enabled"])
    await audit.record("user.totp_setup", target_type="user", target_id=user.id)
    return secret, pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="Clearway")


async def confirm_totp(user: User, code: str) -> User:
    from backend.access.auth import verify_totp

    if not user.totp_secret_enc or user.totp_enabled:
        raise Conflict(E.TOTP_NOT_PENDING, "Start the two-factor set-up first")
    if not verify_totp(user, code):
        raise ValidationFailed.on("code", E.TOTP_INVALID, "That code is not valid; try the current one")
    user.totp_enabled = True
    await user.save(update_fields=["totp_enabled"])
    await audit.record("user.totp_enable", target_type="user", target_id=user.id, before={"totp_enabled": False}, after={"totp_enabled": True})
    return user


async def disable_totp(user: User, password: str) -> User:
    if not verify_password(user.password_hash, password):
        raise ValidationFailed.on("password", E.INVALID_CREDENTIALS, "Password is not correct")
    user.totp_enabled = False
    user.totp_secret_enc = None
    await user.save(update_fields=["totp_enabled", "totp_secret_enc"])
    await audit.record("user.totp_disable", target_type="user", target_id=user.id, before={"totp_enabled": True}, after={"totp_enabled": False})
    return user




async def managed_contexts(actor: Principal) -> tuple[set[str], set[str]] | None:
    """(merchant ids, merchant group ids) whose users the caller manages; None = the whole tenant (access.read)."""
    if actor.has(Perm.ACCESS_READ):
        return None
    merchants = {cid for (ct, cid), perms in actor.context_perms.items()
                 if ct == ContextType.MERCHANT.value and Perm.MERCHANT_USERS_MANAGE.value in perms}
    groups = {cid for (ct, cid), perms in actor.context_perms.items()
              if ct == ContextType.MERCHANT_GROUP.value and Perm.MERCHANT_USERS_MANAGE.value in perms}
    if groups:
        merchants |= {m.id for m in await Merchant.filter(merchant_group_id__in=list(groups))}
    return merchants, groups


def narrow_to_contexts(qs, scope: tuple[set[str], set[str]] | None):
    """Limit a queryset with context_type/context_id columns to the caller's managed contexts."""
    if scope is None:
        return qs
    from tortoise.expressions import Q

    merchants, groups = scope
    return qs.filter(Q(context_type=ContextType.MERCHANT, context_id__in=list(merchants) or [""]) |
                     Q(context_type=ContextType.MERCHANT_GROUP, context_id__in=list(groups) or [""]))


def assignable_by(actor: Principal, role: Role) -> bool:
    """Roles a merchant admin may hand out: merchant roles whose permissions it holds itself."""
    if actor.has(Perm.ACCESS_MANAGE):
        return True
    return role.kind == RoleKind.MERCHANT and set(role.permissions) <= set(actor.all_permissions())

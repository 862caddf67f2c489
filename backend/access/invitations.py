"""Invitations: invite by email into a context with a role; the invitee accepts and sets a password."""
from __future__ import annotations

from datetime import timedelta

from backend.access import service as access
from backend.access.errors import AccessError as E
from backend.access.models import ContextType, Invitation, Role, RoleKind, User, UserKind
from backend.access.passwords import MIN_PASSWORD_LENGTH, hash_password
from backend.access.permissions import Perm
from backend.access.principal import Principal
from backend.audit import service as audit
from backend.core import clock
from backend.core.config import get_settings
from backend.core.crypto import new_token, token_hash
from backend.core.errors import Conflict, Forbidden, NotFound, Problems, ValidationFailed
from backend.core.tenancy import system_scope, tenant_scope
from backend.notifications.service import queue_email

INVITATION_TTL = timedelta(days=7)


async def invite(actor: Principal, *, email: str, name: str, role_id: str, context_type: ContextType, context_id: str | None) -> Invitation:
    email = (email or "").strip().lower()
    p = Problems()
    access._check_user_fields(p, email, None, None)
    p.raise_if_any()
    await access._require_context_manager(actor, context_type, context_id)
    role = await access.get_role(role_id)
    if context_type == ContextType.TENANT and role.kind != RoleKind.PLATFORM:
        raise ValidationFailed.on("roleId", E.ROLE_KIND_MISMATCH, "Choose a platform role for the tenant context")
    if context_type != ContextType.TENANT and role.kind != RoleKind.MERCHANT:
        raise Forbidden("Only merchant roles can be given in a merchant context", E.ROLE_KIND_MISMATCH)
    if not actor.has(Perm.ACCESS_MANAGE) and not set(role.permissions) <= set(actor.all_permissions()):
        raise Forbidden("You can only give roles whose permissions you hold yourself", E.OUTSIDE_OWN_CONTEXT)
    if await access._email_taken(email):
        raise ValidationFailed.on("email", E.EMAIL_TAKEN, "A user with this email already exists")
    if await Invitation.filter(email=email, accepted_at=None, revoked_at=None, expires_at__gt=clock.now()).exists():
        raise Conflict(E.INVITATION_PENDING, "This person already has a pending invitation")
    token = new_token()
    inv = await Invitation.create(email=email, name=(name or "").strip(), role_id=role.id, context_type=context_type,
                                  context_id=context_id if context_type != ContextType.TENANT else None,
                                  token_hash=token_hash(token), expires_at=clock.now() + INVITATION_TTL,
                                  invited_by=actor.user.id if actor.user else None)
    where = await access.context_name(context_type, inv.context_id)
    link = f"{get_settings().ui_url.rstrip('/')}/accept-invite?token={token}"
    await queue_email(
        to=email, category="invitation", related_type="invitation", related_id=inv.id,
        subject=f"You are invited to Clearway ({where})",
        body=(f"Hello {inv.name or email},\n\nYou have been invited to join {where} on Clearway as {role.name}.\n"
              f"Accept the invitation and choose your password here (valid for 7 days):\n{link}\n"),
    )
    await audit.record("invitation.create", target_type="invitation", target_id=inv.id,
                       after={"email": email, "role": role.id, "context_type": context_type, "context_id": inv.context_id})
    return inv


async def revoke(invitation_id: str, actor: Principal) -> Invitation:
    inv = await Invitation.get_or_none(id=invitation_id)
    if inv is None:
        raise NotFound("Invitation")
    await access._require_context_manager(actor, inv.context_type, inv.context_id)
    inv.revoked_at = clock.now()
    await inv.save(update_fields=["revoked_at"])
    await audit.record("invitation.revoke", target_type="invitation", target_id=inv.id)
    return inv


async def accept(token: str, *, name: str, password: str) -> User:
    """Public: the invitee sets a password. Works only with an unexpired, unused invitation token."""
    p = Problems()
    access._check_user_fields(p, None, name, password)
    p.raise_if_any()
    with system_scope():
        inv = await Invitation.get_or_none(token_hash=token_hash(token or ""))
    if inv is None or inv.accepted_at is not None or inv.revoked_at is not None:
        raise ValidationFailed.on("token", E.INVITATION_INVALID, "This invitation link is not valid")
    if inv.expires_at <= clock.now():
        raise ValidationFailed.on("token", E.INVITATION_EXPIRED, "This invitation has expired; ask for a new one")
    with tenant_scope(inv.tenant_id):
        role = await Role.get(id=inv.role_id)
        kind = UserKind.PLATFORM if role.kind == RoleKind.PLATFORM else UserKind.MERCHANT
        if await access._email_taken(inv.email):
            raise ValidationFailed.on("token", E.EMAIL_TAKEN, "A user with this email already exists")
        user = await User.create(email=inv.email, name=name.strip(), kind=kind, password_hash=hash_password(password))
        await access._assign(user, role, inv.context_type, inv.context_id)
        inv.accepted_at = clock.now()
        await inv.save(update_fields=["accepted_at"])
        await audit.record("invitation.accept", target_type="invitation", target_id=inv.id, after={"user": user.id})
    return user


__all__ = ["invite", "revoke", "accept", "MIN_PASSWORD_LENGTH"]

"""Back-office authentication: login with lockout and optional TOTP, cookie sessions, silent refresh."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pyotp

from backend.access.errors import AccessError
from backend.access.models import Session, User
from backend.access.passwords import verify_password
from backend.audit import service as audit
from backend.core import clock
from backend.core.config import get_settings
from backend.core.context import Actor, actor_var
from backend.core.crypto import decrypt_field, new_token, token_hash
from backend.core.errors import DomainError
from backend.core.tenancy import system_scope, tenant_scope
from backend.tenants.models import Tenant, TenantStatus

GENERIC_LOGIN_MESSAGE = "Invalid email or password"


class LoginFailed(DomainError):
    pass


class TotpRequired(DomainError):
    def __init__(self) -> None:
        super().__init__(AccessError.TOTP_REQUIRED, "Enter the 6-digit code from your authenticator app")


@dataclass
class IssuedSession:
    session: Session
    user: User
    access_token: str
    refresh_token: str


def _new_session_tokens(session: Session) -> tuple[str, str]:
    settings = get_settings()
    access, refresh = new_token(), new_token()
    now = clock.now()
    session.access_hash = token_hash(access)
    session.refresh_hash = token_hash(refresh)
    session.access_expires_at = now + timedelta(seconds=settings.access_ttl_seconds)
    session.refresh_expires_at = now + timedelta(seconds=settings.refresh_ttl_seconds)
    return access, refresh


def verify_totp(user: User, code: str | None) -> bool:
    if not user.totp_secret_enc or not code:
        return False
    return pyotp.TOTP(decrypt_field(user.totp_secret_enc)).verify(code.strip(), for_time=clock.now(), valid_window=1)


async def _audit_login(user: User | None, outcome: str, reason: str) -> None:
    token = actor_var.set(Actor("user", user.id, user.email) if user else Actor("anonymous", None, "anonymous"))
    try:
        with system_scope():
            await audit.record(
                "auth.login",
                target_type="user" if user else None,
                target_id=user.id if user else None,
                outcome=outcome,
                extra={"reason": reason},
                tenant_id=user.tenant_id if user else None,
            )
    finally:
        actor_var.reset(token)


async def login(email: str, password: str, totp_code: str | None, ip: str | None) -> IssuedSession:
    """Raise LoginFailed (one generic message) or TotpRequired; return a new session on success."""
    settings = get_settings()
    now = clock.now()
    with system_scope():
        user = await User.get_or_none(email=(email or "").strip().lower())
    password_ok = verify_password(user.password_hash if user else None, password or "")
    if user is None:
        await _audit_login(None, "denied", "unknown_email")
        raise LoginFailed(AccessError.INVALID_CREDENTIALS, GENERIC_LOGIN_MESSAGE)

    with tenant_scope(user.tenant_id):
        locked = user.locked_until is not None and user.locked_until > now
        if locked:
            await _audit_login(user, "denied", "locked")
            raise LoginFailed(AccessError.INVALID_CREDENTIALS, GENERIC_LOGIN_MESSAGE)
        if not password_ok or not user.is_active:
            await _register_failure(user, settings, now)
            await _audit_login(user, "denied", "bad_password" if not password_ok else "inactive")
            raise LoginFailed(AccessError.INVALID_CREDENTIALS, GENERIC_LOGIN_MESSAGE)
        if user.totp_enabled:
            if not totp_code:
                raise TotpRequired()
            if not verify_totp(user, totp_code):
                await _register_failure(user, settings, now)
                await _audit_login(user, "denied", "bad_totp")
                raise LoginFailed(AccessError.INVALID_CREDENTIALS, GENERIC_LOGIN_MESSAGE)
        if user.tenant_id:
            tenant = await Tenant.get_or_none(id=user.tenant_id)
            if tenant is None or tenant.status != TenantStatus.ACTIVE:
                await _audit_login(user, "denied", "tenant_suspended")
                raise LoginFailed(AccessError.TENANT_SUSPENDED, "This account's organisation is suspended")

        await User.filter(id=user.id).update(failed_logins=0, locked_until=None, last_login_at=now)
        session = Session(user_id=user.id, tenant_id=user.tenant_id, ip=ip)
        access, refresh = _new_session_tokens(session)
        await session.save()
        await _audit_login(user, "ok", "password" + ("+totp" if user.totp_enabled else ""))
        return IssuedSession(session, user, access, refresh)


async def _register_failure(user: User, settings, now) -> None:
    failures = user.failed_logins + 1
    locked_until = now + timedelta(seconds=settings.lockout_seconds) if failures >= settings.lockout_threshold else None
    await User.filter(id=user.id).update(failed_logins=0 if locked_until else failures, locked_until=locked_until)


@dataclass
class ResolvedSession:
    user: User
    session: Session
    refreshed: IssuedSession | None = None


async def resolve(access_token: str | None, refresh_token: str | None) -> ResolvedSession | None:
    """Find the live session for the cookies; refresh silently when only the refresh token is valid."""
    now = clock.now()
    with system_scope():
        session = None
        if access_token:
            session = await Session.get_or_none(access_hash=token_hash(access_token), revoked_at=None).prefetch_related("user")
            if session is not None and session.access_expires_at <= now:
                session = None
        refreshed = None
        if session is None and refresh_token:
            session = await Session.get_or_none(refresh_hash=token_hash(refresh_token), revoked_at=None).prefetch_related("user")
            if session is None or session.refresh_expires_at <= now:
                return None
            access, refresh = _new_session_tokens(session)
            await session.save(update_fields=["access_hash", "refresh_hash", "access_expires_at", "refresh_expires_at"])
            refreshed = IssuedSession(session, session.user, access, refresh)
        if session is None:
            return None
        user = session.user
        if not user.is_active:
            return None
        if user.tenant_id:
            tenant = await Tenant.get_or_none(id=user.tenant_id)
            if tenant is None or tenant.status != TenantStatus.ACTIVE:
                return None
        return ResolvedSession(user=user, session=session, refreshed=refreshed)


async def refresh(refresh_token: str | None) -> IssuedSession | None:
    resolved = await resolve(None, refresh_token)
    return resolved.refreshed if resolved else None


async def logout(session_id: str) -> None:
    with system_scope():
        await Session.filter(id=session_id).update(revoked_at=clock.now())

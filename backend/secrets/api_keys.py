"""API keys: shown once, stored as a SHA-256, compared in constant time, rotated with a grace period."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.audit import service as audit
from backend.core import clock
from backend.core.context import current_actor
from backend.core.crypto import constant_time_equal, new_token, token_hash
from backend.core.errors import Conflict, NotFound, Problems, ValidationFailed
from backend.core.tenancy import system_scope, tenant_scope
from backend.merchants.models import Merchant, MerchantStatus
from backend.secrets.errors import SecretsError as E
from backend.secrets.models import ApiKey, ApiKeyEnvironment
from backend.tenants.models import Tenant, TenantStatus

PREFIX_LEN = 16
MAX_GRACE = timedelta(days=7)
LAST_USED_RESOLUTION = timedelta(seconds=60)


def snapshot(k: ApiKey) -> dict:
    return {"name": k.name, "environment": k.environment, "prefix": k.prefix, "expires_at": k.expires_at,
            "revoked_at": k.revoked_at, "merchant": k.merchant_id}


@dataclass
class IssuedKey:
    api_key: ApiKey
    plaintext: str  # shown once


def _new_plaintext(env: ApiKeyEnvironment) -> str:
    return f"cw_{'live' if env == ApiKeyEnvironment.PRODUCTION else 'test'}_{new_token(32)}"


async def _issue(merchant_id: str, name: str, env: ApiKeyEnvironment, expires_at: datetime | None) -> IssuedKey:
    plaintext = _new_plaintext(env)
    key = await ApiKey.create(merchant_id=merchant_id, name=name, environment=env, prefix=plaintext[:PREFIX_LEN],
                              key_hash=token_hash(plaintext), expires_at=expires_at, created_by=current_actor().id)
    return IssuedKey(key, plaintext)


async def create(*, merchant_id: str, name: str, environment: ApiKeyEnvironment, expires_at: datetime | None) -> IssuedKey:
    p = Problems()
    name = (name or "").strip()
    if not name:
        p.add("name", E.NAME_REQUIRED, "Name is required")
    if expires_at is not None and expires_at <= clock.now():
        p.add("expiresAt", E.EXPIRY_IN_PAST, "Expiry must be in the future")
    p.raise_if_any()
    if not await Merchant.exists(id=merchant_id):
        raise NotFound("Merchant")
    if await ApiKey.filter(merchant_id=merchant_id, name=name, revoked_at=None).exists():
        raise ValidationFailed.on("name", E.NAME_TAKEN, "This merchant already has an active key with this name")
    issued = await _issue(merchant_id, name, environment, expires_at)
    await audit.record("api_key.create", target_type="api_key", target_id=issued.api_key.id, after=snapshot(issued.api_key))
    return issued


async def get(key_id: str) -> ApiKey:
    key = await ApiKey.get_or_none(id=key_id)
    if key is None:
        raise NotFound("API key")
    return key


async def revoke(key_id: str) -> ApiKey:
    key = await get(key_id)
    if key.revoked_at is not None:
        raise Conflict(E.KEY_REVOKED, "This key is already revoked")
    before = snapshot(key)
    key.revoked_at = clock.now()
    await key.save(update_fields=["revoked_at"])
    await audit.record("api_key.revoke", target_type="api_key", target_id=key.id, before=before, after=snapshot(key))
    return key


async def rotate(key_id: str, grace: timedelta) -> IssuedKey:
    """Issue a successor; the old key keeps working until now + grace, then is refused."""
    if grace < timedelta(0) or grace > MAX_GRACE:
        raise ValidationFailed.on("graceSeconds", E.GRACE_OUT_OF_RANGE, "Grace period must be between 0 and 7 days")
    old = await get(key_id)
    if old.revoked_at is not None:
        raise Conflict(E.KEY_REVOKED, "A revoked key cannot be rotated")
    before = snapshot(old)
    issued = await _issue(old.merchant_id, old.name, old.environment, old.expires_at)
    grace_end = clock.now() + grace
    old.expires_at = min(old.expires_at, grace_end) if old.expires_at else grace_end
    old.rotated_to_id = issued.api_key.id
    await old.save(update_fields=["expires_at", "rotated_to_id"])
    await audit.record("api_key.rotate", target_type="api_key", target_id=old.id, before=before,
                       after={**snapshot(old), "successor": issued.api_key.id})
    return issued


@dataclass
class KeyCaller:
    api_key: ApiKey
    tenant: Tenant


class ApiKeyRefused(Exception):
    def __init__(self, code: E, message: str, key: ApiKey | None = None):
        super().__init__(message)
        self.code, self.message, self.key = code, message, key


async def authenticate(plaintext: str | None) -> KeyCaller:
    """Resolve an integrator's key or raise ApiKeyRefused (the caller answers 401 and audits)."""
    if not plaintext:
        raise ApiKeyRefused(E.API_KEY_MISSING, "Send your API key as 'Authorization: Bearer <key>'")
    now = clock.now()
    with system_scope():
        key = await ApiKey.get_or_none(prefix=plaintext[:PREFIX_LEN])
        if key is None or not constant_time_equal(key.key_hash, token_hash(plaintext)):
            raise ApiKeyRefused(E.API_KEY_INVALID, "This API key is not valid")
        if key.revoked_at is not None:
            raise ApiKeyRefused(E.API_KEY_REVOKED, "This API key was revoked", key)
        if key.expires_at is not None and key.expires_at <= now:
            raise ApiKeyRefused(E.API_KEY_EXPIRED, "This API key has expired", key)
        tenant = await Tenant.get_or_none(id=key.tenant_id)
        if tenant is None or tenant.status != TenantStatus.ACTIVE:
            raise ApiKeyRefused(E.TENANT_SUSPENDED, "This account is suspended", key)
        merchant = await Merchant.get_or_none(id=key.merchant_id)
        if merchant is None or merchant.status != MerchantStatus.ACTIVE:
            raise ApiKeyRefused(E.MERCHANT_DISABLED, "This merchant is disabled", key)
        if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
            key.last_used_at = now
            await ApiKey.filter(id=key.id).update(last_used_at=now)
    return KeyCaller(api_key=key, tenant=tenant)


async def audit_refusal(refused: ApiKeyRefused, prefix: str | None) -> None:
    """Audit a refused key in its tenant (if known), naming only its prefix."""
    key = refused.key
    with tenant_scope(key.tenant_id) if key else system_scope():
        await audit.record("api_key.refused", target_type="api_key", target_id=key.id if key else None, outcome="denied",
                           extra={"reason": refused.code.value, "prefix": (prefix or "")[:PREFIX_LEN]},
                           tenant_id=key.tenant_id if key else None)

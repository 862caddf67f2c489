"""Is the caller of a long-lived connection (a GraphQL subscription) still allowed in? Checked again before sending.

A websocket's principal is resolved once, at the upgrade. Requests re-resolve it every time; a subscription can
live for hours, so before it sends anything it asks again: the session is not revoked (logout, password change,
admin action) nor past its refresh expiry, the user is active, the API key is neither revoked nor expired, and the
tenant is active.
"""
from __future__ import annotations

from backend.access.models import Session
from backend.access.principal import Principal
from backend.core import clock
from backend.core.tenancy import system_scope
from backend.tenants.models import Tenant, TenantStatus


async def caller_still_valid(principal: Principal, session_id: str | None) -> bool:
    if not principal.is_authenticated:
        return False
    now = clock.now()
    with system_scope():
        if principal.kind == "api_key":
            from backend.secrets.models import ApiKey

            key = await ApiKey.get_or_none(id=principal.api_key_id)
            if key is None or key.revoked_at is not None or (key.expires_at is not None and key.expires_at <= now):
                return False
        elif principal.kind == "user":
            if not session_id:
                return False
            session = await Session.get_or_none(id=session_id).prefetch_related("user")
            if (session is None or session.revoked_at is not None or session.refresh_expires_at <= now
                    or not session.user.is_active):
                return False
        else:
            return True  # the operator: refused by every subscription's permissions anyway
        if principal.tenant_id:
            tenant = await Tenant.get_or_none(id=principal.tenant_id)
            if tenant is None or tenant.status != TenantStatus.ACTIVE:
                return False
    return True

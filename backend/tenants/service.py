"""Tenants, managed by the system operator. The operator sees counts, never a tenant's rows."""
from __future__ import annotations

import re
from dataclasses import dataclass

from backend.access import service as access
from backend.access.models import ContextType, Session, User, UserKind
from backend.access.permissions import TENANT_ADMIN_ROLE
from backend.audit import service as audit
from backend.core import clock
from backend.core.errors import Conflict, NotFound, Problems
from backend.core.tenancy import current_tenant_id, system_scope, tenant_scope
from backend.merchants.models import Merchant
from backend.tenants.errors import TenantError as E
from backend.tenants.models import Plan, Tenant, TenantStatus

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def snapshot(t: Tenant) -> dict:
    return {"name": t.name, "slug": t.slug, "plan": t.plan, "status": t.status}


async def list_tenants() -> list[Tenant]:
    return await Tenant.all().order_by("name")


async def get_tenant(tenant_id: str) -> Tenant:
    tenant = await Tenant.get_or_none(id=tenant_id)
    if tenant is None:
        raise NotFound("Tenant")
    return tenant


async def create_tenant(*, name: str, slug: str, plan: Plan, admin_email: str, admin_name: str, admin_password: str) -> Tenant:
    p = Problems()
    if not (name or "").strip():
        p.add("name", E.NAME_REQUIRED, "Name is required")
    slug = (slug or "").strip().lower()
    if not SLUG_RE.match(slug):
        p.add("slug", E.SLUG_INVALID, "Use lower-case letters, digits and dashes")
    access._check_user_fields(p, (admin_email or "").strip().lower(), admin_name, admin_password)
    p.raise_if_any()
    if await Tenant.exists(slug=slug):
        p.add("slug", E.SLUG_TAKEN, "This slug is already used")
    if await access._email_taken(admin_email.strip().lower()):
        p.add("adminEmail", "EMAIL_TAKEN", "A user with this email already exists")
    p.raise_if_any()
    tenant = await Tenant.create(name=name.strip(), slug=slug, plan=plan)
    await audit.record("tenant.create", target_type="tenant", target_id=tenant.id, after=snapshot(tenant))
    with tenant_scope(tenant.id):
        roles = await access.ensure_builtin_roles()
        admin = await access.create_user(email=admin_email, name=admin_name, password=admin_password, kind=UserKind.PLATFORM)
        await access._assign(admin, roles[TENANT_ADMIN_ROLE], ContextType.TENANT, None)
    return tenant


async def set_status(tenant_id: str, status: TenantStatus) -> Tenant:
    tenant = await get_tenant(tenant_id)
    if tenant.status == status:
        code = E.ALREADY_SUSPENDED if status == TenantStatus.SUSPENDED else E.ALREADY_ACTIVE
        raise Conflict(code, f"Tenant is already {status.value}")
    before = snapshot(tenant)
    tenant.status = status
    await tenant.save()
    if status == TenantStatus.SUSPENDED:
        # Logins stop at once: every live session of the tenant is revoked (API keys are refused by status check).
        with system_scope():
            await Session.filter(tenant_id=tenant.id, revoked_at=None).update(revoked_at=clock.now())
    await audit.record(f"tenant.{'suspend' if status == TenantStatus.SUSPENDED else 'activate'}",
                       target_type="tenant", target_id=tenant.id, before=before, after=snapshot(tenant))
    return tenant


async def set_plan(tenant_id: str, plan: Plan) -> Tenant:
    tenant = await get_tenant(tenant_id)
    before = snapshot(tenant)
    tenant.plan = plan
    await tenant.save()
    await audit.record("tenant.set_plan", target_type="tenant", target_id=tenant.id, before=before, after=snapshot(tenant))
    return tenant


@dataclass
class Usage:
    users: int
    merchants: int
    api_keys: int
    transactions: int


async def usage(tenant_id: str) -> Usage:
    """Counts only. Cross-tenant on purpose, returning numbers and nothing else."""
    with system_scope():
        return Usage(
            users=await User.filter(tenant_id=tenant_id).count(),
            merchants=await Merchant.filter(tenant_id=tenant_id).count(),
            api_keys=0,
            transactions=0,
        )


# ---------------------------------------------------------------- the tenant's own settings (tenant staff, not the operator)

def settings_snapshot(t: Tenant) -> dict:
    # A key naming "private" would be masked as a secret by the audit trail: name the value instead.
    return {"webhook_targets": "public_and_private" if t.allow_private_webhook_targets else "public_only"}


async def own_tenant() -> Tenant:
    """The caller's tenant (from the tenant scope set by the request)."""
    return await get_tenant(current_tenant_id())


async def update_settings(*, allow_private_webhook_targets: bool | None = None) -> Tenant:
    """Change the caller's tenant settings; audited with before/after even when nothing changes."""
    tenant = await own_tenant()
    before = settings_snapshot(tenant)
    if allow_private_webhook_targets is not None:
        tenant.allow_private_webhook_targets = allow_private_webhook_targets
    await tenant.save(update_fields=["allow_private_webhook_targets", "updated_at"])
    await audit.record("tenant.update_settings", target_type="tenant", target_id=tenant.id, before=before,
                       after=settings_snapshot(tenant))
    return tenant

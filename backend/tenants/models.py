from __future__ import annotations

from enum import Enum

from tortoise import fields
from backend.core.entity import Entity



class Plan(str, Enum):
    FREE = "free"
    PRO = "pro"
    ENTERPRISE = "enterprise"


class TenantStatus(str, Enum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


# Requests per minute per API key, by plan (enforced by the API-key issue).
PLAN_RATE_LIMITS = {Plan.FREE: 60, Plan.PRO: 600, Plan.ENTERPRISE: 6000}


class Tenant(Entity):
    """A payment company running its back office on Clearway. Managed by the system operator."""

    id_prefix = "ten"
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=63, unique=True)
    plan = fields.CharEnumField(Plan, max_length=20, default=Plan.FREE)
    status = fields.CharEnumField(TenantStatus, max_length=20, default=TenantStatus.ACTIVE)
    # Webhook URLs on loopback or private networks are refused unless the tenant allows them (SSRF guard).
    allow_private_webhook_targets = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tenants"

    @property
    def is_active(self) -> bool:
        return self.status == TenantStatus.ACTIVE

from __future__ import annotations

from enum import Enum

from tortoise import fields

from backend.core.tenancy import TenantScoped


class MerchantStatus(str, Enum):
    ACTIVE = "active"
    DISABLED = "disabled"


class MerchantGroup(TenantScoped):
    id_prefix = "mgr"
    name = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "merchant_groups"
        unique_together = (("tenant_id", "name"),)


class Merchant(TenantScoped):
    id_prefix = "mer"
    name = fields.CharField(max_length=200)
    merchant_group: fields.ForeignKeyNullableRelation[MerchantGroup] = fields.ForeignKeyField(
        "models.MerchantGroup", related_name="merchants", null=True, on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(MerchantStatus, max_length=20, default=MerchantStatus.ACTIVE)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "merchants"
        unique_together = (("tenant_id", "name"),)

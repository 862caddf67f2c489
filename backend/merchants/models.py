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


class Brand(TenantScoped):
    """A merchant's storefront identity, used by the hosted payment page."""

    id_prefix = "brd"
    merchant: fields.ForeignKeyRelation[Merchant] = fields.ForeignKeyField("models.Merchant", related_name="brands", on_delete=fields.CASCADE)
    name = fields.CharField(max_length=200)
    logo_url = fields.CharField(max_length=500, null=True)
    color = fields.CharField(max_length=7, default="#4f46e5")
    default_currency = fields.CharField(max_length=3)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "brands"
        unique_together = (("merchant_id", "name"),)


class SimulatedProvider(str, Enum):
    CARD = "sim_card"
    VIRTUAL_ACCOUNT = "sim_va"
    EWALLET = "sim_ewallet"
    QR = "sim_qr"


class ProviderAccess(TenantScoped):
    """Which simulated providers (and, once the execution layer exists, which MIDs) a merchant may use."""

    id_prefix = "pra"
    merchant: fields.ForeignKeyRelation[Merchant] = fields.ForeignKeyField("models.Merchant", related_name="provider_access", on_delete=fields.CASCADE)
    provider = fields.CharEnumField(SimulatedProvider, max_length=20)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "provider_access"
        unique_together = (("merchant_id", "provider"),)

from __future__ import annotations

from enum import Enum

from tortoise import fields

from backend.core.tenancy import TenantScoped


class PaymentMethodType(str, Enum):
    CARD = "card"
    VIRTUAL_ACCOUNT = "virtual_account"
    EWALLET = "ewallet"
    QR = "qr"


class VersionStatus(str, Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class PaymentMethod(TenantScoped):
    id_prefix = "pm"
    brand = fields.ForeignKeyField("models.Brand", related_name="payment_methods", on_delete=fields.CASCADE)
    merchant_id = fields.CharField(max_length=40, db_index=True)
    name = fields.CharField(max_length=100)
    type = fields.CharEnumField(PaymentMethodType, max_length=20)
    currencies = fields.JSONField(default=list)
    min_amount = fields.BigIntField(default=1)
    max_amount = fields.BigIntField(default=100_000_000)
    enabled = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payment_methods"
        unique_together = (("brand_id", "name"),)


class BlueprintVersionBase(TenantScoped):
    """One version of a blueprint document (see backend.routing.rules), shared by both routing levels."""

    version = fields.IntField()
    status = fields.CharEnumField(VersionStatus, max_length=20, default=VersionStatus.DRAFT)
    document = fields.JSONField(default=dict)  # {"rules": [...], "fallback": [...]}
    created_by = fields.CharField(max_length=40, null=True)
    published_by = fields.CharField(max_length=40, null=True)
    published_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        abstract = True


class RoutingBlueprint(BlueprintVersionBase):
    """First level: one version of a payment method's rules (targets = MASTER MID GROUPs)."""

    id_prefix = "rbp"
    payment_method = fields.ForeignKeyField("models.PaymentMethod", related_name="blueprints", on_delete=fields.CASCADE)

    class Meta:
        table = "routing_blueprints"
        unique_together = (("payment_method_id", "version"),)

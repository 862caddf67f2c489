from __future__ import annotations

from tortoise import fields

from backend.core.tenancy import TenantScoped


class WebhookEndpoint(TenantScoped):
    """Where a merchant receives signed webhooks. The signing secret (whsec_…) lives in the vault."""

    id_prefix = "whe"
    merchant = fields.ForeignKeyField("models.Merchant", related_name="webhook_endpoints", on_delete=fields.CASCADE)
    url = fields.CharField(max_length=2000)
    description = fields.CharField(max_length=300, default="")
    event_types = fields.JSONField(default=list)  # empty list = every event type
    enabled = fields.BooleanField(default=True)
    secret_id = fields.CharField(max_length=40)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_endpoints"

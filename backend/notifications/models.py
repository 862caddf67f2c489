from __future__ import annotations

from tortoise import fields

from backend.core.tenancy import TenantScoped


class OutboxEmail(TenantScoped):
    """Email waiting to be sent (no SMTP is needed: the back office shows the outbox)."""

    id_prefix = "eml"
    to = fields.CharField(max_length=254, db_index=True)
    subject = fields.CharField(max_length=300)
    body = fields.TextField()
    category = fields.CharField(max_length=40)  # invitation | webhook_disabled | dispute | ...
    related_type = fields.CharField(max_length=40, null=True)
    related_id = fields.CharField(max_length=40, null=True)
    sent_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "outbox_emails"

from __future__ import annotations

from tortoise import fields

from backend.core.tenancy import TenantScoped


class AuditEvent(TenantScoped):
    """Append-only. Rows are inserted by backend.audit.service.record and never updated."""

    id_prefix = "aud"
    occurred_at = fields.DatetimeField(db_index=True)
    actor_type = fields.CharField(max_length=20)  # user | api_key | system | guest | anonymous
    actor_id = fields.CharField(max_length=40, null=True, db_index=True)
    actor_label = fields.CharField(max_length=255, null=True)
    action = fields.CharField(max_length=100, db_index=True)
    outcome = fields.CharField(max_length=20, default="ok")  # ok | denied | failed
    target_type = fields.CharField(max_length=60, null=True, db_index=True)
    target_id = fields.CharField(max_length=40, null=True, db_index=True)
    diff = fields.JSONField(null=True)
    ip = fields.CharField(max_length=64, null=True)
    request_id = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "audit_events"

"""Disputes (SPEC §11): a payer's claim on a settled payment, its evidence, its message thread and its timeline."""
from __future__ import annotations

from tortoise import fields

from backend.core.tenancy import TenantScoped
from backend.disputes.states import DisputeOutcome, DisputeStatus


class Dispute(TenantScoped):
    """One dispute of one payment. Its status changes only through backend.disputes.service (states.TRANSITIONS)."""

    id_prefix = "dsp"
    merchant_id = fields.CharField(max_length=40, db_index=True)
    transaction_id = fields.CharField(max_length=40, db_index=True)
    # The payment's id while the dispute is open, null once resolved: the database keeps one open dispute per payment.
    open_key = fields.CharField(max_length=40, null=True, unique=True)
    amount = fields.BigIntField()  # held from the merchant's funds while open (minor units)
    currency = fields.CharField(max_length=3)
    reason = fields.CharField(max_length=500)
    status = fields.CharEnumField(DisputeStatus, max_length=16, default=DisputeStatus.OPENED, db_index=True)
    outcome = fields.CharEnumField(DisputeOutcome, max_length=8, null=True)
    merchant_loss = fields.BigIntField(null=True)  # what the resolution debited from the merchant (lost: all; split: part)
    resolution_note = fields.CharField(max_length=1000, default="")
    version = fields.IntField(default=1)  # bumped on every change (compare-and-set)
    opened_at = fields.DatetimeField(db_index=True)
    escalate_at = fields.DatetimeField(db_index=True)  # opened_at + 48 h: the job escalates it unless resolved
    escalated_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    opened_by = fields.CharField(max_length=255, null=True)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "disputes"


class DisputeEvidence(TenantScoped):
    """An uploaded file; its type was detected from its content. The bytes live in the evidence store (disk or S3)."""

    id_prefix = "dev"
    dispute = fields.ForeignKeyField("models.Dispute", related_name="evidence", on_delete=fields.RESTRICT)
    filename = fields.CharField(max_length=255)
    file_type = fields.CharField(max_length=8)  # pdf | jpg | png | docx
    content_type = fields.CharField(max_length=100)
    size = fields.BigIntField()
    sha256 = fields.CharField(max_length=64)
    storage = fields.CharField(max_length=8)  # local | s3
    storage_key = fields.CharField(max_length=300)
    description = fields.CharField(max_length=500, default="")
    uploaded_by = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "dispute_evidence"


class DisputeMessage(TenantScoped):
    """One message of the thread between the merchant and tenant staff."""

    id_prefix = "dmg"
    dispute = fields.ForeignKeyField("models.Dispute", related_name="messages", on_delete=fields.RESTRICT)
    author_id = fields.CharField(max_length=40, null=True)
    author_label = fields.CharField(max_length=255)
    author_side = fields.CharField(max_length=10)  # merchant | staff
    body = fields.TextField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "dispute_messages"


class DisputeEvent(TenantScoped):
    """The dispute's own timeline: opened, status changes, evidence, messages, escalation, resolution."""

    id_prefix = "dse"
    dispute = fields.ForeignKeyField("models.Dispute", related_name="events", on_delete=fields.RESTRICT)
    kind = fields.CharField(max_length=30)
    message = fields.CharField(max_length=500)
    data = fields.JSONField(default=dict)
    actor_type = fields.CharField(max_length=20, null=True)
    actor_label = fields.CharField(max_length=255, null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "dispute_events"

from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.indexes import Index

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
    # Consecutive failures: set at the first failed attempt after a success; after 5 days the endpoint is disabled.
    failing_since = fields.DatetimeField(null=True)
    disabled_at = fields.DatetimeField(null=True)
    disabled_reason = fields.CharField(max_length=300, null=True)  # shown as a banner in the UI


class DeliveryStatus(str, Enum):
    PENDING = "pending"  # queued: never tried, or resent
    FAILED = "failed"  # the last attempt failed; next_attempt_at says when it is retried
    SUCCEEDED = "succeeded"
    DEAD = "dead"  # retries exhausted (or the endpoint was disabled); only a manual resend tries again


class WebhookDelivery(TenantScoped):
    """One event to one endpoint. Attempts are delivered by arq jobs; a cron sweeper re-queues due ones."""

    id_prefix = "whd"
    endpoint = fields.ForeignKeyField("models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE)
    event_id = fields.CharField(max_length=40)  # the outbox event (or a test event); the webhook-id header
    event_type = fields.CharField(max_length=60)
    transaction_id = fields.CharField(max_length=40, null=True, db_index=True)  # a transaction's webhook history
    payload = fields.JSONField()
    is_test = fields.BooleanField(default=False)
    status = fields.CharEnumField(DeliveryStatus, max_length=20, default=DeliveryStatus.PENDING, db_index=True)
    attempts = fields.IntField(default=0)
    retries = fields.IntField(default=0)  # failed attempts since the last (re)send: drives the retry schedule
    next_attempt_at = fields.DatetimeField(null=True, db_index=True)
    locked_until = fields.DatetimeField(null=True)  # lease of the job delivering it (a killed worker's lease expires)
    last_attempt_at = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=300, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "webhook_deliveries"
        unique_together = (("endpoint_id", "event_id"),)
        # the batch job's claim: a tenant's open deliveries, oldest due first (backend.webhooks.batch.claim)
        indexes = (Index(fields=["tenant_id", "status", "next_attempt_at"], name="whd_tenant_status_due"),)


class WebhookAttempt(TenantScoped):
    """One HTTP attempt of a delivery: what was sent and what came back."""

    id_prefix = "wha"
    delivery = fields.ForeignKeyField("models.WebhookDelivery", related_name="attempt_log", on_delete=fields.CASCADE)
    endpoint_id = fields.CharField(max_length=40, db_index=True)
    number = fields.IntField()
    url = fields.CharField(max_length=2000)
    request_headers = fields.JSONField()
    request_body = fields.TextField()
    response_status = fields.IntField(null=True)
    response_body = fields.TextField(default="")  # excerpt, at most 2 KB
    duration_ms = fields.IntField(default=0)
    succeeded = fields.BooleanField(default=False)
    error = fields.CharField(max_length=300, null=True)  # timeout | redirect | http_status | connection | response_too_large
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_attempts"


class ReceivedWebhook(TenantScoped):
    """What the built-in receiver (POST /webhook-receiver/{endpoint_id}) got, with its signature verdict."""

    id_prefix = "whr"
    endpoint_id = fields.CharField(max_length=40, db_index=True)
    webhook_id = fields.CharField(max_length=100)
    headers = fields.JSONField()
    body = fields.TextField()
    signature_valid = fields.BooleanField()
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_received"

from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.indexes import Index

from backend.core.tenancy import TenantScoped


class TxnStatus(str, Enum):
    PENDING = "pending"
    SETTLEMENT = "settlement"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"


class Transaction(TenantScoped):
    """A payment. Its status changes only through backend.payments.state_machine."""

    id_prefix = "txn"
    merchant_id = fields.CharField(max_length=40)
    brand_id = fields.CharField(max_length=40)
    payment_method_id = fields.CharField(max_length=40)
    environment = fields.CharField(max_length=20)  # sandbox | production
    api_key_id = fields.CharField(max_length=40, null=True)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    status = fields.CharEnumField(TxnStatus, max_length=24, default=TxnStatus.PENDING, db_index=True)
    version = fields.IntField(default=1)  # bumped on every transition (compare-and-set)
    order_id = fields.CharField(max_length=100, null=True, db_index=True)
    user_reference = fields.CharField(max_length=100, null=True)
    customer = fields.JSONField(default=dict)
    metadata = fields.JSONField(default=dict)
    routing_path = fields.JSONField(default=dict)
    master_mid_id = fields.CharField(max_length=40, null=True)
    sub_mid_id = fields.CharField(max_length=40, null=True)
    provider = fields.CharField(max_length=20, null=True)  # the simulated provider of the routed MASTER MID
    processing_fee = fields.BigIntField(default=0)
    conversion_fee = fields.BigIntField(default=0)
    refunded_amount = fields.BigIntField(default=0)
    hosted_token_hash = fields.CharField(max_length=64, null=True, unique=True)
    expires_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "transactions"
        # The investigation list (backend.payments.search) pages on (sort key, id) inside one tenant. Every query
        # starts with tenant_id = X (TenantScoped), so each index leads with it; then the equality filter, then the
        # sort key and id, so a filter alone reads exactly one page of index entries, newest first (or oldest, read
        # backwards), at any depth. amount serves both the amount sort and the amount range. Exact order-id search
        # uses the order_id index, transaction-id search the primary key. A combination of filters uses the most
        # selective of these and filters the rest; see bench/investigation_bench.py for what that costs. On PostgreSQL
        # the *_created indexes (but the user reference's) also INCLUDE (status, currency, amount) (migration 0018, raw SQL: the
        # Index class has no INCLUDE), so those combinations are checked on the index alone (index-only scans).
        indexes = (
            Index(fields=("tenant_id", "created_at", "id"), name="txn_tenant_created"),
            Index(fields=("tenant_id", "merchant_id", "created_at", "id"), name="txn_tenant_merchant_created"),
            Index(fields=("tenant_id", "brand_id", "created_at", "id"), name="txn_tenant_brand_created"),
            Index(fields=("tenant_id", "payment_method_id", "created_at", "id"), name="txn_tenant_method_created"),
            Index(fields=("tenant_id", "status", "created_at", "id"), name="txn_tenant_status_created"),
            Index(fields=("tenant_id", "currency", "created_at", "id"), name="txn_tenant_currency_created"),
            Index(fields=("tenant_id", "user_reference", "created_at", "id"), name="txn_tenant_userref_created"),
            Index(fields=("tenant_id", "amount", "id"), name="txn_tenant_amount"),
        )


class TimelineEvent(TenantScoped):
    id_prefix = "tle"
    transaction = fields.ForeignKeyField("models.Transaction", related_name="timeline", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=40)  # created | routed | provider_request | callback | override | refund | expired ...
    message = fields.CharField(max_length=500)
    data = fields.JSONField(default=dict)
    actor_type = fields.CharField(max_length=20, null=True)
    actor_id = fields.CharField(max_length=40, null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "timeline_events"


class IdempotencyRecord(TenantScoped):
    """The first response to an Idempotency-Key, replayed for the same key and body."""

    id_prefix = "idm"
    api_key_id = fields.CharField(max_length=40)
    key = fields.CharField(max_length=255)
    request_hash = fields.CharField(max_length=64)
    status_code = fields.IntField()
    response = fields.JSONField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idempotency_records"
        unique_together = (("api_key_id", "key"),)


class SimulationResultLog(TenantScoped):
    """A manual override / correction: who, when, previous and new status, reason, payload snapshot."""

    id_prefix = "srl"
    transaction = fields.ForeignKeyField("models.Transaction", related_name="overrides", on_delete=fields.CASCADE)
    action = fields.CharField(max_length=30)  # approve | reject | expire | cancel | refund | partial_refund
    previous_status = fields.CharField(max_length=24)
    new_status = fields.CharField(max_length=24)
    reason = fields.CharField(max_length=500)
    amount = fields.BigIntField(null=True)
    snapshot = fields.JSONField(default=dict)
    actor_id = fields.CharField(max_length=40, null=True)
    actor_label = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "simulation_result_logs"


class Refund(TenantScoped):
    id_prefix = "rfd"
    transaction = fields.ForeignKeyField("models.Transaction", related_name="refunds", on_delete=fields.CASCADE)
    amount = fields.BigIntField()
    reason = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "refunds"


class OutboxEvent(TenantScoped):
    """A merchant webhook event written in the same transaction as the change it reports (delivered by the worker)."""

    id_prefix = "evt"
    merchant_id = fields.CharField(max_length=40, db_index=True)
    event_type = fields.CharField(max_length=60)
    transaction_id = fields.CharField(max_length=40, null=True, db_index=True)
    payload = fields.JSONField()
    dispatched_at = fields.DatetimeField(null=True, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "outbox_events"


class PaymentAttempt(TenantScoped):
    """A guest's (or a test deposit's) try to pay: the method, masked details and where it stands.

    The outcome still comes from the provider's signed callback (or an override), never from the attempt.
    status: created | challenge (waiting for 3DS / OTP) | sent (provider asked) | answered (its callback arrived) |
    closed (finished otherwise) | superseded (replaced by a new attempt)
    """

    id_prefix = "att"
    transaction = fields.ForeignKeyField("models.Transaction", related_name="attempts", on_delete=fields.CASCADE)
    method = fields.CharField(max_length=20)  # card | virtual_account | ewallet | qr
    status = fields.CharField(max_length=20)
    scenario = fields.CharField(max_length=40)  # what the simulator was told to do (see simulator.catalogue)
    details = fields.JSONField(default=dict)  # masked: card last4/brand, VA number, wallet, never a full PAN or CVC
    provider_reference = fields.CharField(max_length=60, null=True)
    answer = fields.JSONField(null=True)  # what the simulated provider will answer (kept to redeliver after a crash)
    source = fields.CharField(max_length=20, default="hosted_page", db_default="hosted_page")  # hosted_page | test_deposit
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "payment_attempts"


class CallbackVerdict(str, Enum):
    APPLIED = "applied"  # verified and changed the transaction
    DUPLICATE = "duplicate"  # the same provider event again: answered, nothing changed
    IGNORED = "ignored"  # verified, but the transaction had already moved on (e.g. late success after expiry)
    SUSPICIOUS = "suspicious"  # refused and flagged: never changes a transaction


class ProviderCallback(TenantScoped):
    """Every inbound provider callback as received, with the verdict of its verification."""

    id_prefix = "pcb"
    provider = fields.CharField(max_length=20)
    event_id = fields.CharField(max_length=80, null=True, db_index=True)
    dedupe_key = fields.CharField(max_length=160, null=True, unique=True)  # tenant:provider:event_id of the first verified copy
    transaction_id = fields.CharField(max_length=40, null=True, db_index=True)
    verdict = fields.CharEnumField(CallbackVerdict, max_length=12, db_index=True)
    reason = fields.CharField(max_length=40, null=True)  # why suspicious / ignored (see payments.callbacks.Reason)
    detail = fields.CharField(max_length=300, null=True)
    reported_status = fields.CharField(max_length=20, null=True)
    reported_amount = fields.BigIntField(null=True)
    reported_currency = fields.CharField(max_length=3, null=True)
    signature_valid = fields.BooleanField(default=False)
    body_hash = fields.CharField(max_length=64)
    payload = fields.JSONField(default=dict)
    received_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "provider_callbacks"


class RoutingRejection(TenantScoped):
    """A payment the routing refused, or a SUB MID that refused it on its velocity limits, as the review shows them.

    kind: routing (no route: rules, limits, disabled targets, currency, no published blueprint) | velocity (every
    candidate SUB MID was over its velocity limits, or one was and the payment went elsewhere).
    outcome: refused (no payment was created; written after the refused work rolled back) | rerouted (the payment
    `transaction_id` was created through another candidate; written with it).
    """

    id_prefix = "rrj"
    merchant_id = fields.CharField(max_length=40, db_index=True)
    payment_method_id = fields.CharField(max_length=40, null=True)
    environment = fields.CharField(max_length=20)
    kind = fields.CharField(max_length=20, db_index=True)  # routing | velocity
    outcome = fields.CharField(max_length=20)  # refused | rerouted
    code = fields.CharField(max_length=40)  # NO_ROUTE, VELOCITY, NO_PUBLISHED_ROUTING, CURRENCY, LIMIT, DISABLED...
    reason = fields.CharField(max_length=500)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    transaction_id = fields.CharField(max_length=40, null=True)
    sub_mid_ids = fields.JSONField(default=list)  # the SUB MIDs that refused on velocity
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "routing_rejections"

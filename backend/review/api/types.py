"""GraphQL types of the operational review. Every item carries a TransactionLink: what to open in /transactions."""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Optional

import strawberry

from backend.graphql.common import MinorUnits
from backend.payments.api.schema import TxnStatus
from backend.payments.models import TxnStatus as Status
from backend.review import service


@strawberry.enum(description="The size of a time bucket.")
class ReviewBucket(Enum):
    HOUR = "hour"
    DAY = "day"


@strawberry.enum(description="What a success-rate series is per.")
class ReviewDimension(Enum):
    MERCHANT = "merchant"
    PAYMENT_METHOD = "payment_method"
    MASTER_MID = "master_mid"


@strawberry.enum
class RejectionKind(Enum):
    ROUTING = "routing"
    VELOCITY = "velocity"


@strawberry.type(description="The transactions behind a review item, as filter values of the `transactions` query "
                             "(TransactionFilter) or as ids. Empty lists mean: no filter on that field.")
class TransactionLink:
    merchant_ids: list[strawberry.ID]
    payment_method_ids: list[strawberry.ID]
    statuses: list[TxnStatus]
    created_from: Optional[datetime]
    created_to: Optional[datetime]
    transaction_ids: list[strawberry.ID]


def link(*, merchant_ids=(), payment_method_ids=(), statuses=(), created_from=None, created_to=None, transaction_ids=()) -> TransactionLink:
    return TransactionLink(merchant_ids=list(merchant_ids), payment_method_ids=list(payment_method_ids),
                           statuses=[Status(s) for s in statuses], created_from=created_from, created_to=created_to,
                           transaction_ids=list(transaction_ids))


@strawberry.type(description="One time bucket of a success-rate series. rate = succeeded / decided (null without decided "
                             "payments); baseline = the rate of the trailing buckets before it, counted together.")
class SuccessRatePoint:
    bucket_start: datetime
    bucket_end: datetime
    decided: int
    succeeded: int
    failed: int
    expired: int
    pending: int
    rate: Optional[float]
    baseline: Optional[float]
    baseline_decided: int
    drop: bool = strawberry.field(description="The rate fell at least `threshold` below the baseline, both with enough volume.")

    @classmethod
    def of(cls, p: service.Point) -> "SuccessRatePoint":
        return cls(bucket_start=p.start, bucket_end=p.end, decided=p.decided, succeeded=p.succeeded, failed=p.failed,
                   expired=p.expired, pending=p.pending, rate=p.rate, baseline=p.baseline, baseline_decided=p.baseline_decided,
                   drop=p.drop)


def _series_link(dimension: str, key: str, start: datetime, end: datetime, statuses=(), ids=()) -> TransactionLink:
    if dimension == "merchant":
        return link(merchant_ids=[key], statuses=statuses, created_from=start, created_to=end)
    if dimension == "payment_method":
        return link(payment_method_ids=[key], statuses=statuses, created_from=start, created_to=end)
    if key == "all":
        return link(statuses=statuses, created_from=start, created_to=end)
    return link(statuses=statuses, created_from=start, created_to=end, transaction_ids=ids)


@strawberry.type
class SuccessRateSeries:
    key: strawberry.ID = strawberry.field(description="The merchant, payment method or MASTER MID id ('all' for the total).")
    name: str
    decided: int
    succeeded: int
    rate: Optional[float]
    drop_count: int
    points: list[SuccessRatePoint]
    link: TransactionLink

    @classmethod
    def of(cls, s: service.Series, dimension: str, w: service.Window) -> "SuccessRateSeries":
        return cls(key=s.key, name=s.name, decided=s.decided, succeeded=s.succeeded, rate=s.rate, drop_count=len(s.drops),
                   points=[SuccessRatePoint.of(p) for p in s.points], link=_series_link(dimension, s.key, w.start, w.end))


@strawberry.type(description="A flagged bucket: its unsuccessful payments are what to look at.")
class SuccessRateDrop:
    key: strawberry.ID
    name: str
    bucket_start: datetime
    bucket_end: datetime
    rate: float
    baseline: float
    decided: int
    unsuccessful: int
    link: TransactionLink

    @classmethod
    def of(cls, d: service.Drop, dimension: str) -> "SuccessRateDrop":
        p = d.point
        return cls(key=d.series.key, name=d.series.name, bucket_start=p.start, bucket_end=p.end, rate=p.rate or 0.0,
                   baseline=p.baseline or 0.0, decided=p.decided, unsuccessful=p.failed + p.expired,
                   link=_series_link(dimension, d.series.key, p.start, p.end, service.UNSUCCESSFUL, d.transaction_ids))


@strawberry.type
class SuccessRateReport:
    dimension: ReviewDimension
    bucket: ReviewBucket
    threshold: float
    min_volume: int
    baseline_buckets: int
    series: list[SuccessRateSeries] = strawberry.field(description="The busiest series first (at most `limit`).")
    total: SuccessRateSeries = strawberry.field(description="Every payment of the range together.")
    drops: list[SuccessRateDrop] = strawberry.field(description="Flagged buckets of every series, newest first (at most 50).")

    @classmethod
    def of(cls, r: service.SuccessRates) -> "SuccessRateReport":
        return cls(dimension=ReviewDimension(r.dimension), bucket=ReviewBucket(r.window.unit), threshold=r.threshold,
                   min_volume=r.min_volume, baseline_buckets=r.baseline_buckets,
                   series=[SuccessRateSeries.of(s, r.dimension, r.window) for s in r.series],
                   total=SuccessRateSeries.of(r.total, "all", r.window),
                   drops=[SuccessRateDrop.of(d, r.dimension) for d in r.drops])


@strawberry.type
class WebhookEndpointFailures:
    endpoint_id: strawberry.ID
    url: str
    merchant_id: strawberry.ID
    merchant_name: str
    enabled: bool
    disabled_reason: Optional[str]
    failed: int = strawberry.field(description="Deliveries whose last attempt failed; they are retried.")
    dead: int = strawberry.field(description="Deliveries that gave up (retries exhausted or endpoint disabled).")
    last_attempt_at: Optional[datetime]
    link: TransactionLink


@strawberry.type
class FailedWebhookDelivery:
    id: strawberry.ID
    endpoint_id: strawberry.ID
    endpoint_url: str
    event_type: str
    status: str
    attempts: int
    last_error: Optional[str]
    last_attempt_at: Optional[datetime]
    next_attempt_at: Optional[datetime]
    transaction_id: Optional[strawberry.ID]


@strawberry.type
class WebhookFailureReport:
    failed: int
    dead: int
    endpoints: list[WebhookEndpointFailures]
    deliveries: list[FailedWebhookDelivery] = strawberry.field(description="The latest failed or dead deliveries.")


@strawberry.type
class ReasonCount:
    reason: str
    count: int


@strawberry.type
class SuspiciousCallbackItem:
    id: strawberry.ID
    provider: str
    reason: Optional[str]
    detail: Optional[str]
    transaction_id: Optional[strawberry.ID]
    reported_status: Optional[str]
    reported_amount: Optional[MinorUnits]
    reported_currency: Optional[str]
    signature_valid: bool
    received_at: datetime


@strawberry.type
class SuspiciousCallbackReport:
    total: int
    by_reason: list[ReasonCount]
    callbacks: list[SuspiciousCallbackItem]
    link: TransactionLink = strawberry.field(description="The known transactions of the listed callbacks.")


@strawberry.type
class RoutingRejectionGroup:
    kind: RejectionKind
    code: str
    outcome: str = strawberry.field(description="refused (no payment created) or rerouted (a payment went elsewhere).")
    merchant_id: strawberry.ID
    merchant_name: str
    payment_method_id: Optional[strawberry.ID]
    payment_method_name: Optional[str]
    count: int
    amount: Optional[MinorUnits] = strawberry.field(description="Summed amount when the group has one currency.")
    currency: Optional[str]
    last_at: Optional[datetime]
    link: TransactionLink


@strawberry.type
class RoutingRejectionItem:
    id: strawberry.ID
    kind: RejectionKind
    code: str
    outcome: str
    reason: str
    environment: str
    merchant_id: strawberry.ID
    merchant_name: str
    payment_method_id: Optional[strawberry.ID]
    payment_method_name: Optional[str]
    amount: MinorUnits
    currency: str
    transaction_id: Optional[strawberry.ID] = strawberry.field(description="Set when the payment was rerouted (created).")
    sub_mid_ids: list[strawberry.ID]
    created_at: datetime


@strawberry.type
class RoutingRejectionReport:
    total: int
    groups: list[RoutingRejectionGroup]
    rejections: list[RoutingRejectionItem]


@strawberry.type
class ActionCount:
    action: str
    count: int


@strawberry.type
class ManualCorrectionItem:
    id: strawberry.ID
    transaction_id: strawberry.ID
    merchant_id: strawberry.ID
    action: str
    previous_status: str
    new_status: str
    reason: str
    amount: Optional[MinorUnits]
    currency: str
    actor_label: Optional[str]
    created_at: datetime


@strawberry.type
class ManualCorrectionReport:
    total: int
    by_action: list[ActionCount]
    corrections: list[ManualCorrectionItem]
    link: TransactionLink


@strawberry.type
class AuditActionCount:
    action: str
    outcome: str
    count: int

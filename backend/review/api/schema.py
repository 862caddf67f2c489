"""GraphQL of the operational review (permission review.read): `operationalReview(from, to, bucket, merchantId)`
and its sections, each resolved only when asked for. Definitions (success rate, drop) in backend/review/service.py."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Optional

import strawberry
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.audit.api.schema import AuditEvent
from backend.core import clock
from backend.graphql.permissions import needs
from backend.merchants.reach import merchant_with, reachable_merchants
from backend.review import service
from backend.review.api import types as T


@strawberry.type(description="The operational review of one time range. The sections are computed when asked for.")
class OperationalReview:
    range_from: datetime = strawberry.field(name="from")
    range_to: datetime = strawberry.field(name="to")
    bucket: T.ReviewBucket
    merchant_id: Optional[strawberry.ID] = strawberry.field(description="Set when the review is narrowed to one merchant.")
    _window: strawberry.Private[service.Window]

    @strawberry.field(description="Success rate per merchant, payment method or MASTER MID over time, drops flagged. "
                                  "threshold: a fraction (0.2 = the rate fell 20 points below its baseline); minVolume: decided "
                                  "payments needed in the bucket and in its baseline; baselineBuckets: how many buckets before "
                                  "it form the baseline.")
    async def success_rates(self, dimension: T.ReviewDimension = T.ReviewDimension.MERCHANT,
                            threshold: float = service.DEFAULT_THRESHOLD, min_volume: int = service.DEFAULT_MIN_VOLUME,
                            baseline_buckets: int = service.DEFAULT_BASELINE_BUCKETS, limit: int = 8) -> T.SuccessRateReport:
        r = await service.success_rates(self._window, dimension.value, threshold=threshold, min_volume=min_volume,
                                        baseline_buckets=baseline_buckets, limit=limit)
        return T.SuccessRateReport.of(r)

    @strawberry.field(description="Webhook deliveries now failed (retrying) or dead whose last attempt fell in the range, "
                                  "per endpoint, and the latest of them.")
    async def webhook_failures(self, limit: int = 20) -> T.WebhookFailureReport:
        endpoints, recent = await service.webhook_failures(self._window, limit)
        return T.WebhookFailureReport(
            failed=sum(e.failed for e in endpoints), dead=sum(e.dead for e in endpoints),
            endpoints=[T.WebhookEndpointFailures(
                endpoint_id=e.endpoint_id, url=e.url, merchant_id=e.merchant_id, merchant_name=e.merchant_name, enabled=e.enabled,
                disabled_reason=e.disabled_reason, failed=e.failed, dead=e.dead, last_attempt_at=e.last_attempt_at,
                link=T.link(transaction_ids=e.transaction_ids)) for e in endpoints],
            deliveries=[T.FailedWebhookDelivery(
                id=d.id, endpoint_id=d.endpoint_id, endpoint_url=d.endpoint.url, event_type=d.event_type, status=_value(d.status),
                attempts=d.attempts, last_error=d.last_error, last_attempt_at=d.last_attempt_at, next_attempt_at=d.next_attempt_at,
                transaction_id=d.transaction_id) for d in recent])

    @strawberry.field(description="Provider callbacks refused as suspicious (bad signature, replay, amount mismatch, unknown "
                                  "transaction...) in the range: counts by reason and the latest ones. Never applied.")
    async def suspicious_callbacks(self, limit: int = 20) -> T.SuspiciousCallbackReport:
        by_reason, recent = await service.suspicious_callbacks(self._window, limit)
        return T.SuspiciousCallbackReport(
            total=sum(n for _, n in by_reason), by_reason=[T.ReasonCount(reason=r, count=n) for r, n in by_reason],
            callbacks=[T.SuspiciousCallbackItem(
                id=c.id, provider=c.provider, reason=c.reason, detail=c.detail, transaction_id=c.transaction_id,
                reported_status=c.reported_status, reported_amount=c.reported_amount, reported_currency=c.reported_currency,
                signature_valid=c.signature_valid, received_at=c.received_at) for c in recent],
            link=T.link(transaction_ids=list(dict.fromkeys(c.transaction_id for c in recent if c.transaction_id))))

    @strawberry.field(description="Payments the routing refused (kind ROUTING) or SUB MIDs refused on their velocity limits "
                                  "(kind VELOCITY; outcome refused, or rerouted when the payment went elsewhere). Without kind: both.")
    async def routing_rejections(self, kind: Optional[T.RejectionKind] = None, limit: int = 20) -> T.RoutingRejectionReport:
        groups, recent = await service.routing_rejections(self._window, kind.value if kind else None, limit)
        w = self._window
        merchants = await service.merchant_names(list({r.merchant_id for r in recent}))
        methods = await service.method_names(list({r.payment_method_id for r in recent if r.payment_method_id}))
        return T.RoutingRejectionReport(
            total=sum(g.count for g in groups),
            groups=[T.RoutingRejectionGroup(
                kind=T.RejectionKind(g.kind), code=g.code, outcome=g.outcome, merchant_id=g.merchant_id,
                merchant_name=g.merchant_name, payment_method_id=g.payment_method_id, payment_method_name=g.payment_method_name,
                count=g.count, amount=g.amount if g.currency else None, currency=g.currency, last_at=g.last_at,
                link=T.link(merchant_ids=[g.merchant_id], payment_method_ids=[g.payment_method_id] if g.payment_method_id else [],
                            created_from=w.start, created_to=w.end)) for g in groups],
            rejections=[T.RoutingRejectionItem(
                id=r.id, kind=T.RejectionKind(r.kind), code=r.code, outcome=r.outcome, reason=r.reason, environment=r.environment,
                merchant_id=r.merchant_id, merchant_name=merchants.get(r.merchant_id, r.merchant_id),
                payment_method_id=r.payment_method_id, payment_method_name=methods.get(r.payment_method_id or ""),
                amount=r.amount, currency=r.currency, transaction_id=r.transaction_id, sub_mid_ids=list(r.sub_mid_ids or []),
                created_at=r.created_at) for r in recent])

    @strawberry.field(description="Manual overrides / corrections (simulation result log) in the range.")
    async def manual_corrections(self, limit: int = 20) -> T.ManualCorrectionReport:
        by_action, recent = await service.manual_corrections(self._window, limit)
        return T.ManualCorrectionReport(
            total=sum(n for _, n in by_action), by_action=[T.ActionCount(action=a, count=n) for a, n in by_action],
            corrections=[T.ManualCorrectionItem(
                id=c.id, transaction_id=c.transaction_id, merchant_id=c.transaction.merchant_id, action=c.action,
                previous_status=c.previous_status, new_status=c.new_status, reason=c.reason, amount=c.amount,
                currency=c.transaction.currency, actor_label=c.actor_label, created_at=c.created_at) for c in recent],
            link=T.link(transaction_ids=list(dict.fromkeys(c.transaction_id for c in recent))))

    @strawberry.field(permission_classes=[needs(Perm.AUDIT_READ)],
                      description="Audit events of the range per action and outcome (needs audit.read too); the full trail "
                                  "is the auditEvents query.")
    async def audit_activity(self) -> list[T.AuditActionCount]:
        counts, _ = await service.audit_activity(self._window, 1)
        return [T.AuditActionCount(action=a, outcome=o, count=n) for a, o, n in counts]

    @strawberry.field(permission_classes=[needs(Perm.AUDIT_READ)],
                      description="The latest audit events about transactions in the range (needs audit.read too).")
    async def transaction_audit_events(self, limit: int = 20) -> list[AuditEvent]:
        _, recent = await service.audit_activity(self._window, limit)
        return [AuditEvent.from_model(e) for e in recent]


def _value(v) -> str:
    return v.value if hasattr(v, "value") else str(v)


async def _merchant_scope(info: Info, merchant_id: Optional[str]) -> tuple[list[str] | None, Optional[str]]:
    principal = info.context.principal
    if merchant_id:
        merchant = await merchant_with(principal, Perm.REVIEW_READ, str(merchant_id))
        return [merchant.id], merchant.id
    if principal.has(Perm.MERCHANTS_ACCESS_ALL):
        return None, None
    return list(await reachable_merchants(principal).values_list("id", flat=True)), None


@strawberry.type
class ReviewQuery:
    @strawberry.field(permission_classes=[needs(Perm.REVIEW_READ)],
                      description="Operational review of [from, to) (default: the last 24 hours by HOUR, the last 30 days by "
                                  "DAY), for the merchants you reach or one of them.")
    async def operational_review(self, info: Info, range_from: Annotated[Optional[datetime], strawberry.argument(name="from")] = None,
                                 range_to: Annotated[Optional[datetime], strawberry.argument(name="to")] = None,
                                 bucket: T.ReviewBucket = T.ReviewBucket.HOUR,
                                 merchant_id: Optional[strawberry.ID] = None) -> OperationalReview:
        start, end = service.default_range(clock.now(), bucket.value)
        merchant_ids, one = await _merchant_scope(info, merchant_id)
        w = service.window(range_from or start, range_to or end, bucket.value, merchant_ids)
        return OperationalReview(range_from=w.start, range_to=w.end, bucket=bucket, merchant_id=one, _window=w)

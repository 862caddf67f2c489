"""Operational review: success rates over time with drops flagged, and the queues an operator works through
(webhook delivery failures, suspicious callbacks, routing and velocity rejections, manual corrections, audit).

Everything is counted by the database (GROUP BY); Python only fills empty buckets and compares each bucket
with its trailing baseline. Rows are the caller's tenant's (TenantScoped) and, for merchant data, only of
the merchants the caller reaches (``Window.merchant_ids``; None = every merchant of the tenant).

Success rate of a bucket = succeeded / decided, over the transactions *created* in that bucket:
  decided   = settlement + partially_refunded + refunded + failed + expired
  succeeded = settlement + partially_refunded + refunded
Pending payments (not decided yet) and cancelled ones (the integrator's choice) are left out.

A drop is flagged on a bucket when all of these hold:
  * the bucket has at least ``min_volume`` decided payments,
  * its trailing baseline (the ``baseline_buckets`` buckets just before it, counted together) has at least
    ``min_volume`` decided payments too,
  * baseline rate - bucket rate >= ``threshold`` (a fraction: 0.2 = 20 percentage points).
The baseline looks back before the start of the range, so the first buckets of a range are judged too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from tortoise.functions import Count, Max, Sum

from backend.audit.models import AuditEvent
from backend.core.errors import ValidationFailed
from backend.execution.models import MasterMid
from backend.merchants.models import Merchant
from backend.payments.models import CallbackVerdict, ProviderCallback, RoutingRejection, SimulationResultLog, Transaction, TxnStatus
from backend.review import buckets
from backend.routing.models import PaymentMethod
from backend.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

SUCCEEDED = (TxnStatus.SETTLEMENT.value, TxnStatus.PARTIALLY_REFUNDED.value, TxnStatus.REFUNDED.value)
UNSUCCESSFUL = (TxnStatus.FAILED.value, TxnStatus.EXPIRED.value)
DECIDED = SUCCEEDED + UNSUCCESSFUL
DIMENSIONS = {"merchant": "merchant_id", "payment_method": "payment_method_id", "master_mid": "master_mid_id"}
MAX_BUCKETS = {"hour": 24 * 31, "day": 366}
DEFAULT_THRESHOLD = 0.2
DEFAULT_MIN_VOLUME = 10
DEFAULT_BASELINE_BUCKETS = 6
MAX_SERIES = 20
SAMPLE_IDS = 25  # transaction ids behind an item (MASTER MID drops, endpoints), for the UI's links


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    unit: str  # hour | day
    merchant_ids: list[str] | None  # None: every merchant of the tenant

    def merchants(self, qs, column: str = "merchant_id"):
        return qs if self.merchant_ids is None else qs.filter(**{f"{column}__in": self.merchant_ids or [""]})


def window(start: datetime, end: datetime, unit: str, merchant_ids: list[str] | None) -> Window:
    if start.tzinfo is None:
        start = start.replace(tzinfo=timezone.utc)
    if end.tzinfo is None:
        end = end.replace(tzinfo=timezone.utc)
    if unit not in buckets.SIZES:
        raise ValidationFailed.on("bucket", "BUCKET_INVALID", "bucket is HOUR or DAY")
    if end <= start:
        raise ValidationFailed.on("to", "RANGE_INVALID", "to must be after from")
    if (end - start) / buckets.SIZES[unit] > MAX_BUCKETS[unit]:
        raise ValidationFailed.on("to", "RANGE_TOO_LONG", f"At most {MAX_BUCKETS[unit]} {unit} buckets: choose a shorter "
                                                          "range or day buckets")
    return Window(start, end, unit, merchant_ids)


# ------------------------------------------------------------------ success rates


@dataclass
class Point:
    start: datetime
    end: datetime
    decided: int = 0
    succeeded: int = 0
    failed: int = 0
    expired: int = 0
    pending: int = 0
    baseline: float | None = None
    baseline_decided: int = 0
    drop: bool = False

    @property
    def rate(self) -> float | None:
        return self.succeeded / self.decided if self.decided else None


@dataclass
class Series:
    key: str
    name: str
    points: list[Point]

    @property
    def decided(self) -> int:
        return sum(p.decided for p in self.points)

    @property
    def succeeded(self) -> int:
        return sum(p.succeeded for p in self.points)

    @property
    def rate(self) -> float | None:
        return self.succeeded / self.decided if self.decided else None

    @property
    def drops(self) -> list[Point]:
        return [p for p in self.points if p.drop]


@dataclass
class Drop:
    series: Series
    point: Point
    transaction_ids: list[str] = field(default_factory=list)  # unsuccessful ones of that bucket (MASTER MID drops)


@dataclass
class SuccessRates:
    dimension: str
    window: Window
    threshold: float
    min_volume: int
    baseline_buckets: int
    series: list[Series]
    total: Series
    drops: list[Drop]


def _check_drop_settings(threshold: float, min_volume: int, baseline_buckets: int) -> None:
    if not 0 < threshold <= 1:
        raise ValidationFailed.on("threshold", "THRESHOLD_INVALID", "threshold is a fraction between 0 and 1 (0.2 = 20 points)")
    if not 1 <= min_volume <= 1_000_000:
        raise ValidationFailed.on("minVolume", "MIN_VOLUME_INVALID", "minVolume is at least 1")
    if not 1 <= baseline_buckets <= 168:
        raise ValidationFailed.on("baselineBuckets", "BASELINE_INVALID", "baselineBuckets is between 1 and 168")


def _flag(points: list[Point], look_back: list[Point], threshold: float, min_volume: int, n: int) -> None:
    """Compare each point with the n points before it (the look-back points first, then the range's own)."""
    history = look_back + points
    offset = len(look_back)
    for i, p in enumerate(points):
        before = history[max(0, offset + i - n): offset + i]
        decided = sum(b.decided for b in before)
        p.baseline_decided = decided
        p.baseline = sum(b.succeeded for b in before) / decided if decided else None
        p.drop = (p.decided >= min_volume and decided >= min_volume and p.baseline is not None
                  and p.baseline - (p.rate or 0.0) >= threshold - 1e-9)


async def _names(dimension: str, keys: list[str]) -> dict[str, str]:
    if not keys:
        return {}
    model = {"merchant": Merchant, "payment_method": PaymentMethod, "master_mid": MasterMid}[dimension]
    rows = await model.filter(id__in=keys).values_list("id", "name")
    return dict(rows)


async def success_rates(w: Window, dimension: str, *, threshold: float = DEFAULT_THRESHOLD, min_volume: int = DEFAULT_MIN_VOLUME,
                        baseline_buckets: int = DEFAULT_BASELINE_BUCKETS, limit: int = 8) -> SuccessRates:
    if dimension not in DIMENSIONS:
        raise ValidationFailed.on("dimension", "DIMENSION_INVALID", "dimension is MERCHANT, PAYMENT_METHOD or MASTER_MID")
    _check_drop_settings(threshold, min_volume, baseline_buckets)
    column = DIMENSIONS[dimension]
    size = buckets.SIZES[w.unit]
    look_start = buckets.floor(w.start, w.unit) - size * baseline_buckets
    qs = w.merchants(Transaction.filter(created_at__gte=look_start, created_at__lt=w.end,
                                        status__in=list(DECIDED) + [TxnStatus.PENDING.value]))
    if dimension == "master_mid":
        qs = qs.filter(master_mid_id__isnull=False)
    rows = await (qs.annotate(bucket=buckets.Bucket("created_at", w.unit), n=Count("id"))
                  .group_by("bucket", column, "status").values("bucket", column, "status", "n"))
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for r in rows:
        status = r["status"].value if hasattr(r["status"], "value") else str(r["status"])
        counts.setdefault(str(r[column]), {}).setdefault(buckets.key(r["bucket"], w.unit), {})[status] = int(r["n"])
    all_starts = list(buckets.starts(look_start, w.end, w.unit))
    first_in_range = buckets.floor(w.start, w.unit)

    def build(by_bucket: dict[str, dict[str, int]]) -> tuple[list[Point], list[Point]]:
        look_back, points = [], []
        for at in all_starts:
            c = by_bucket.get(buckets.key_of(at, w.unit), {})
            p = Point(start=at, end=at + size, succeeded=sum(c.get(s, 0) for s in SUCCEEDED),
                      failed=c.get(TxnStatus.FAILED.value, 0), expired=c.get(TxnStatus.EXPIRED.value, 0),
                      pending=c.get(TxnStatus.PENDING.value, 0))
            p.decided = p.succeeded + p.failed + p.expired
            (points if at >= first_in_range else look_back).append(p)
        _flag(points, look_back, threshold, min_volume, baseline_buckets)
        return points, look_back

    names = await _names(dimension, list(counts))
    series = []
    for key, by_bucket in counts.items():
        points, _ = build(by_bucket)
        series.append(Series(key=key, name=names.get(key) or key, points=points))
    series = [s for s in series if s.decided or any(p.pending for p in s.points)]
    series.sort(key=lambda s: (-s.decided, s.name.lower()))
    total_counts: dict[str, dict[str, int]] = {}
    for by_bucket in counts.values():
        for k, c in by_bucket.items():
            merged = total_counts.setdefault(k, {})
            for status, n in c.items():
                merged[status] = merged.get(status, 0) + n
    total = Series(key="all", name="All", points=build(total_counts)[0])
    drops = [Drop(s, p) for s in series for p in s.drops]
    drops.sort(key=lambda d: (d.point.start, d.series.name), reverse=True)
    drops = drops[:50]
    if dimension == "master_mid":  # the transactions filter has no MID: link a drop to its unsuccessful payments
        for d in drops:
            d.transaction_ids = await _unsuccessful_ids(w, d.series.key, d.point)
    return SuccessRates(dimension, w, threshold, min_volume, baseline_buckets, series[:max(1, min(limit, MAX_SERIES))], total, drops)


async def _unsuccessful_ids(w: Window, master_mid_id: str, p: Point) -> list[str]:
    qs = w.merchants(Transaction.filter(master_mid_id=master_mid_id, created_at__gte=p.start, created_at__lt=p.end,
                                        status__in=list(UNSUCCESSFUL)))
    return list(await qs.order_by("-id").limit(SAMPLE_IDS).values_list("id", flat=True))


# ------------------------------------------------------------------ webhook delivery failures


@dataclass
class EndpointFailures:
    endpoint_id: str
    url: str
    merchant_id: str
    merchant_name: str
    enabled: bool
    disabled_reason: str | None
    failed: int
    dead: int
    last_attempt_at: datetime | None
    transaction_ids: list[str]


async def webhook_failures(w: Window, limit: int = 20) -> tuple[list[EndpointFailures], list[WebhookDelivery]]:
    """Deliveries now failed (retrying) or dead whose last attempt fell in the range, by endpoint; and the latest ones."""
    qs = w.merchants(WebhookDelivery.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.DEAD],
                                            last_attempt_at__gte=w.start, last_attempt_at__lt=w.end), "endpoint__merchant_id")
    grouped = await (qs.annotate(n=Count("id"), last=Max("last_attempt_at"))
                     .group_by("endpoint_id", "status").values("endpoint_id", "status", "n", "last"))
    by_endpoint: dict[str, dict] = {}
    for r in grouped:
        e = by_endpoint.setdefault(r["endpoint_id"], {"failed": 0, "dead": 0, "last": None})
        status = r["status"].value if hasattr(r["status"], "value") else str(r["status"])
        e[status] = int(r["n"])
        last = _as_datetime(r["last"])
        if last is not None and (e["last"] is None or last > e["last"]):
            e["last"] = last
    endpoints = {e.id: e for e in await WebhookEndpoint.filter(id__in=list(by_endpoint) or [""])}
    merchants = dict(await Merchant.filter(id__in=[e.merchant_id for e in endpoints.values()] or [""]).values_list("id", "name"))
    out = []
    for endpoint_id, c in by_endpoint.items():
        e = endpoints.get(endpoint_id)
        if e is None:
            continue
        ids = await qs.filter(endpoint_id=endpoint_id, transaction_id__isnull=False).order_by("-last_attempt_at") \
            .limit(SAMPLE_IDS).values_list("transaction_id", flat=True)
        out.append(EndpointFailures(endpoint_id, e.url, e.merchant_id, merchants.get(e.merchant_id, e.merchant_id), e.enabled,
                                    e.disabled_reason, c["failed"], c["dead"], c["last"], list(dict.fromkeys(ids))))
    out.sort(key=lambda x: (-(x.failed + x.dead), x.url))
    recent = await qs.order_by("-last_attempt_at", "-id").limit(max(1, min(limit, 100))).prefetch_related("endpoint")
    return out, list(recent)


def _as_datetime(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


# ------------------------------------------------------------------ suspicious callbacks


async def suspicious_callbacks(w: Window, limit: int = 20) -> tuple[list[tuple[str, int]], list[ProviderCallback]]:
    """Suspicious callbacks received in the range: counts by reason, and the latest ones.

    A caller who does not reach every merchant sees only those about transactions of merchants it reaches
    (a callback for an unknown transaction belongs to no merchant)."""
    qs = ProviderCallback.filter(verdict=CallbackVerdict.SUSPICIOUS, received_at__gte=w.start, received_at__lt=w.end)
    if w.merchant_ids is not None:
        reachable = w.merchants(Transaction.filter(id__in=await qs.filter(transaction_id__isnull=False)
                                                   .values_list("transaction_id", flat=True) or [""]))
        qs = qs.filter(transaction_id__in=list(await reachable.values_list("id", flat=True)) or [""])
    grouped = await qs.annotate(n=Count("id")).group_by("reason").values("reason", "n")
    by_reason = sorted(((r["reason"] or "unknown", int(r["n"])) for r in grouped), key=lambda x: (-x[1], x[0]))
    recent = await qs.order_by("-received_at", "-id").limit(max(1, min(limit, 100)))
    return by_reason, list(recent)


# ------------------------------------------------------------------ routing and velocity rejections


@dataclass
class RejectionGroup:
    kind: str
    code: str
    merchant_id: str
    merchant_name: str
    payment_method_id: str | None
    payment_method_name: str | None
    outcome: str
    count: int
    amount: int  # summed per currency would be more honest; kept only when one currency
    currency: str | None
    last_at: datetime | None


async def routing_rejections(w: Window, kind: str | None = None, limit: int = 20) -> tuple[list[RejectionGroup], list[RoutingRejection]]:
    """Rejections in the range grouped by kind, code, merchant, payment method and outcome; and the latest ones."""
    qs = w.merchants(RoutingRejection.filter(created_at__gte=w.start, created_at__lt=w.end))
    if kind:
        qs = qs.filter(kind=kind)
    grouped = await (qs.annotate(n=Count("id"), total=Sum("amount"), last=Max("created_at"))
                     .group_by("kind", "code", "merchant_id", "payment_method_id", "outcome", "currency")
                     .values("kind", "code", "merchant_id", "payment_method_id", "outcome", "currency", "n", "total", "last"))
    merchants = dict(await Merchant.filter(id__in=list({r["merchant_id"] for r in grouped}) or [""]).values_list("id", "name"))
    methods = dict(await PaymentMethod.filter(id__in=list({r["payment_method_id"] for r in grouped if r["payment_method_id"]}) or [""])
                   .values_list("id", "name"))
    merged: dict[tuple, RejectionGroup] = {}
    for r in grouped:
        key = (r["kind"], r["code"], r["merchant_id"], r["payment_method_id"], r["outcome"])
        g = merged.get(key)
        if g is None:
            g = merged[key] = RejectionGroup(r["kind"], r["code"], r["merchant_id"], merchants.get(r["merchant_id"], r["merchant_id"]),
                                             r["payment_method_id"], methods.get(r["payment_method_id"]), r["outcome"], 0, 0,
                                             r["currency"], None)
        elif g.currency != r["currency"]:
            g.currency = None  # several currencies: no single amount
        g.count += int(r["n"])
        g.amount += int(r["total"] or 0)
        last = _as_datetime(r["last"])
        if last is not None and (g.last_at is None or last > g.last_at):
            g.last_at = last
    groups = sorted(merged.values(), key=lambda g: (-g.count, g.merchant_name.lower(), g.code))
    recent = await qs.order_by("-created_at", "-id").limit(max(1, min(limit, 100)))
    return groups, list(recent)


async def method_names(ids: list[str]) -> dict[str, str]:
    return dict(await PaymentMethod.filter(id__in=ids or [""]).values_list("id", "name"))


async def merchant_names(ids: list[str]) -> dict[str, str]:
    return dict(await Merchant.filter(id__in=ids or [""]).values_list("id", "name"))


# ------------------------------------------------------------------ manual corrections


async def manual_corrections(w: Window, limit: int = 20) -> tuple[list[tuple[str, int]], list[SimulationResultLog]]:
    """Overrides / corrections in the range: counts by action, and the latest ones (with their transaction)."""
    qs = w.merchants(SimulationResultLog.filter(created_at__gte=w.start, created_at__lt=w.end), "transaction__merchant_id")
    grouped = await qs.annotate(n=Count("id")).group_by("action").values("action", "n")
    by_action = sorted(((r["action"], int(r["n"])) for r in grouped), key=lambda x: (-x[1], x[0]))
    recent = await qs.order_by("-created_at", "-id").limit(max(1, min(limit, 100))).prefetch_related("transaction")
    return by_action, list(recent)


# ------------------------------------------------------------------ audit history


async def audit_activity(w: Window, limit: int = 20) -> tuple[list[tuple[str, str, int]], list[AuditEvent]]:
    """The tenant's audit events in the range: counts by action and outcome, and the latest ones about transactions."""
    qs = AuditEvent.filter(occurred_at__gte=w.start, occurred_at__lt=w.end)
    grouped = await qs.annotate(n=Count("id")).group_by("action", "outcome").values("action", "outcome", "n")
    counts = sorted(((r["action"], r["outcome"], int(r["n"])) for r in grouped), key=lambda x: (-x[2], x[0], x[1]))
    recent = await qs.filter(target_type="transaction", target_id__isnull=False).order_by("-occurred_at", "-id").limit(max(1, min(limit, 100)))
    return counts, list(recent)


def default_range(now: datetime, unit: str) -> tuple[datetime, datetime]:
    end = buckets.floor(now, unit) + buckets.SIZES[unit]
    return end - (timedelta(hours=24) if unit == "hour" else timedelta(days=30)), end

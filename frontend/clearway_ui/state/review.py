"""State of /review, the operational review: success rates over time (drops flagged) and the review queues.

The view is in the URL (``?range=24h|7d|30d|90d&by=merchant|method|mid&tab=...&merchant=<id>``) so it can be shared.
Every row carries ``href``: the transaction(s) behind it (state/txn_query.py builds the links)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from ..gql import review as G
from .base import AuthState
from .mixins import _sort_value
from .review_rows import (AuditRow, CallbackRow, CorrectionRow, CountRow, DeliveryRow, DropRow, EndpointRow, GroupRow,
                          RejectionRow, SeriesRow, _endpoint, _group, _href_or_detail, _minor, _money, _pct, _rejection,
                          _bucket_label, chart_rows)
from .txn_query import link_href
from .util import fmt_dt, fmt_relative, humanize

RANGES = {"24h": ("HOUR", timedelta(hours=24), "Last 24 hours"), "7d": ("HOUR", timedelta(days=7), "Last 7 days"),
          "30d": ("DAY", timedelta(days=30), "Last 30 days"), "90d": ("DAY", timedelta(days=90), "Last 90 days")}
DIMENSIONS = {"merchant": ("MERCHANT", "Merchant"), "method": ("PAYMENT_METHOD", "Payment method"),
              "mid": ("MASTER_MID", "MASTER MID")}
TABS = ("webhooks", "callbacks", "routing", "velocity", "corrections", "audit")
# The queue tables and the row fields their columns sort by (times by timestamp, amounts in minor units).
SORTABLE = {
    "endpoints": {"url", "merchant", "failed", "dead", "last_ts"},
    "deliveries": {"txn", "event", "status", "attempts", "error", "last_ts", "next_ts"},
    "callbacks": {"txn", "reason", "detail", "provider", "amount_minor", "signature", "at_ts"},
    **{f"{kind}_groups": {"code", "outcome", "merchant", "method", "count", "amount_minor", "last_ts"}
       for kind in ("routing", "velocity")},
    **{f"{kind}_rows": {"at_ts", "code", "reason", "merchant", "amount_minor", "txn"} for kind in ("routing", "velocity")},
    "corrections": {"txn", "action", "change", "reason", "amount_minor", "actor", "at_ts"},
    "audit_counts": {"label", "outcome", "count"},
    "audit_rows": {"at_ts", "action", "actor", "txn"},
}
THRESHOLD = 0.2
MIN_VOLUME = 10


class ReviewState(AuthState):
    range_key: str = "24h"
    dimension: str = "merchant"
    tab: str = "webhooks"
    merchant_filter: str = ""
    merchant_options: list[dict[str, str]] = []
    loading: bool = False
    loaded: bool = False
    forbidden: bool = False
    error: str = ""
    range_label: str = ""
    # headline figures
    overall_rate: str = "—"
    decided: int = 0
    drop_count: int = 0
    webhook_failed: int = 0
    webhook_dead: int = 0
    suspicious: int = 0
    routing_total: int = 0
    velocity_total: int = 0
    corrections_total: int = 0
    # chart and success-rate tables
    chart: list[dict[str, Any]] = []
    legend: list[dict[str, str]] = []
    series_rows: list[SeriesRow] = []
    drop_rows: list[DropRow] = []
    # the queues
    endpoints: list[EndpointRow] = []
    deliveries: list[DeliveryRow] = []
    reasons: list[CountRow] = []
    callbacks: list[CallbackRow] = []
    routing_groups: list[GroupRow] = []
    routing_rows: list[RejectionRow] = []
    velocity_groups: list[GroupRow] = []
    velocity_rows: list[RejectionRow] = []
    correction_counts: list[CountRow] = []
    corrections: list[CorrectionRow] = []
    audit_counts: list[CountRow] = []
    audit_rows: list[AuditRow] = []
    # each queue table's sort: {table: "field"} ascending, {table: "-field"} descending; none = the API's order
    sorts: dict[str, str] = {}

    @rx.var
    def can_audit(self) -> bool:
        return "audit.read" in self.permissions

    @rx.var
    def merchant_value(self) -> str:
        return self.merchant_filter or "all"

    @rx.var
    def dimension_label(self) -> str:
        return DIMENSIONS.get(self.dimension, DIMENSIONS["merchant"])[1]

    def _url(self, **change: str) -> str:
        view = {"range": self.range_key, "by": self.dimension, "tab": self.tab, "merchant": self.merchant_filter, **change}
        defaults = {"range": "24h", "by": "merchant", "tab": "webhooks", "merchant": ""}
        pairs = [(k, v) for k, v in view.items() if v and v != defaults[k]]
        return "/review" + ("?" + urlencode(pairs) if pairs else "")

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        qp = self.router.url.query_parameters
        self.range_key = str(qp.get("range") or "24h") if str(qp.get("range") or "24h") in RANGES else "24h"
        self.dimension = str(qp.get("by") or "merchant") if str(qp.get("by") or "merchant") in DIMENSIONS else "merchant"
        self.tab = str(qp.get("tab") or "webhooks") if str(qp.get("tab") or "webhooks") in TABS else "webhooks"
        self.merchant_filter = str(qp.get("merchant") or "")
        self.loading = True
        self.error = ""
        yield
        merchants = await self._gql(G.REVIEW_MERCHANTS)
        self.merchant_options = [{"id": "all", "label": "All merchants"}] + sorted(
            ({"id": str(m["id"]), "label": m.get("name") or str(m["id"])} for m in merchants.get("merchants") or []),
            key=lambda o: o["label"].lower())
        redirect = await self._fetch()
        self.loading = False
        self.loaded = True
        if redirect is not None:
            yield redirect

    async def _fetch(self):
        unit, span, label = RANGES[self.range_key]
        now = datetime.now(timezone.utc)
        end = (now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)) if unit == "HOUR" \
            else (now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1))
        start = end - span
        res = await self._gql(G.OPERATIONAL_REVIEW, {
            "from": start.isoformat(), "to": end.isoformat(), "bucket": unit, "dimension": DIMENSIONS[self.dimension][0],
            "merchantId": self.merchant_filter or None, "threshold": THRESHOLD, "minVolume": MIN_VOLUME,
            "withAudit": "audit.read" in self.permissions})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        review = res.get("operationalReview")
        if review is None:
            self.forbidden = res.forbidden
            self.error = "" if res.forbidden else (res.first_error() or "Could not load the review.")
            return None
        self.forbidden = False
        self.range_label = f"{label} · {fmt_dt(start.isoformat())} – {fmt_dt(end.isoformat())} · {unit.lower()} buckets"
        self._apply_rates(review.get("successRates") or {}, unit)
        self._apply_queues(review)
        return None

    def _apply_rates(self, rates: dict[str, Any], unit: str) -> None:
        total = rates.get("total") or {}
        self.overall_rate = _pct(total.get("rate"))
        self.decided = int(total.get("decided") or 0)
        self.chart, self.legend = chart_rows(rates, unit)
        colors = {s["name"]: s["color"] for s in self.legend}
        self.series_rows = [SeriesRow(name=s.get("name") or "", color=colors.get(s.get("name") or "", "#94a3b8"),
                                      decided=int(s.get("decided") or 0), rate=_pct(s.get("rate")), drops=int(s.get("dropCount") or 0),
                                      href=link_href(s.get("link"))) for s in rates.get("series") or []]
        drops = rates.get("drops") or []
        self.drop_count = len(drops)
        self.drop_rows = [DropRow(
            name=d.get("name") or "", bucket=_bucket_label(d["bucketStart"], unit), rate=_pct(d.get("rate")),
            baseline=_pct(d.get("baseline")), fall=f"−{(float(d.get('baseline') or 0) - float(d.get('rate') or 0)) * 100:.1f} pts",
            decided=int(d.get("decided") or 0), unsuccessful=int(d.get("unsuccessful") or 0), href=link_href(d.get("link")),
            ids=[str(i) for i in (d.get("link") or {}).get("transactionIds") or []]) for d in drops]

    def _apply_queues(self, review: dict[str, Any]) -> None:
        wf = review.get("webhookFailures") or {}
        self.webhook_failed, self.webhook_dead = int(wf.get("failed") or 0), int(wf.get("dead") or 0)
        self.endpoints = [_endpoint(e) for e in wf.get("endpoints") or []]
        self.deliveries = [DeliveryRow(
            event=d.get("eventType") or "", status=str(d.get("status") or ""), attempts=int(d.get("attempts") or 0),
            error=humanize(d.get("lastError") or ""), last=fmt_relative(d.get("lastAttemptAt")),
            last_ts=str(d.get("lastAttemptAt") or ""), next_ts=str(d.get("nextAttemptAt") or ""),
            next=fmt_dt(d.get("nextAttemptAt")) if d.get("nextAttemptAt") else "—", txn=str(d.get("transactionId") or ""),
            href=_href_or_detail(d.get("transactionId"))) for d in wf.get("deliveries") or []]
        sc = review.get("suspiciousCallbacks") or {}
        self.suspicious = int(sc.get("total") or 0)
        self.reasons = [CountRow(label=humanize(r.get("reason")), count=int(r.get("count") or 0)) for r in sc.get("byReason") or []]
        self.callbacks = [CallbackRow(
            provider=c.get("provider") or "", reason=humanize(c.get("reason") or ""), detail=c.get("detail") or "",
            amount=_money(c.get("reportedAmount"), c.get("reportedCurrency")), amount_minor=_minor(c.get("reportedAmount")),
            signature="valid" if c.get("signatureValid") else "invalid", at=fmt_relative(c.get("receivedAt")),
            at_abs=fmt_dt(c.get("receivedAt")), at_ts=str(c.get("receivedAt") or ""), txn=str(c.get("transactionId") or ""),
            href=_href_or_detail(c.get("transactionId"))) for c in sc.get("callbacks") or []]
        for kind in ("routing", "velocity"):
            block = review.get(kind) or {}
            setattr(self, f"{kind}_total", int(block.get("total") or 0))
            setattr(self, f"{kind}_groups", [_group(g) for g in block.get("groups") or []])
            setattr(self, f"{kind}_rows", [_rejection(r) for r in block.get("rejections") or []])
        mc = review.get("manualCorrections") or {}
        self.corrections_total = int(mc.get("total") or 0)
        self.correction_counts = [CountRow(label=humanize(a.get("action")), count=int(a.get("count") or 0))
                                  for a in mc.get("byAction") or []]
        self.corrections = [CorrectionRow(
            txn=str(c.get("transactionId") or ""), href=_href_or_detail(c.get("transactionId")), action=humanize(c.get("action")),
            change=f"{humanize(c.get('previousStatus'))} → {humanize(c.get('newStatus'))}", reason=c.get("reason") or "",
            amount=_money(c.get("amount"), c.get("currency")) if c.get("amount") is not None else "",
            amount_minor=_minor(c.get("amount")), actor=c.get("actorLabel") or "—", at=fmt_relative(c.get("createdAt")),
            at_abs=fmt_dt(c.get("createdAt")), at_ts=str(c.get("createdAt") or ""))
            for c in mc.get("corrections") or []]
        self.audit_counts = [CountRow(label=a.get("action") or "", outcome=a.get("outcome") or "ok", count=int(a.get("count") or 0),
                                      href="/audit?" + urlencode({"action": a.get("action") or ""}))
                             for a in review.get("auditActivity") or []]
        self.audit_rows = [AuditRow(
            action=e.get("action") or "", outcome=e.get("outcome") or "ok", actor=e.get("actorLabel") or humanize(e.get("actorType")),
            at=fmt_relative(e.get("occurredAt")), at_abs=fmt_dt(e.get("occurredAt")), at_ts=str(e.get("occurredAt") or ""), txn=str(e.get("targetId") or ""),
            href=_href_or_detail(e.get("targetId"))) for e in review.get("transactionAuditEvents") or []]
        for table in self.sorts:
            self._sort_rows(table)

    # ---- sortable queue tables (the rows are all here: sorted in the state, like TableMixin does)
    @rx.event
    def sort_table(self, table: str, key: str):
        if table not in SORTABLE or key not in SORTABLE[table]:
            return
        current = self.sorts.get(table, "")
        self.sorts = {**self.sorts, table: f"-{key}" if current == key else key}
        self._sort_rows(table)

    def _sort_rows(self, table: str) -> None:
        spec = self.sorts.get(table, "")
        if table not in SORTABLE or not spec:
            return
        key, desc = spec.lstrip("-"), spec.startswith("-")
        rows = list(getattr(self, table))
        present = [r for r in rows if getattr(r, key, None) not in (None, "")]
        missing = [r for r in rows if getattr(r, key, None) in (None, "")]  # empty values last, both ways
        present.sort(key=lambda r: _sort_value(getattr(r, key)), reverse=desc)
        setattr(self, table, present + missing)

    # ---- the view lives in the URL: every change navigates, and load() reads it back
    @rx.event
    def set_range(self, value: str | list[str]):
        value = value if isinstance(value, str) else (value[0] if value else "")
        return rx.redirect(self._url(range=value if value in RANGES else "24h"))

    @rx.event
    def set_dimension(self, value: str | list[str]):
        value = value if isinstance(value, str) else (value[0] if value else "")
        return rx.redirect(self._url(by=value if value in DIMENSIONS else "merchant"))

    @rx.event
    def set_merchant(self, value: str):
        return rx.redirect(self._url(merchant="" if value == "all" else value))

    @rx.event
    def set_tab(self, value: str):
        self.tab = value if value in TABS else "webhooks"
        return rx.call_script(f"window.history.replaceState(null, '', '{self._url()}')")

    @rx.event
    async def refresh(self):
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        if redirect is not None:
            yield redirect

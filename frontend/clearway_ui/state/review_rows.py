"""Rows of /review's tables (plain dataclasses the state holds) and the functions that build them from the API's
answer. Time columns keep their timestamp (``*_ts``) and amounts their minor units (``amount_minor``) to sort by."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .money import fmt_money
from .txn_query import link_href
from .util import fmt_dt, fmt_relative, humanize

COLORS = ["#4f46e5", "#0ea5e9", "#10b981", "#f59e0b", "#ec4899", "#8b5cf6"]


@dataclass
class DropRow:
    name: str = ""
    bucket: str = ""
    rate: str = ""
    baseline: str = ""
    fall: str = ""
    decided: int = 0
    unsuccessful: int = 0
    href: str = ""
    ids: list[str] = field(default_factory=list)


@dataclass
class SeriesRow:
    name: str = ""
    color: str = ""
    decided: int = 0
    rate: str = ""
    drops: int = 0
    href: str = ""


@dataclass
class EndpointRow:
    url: str = ""
    merchant: str = ""
    merchant_href: str = ""
    failed: int = 0
    dead: int = 0
    enabled: bool = True
    last: str = ""
    last_ts: str = ""
    ids: list[str] = field(default_factory=list)
    href: str = ""


@dataclass
class DeliveryRow:
    event: str = ""
    status: str = ""
    attempts: int = 0
    error: str = ""
    last: str = ""
    last_ts: str = ""
    next: str = ""
    next_ts: str = ""
    txn: str = ""
    href: str = ""


@dataclass
class CallbackRow:
    provider: str = ""
    reason: str = ""
    detail: str = ""
    amount: str = ""
    amount_minor: int | None = None
    signature: str = ""
    at: str = ""
    at_abs: str = ""
    at_ts: str = ""
    txn: str = ""
    href: str = ""


@dataclass
class CountRow:
    label: str = ""
    count: int = 0
    outcome: str = ""
    href: str = ""


@dataclass
class GroupRow:
    code: str = ""
    outcome: str = ""
    merchant: str = ""
    method: str = ""
    count: int = 0
    amount: str = ""
    amount_minor: int | None = None
    last: str = ""
    last_ts: str = ""
    href: str = ""


@dataclass
class RejectionRow:
    code: str = ""
    outcome: str = ""
    reason: str = ""
    merchant: str = ""
    method: str = ""
    amount: str = ""
    amount_minor: int | None = None
    at: str = ""
    at_abs: str = ""
    at_ts: str = ""
    txn: str = ""
    href: str = ""


@dataclass
class CorrectionRow:
    action: str = ""
    change: str = ""
    reason: str = ""
    amount: str = ""
    amount_minor: int | None = None
    actor: str = ""
    at: str = ""
    at_abs: str = ""
    at_ts: str = ""
    txn: str = ""
    href: str = ""


@dataclass
class AuditRow:
    action: str = ""
    outcome: str = ""
    actor: str = ""
    at: str = ""
    at_abs: str = ""
    at_ts: str = ""
    txn: str = ""
    href: str = ""


def _pct(value: Any) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f} %"


def _bucket_label(iso: str, unit: str) -> str:
    dt = datetime.fromisoformat(str(iso).replace("Z", "+00:00")).astimezone(timezone.utc)
    return dt.strftime("%b %d") if unit == "DAY" else dt.strftime("%b %d %H:00")


def chart_rows(report: dict[str, Any], unit: str) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """One row per bucket: s0..sN = each series' rate in %, all = the total, drop = the lowest dropped rate there."""
    series = report.get("series") or []
    total = (report.get("total") or {}).get("points") or []
    rows: list[dict[str, Any]] = []
    for i, p in enumerate(total):
        row: dict[str, Any] = {"t": _bucket_label(p["bucketStart"], unit),
                               "all": None if p.get("rate") is None else round(p["rate"] * 100, 1), "drop": None}
        dropped = []
        for j, s in enumerate(series):
            sp = (s.get("points") or [])[i] if i < len(s.get("points") or []) else {}
            rate = sp.get("rate")
            row[f"s{j}"] = None if rate is None else round(rate * 100, 1)
            if sp.get("drop") and rate is not None:
                dropped.append(round(rate * 100, 1))
        row["drop"] = min(dropped) if dropped else None
        rows.append(row)
    legend = [{"key": f"s{j}", "name": s.get("name") or s.get("key"), "color": COLORS[j % len(COLORS)]} for j, s in enumerate(series)]
    return rows, legend


def _money(amount: Any, currency: Any) -> str:
    return fmt_money(amount, str(currency or "")) if amount is not None and currency else "—"


def _minor(amount: Any) -> int | None:
    return None if amount is None else int(amount)


def _href_or_detail(txn_id: Any) -> str:
    return f"/transactions/{txn_id}" if txn_id else ""


def _endpoint(e: dict[str, Any]) -> EndpointRow:
    ids = [str(i) for i in (e.get("link") or {}).get("transactionIds") or []]
    return EndpointRow(url=e.get("url") or "", merchant=e.get("merchantName") or "",
                       merchant_href=f"/merchants/{e.get('merchantId')}?tab=webhooks", failed=int(e.get("failed") or 0),
                       dead=int(e.get("dead") or 0), enabled=bool(e.get("enabled")), last=fmt_relative(e.get("lastAttemptAt")),
                       last_ts=str(e.get("lastAttemptAt") or ""),
                       ids=ids, href=link_href(e.get("link")) if len(ids) == 1 else "")


def _group(g: dict[str, Any]) -> GroupRow:
    return GroupRow(code=humanize(g.get("code")), outcome=g.get("outcome") or "", merchant=g.get("merchantName") or "",
                    method=g.get("paymentMethodName") or "—", count=int(g.get("count") or 0),
                    amount=_money(g.get("amount"), g.get("currency")), amount_minor=_minor(g.get("amount")),
                    last=fmt_relative(g.get("lastAt")), last_ts=str(g.get("lastAt") or ""), href=link_href(g.get("link")))


def _rejection(r: dict[str, Any]) -> RejectionRow:
    return RejectionRow(code=humanize(r.get("code")), outcome=r.get("outcome") or "", reason=r.get("reason") or "",
                        merchant=r.get("merchantName") or "", method=r.get("paymentMethodName") or "—",
                        amount=_money(r.get("amount"), r.get("currency")), amount_minor=_minor(r.get("amount")),
                        at=fmt_relative(r.get("createdAt")), at_abs=fmt_dt(r.get("createdAt")), at_ts=str(r.get("createdAt") or ""), txn=str(r.get("transactionId") or ""),
                        href=_href_or_detail(r.get("transactionId")))

"""The transaction filter of an export: the same fields as the transaction search (merchantIds, brandIds,
paymentMethodIds, statuses, createdFrom, createdTo, amountMin, amountMax, currency, userReference, search).

Stored on the export job as given (camelCase keys, JSON values) and applied by :func:`apply` to a queryset of
the tenant-scoped Transaction model, so rows of another tenant cannot be selected whatever the filter says.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.expressions import Q

from backend.core.errors import Problems
from backend.core.money import is_currency
from backend.payments.models import TxnStatus

LIST_FIELDS = ("merchantIds", "brandIds", "paymentMethodIds", "statuses")
FIELDS = (*LIST_FIELDS, "createdFrom", "createdTo", "amountMin", "amountMax", "currency", "userReference", "search")
MAX_LIST = 200
TEXT_LIMIT = 100


def _dt(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def normalise(raw: dict | None) -> dict:
    """Check a filter and return it as stored (JSON-safe, empty values dropped). Raises ValidationFailed listing
    every problem with its field path (filter.<field>)."""
    raw = dict(raw or {})
    p = Problems()
    out: dict[str, Any] = {}
    for name in raw:
        if name not in FIELDS:
            p.add(f"filter.{name}", "FILTER_UNKNOWN", f"unknown filter field {name!r}")
    for name in LIST_FIELDS:
        value = raw.get(name)
        if value in (None, []):
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value) or len(value) > MAX_LIST:
            p.add(f"filter.{name}", "FILTER_INVALID", f"{name} is a list of at most {MAX_LIST} ids")
            continue
        out[name] = list(dict.fromkeys(value))
    for status in out.get("statuses", []):
        if status.lower() not in {s.value for s in TxnStatus}:
            p.add("filter.statuses", "STATUS_UNKNOWN", f"unknown status {status!r}")
    if "statuses" in out:
        out["statuses"] = [s.lower() for s in out["statuses"]]
    for name in ("createdFrom", "createdTo"):
        try:
            value = _dt(raw.get(name))
        except (TypeError, ValueError):
            p.add(f"filter.{name}", "DATE_INVALID", f"{name} is an ISO 8601 date-time")
            continue
        if value is not None:
            out[name] = value.isoformat()
    for name in ("amountMin", "amountMax"):
        value = raw.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            p.add(f"filter.{name}", "AMOUNT_INVALID", f"{name} is a non-negative integer in minor units")
            continue
        out[name] = value
    if "amountMin" in out and "amountMax" in out and out["amountMin"] > out["amountMax"]:
        p.add("filter.amountMax", "RANGE_INVALID", "amountMax is below amountMin")
    if "createdFrom" in out and "createdTo" in out and out["createdFrom"] > out["createdTo"]:
        p.add("filter.createdTo", "RANGE_INVALID", "createdTo is before createdFrom")
    currency = raw.get("currency")
    if currency not in (None, ""):
        if not isinstance(currency, str) or not is_currency(currency.upper()):
            p.add("filter.currency", "CURRENCY_UNKNOWN", "currency is an ISO 4217 code, e.g. EUR")
        else:
            out["currency"] = currency.upper()
    for name in ("userReference", "search"):
        value = raw.get(name)
        if value in (None, ""):
            continue
        if not isinstance(value, str) or len(value.strip()) > TEXT_LIMIT:
            p.add(f"filter.{name}", "FILTER_INVALID", f"{name} is a text of at most {TEXT_LIMIT} characters")
            continue
        out[name] = value.strip()
    p.raise_if_any("The export filter is not valid")
    return out


def apply(qs, criteria: dict, merchant_ids: list[str]):
    """Narrow a Transaction queryset by a stored filter, within `merchant_ids` (the creator's reach)."""
    allowed = set(merchant_ids)
    wanted = criteria.get("merchantIds")
    qs = qs.filter(merchant_id__in=sorted(allowed & set(wanted) if wanted else allowed) or [""])
    if criteria.get("brandIds"):
        qs = qs.filter(brand_id__in=criteria["brandIds"])
    if criteria.get("paymentMethodIds"):
        qs = qs.filter(payment_method_id__in=criteria["paymentMethodIds"])
    if criteria.get("statuses"):
        qs = qs.filter(status__in=criteria["statuses"])
    if criteria.get("createdFrom"):
        qs = qs.filter(created_at__gte=_dt(criteria["createdFrom"]))
    if criteria.get("createdTo"):
        qs = qs.filter(created_at__lte=_dt(criteria["createdTo"]))
    if criteria.get("amountMin") is not None:
        qs = qs.filter(amount__gte=criteria["amountMin"])
    if criteria.get("amountMax") is not None:
        qs = qs.filter(amount__lte=criteria["amountMax"])
    if criteria.get("currency"):
        qs = qs.filter(currency=criteria["currency"])
    if criteria.get("userReference"):
        qs = qs.filter(user_reference=criteria["userReference"])
    if criteria.get("search"):
        s = criteria["search"]
        qs = qs.filter(Q(id=s) | Q(order_id=s) | Q(user_reference=s))
    return qs

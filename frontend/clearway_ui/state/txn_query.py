"""The /transactions view in the URL query string, so a filtered list can be shared or linked to.

    /transactions?merchant=m1,m2&brand=b1&method=pm1&status=failed,expired&from=2026-11-23T14:00:00Z
                 &to=2026-11-23T15:00:00Z&min=10.00&max=250&currency=EUR&ref=user-42&q=txn_…&sort=amount&dir=asc

Lists are comma separated; statuses in lower case; amounts in major units of `currency` (two decimals when no
currency is chosen); times are ISO 8601 in UTC. Unknown keys are ignored. The operational review links here.
"""
from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import urlencode

LIST_KEYS = ("merchant", "brand", "method", "status")
TEXT_KEYS = ("from", "to", "min", "max", "currency", "ref", "q", "sort", "dir")
STATUSES = ("pending", "settlement", "failed", "expired", "cancelled", "refunded", "partially_refunded")
SORTS = ("created", "amount")


def parse(params: Mapping[str, Any]) -> dict[str, Any]:
    """Query parameters -> {"merchant": [...], ..., "from": "...", ...} (empty values dropped, junk ignored)."""
    out: dict[str, Any] = {}
    for key in LIST_KEYS:
        raw = str(params.get(key) or "")
        values = [v.strip() for v in raw.split(",") if v.strip()]
        if key == "status":
            values = [v.lower() for v in values if v.lower() in STATUSES]
        out[key] = list(dict.fromkeys(values))
    for key in TEXT_KEYS:
        out[key] = str(params.get(key) or "").strip()
    if out["sort"] not in SORTS:
        out["sort"] = ""
    if out["dir"] not in ("asc", "desc"):
        out["dir"] = ""
    out["currency"] = out["currency"].upper()[:3]
    return out


def build(view: Mapping[str, Any]) -> str:
    """The inverse of parse: "/transactions" plus only the keys that are set."""
    pairs: list[tuple[str, str]] = []
    for key in LIST_KEYS:
        values = [str(v) for v in view.get(key) or [] if str(v)]
        if values:
            pairs.append((key, ",".join(values)))
    for key in TEXT_KEYS:
        value = str(view.get(key) or "")
        if value and not (key == "sort" and value == "created") and not (key == "dir" and value == "desc"):
            pairs.append((key, value))
    return "/transactions" + ("?" + urlencode(pairs, safe=",:") if pairs else "")


def link_href(link: Mapping[str, Any] | None) -> str:
    """A review item's TransactionLink -> where to open it: one transaction's page, or the filtered list."""
    link = link or {}
    ids = [str(i) for i in link.get("transactionIds") or []]
    filters = {
        "merchant": link.get("merchantIds") or [],
        "method": link.get("paymentMethodIds") or [],
        "status": [str(s).lower() for s in link.get("statuses") or []],
        "from": _utc(link.get("createdFrom")),
        "to": _utc(link.get("createdTo")),
    }
    if len(ids) == 1 and not filters["merchant"] and not filters["method"]:
        return f"/transactions/{ids[0]}"
    return build(filters)


def _utc(value: Any) -> str:
    text = str(value or "")
    return text.replace("+00:00", "Z")

"""Small formatting helpers shared by page states."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any


def fmt_dt(value: Any) -> str:
    """ISO timestamp -> 'YYYY-MM-DD HH:MM UTC' (or '' / the raw value when unparsable)."""
    if not value:
        return ""
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc)
    return dt.strftime("%Y-%m-%d %H:%M UTC")


def fmt_dt_s(value: Any) -> str:
    """ISO timestamp -> 'YYYY-MM-DD HH:MM:SS UTC' (timelines, where seconds matter)."""
    if not value:
        return ""
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc)
    return dt.strftime("%Y-%m-%d %H:%M:%S UTC")


def fmt_until(value: Any) -> str:
    """A future ISO timestamp -> 'in 29 min' (or 'passed' once it is behind us)."""
    if not value:
        return ""
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    secs = int((dt - datetime.now(timezone.utc)).total_seconds())
    if secs <= 0:
        return "passed"
    if secs < 60:
        return f"in {secs} s"
    if secs < 3600:
        return f"in {secs // 60} min"
    if secs < 86400:
        return f"in {secs // 3600} h"
    return f"in {secs // 86400} d"


def fmt_relative(value: Any) -> str:
    if not value:
        return ""
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    secs = int((datetime.now(timezone.utc) - dt).total_seconds())
    if secs < 0:
        return fmt_dt(value)
    if secs < 10:
        return "just now"
    if secs < 60:
        return f"{secs} s ago"
    if secs < 3600:
        return f"{secs // 60} min ago"
    if secs < 86400:
        return f"{secs // 3600} h ago"
    if secs < 86400 * 30:
        return f"{secs // 86400} d ago"
    return fmt_dt(value)[:10]


_ACRONYMS = {"api": "API", "pii": "PII", "ip": "IP", "totp": "TOTP", "id": "ID", "mid": "MID", "mids": "MIDs"}


def humanize(value: Any) -> str:
    """MERCHANT_GROUP -> Merchant group; api_keys -> API keys."""
    words = str(value or "").replace("_", " ").strip().lower().split()
    words = [_ACRONYMS.get(w, w) for w in words]
    s = " ".join(words)
    return s[:1].upper() + s[1:]


def in_future(value: Any) -> bool:
    """True when an ISO timestamp lies in the future (e.g. lockedUntil)."""
    if not value:
        return False
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return False
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt > datetime.now(timezone.utc)

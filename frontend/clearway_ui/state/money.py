"""Money in the UI: the API speaks integer minor units with an ISO 4217 currency, people read and type
major units. Display and parsing only; nothing here does arithmetic in floats.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

# minor-unit exponents that differ from 2 (ISO 4217)
EXP0 = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"}
EXP3 = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"}


def exponent(currency: str) -> int:
    cur = (currency or "").upper()
    return 0 if cur in EXP0 else 3 if cur in EXP3 else 2


def fmt_int(value: Any) -> str:
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


def fmt_major(amount: Any, currency: str) -> str:
    """Minor units -> '1,234.50' (the number only, with the currency's exponent)."""
    try:
        minor = int(amount)
    except (TypeError, ValueError):
        return str(amount)
    exp = exponent(currency)
    if exp == 0:
        return f"{minor:,}"
    sign = "-" if minor < 0 else ""
    whole, frac = divmod(abs(minor), 10**exp)
    return f"{sign}{whole:,}.{frac:0{exp}d}"


def fmt_money(amount: Any, currency: str = "") -> str:
    """Minor units -> '600.00 EUR' (or just the grouped integer without a currency)."""
    try:
        int(amount)
    except (TypeError, ValueError):
        return str(amount)
    cur = (currency or "").upper()
    if not cur:
        return f"{int(amount):,}"
    return f"{fmt_major(amount, cur)} {cur}"


_MAJOR = re.compile(r"^\d+(?:\.\d+)?$")


def to_minor(text: Any, currency: str) -> tuple[int | None, str]:
    """'25.50' in EUR -> (2550, ''); a problem -> (None, message). Accepts ',' and ' ' as grouping."""
    raw = str(text or "").strip().replace(" ", "").replace("_", "")
    if not raw:
        return None, "Enter an amount."
    if "," in raw and "." not in raw and raw.count(",") == 1 and len(raw.split(",")[1]) != 3:
        raw = raw.replace(",", ".")  # "25,50": a decimal comma
    raw = raw.replace(",", "")
    if not _MAJOR.match(raw):
        return None, "A positive amount such as 25.00."
    exp = exponent(currency)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None, "A positive amount such as 25.00."
    scaled = value * (Decimal(10) ** exp)
    if scaled != scaled.to_integral_value():
        cur = (currency or "").upper() or "This currency"
        return None, f"{cur} has {exp} decimal places." if exp else f"{cur} has no decimal places."
    minor = int(scaled)
    if minor <= 0:
        return None, "The amount must be above zero."
    return minor, ""

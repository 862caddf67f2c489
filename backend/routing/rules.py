"""The rule language shared by both routing levels, as stored in a blueprint version (JSON).

A blueprint document::

    {"rules": [Rule, ...], "fallback": [target_id, ...]}

A rule::

    {"id": "r1", "name": "Big EUR cards", "match": "all" | "any",
     "conditions": [Condition, ...],          # empty = always matches
     "targets": [target_id, ...]}             # level 1: MASTER MID GROUP ids; level 2: SUB MID GROUP ids

Conditions (``type`` and its fields)::

    amount_range      {"min": int|null, "max": int|null}          minor units, inclusive
    currency          {"in": ["EUR", ...]}                        ISO 4217
    country           {"in": ["DE", ...]}                         ISO 3166 alpha-2
    card_bin          {"prefixes": ["424242", ...]}               1-8 digits
    card_brand        {"in": ["visa", "mastercard", ...]}
    customer_segment  {"in": ["vip", ...]}
    user_reference    {"pattern": "^ORD-\\d+$"}                   Python regex, searched
    time_window       {"start": "HH:MM", "end": "HH:MM"}          UTC; wraps midnight when start > end
    metadata          {"key": "channel", "value": "app"}

:func:`validate_document` returns every problem as a FieldProblem with a path like
``rules[2].conditions[0].max``; nothing is saved when there is one.
"""
from __future__ import annotations

import re
from typing import Any

from backend.core.errors import FieldProblem
from backend.core.money import is_currency

CONDITION_TYPES = ("amount_range", "currency", "country", "card_bin", "card_brand", "customer_segment",
                   "user_reference", "time_window", "metadata")
CARD_BRANDS = ("visa", "mastercard", "amex", "discover", "jcb", "unionpay", "diners")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_BIN = re.compile(r"^\d{1,8}$")


def _problem(out: list[FieldProblem], path: str, code: str, message: str) -> None:
    out.append(FieldProblem(path, code, message))


def _str_list(value: Any) -> list[str] | None:
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return value
    return None


def validate_condition(cond: Any, path: str, out: list[FieldProblem]) -> None:
    if not isinstance(cond, dict) or cond.get("type") not in CONDITION_TYPES:
        _problem(out, f"{path}.type", "CONDITION_TYPE_UNKNOWN", f"Condition type must be one of {', '.join(CONDITION_TYPES)}")
        return
    t = cond["type"]
    if t == "amount_range":
        lo, hi = cond.get("min"), cond.get("max")
        for name, v in (("min", lo), ("max", hi)):
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                _problem(out, f"{path}.{name}", "AMOUNT_INVALID", "Amounts are non-negative integers in minor units")
        if lo is None and hi is None:
            _problem(out, f"{path}.min", "AMOUNT_RANGE_EMPTY", "Set a minimum, a maximum or both")
        elif isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            _problem(out, f"{path}.max", "MIN_GREATER_THAN_MAX", "Minimum is greater than maximum")
    elif t == "currency":
        codes = _str_list(cond.get("in"))
        if codes is None:
            _problem(out, f"{path}.in", "LIST_REQUIRED", "List at least one currency")
        else:
            bad = [c for c in codes if not is_currency(c)]
            if bad:
                _problem(out, f"{path}.in", "CURRENCY_UNKNOWN", f"Unknown currency: {', '.join(bad)}")
    elif t == "country":
        codes = _str_list(cond.get("in"))
        if codes is None or any(not _COUNTRY.match(c) for c in codes):
            _problem(out, f"{path}.in", "COUNTRY_INVALID", "Use ISO 3166 alpha-2 country codes, e.g. DE")
    elif t == "card_bin":
        prefixes = _str_list(cond.get("prefixes"))
        if prefixes is None or any(not _BIN.match(p) for p in prefixes):
            _problem(out, f"{path}.prefixes", "BIN_INVALID", "BIN prefixes are 1 to 8 digits")
    elif t == "card_brand":
        brands = _str_list(cond.get("in"))
        if brands is None or any(b not in CARD_BRANDS for b in brands):
            _problem(out, f"{path}.in", "CARD_BRAND_UNKNOWN", f"Card brands: {', '.join(CARD_BRANDS)}")
    elif t == "customer_segment":
        if _str_list(cond.get("in")) is None:
            _problem(out, f"{path}.in", "LIST_REQUIRED", "List at least one segment")
    elif t == "user_reference":
        pattern = cond.get("pattern")
        try:
            if not isinstance(pattern, str) or not pattern:
                raise re.error("empty")
            re.compile(pattern)
        except re.error as exc:
            _problem(out, f"{path}.pattern", "REGEX_INVALID", f"Not a valid regular expression: {exc}")
    elif t == "time_window":
        for name in ("start", "end"):
            if not isinstance(cond.get(name), str) or not _TIME.match(cond[name]):
                _problem(out, f"{path}.{name}", "TIME_INVALID", "Use HH:MM (UTC)")
    elif t == "metadata":
        if not isinstance(cond.get("key"), str) or not cond["key"]:
            _problem(out, f"{path}.key", "METADATA_KEY_REQUIRED", "Name the metadata key")
        if not isinstance(cond.get("value"), str):
            _problem(out, f"{path}.value", "METADATA_VALUE_REQUIRED", "Give the value to compare (text)")


def validate_document(doc: Any) -> list[FieldProblem]:
    """Shape checks only (no database): every problem, with its path."""
    out: list[FieldProblem] = []
    if not isinstance(doc, dict):
        return [FieldProblem("blueprint", "DOCUMENT_INVALID", "A blueprint is an object with rules and fallback")]
    rules = doc.get("rules", [])
    if not isinstance(rules, list):
        return [FieldProblem("rules", "DOCUMENT_INVALID", "rules must be a list")]
    seen_ids: set[str] = set()
    for i, rule in enumerate(rules):
        path = f"rules[{i}]"
        if not isinstance(rule, dict):
            _problem(out, path, "RULE_INVALID", "A rule is an object")
            continue
        rid = rule.get("id")
        if not isinstance(rid, str) or not rid:
            _problem(out, f"{path}.id", "RULE_ID_REQUIRED", "Each rule needs an id")
        elif rid in seen_ids:
            _problem(out, f"{path}.id", "RULE_ID_DUPLICATE", f"Rule id {rid} is used twice")
        else:
            seen_ids.add(rid)
        if rule.get("match", "all") not in ("all", "any"):
            _problem(out, f"{path}.match", "MATCH_INVALID", "match is 'all' or 'any'")
        conditions = rule.get("conditions", [])
        if not isinstance(conditions, list):
            _problem(out, f"{path}.conditions", "DOCUMENT_INVALID", "conditions must be a list")
            conditions = []
        for j, cond in enumerate(conditions):
            validate_condition(cond, f"{path}.conditions[{j}]", out)
        targets = rule.get("targets")
        if not isinstance(targets, list) or not targets or not all(isinstance(t, str) for t in targets):
            _problem(out, f"{path}.targets", "TARGETS_REQUIRED", "Choose at least one target")
    fallback = doc.get("fallback", [])
    if not isinstance(fallback, list) or not all(isinstance(t, str) for t in fallback):
        _problem(out, "fallback", "DOCUMENT_INVALID", "fallback must be a list of target ids")
    return out

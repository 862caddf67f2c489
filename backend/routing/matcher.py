"""Matching one blueprint level (see backend.routing.rules for the language): compiled and interpreted.

Both forms answer the same two questions about a payment:

* ``first_match(p)`` -> index of the first matching rule, or None (the hot path: booleans only);
* ``explain(p, matched)`` -> one evaluation per rule with the reason it did not match (off the hot
  path: called when a decision's trace is read).

The compiled form (``backend.routing.ruleindex.CompiledLevel``) turns each condition into a closure once (frozensets,
precompiled regexes, tuples of BIN prefixes, minute-of-day integers) and adds a bitset index over the
rules: for each condition type, a table from the payment's value to the rules that value rules out
("all" rules) or in ("any" rules). One table lookup per type gives the candidate rules; the first
candidate is then confirmed by its closure. The interpreted form (:class:`InterpretedLevel`) reads the
JSON document on every call; it is the benchmark's baseline and the tests' cross-check.

Semantics (both forms): an empty condition list always matches; amounts are inclusive; a missing
payment attribute never matches a condition on it; time windows are UTC minutes, start inclusive,
end exclusive, wrapping midnight when start > end and covering the whole day when start == end;
metadata values are compared as text.
"""
from __future__ import annotations

import re
from typing import Any, Callable

# ---------------------------------------------------------------- reasons (shared wording)


def _fmt_list(values) -> str:
    return "[" + ", ".join(values) + "]"


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_hhmm(value: str) -> int:
    return int(value[:2]) * 60 + int(value[3:5])


def in_window(minute: int, start: int, end: int) -> bool:
    if start < end:
        return start <= minute < end
    if start > end:
        return minute >= start or minute < end
    return True


def amount_reason(amount: int, lo: int | None, hi: int | None) -> str | None:
    if lo is not None and amount < lo:
        return f"amount {amount} below min {lo}"
    if hi is not None and amount > hi:
        return f"amount {amount} above max {hi}"
    return None


_LABELS = {"currency": "currency", "country": "country", "card_brand": "card brand", "customer_segment": "customer segment"}


def member_reason(kind: str, value: str | None, allowed: str, ok: bool) -> str | None:
    """allowed: the list as text, e.g. "[DE, FR]" (see _fmt_list)."""
    if ok:
        return None
    if value is None:
        return f"no {_LABELS[kind]} (needs one of {allowed})"
    return f"{_LABELS[kind]} {value} not in {allowed}"


def bin_reason(card_bin: str | None, prefixes: str, ok: bool) -> str | None:
    if ok:
        return None
    if card_bin is None:
        return f"no card BIN (needs a prefix in {prefixes})"
    return f"card BIN {card_bin} does not start with any of {prefixes}"


def reference_reason(reference: str | None, pattern: str, ok: bool) -> str | None:
    if ok:
        return None
    if reference is None:
        return f"no user reference (needs /{pattern}/)"
    return f"user reference {reference!r} does not match /{pattern}/"


def time_reason(minute: int, start: str, end: str, ok: bool) -> str | None:
    return None if ok else f"time {hhmm(minute)} outside {start}–{end}"


def metadata_reason(key: str, actual: str | None, expected: str, ok: bool) -> str | None:
    if ok:
        return None
    if actual is None:
        return f"metadata {key} missing (needs {expected!r})"
    return f"metadata {key} is {actual!r}, not {expected!r}"


def rule_reason(reasons: list[str | None], match: str, empty: bool) -> str | None:
    """None when the rule matches, else every failing condition's reason joined by '; '."""
    if empty:
        return None
    failed = [r for r in reasons if r is not None]
    if match == "any":
        return None if len(failed) < len(reasons) else "; ".join(failed)
    return "; ".join(failed) or None


def evaluations(rules: list[tuple[str, str]], reasons: Callable[[int], str | None], matched: int | None,
                level: int, scope: tuple[str, str]) -> list[dict]:
    """One record per rule: rules before the match did not match (with why), rules after it were not evaluated.

    scope: (id, name) of what owns the blueprint (the payment method at level 1, a MASTER MID at level 2).
    """
    out = []
    for i, (rid, name) in enumerate(rules):
        if matched is not None and i > matched:
            ok, evaluated, reason = False, False, f"not evaluated: rule {rules[matched][0]} matched first"
        elif i == matched:
            ok, evaluated, reason = True, True, None
        else:
            ok, evaluated, reason = False, True, reasons(i) or "did not match"
        out.append({"level": level, "scope_id": scope[0], "scope_name": scope[1], "rule_id": rid, "name": name,
                    "matched": ok, "evaluated": evaluated, "reason": reason})
    return out


def rule_meta(rule: dict, i: int) -> tuple[str, str]:
    rid = str(rule.get("id") or f"#{i + 1}")
    return rid, str(rule.get("name") or rid)


# ---------------------------------------------------------------- interpreted (reads the JSON every call)


def interpret_condition(cond: dict, p) -> str | None:
    """The reason this condition fails for payment p, or None when it holds."""
    t = cond["type"]
    if t == "amount_range":
        return amount_reason(p.amount, cond.get("min"), cond.get("max"))
    if t in _LABELS:
        value = getattr(p, t)
        return member_reason(t, value, _fmt_list(cond["in"]), value is not None and value in cond["in"])
    if t == "card_bin":
        ok = p.card_bin is not None and any(p.card_bin.startswith(x) for x in cond["prefixes"])
        return bin_reason(p.card_bin, _fmt_list(cond["prefixes"]), ok)
    if t == "user_reference":
        ok = p.user_reference is not None and re.search(cond["pattern"], p.user_reference) is not None
        return reference_reason(p.user_reference, cond["pattern"], ok)
    if t == "time_window":
        ok = in_window(p.minute, parse_hhmm(cond["start"]), parse_hhmm(cond["end"]))
        return time_reason(p.minute, cond["start"], cond["end"], ok)
    if t == "metadata":
        actual = p.metadata.get(cond["key"])
        return metadata_reason(cond["key"], actual, cond["value"], actual == cond["value"])
    raise ValueError(f"unknown condition type {t!r}")


def interpret_rule(rule: dict, p) -> bool:
    conds = rule.get("conditions") or []
    if not conds:
        return True
    if rule.get("match", "all") == "any":
        return any(interpret_condition(c, p) is None for c in conds)
    return all(interpret_condition(c, p) is None for c in conds)


class InterpretedLevel:
    """One blueprint level evaluated straight from its JSON document."""

    def __init__(self, document: dict):
        self.document = document

    @property
    def fallback(self) -> list[str]:
        return list(self.document.get("fallback") or [])

    def rule(self, i: int) -> tuple[str, str, list[str]]:
        rule = self.document["rules"][i]
        return (*rule_meta(rule, i), list(rule.get("targets") or []))

    def first_match(self, p) -> int | None:
        for i, rule in enumerate(self.document.get("rules") or []):
            if interpret_rule(rule, p):
                return i
        return None

    def explain(self, p, matched: int | None, level: int, scope: tuple[str, str]) -> list[dict]:
        rules = self.document.get("rules") or []

        def reason(i: int) -> str | None:
            conds = rules[i].get("conditions") or []
            return rule_reason([interpret_condition(c, p) for c in conds], rules[i].get("match", "all"), not conds)
        return evaluations([rule_meta(r, i) for i, r in enumerate(rules)], reason, matched, level, scope)


# ---------------------------------------------------------------- compiled conditions

Test = Callable[[Any], bool]
Explain = Callable[[Any], "str | None"]


def compile_condition(cond: dict) -> tuple[Test, Explain]:
    """A fast test closure and an explain closure (same wording as the interpreter)."""
    t = cond["type"]
    if t == "amount_range":
        lo, hi = cond.get("min"), cond.get("max")
        if lo is not None and hi is not None:
            test = lambda p: lo <= p.amount <= hi  # noqa: E731
        elif lo is not None:
            test = lambda p: p.amount >= lo  # noqa: E731
        elif hi is not None:
            test = lambda p: p.amount <= hi  # noqa: E731
        else:  # no bounds (refused by validation): matches every amount, as the interpreter does
            test = lambda p: True  # noqa: E731
        return test, lambda p: amount_reason(p.amount, lo, hi)
    if t in _LABELS:
        allowed, listed = frozenset(cond["in"]), _fmt_list(cond["in"])
        if t == "currency":
            test = lambda p: p.currency in allowed  # noqa: E731
        elif t == "country":
            test = lambda p: p.country in allowed  # noqa: E731
        elif t == "card_brand":
            test = lambda p: p.card_brand in allowed  # noqa: E731
        else:
            test = lambda p: p.customer_segment in allowed  # noqa: E731
        return test, lambda p: member_reason(t, getattr(p, t), listed, test(p))
    if t == "card_bin":
        prefixes, listed = tuple(cond["prefixes"]), _fmt_list(cond["prefixes"])
        test = lambda p: p.card_bin is not None and p.card_bin.startswith(prefixes)  # noqa: E731
        return test, lambda p: bin_reason(p.card_bin, listed, test(p))
    if t == "user_reference":
        search, pattern = re.compile(cond["pattern"]).search, cond["pattern"]
        test = lambda p: p.user_reference is not None and search(p.user_reference) is not None  # noqa: E731
        return test, lambda p: reference_reason(p.user_reference, pattern, test(p))
    if t == "time_window":
        start, end = parse_hhmm(cond["start"]), parse_hhmm(cond["end"])
        if start < end:
            test = lambda p: start <= p.minute < end  # noqa: E731
        elif start > end:
            test = lambda p: p.minute >= start or p.minute < end  # noqa: E731
        else:
            test = lambda p: True  # noqa: E731
        return test, lambda p: time_reason(p.minute, cond["start"], cond["end"], test(p))
    if t == "metadata":
        key, value = cond["key"], cond["value"]
        test = lambda p: p.metadata.get(key) == value  # noqa: E731
        return test, lambda p: metadata_reason(key, p.metadata.get(key), value, test(p))
    raise ValueError(f"unknown condition type {t!r}")


def combine(tests: list[Test], match: str) -> Test:
    if not tests:
        return lambda p: True
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        a, b = tests
        return (lambda p: a(p) or b(p)) if match == "any" else (lambda p: a(p) and b(p))
    ts = tuple(tests)
    if match == "any":
        def any_of(p):
            for t in ts:
                if t(p):
                    return True
            return False
        return any_of

    def all_of(p):
        for t in ts:
            if not t(p):
                return False
        return True
    return all_of


class CompiledRule:
    __slots__ = ("id", "name", "targets", "match", "test", "tests", "explains", "conditions")

    def __init__(self, rule: dict, i: int):
        self.id, self.name = rule_meta(rule, i)
        self.targets = tuple(rule.get("targets") or [])
        self.conditions = list(rule.get("conditions") or [])
        self.match = "any" if rule.get("match", "all") == "any" and self.conditions else "all"
        compiled = [compile_condition(c) for c in self.conditions]
        self.tests = [c[0] for c in compiled]
        self.test = combine(self.tests, self.match)
        self.explains = [c[1] for c in compiled]

    def reason(self, p) -> str | None:
        return rule_reason([e(p) for e in self.explains], self.match, not self.explains)


_REGEX_META = frozenset(".^$*+?{}[]\\|()")


def literal_prefix(pattern: str) -> str | None:
    """The literal text every match of an anchored pattern starts with ("^ORD-\\d+" -> "ORD-"), or None.

    Conservative: only patterns starting with ^ and without any alternation; stops at the first
    metacharacter and drops a literal that a following ?, * or {m,n} may make optional.
    """
    if not pattern.startswith("^") or "|" in pattern:
        return None
    out: list[str] = []
    for ch in pattern[1:]:
        if ch in _REGEX_META:
            if ch in "?*{" and out:
                out.pop()
            break
        out.append(ch)
    return "".join(out) or None

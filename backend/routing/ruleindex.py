"""A compiled blueprint level: its rules' closures plus a bitset index that finds the first match fast.

Bit layout of the index (N rules): bit i stands for rule i when it is an "all" rule (or has no
conditions); bit N + i for rule i when it is an "any" rule. For each condition type, a table maps the
payment's value (currency, country, amount segment, minute segment, BIN prefix, metadata value...) to
an int whose low bits are the "all" rules that value rules OUT and whose high bits are the "any" rules
it rules IN. OR-ing one lookup per type gives both at once; the candidates are

    (all rules not ruled out) | (any rules ruled in) | (rules the index cannot judge)

and are taken lowest bit first. A candidate is a match unless the index could not judge all of its
conditions: user reference patterns (the index only knows the literal prefix of an anchored pattern,
"^ORD-\\d+" -> "ORD-", which is necessary but not sufficient) and several BIN conditions in one "all"
rule. Those remain as the rule's check (a closure over just those conditions; the whole rule for an
"any" rule with a pattern). The index only ever narrows the candidates, never changes the answer; the
tests cross-check it against the interpreter.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any, Callable

from backend.routing.matcher import CompiledRule, combine, evaluations, in_window, literal_prefix, parse_hhmm

_SETS = ("currency", "country", "card_brand", "customer_segment")
_EXACT = frozenset(_SETS + ("amount_range", "time_window", "metadata"))  # judged exactly by a table lookup


def _interval_table(points: list[int], mask_at: Callable[[int], int]) -> tuple[list[int], list[int]]:
    """Piecewise-constant masks over the integers: sorted bounds and one mask per segment (bisect_right)."""
    bounds = sorted(set(points))
    reps = [bounds[0] - 1] + bounds if bounds else [0]
    return bounds, [mask_at(x) for x in reps]


class RuleIndex:
    def __init__(self, rules: list[CompiledRule]):
        n = len(rules)
        self.n = n
        self.all_mask = 0  # "all" rules (bits 0..N-1)
        self.always = 0  # "any" rules the index cannot judge: always candidates
        # checks[i]: what a candidate rule i still has to prove (None: being a candidate is proof enough)
        self.checks: list[Callable[[Any], bool] | None] = []
        by_type: dict[str, list[tuple[int, dict]]] = {}  # type -> [(bit, condition)]
        for i, rule in enumerate(rules):
            conds = rule.conditions
            prefixes = [literal_prefix(c["pattern"]) if c["type"] == "user_reference" else None for c in conds]
            if rule.match == "all":
                self.all_mask |= 1 << i
                bins = [c for c in conds if c["type"] == "card_bin"]
                refs = sorted((x for x in prefixes if x is not None), key=len)
                residual = []
                for c, test in zip(conds, rule.tests):
                    t = c["type"]
                    if t in _EXACT or (t == "card_bin" and len(bins) == 1):
                        by_type.setdefault(t, []).append((1 << i, c))
                    else:  # several BIN conditions, or a pattern: the index knows a necessary condition at best
                        residual.append(test)
                if len(bins) > 1:
                    by_type.setdefault("card_bin", []).append((1 << i, bins[0]))
                if refs:  # the longest literal prefix is the most selective necessary condition
                    by_type.setdefault("user_reference", []).append((1 << i, {"type": "user_reference", "prefixes": [refs[-1]]}))
                self.checks.append(combine(residual, "all") if residual else None)
            elif all(x is not None for x, c in zip(prefixes, conds) if c["type"] == "user_reference"):
                for c, prefix in zip(conds, prefixes):  # pass bits; a reference prefix only says "maybe"
                    by_type.setdefault(c["type"], []).append(
                        (1 << (n + i), c if prefix is None else {**c, "prefixes": [prefix]}))
                self.checks.append(rule.test if any(x is not None for x in prefixes) else None)
            else:
                self.always |= 1 << i
                self.checks.append(rule.test)
        self.high = ((1 << n) - 1) << n
        self.lookups: list[Callable[[Any], int]] = []
        for t in _SETS:
            if t in by_type:
                self.lookups.append(self._set_lookup(t, by_type[t]))
        if "amount_range" in by_type:
            self.lookups.append(self._amount_lookup(by_type["amount_range"]))
        if "time_window" in by_type:
            self.lookups.append(self._time_lookup(by_type["time_window"]))
        for t in ("card_bin", "user_reference"):
            if t in by_type:
                self.lookups.append(self._prefix_lookup(t, by_type[t]))
        keys: dict[str, list[tuple[int, dict]]] = {}
        for bit, c in by_type.get("metadata", []):
            keys.setdefault(c["key"], []).append((bit, c))
        for key, conds in keys.items():
            self.lookups.append(self._metadata_lookup(key, conds))

    def candidates(self, p) -> int:
        acc = 0
        for lookup in self.lookups:
            acc |= lookup(p)
        return (self.all_mask & ~acc) | (acc >> self.n) | self.always

    # A condition contributes its "all" bit when it fails, its "any" bit when it holds.
    def _contribution(self, entries: list[tuple[int, dict]], holds: Callable[[dict], bool]) -> int:
        mask = 0
        for bit, c in entries:
            if (bit >> self.n) == 0:
                if not holds(c):
                    mask |= bit
            elif holds(c):
                mask |= bit
        return mask

    def _set_lookup(self, attr: str, entries):
        values = {v for _, c in entries for v in c["in"]}
        table = {v: self._contribution(entries, lambda c, v=v: v in c["in"]) for v in values}
        default = self._contribution(entries, lambda c: False)
        get = table.get
        if attr == "currency":
            return lambda p: get(p.currency, default)
        if attr == "country":
            return lambda p: get(p.country, default)
        if attr == "card_brand":
            return lambda p: get(p.card_brand, default)
        return lambda p: get(p.customer_segment, default)

    def _amount_lookup(self, entries):
        def holds_at(x: int) -> Callable[[dict], bool]:
            return lambda c: (c.get("min") is None or x >= c["min"]) and (c.get("max") is None or x <= c["max"])
        points = [v for _, c in entries for v in ((c.get("min"),) + ((c["max"] + 1,) if c.get("max") is not None else ()))
                  if v is not None]
        bounds, masks = _interval_table(points, lambda x: self._contribution(entries, holds_at(x)))
        return lambda p: masks[bisect_right(bounds, p.amount)]

    def _time_lookup(self, entries):
        windows = {id(c): (parse_hhmm(c["start"]), parse_hhmm(c["end"])) for _, c in entries}
        points = [m for w in windows.values() for m in w]
        bounds, masks = _interval_table(points, lambda x: self._contribution(
            entries, lambda c: in_window(x, *windows[id(c)])))
        return lambda p: masks[bisect_right(bounds, p.minute)]

    def _prefix_lookup(self, attr: str, entries):
        """BINs (exact) and user-reference literal prefixes (necessary only: the rule's check confirms)."""
        table: dict[str, int] = {}
        need_all = 0
        for bit, c in entries:
            if (bit >> self.n) == 0:
                need_all |= bit
            for prefix in c["prefixes"]:
                table[prefix] = table.get(prefix, 0) | bit
        lengths = tuple(sorted({len(k) for k in table}))
        get, high = table.get, self.high

        def lookup(p) -> int:
            value = p.card_bin if attr == "card_bin" else p.user_reference
            if value is None:
                return need_all
            holds = 0
            for k in lengths:
                if k > len(value):
                    break
                holds |= get(value[:k], 0)
            return (need_all & ~holds) | (holds & high)
        return lookup

    def _metadata_lookup(self, key: str, entries):
        values = {c["value"] for _, c in entries}
        table = {v: self._contribution(entries, lambda c, v=v: c["value"] == v) for v in values}
        default = self._contribution(entries, lambda c: False)
        get = table.get
        return lambda p: get(p.metadata.get(key), default)


class CompiledLevel:
    """One blueprint level compiled once: rules in order, their closures, the index, the fallback."""

    def __init__(self, document: dict):
        self.rules = [CompiledRule(r, i) for i, r in enumerate(document.get("rules") or [])]
        self.fallback = tuple(document.get("fallback") or [])
        self.index = RuleIndex(self.rules)

    def rule(self, i: int) -> tuple[str, str, tuple[str, ...]]:
        r = self.rules[i]
        return r.id, r.name, r.targets

    def first_match(self, p) -> int | None:
        mask = self.index.candidates(p)
        checks = self.index.checks
        while mask:
            low = mask & -mask
            i = low.bit_length() - 1
            check = checks[i]
            if check is None or check(p):
                return i
            mask ^= low
        return None

    def explain(self, p, matched: int | None, level: int, scope: tuple[str, str]) -> list[dict]:
        rules = self.rules
        return evaluations([(r.id, r.name) for r in rules], lambda i: rules[i].reason(p), matched, level, scope)

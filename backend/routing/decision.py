"""What a routing decision records: the trace built during the walk, the chosen candidate, the Decision.

The walk records cheap facts only (which rule matched at each level, every rejection). The per-rule
evaluations ("why did rule 7 not match") are derived from those facts when they are read
(``Decision.rule_evaluations`` / ``to_dict()``), by re-running the same pure conditions with their
explanations; that keeps the decision itself fast.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KIND_LABELS = {"sub_mid": "SUB MID", "aggregator": "SUB MID AGGREGATOR"}


@dataclass(slots=True)
class Candidate:
    """One (MASTER MID, SUB MID) pair the walk offers, with how it got there."""

    master_mid: Any  # MasterMidSnap
    sub_mid: Any  # SubMidSnap
    master_mid_group_id: str
    master_mid_group_name: str
    rule: tuple[str, str] | None  # level-1 rule (id, name); None when the fallback led here
    used_fallback: bool
    second_level_rule: tuple[str, str] | None
    second_level_fallback: bool
    sub_mid_group: Any  # SubMidGroupSnap


class Trace:
    """Facts gathered while walking: level evaluations (lazy) and rejections, in order."""

    __slots__ = ("levels", "rejections", "error_code", "message", "first_rule", "fallback_tried")

    def __init__(self) -> None:
        self.levels: list[tuple[int, tuple[str, str], Any, int | None]] = []  # (level, scope, level object, matched index)
        self.rejections: list[dict] = []
        self.error_code: str | None = None
        self.message: str | None = None
        self.first_rule: tuple[str, str] | None = None
        self.fallback_tried = False

    def evaluated(self, level: int, scope: tuple[str, str], level_obj: Any, matched: int | None) -> None:
        self.levels.append((level, scope, level_obj, matched))

    def reject(self, level: int, target_type: str, target_id: str, name: str, code: str, message: str) -> None:
        self.rejections.append({"level": level, "target_type": target_type, "target_id": target_id, "name": name,
                                "code": code, "message": message})

    def fail(self, code: str, message: str) -> None:
        self.error_code, self.message = code, message


def compute_fees(payment, master_mid, sub_mid) -> dict:
    """Integer minor units: processing = amount * percent_bps // 10000 + fixed; conversion when currencies differ."""
    fee = master_mid.fees.get(payment.currency) or {}
    percent_bps, fixed = int(fee.get("percent_bps") or 0), int(fee.get("fixed") or 0)
    processing = payment.amount * percent_bps // 10000 + fixed
    converts = payment.currency != master_mid.settlement_currency
    conversion = payment.amount * sub_mid.conversion_fee_bps // 10000 if converts else 0
    return {"currency": payment.currency, "settlement_currency": master_mid.settlement_currency,
            "percent_bps": percent_bps, "fixed": fixed, "conversion_fee_bps": sub_mid.conversion_fee_bps if converts else 0,
            "processing": processing, "conversion": conversion, "total": processing + conversion}


def _ref(pair: tuple[str, str] | None) -> dict | None:
    return None if pair is None else {"id": pair[0], "name": pair[1]}


class Decision:
    """The outcome of routing one payment, with its full trace. ``to_dict()`` is JSON-serialisable."""

    __slots__ = ("ok", "error_code", "message", "payment", "method", "candidate", "fees", "_trace", "_evaluations")

    def __init__(self, method, payment, trace: Trace, candidate: Candidate | None):
        self.method, self.payment, self._trace, self.candidate = method, payment, trace, candidate
        self.ok = candidate is not None
        self._evaluations: list[dict] | None = None
        if self.ok:
            self.error_code, self.message = None, None
            self.fees = compute_fees(payment, candidate.master_mid, candidate.sub_mid)
        else:
            self.error_code = trace.error_code or "NO_ROUTE"
            self.message = trace.message or "No route accepted this payment: every target was rejected"
            self.fees = None

    # -- the chosen route
    @property
    def matched_rule(self) -> dict | None:
        return _ref(self._trace.first_rule)

    @property
    def used_fallback(self) -> dict:
        c = self.candidate
        if c is None:
            return {"level1": self._trace.fallback_tried, "level2": False}
        return {"level1": c.used_fallback, "level2": c.second_level_fallback}

    @property
    def master_mid_group_id(self) -> str | None:
        return self.candidate.master_mid_group_id if self.candidate else None

    @property
    def master_mid_id(self) -> str | None:
        return self.candidate.master_mid.id if self.candidate else None

    @property
    def second_level_rule(self) -> dict | None:
        return _ref(self.candidate.second_level_rule) if self.candidate else None

    @property
    def sub_mid_group_id(self) -> str | None:
        return self.candidate.sub_mid_group.id if self.candidate else None

    @property
    def sub_mid_id(self) -> str | None:
        return self.candidate.sub_mid.id if self.candidate else None

    # -- the trace
    @property
    def rejections(self) -> list[dict]:
        return self._trace.rejections

    @property
    def rule_evaluations(self) -> list[dict]:
        if self._evaluations is None:
            self._evaluations = [e for level, scope, obj, matched in self._trace.levels
                                 for e in obj.explain(self.payment, matched, level, scope)]
        return self._evaluations

    @property
    def path(self) -> list[dict]:
        """Readable steps from the payment method down to the SUB MID (as far as the route got)."""
        m = self.method
        steps = [{"step": "payment_method", "id": m.id, "name": m.name, "label": f"Payment method {m.name} (blueprint v{m.version})"}]
        c = self.candidate
        first = self._trace.first_rule
        if c is None:
            if first is not None:
                steps.append({"step": "rule", "level": 1, "id": first[0], "name": first[1], "label": f"Rule {first[1]} matched"})
            if self._trace.fallback_tried:
                steps.append({"step": "fallback", "level": 1, "id": None, "name": None, "label": "Fallback route tried"})
            steps.append({"step": "error", "id": None, "name": self.error_code, "label": self.message})
            return steps
        if c.rule is not None:
            steps.append({"step": "rule", "level": 1, "id": c.rule[0], "name": c.rule[1], "label": f"Rule {c.rule[1]} matched"})
        else:
            steps.append({"step": "fallback", "level": 1, "id": None, "name": None, "label": self._fallback_label(first)})
        mm = c.master_mid
        steps.append({"step": "master_mid_group", "id": c.master_mid_group_id, "name": c.master_mid_group_name,
                      "label": f"MASTER MID GROUP {c.master_mid_group_name}"})
        steps.append({"step": "master_mid", "id": mm.id, "name": mm.name,
                      "label": f"MASTER MID {mm.name} ({mm.provider}, execution blueprint v{mm.version})"})
        if c.second_level_rule is not None:
            r = c.second_level_rule
            steps.append({"step": "rule", "level": 2, "id": r[0], "name": r[1], "label": f"Rule {r[1]} matched"})
        else:
            steps.append({"step": "fallback", "level": 2, "id": None, "name": None,
                          "label": self._fallback_label(self._second_rule_of(mm.id))})
        g, s = c.sub_mid_group, c.sub_mid
        steps.append({"step": "sub_mid_group", "id": g.id, "name": g.name, "label": f"SUB MID GROUP {g.name} ({g.strategy})"})
        steps.append({"step": "sub_mid", "id": s.id, "name": s.name, "label": f"{KIND_LABELS.get(s.kind, 'SUB MID')} {s.name}"})
        return steps

    def _second_rule_of(self, master_mid_id: str) -> tuple[str, str] | None:
        for level, scope, obj, matched in self._trace.levels:
            if level == 2 and scope[0] == master_mid_id and matched is not None:
                return obj.rule(matched)[:2]
        return None

    @staticmethod
    def _fallback_label(rule: tuple[str, str] | None) -> str:
        if rule is None:
            return "Fallback (no rule matched)"
        return f"Fallback (every target of rule {rule[1]} was rejected)"

    def to_dict(self, evaluations: bool = True) -> dict:
        """JSON-ready; ``evaluations=False`` keeps only the evaluations of matched rules (a compact routing path)."""
        evals = self.rule_evaluations
        if not evaluations:
            evals = [e for e in evals if e["matched"]]
        m, p = self.method, self.payment
        return {
            "ok": self.ok, "error_code": self.error_code, "message": self.message,
            "payment": {"id": p.id, "amount": p.amount, "currency": p.currency, "at": p.at.isoformat()},
            "payment_method": {"id": m.id, "name": m.name, "version": m.version},
            "matched_rule": self.matched_rule, "used_fallback": self.used_fallback,
            "master_mid_group_id": self.master_mid_group_id, "master_mid_id": self.master_mid_id,
            "second_level_rule": self.second_level_rule,
            "sub_mid_group_id": self.sub_mid_group_id, "sub_mid_id": self.sub_mid_id,
            "rule_evaluations": evals, "rejections": list(self.rejections), "fees": self.fees, "path": self.path,
        }

    def __repr__(self) -> str:
        if self.ok:
            return f"<Decision ok master_mid={self.master_mid_id} sub_mid={self.sub_mid_id}>"
        return f"<Decision {self.error_code}: {self.message}>"

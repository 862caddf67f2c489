"""The decision trace of a routing preview, as the preview panel (and the transaction page) shows it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .blueprint import fmt_bps, fmt_money


@dataclass
class PathStep:
    kind: str = ""  # payment_method, rule, fallback, master_mid_group, master_mid, sub_mid_group, sub_mid, error
    title: str = ""  # what this step is ("MASTER MID")
    name: str = ""  # which one
    meta: str = ""
    icon: str = "circle"
    tone: str = "indigo"  # indigo | amber | green | red


@dataclass
class EvalRow:
    level: str = ""
    scope: str = ""
    name: str = ""
    reason: str = ""
    evaluated: bool = True


@dataclass
class RejectRow:
    code: str = ""
    code_label: str = ""
    what: str = ""
    name: str = ""
    message: str = ""


@dataclass
class FeeLine:
    label: str = ""
    detail: str = ""
    amount: str = ""


@dataclass
class TraceView:
    ready: bool = False
    ok: bool = False
    title: str = ""
    message: str = ""
    code: str = ""
    source: str = ""
    matched_rule: str = ""
    master_mid: str = ""
    sub_mid: str = ""
    steps: list[PathStep] = field(default_factory=list)
    misses: list[EvalRow] = field(default_factory=list)
    rejections: list[RejectRow] = field(default_factory=list)
    fees: list[FeeLine] = field(default_factory=list)
    fee_total: str = ""
    fee_note: str = ""
    evaluated: int = 0


REJECT_LABELS = {"LIMIT": "Limit", "VELOCITY": "Velocity", "DISABLED": "Disabled", "CURRENCY": "Currency",
                 "NO_BLUEPRINT": "No blueprint", "NO_MEMBER": "No member", "NO_ROUTE": "No route"}
TARGET_LABELS = {"payment_method": "Payment method", "master_mid_group": "MASTER MID GROUP",
                 "master_mid": "MASTER MID", "sub_mid_group": "SUB MID GROUP", "sub_mid": "SUB MID"}


def _paren(label: str) -> str:
    m = re.search(r"\(([^()]*)\)\s*$", label or "")
    return m.group(1) if m else ""


def trace_view(t: dict[str, Any], used_draft: bool) -> TraceView:
    pm = t.get("payment_method") or {}
    payment = t.get("payment") or {}
    currency = str(payment.get("currency") or "")
    view = TraceView(ready=True, ok=bool(t.get("ok")), code=str(t.get("error_code") or ""))
    view.source = f"{'Draft' if used_draft else 'Published'} blueprint v{pm.get('version')}"
    steps: list[PathStep] = []
    for s in t.get("path") or []:
        kind, name, label = str(s.get("step") or ""), str(s.get("name") or ""), str(s.get("label") or "")
        level = s.get("level")
        if kind == "payment_method":
            steps.append(PathStep(kind, "Payment method", name, view.source, "wallet", "indigo"))
        elif kind == "rule":
            title = "Rule matched" if level == 1 else "Execution rule matched"
            meta = "First-level blueprint" if level == 1 else "Second-level blueprint of the MASTER MID"
            steps.append(PathStep(kind, title, name, meta, "git-branch" if level == 1 else "split", "indigo"))
            if level == 1:
                view.matched_rule = name
        elif kind == "fallback":
            title = "Fallback route" if level == 1 else "Execution fallback"
            steps.append(PathStep(kind, title, label.removeprefix("Fallback ").strip("()") or "No rule matched", "",
                                  "life-buoy", "amber"))
            if level == 1:
                view.matched_rule = "Fallback"
        elif kind == "master_mid_group":
            steps.append(PathStep(kind, "MASTER MID GROUP", name, "", "layers", "indigo"))
        elif kind == "master_mid":
            steps.append(PathStep(kind, "MASTER MID", name, _paren(label), "server", "indigo"))
            view.master_mid = name
        elif kind == "sub_mid_group":
            strategy = _paren(label)
            meta = {"weight": "Split by weight", "sequence": "Tried in order"}.get(strategy, strategy)
            steps.append(PathStep(kind, "SUB MID GROUP", name, meta, "boxes", "indigo"))
        elif kind == "sub_mid":
            title = "SUB MID AGGREGATOR" if label.startswith("SUB MID AGGREGATOR") else "SUB MID"
            steps.append(PathStep(kind, title, name, "Chosen to process the payment", "circle-check-big", "green"))
            view.sub_mid = name
        elif kind == "error":
            steps.append(PathStep(kind, "Refused", REJECT_LABELS.get(name, name.replace("_", " ").title()), label,
                                  "octagon-x", "red"))
    view.steps = steps
    if view.ok:
        view.title = f"Routed to {view.sub_mid}" if view.sub_mid else "Routed"
        view.message = f"via MASTER MID {view.master_mid}" if view.master_mid else ""
    else:
        view.title = "This payment would be refused"
        view.message = str(t.get("message") or "")
    view.evaluated = len(t.get("rule_evaluations") or [])
    view.misses = [
        EvalRow(
            level="Routing" if e.get("level") == 1 else "Execution",
            scope=str(e.get("scope_name") or ""),
            name=str(e.get("name") or e.get("rule_id") or ""),
            reason=str(e.get("reason") or "did not match"),
            evaluated=bool(e.get("evaluated")),
        )
        for e in t.get("rule_evaluations") or []
        if not e.get("matched")
    ]
    view.rejections = [
        RejectRow(
            code=str(r.get("code") or ""),
            code_label=REJECT_LABELS.get(str(r.get("code")), str(r.get("code") or "").title()),
            what=TARGET_LABELS.get(str(r.get("target_type")), str(r.get("target_type") or "")),
            name=str(r.get("name") or ""),
            message=str(r.get("message") or ""),
        )
        for r in t.get("rejections") or []
    ]
    fees = t.get("fees") or None
    if fees:
        cur = str(fees.get("currency") or currency)
        view.fees = [
            FeeLine("Processing", f"{fmt_bps(fees.get('percent_bps'))} + {fmt_money(fees.get('fixed'), cur)} fixed",
                    fmt_money(fees.get("processing"), cur)),
        ]
        if fees.get("conversion_fee_bps"):
            view.fees.append(FeeLine("Conversion", f"{fmt_bps(fees.get('conversion_fee_bps'))} · {cur} → "
                                     f"{fees.get('settlement_currency')}", fmt_money(fees.get("conversion"), cur)))
        else:
            view.fees.append(FeeLine("Conversion", f"none: settles in {fees.get('settlement_currency')}",
                                     fmt_money(0, cur)))
        view.fee_total = fmt_money(fees.get("total"), cur)
        view.fee_note = f"on {fmt_money(payment.get('amount'), cur)}"
    return view

"""Blueprint documents as the editor and the readers see them (no state here: see state/blueprint.py).

A blueprint document (see the API docs / backend rule language) is ``{"rules": [...], "fallback": [...]}``;
each rule has ``id, name, match (all|any), conditions, targets``.

* ``Rule`` / ``Cond`` are the editor's rows: every input is kept as typed text, and the API is the
  validator. A problem the API reports with a path such as ``rules[0].conditions[1].max`` is written
  onto that row (``err_max``) by ``apply_problems``, so it shows beside the field it is about.
* ``rule_view`` / ``diff_view`` turn documents into readable sentences (never raw JSON).
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from .util import fmt_dt

# (type, label, lucide icon)
CONDITION_TYPES: list[tuple[str, str, str]] = [
    ("amount_range", "Amount range", "banknote"),
    ("currency", "Currency", "coins"),
    ("country", "Country", "globe"),
    ("card_bin", "Card BIN", "credit-card"),
    ("card_brand", "Card brand", "badge-check"),
    ("customer_segment", "Customer segment", "users"),
    ("user_reference", "User reference", "hash"),
    ("time_window", "Time of day", "clock"),
    ("metadata", "Metadata", "tag"),
]
CONDITION_LABELS = {t: label for t, label, _ in CONDITION_TYPES}
CARD_BRANDS = ["visa", "mastercard", "amex", "discover", "jcb", "unionpay", "diners"]
LIST_FIELD = {"currency": "in", "country": "in", "customer_segment": "in", "card_bin": "prefixes"}

# money display lives in state/money.py (re-exported here for the routing and execution states)
from .money import fmt_int, fmt_money  # noqa: E402,F401


def fmt_bps(bps: Any) -> str:
    try:
        v = int(bps)
    except (TypeError, ValueError):
        return str(bps)
    pct = f"{v / 100:.2f}".rstrip("0").rstrip(".")
    return f"{pct}%"


def fmt_window(seconds: Any) -> str:
    try:
        s = int(seconds)
    except (TypeError, ValueError):
        return str(seconds)
    for unit, n in (("d", 86400), ("h", 3600), ("min", 60)):
        if s >= n and s % n == 0:
            return f"{s // n} {unit}"
    return f"{s} s"


def new_key() -> str:
    return uuid.uuid4().hex[:10]


# ---------------------------------------------------------------------------------------------
# editor rows
# ---------------------------------------------------------------------------------------------


@dataclass
class Cond:
    key: str = ""
    type: str = "amount_range"
    min: str = ""
    max: str = ""
    listed: str = ""  # comma-separated list: currencies, countries, segments, BIN prefixes
    brands: list[str] = field(default_factory=list)
    pattern: str = ""
    start: str = ""
    end: str = ""
    meta_key: str = ""
    meta_value: str = ""
    err: str = ""
    err_type: str = ""
    err_min: str = ""
    err_max: str = ""
    err_values: str = ""
    err_pattern: str = ""
    err_start: str = ""
    err_end: str = ""
    err_key: str = ""
    err_value: str = ""


@dataclass
class Rule:
    key: str = ""
    id: str = ""
    name: str = ""
    match: str = "all"
    conditions: list[Cond] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    err: str = ""
    err_id: str = ""
    err_name: str = ""
    err_match: str = ""
    err_targets: str = ""
    err_conditions: str = ""


@dataclass
class TargetOpt:
    id: str = ""
    label: str = ""
    note: str = ""
    ok: bool = True  # False: publishing with it would be refused (e.g. no enabled MASTER MID)


@dataclass
class Problem:
    where: str = ""
    message: str = ""


_COND_ERR = {"type": "err_type", "min": "err_min", "max": "err_max", "in": "err_values", "prefixes": "err_values",
             "pattern": "err_pattern", "start": "err_start", "end": "err_end", "key": "err_key", "value": "err_value"}
_RULE_ERR = {"id": "err_id", "name": "err_name", "match": "err_match", "targets": "err_targets",
             "conditions": "err_conditions"}
_PATH = re.compile(r"^rules\[(\d+)\](?:\.conditions\[(\d+)\])?(?:\.(\w+))?$")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def cond_from_doc(c: dict[str, Any]) -> Cond:
    t = str(c.get("type") or "amount_range")
    row = Cond(key=new_key(), type=t)
    if t == "amount_range":
        row.min, row.max = _text(c.get("min")), _text(c.get("max"))
    elif t in LIST_FIELD:
        row.listed = ", ".join(str(v) for v in c.get(LIST_FIELD[t]) or [])
    elif t == "card_brand":
        row.brands = [str(v) for v in c.get("in") or []]
    elif t == "user_reference":
        row.pattern = _text(c.get("pattern"))
    elif t == "time_window":
        row.start, row.end = _text(c.get("start")), _text(c.get("end"))
    elif t == "metadata":
        row.meta_key, row.meta_value = _text(c.get("key")), _text(c.get("value"))
    return row


def rules_from_doc(doc: dict[str, Any] | None) -> list[Rule]:
    out = []
    for r in (doc or {}).get("rules") or []:
        out.append(Rule(
            key=new_key(),
            id=str(r.get("id") or ""),
            name=str(r.get("name") or ""),
            match=str(r.get("match") or "all"),
            conditions=[cond_from_doc(c) for c in r.get("conditions") or [] if isinstance(c, dict)],
            targets=[str(t) for t in r.get("targets") or []],
        ))
    return out


def _int_or_text(value: str) -> Any:
    """'' -> None, '50000' -> 50000, anything else as typed (the API says what is wrong with it)."""
    v = value.strip().replace(",", "").replace("_", "")
    if not v:
        return None
    try:
        return int(v)
    except ValueError:
        return value.strip()


def _split(value: str, upper: bool = False) -> list[str]:
    items = [p.strip() for p in re.split(r"[,\s]+", value or "") if p.strip()]
    return [i.upper() for i in items] if upper else items


def cond_to_doc(c: Cond) -> dict[str, Any]:
    t = c.type
    if t == "amount_range":
        return {"type": t, "min": _int_or_text(c.min), "max": _int_or_text(c.max)}
    if t in ("currency", "country"):
        return {"type": t, "in": _split(c.listed, upper=True)}
    if t == "customer_segment":
        return {"type": t, "in": _split(c.listed)}
    if t == "card_bin":
        return {"type": t, "prefixes": _split(c.listed)}
    if t == "card_brand":
        return {"type": t, "in": list(c.brands)}
    if t == "user_reference":
        return {"type": t, "pattern": c.pattern.strip()}
    if t == "time_window":
        return {"type": t, "start": c.start.strip(), "end": c.end.strip()}
    if t == "metadata":
        return {"type": t, "key": c.meta_key.strip(), "value": c.meta_value}
    return {"type": t}


def doc_from_rows(rules: list[Rule], fallback: list[str]) -> dict[str, Any]:
    return {
        "rules": [
            {"id": r.id, "name": r.name.strip() or r.id, "match": r.match,
             "conditions": [cond_to_doc(c) for c in r.conditions], "targets": list(r.targets)}
            for r in rules
        ],
        "fallback": list(fallback),
    }


def clear_errors(rules: list[Rule]) -> list[Rule]:
    blank_c = {k: "" for k in ("err",) + tuple(dict.fromkeys(_COND_ERR.values()))}
    blank_r = {k: "" for k in ("err",) + tuple(_RULE_ERR.values())}
    return [replace(r, conditions=[replace(c, **blank_c) for c in r.conditions], **blank_r) for r in rules]


def apply_problems(rules: list[Rule], fields: list[dict[str, Any]]) -> tuple[list[Rule], str, list[Problem], list[str]]:
    """Write each API problem onto the row it is about.

    Returns (rules with errors, fallback error, every problem as a readable line, problems not tied to a row).
    """
    rules = clear_errors(rules)
    fallback_err = ""
    problems: list[Problem] = []
    loose: list[str] = []
    for f in fields:
        path = str(f.get("field") or "")
        message = str(f.get("message") or f.get("code") or "Invalid value")
        if path == "fallback":
            fallback_err = fallback_err or message
            problems.append(Problem("Fallback route", message))
            continue
        m = _PATH.match(path)
        if not m or int(m.group(1)) >= len(rules):
            loose.append(message)
            problems.append(Problem("Blueprint", message))
            continue
        i, j, name = int(m.group(1)), m.group(2), m.group(3)
        rule = rules[i]
        label = f"Rule {i + 1}"
        where = label if not rule.name or rule.name == label else f"{label} “{rule.name}”"
        if j is not None and int(j) < len(rule.conditions):
            k = int(j)
            cond = rule.conditions[k]
            attr = _COND_ERR.get(name or "", "err")
            if not getattr(cond, attr):
                conds = list(rule.conditions)
                conds[k] = replace(cond, **{attr: message})
                rule = replace(rule, conditions=conds)
            where += f" · condition {k + 1} ({CONDITION_LABELS.get(cond.type, cond.type)})"
            if name:
                where += f" · {name}"
        else:
            attr = _RULE_ERR.get(name or "", "err")
            if not getattr(rule, attr):
                rule = replace(rule, **{attr: message})
            if name:
                where += f" · {name}"
        rules[i] = rule
        problems.append(Problem(where, message))
    return rules, fallback_err, problems, loose


# ---------------------------------------------------------------------------------------------
# readable views (rule cards in version viewers and diffs)
# ---------------------------------------------------------------------------------------------


def _list(values: Any) -> str:
    vals = [str(v) for v in values or []]
    if len(vals) <= 1:
        return "".join(vals) or "—"
    return ", ".join(vals[:-1]) + " or " + vals[-1]


def describe_condition(c: dict[str, Any]) -> str:
    t = c.get("type")
    if t == "amount_range":
        lo, hi = c.get("min"), c.get("max")
        if lo is not None and hi is not None:
            return f"Amount between {fmt_int(lo)} and {fmt_int(hi)}"
        if lo is not None:
            return f"Amount ≥ {fmt_int(lo)}"
        if hi is not None:
            return f"Amount ≤ {fmt_int(hi)}"
        return "Any amount"
    if t == "currency":
        return f"Currency is {_list(c.get('in'))}"
    if t == "country":
        return f"Country is {_list(c.get('in'))}"
    if t == "card_bin":
        return f"Card BIN starts with {_list(c.get('prefixes'))}"
    if t == "card_brand":
        return f"Card brand is {_list(c.get('in'))}"
    if t == "customer_segment":
        return f"Customer segment is {_list(c.get('in'))}"
    if t == "user_reference":
        return f"User reference matches /{c.get('pattern')}/"
    if t == "time_window":
        return f"Time between {c.get('start')} and {c.get('end')} UTC"
    if t == "metadata":
        return f"Metadata {c.get('key')} = “{c.get('value')}”"
    return str(t)


@dataclass
class RuleView:
    n: int = 0
    id: str = ""
    name: str = ""
    match: str = ""
    conditions: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


@dataclass
class FieldChange:
    label: str = ""
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


@dataclass
class ChangedRule:
    id: str = ""
    name: str = ""
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class DiffView:
    ready: bool = False
    same: bool = False
    from_label: str = ""
    to_label: str = ""
    added: list[RuleView] = field(default_factory=list)
    removed: list[RuleView] = field(default_factory=list)
    changed: list[ChangedRule] = field(default_factory=list)
    reordered: bool = False
    order_before: list[str] = field(default_factory=list)
    order_after: list[str] = field(default_factory=list)
    fallback_changed: bool = False
    fallback_before: list[str] = field(default_factory=list)
    fallback_after: list[str] = field(default_factory=list)


@dataclass
class VersionRow:
    id: str = ""
    version: int = 0
    status: str = ""
    created: str = ""
    published: str = ""
    rules: int = 0
    label: str = ""


def match_label(match: Any) -> str:
    return "Any condition" if match == "any" else "All conditions"


def rule_view(r: dict[str, Any], names: dict[str, str], n: int = 0) -> RuleView:
    conds = [describe_condition(c) for c in r.get("conditions") or [] if isinstance(c, dict)]
    return RuleView(
        n=n,
        id=str(r.get("id") or ""),
        name=str(r.get("name") or r.get("id") or ""),
        match=match_label(r.get("match")),
        conditions=conds or ["No conditions: matches every payment"],
        targets=[names.get(t, t) for t in r.get("targets") or []],
    )


def doc_views(doc: dict[str, Any] | None, names: dict[str, str]) -> tuple[list[RuleView], list[str]]:
    doc = doc or {}
    rules = [rule_view(r, names, i + 1) for i, r in enumerate(doc.get("rules") or []) if isinstance(r, dict)]
    return rules, [names.get(t, t) for t in doc.get("fallback") or []]


def diff_documents(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The same answer as the API's blueprintDiff, for versions it cannot diff (execution blueprints)."""
    ra = {r.get("id"): r for r in a.get("rules", [])}
    rb = {r.get("id"): r for r in b.get("rules", [])}
    order_a = [r.get("id") for r in a.get("rules", [])]
    order_b = [r.get("id") for r in b.get("rules", [])]
    changed = []
    for rid in rb:
        if rid in ra and ra[rid] != rb[rid]:
            fields = sorted(k for k in set(ra[rid]) | set(rb[rid]) if ra[rid].get(k) != rb[rid].get(k))
            changed.append({"id": rid, "fields": fields, "before": ra[rid], "after": rb[rid]})
    return {
        "added": [rb[r] for r in order_b if r not in ra],
        "removed": [ra[r] for r in order_a if r not in rb],
        "changed": changed,
        "reordered": [r for r in order_a if r in rb] != [r for r in order_b if r in ra],
        "fallback": None if a.get("fallback") == b.get("fallback") else {"before": a.get("fallback"), "after": b.get("fallback")},
    }


_FIELD_LABELS = {"name": "Name", "match": "Match", "conditions": "Conditions", "targets": "Targets", "id": "Rule id"}


def diff_view(diff: dict[str, Any], names: dict[str, str], a_doc: dict[str, Any], b_doc: dict[str, Any],
              from_label: str, to_label: str) -> DiffView:
    def field_lines(rule: dict[str, Any], name: str) -> list[str]:
        if name == "conditions":
            return [describe_condition(c) for c in rule.get("conditions") or []] or ["No conditions"]
        if name == "targets":
            return [names.get(t, t) for t in rule.get("targets") or []] or ["No targets"]
        if name == "match":
            return [match_label(rule.get("match"))]
        return [str(rule.get(name) if rule.get(name) is not None else "—")]

    changed = []
    for ch in diff.get("changed") or []:
        before, after = ch.get("before") or {}, ch.get("after") or {}
        changed.append(ChangedRule(
            id=str(ch.get("id") or ""),
            name=str(after.get("name") or before.get("name") or ch.get("id") or ""),
            changes=[FieldChange(_FIELD_LABELS.get(f, f), field_lines(before, f), field_lines(after, f))
                     for f in ch.get("fields") or []],
        ))
    fb = diff.get("fallback")
    rule_names = {r.get("id"): str(r.get("name") or r.get("id")) for r in (a_doc.get("rules") or []) + (b_doc.get("rules") or [])}
    view = DiffView(
        ready=True,
        from_label=from_label,
        to_label=to_label,
        added=[rule_view(r, names) for r in diff.get("added") or []],
        removed=[rule_view(r, names) for r in diff.get("removed") or []],
        changed=changed,
        reordered=bool(diff.get("reordered")),
        order_before=[rule_names.get(r.get("id"), "") for r in a_doc.get("rules") or []],
        order_after=[rule_names.get(r.get("id"), "") for r in b_doc.get("rules") or []],
        fallback_changed=fb is not None,
        fallback_before=[names.get(t, t) for t in (fb or {}).get("before") or []] or ["No fallback"],
        fallback_after=[names.get(t, t) for t in (fb or {}).get("after") or []] or ["No fallback"],
    )
    view.same = not (view.added or view.removed or view.changed or view.reordered or view.fallback_changed)
    return view


def version_rows(versions: list[dict[str, Any]]) -> list[VersionRow]:
    out = []
    for v in versions:
        status = str(v.get("status") or "")
        out.append(VersionRow(
            id=str(v.get("id") or ""),
            version=int(v.get("version") or 0),
            status=status,
            created=fmt_dt(v.get("createdAt")),
            published=fmt_dt(v.get("publishedAt")),
            rules=len((v.get("document") or {}).get("rules") or []),
            label=f"v{v.get('version')} · {status.lower()}",
        ))
    return out

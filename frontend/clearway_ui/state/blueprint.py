"""The blueprint (rule) editor shared by both routing levels, and readable views of blueprints.

A blueprint document (see the API docs / backend rule language) is ``{"rules": [...], "fallback": [...]}``;
each rule has ``id, name, match (all|any), conditions, targets``. Level 1 (a payment method) targets
MASTER MID GROUPs, level 2 (a MASTER MID) targets its SUB MID GROUPs.

* ``Rule`` / ``Cond`` are the editor's rows: every input is kept as typed text, and the API is the
  validator. A problem the API reports with a path such as ``rules[0].conditions[1].max`` is written
  onto that row (``err_max``), so it shows beside the field it is about.
* ``BlueprintMixin`` holds the rows, every editing handler and the draft / save / publish / diff
  calls; the page state names its GraphQL documents (``BP_API``, a ``BlueprintApi``), its owner
  (``_bp_owner_id``), how it reloads (``_bp_reload``) and the target options (``_bp_set_targets``).
* ``rule_view`` / ``diff_view`` turn documents into readable sentences (never raw JSON).
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import reflex as rx

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


def _new_key() -> str:
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
    row = Cond(key=_new_key(), type=t)
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
            key=_new_key(),
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


@dataclass(frozen=True)
class BlueprintApi:
    """The GraphQL side of one blueprint level: its documents, their answer fields and wording."""

    owner_var: str  # the draft mutation's variable naming the owner: "paymentMethodId", "masterMidId"
    draft: str
    draft_root: str
    save: str
    save_root: str
    publish: str
    publish_root: str
    forbidden_save: str  # bp_error when the caller may not save / publish
    forbidden_publish: str
    diff: str = ""  # a blueprintDiff query ("": versions are compared here, see diff_documents)


# ---------------------------------------------------------------------------------------------
# the editor state (mixed into the routing and MASTER MID page states)
# ---------------------------------------------------------------------------------------------


class BlueprintMixin(rx.State, mixin=True):
    """Rows of the draft being edited, its version history and the diff between two versions."""

    bp_rules: list[Rule] = []
    bp_fallback: list[str] = []
    bp_fallback_err: str = ""
    bp_targets: list[TargetOpt] = []
    bp_target_names: dict[str, str] = {}
    bp_draft_id: str = ""
    bp_draft_version: int = 0
    bp_published_version: int = 0
    bp_dirty: bool = False
    bp_busy: str = ""  # "", "draft", "save", "publish"
    bp_problems: list[Problem] = []
    bp_problem_title: str = ""
    bp_error: str = ""
    # the read-only view when there is no draft (the published version, or nothing)
    bp_view_rules: list[RuleView] = []
    bp_view_fallback: list[str] = []
    # version history and diff
    bp_versions: list[VersionRow] = []
    bp_diff_from: str = ""
    bp_diff_to: str = ""
    bp_diff: DiffView = DiffView()
    bp_diff_busy: bool = False
    bp_viewing: int = 0  # the version shown in the version dialog (0 = closed)
    bp_viewing_status: str = ""
    bp_viewing_rules: list[RuleView] = []
    bp_viewing_fallback: list[str] = []

    _bp_docs: dict[str, dict] = {}  # version id -> document
    _bp_saved: dict = {}

    BP_API: ClassVar[BlueprintApi | None] = None  # set by the page state

    # ---- hooks supplied by the page state -------------------------------------------------------
    def _bp_owner_id(self) -> str:  # pragma: no cover - overridden
        """The id of the payment method / MASTER MID whose blueprint this is."""
        return ""

    async def _bp_reload(self, event: str, blueprint: dict[str, Any]) -> None:
        """After a draft was started (``event`` "draft") or published ("publish"): reload the page."""
        await self._fetch()

    # ---- the API ----------------------------------------------------------------------------------
    async def _bp_create_draft(self) -> dict | None:
        api = self.BP_API
        res = await self._gql(api.draft, {api.owner_var: self._bp_owner_id()})
        result = res.get(api.draft_root) or {}
        if result.get("__typename") != "BlueprintPayload":
            self.bp_error = result.get("message") or res.first_error() or "Could not start a draft."
            return None
        await self._bp_reload("draft", result.get("blueprint") or {})
        return result.get("blueprint")

    async def _bp_call(self, document: str, variables: dict[str, Any], root: str, forbidden: str,
                       failed: str) -> tuple[dict | None, Any]:
        """(the mutation's answer, None), (None, a redirect to the login) or (None, None) with bp_error set."""
        res = await self._gql(document, variables)
        if (redirect := self._auth_redirect(res)) is not None:
            return None, redirect
        result = res.get(root)
        if not result:
            self.bp_error = forbidden if res.forbidden else res.first_error() or failed
            return None, None
        return result, None

    async def _bp_save(self, draft_id: str, document: dict) -> tuple[dict | None, Any]:
        api = self.BP_API
        return await self._bp_call(api.save, {"id": draft_id, "document": document}, api.save_root,
                                   api.forbidden_save, "The draft was not saved.")

    async def _bp_publish(self, draft_id: str) -> tuple[dict | None, Any]:
        api = self.BP_API
        result, redirect = await self._bp_call(api.publish, {"id": draft_id}, api.publish_root,
                                               api.forbidden_publish, "The draft was not published.")
        if result is not None and result.get("__typename") == "BlueprintPayload":
            await self._bp_reload("publish", result.get("blueprint") or {})
        return result, redirect

    async def _bp_diff(self, from_id: str, to_id: str) -> dict | None:
        if self.BP_API is not None and self.BP_API.diff:
            res = await self._gql(self.BP_API.diff, {"fromId": from_id, "toId": to_id})
            diff = res.get("blueprintDiff")
            return diff if isinstance(diff, dict) else None
        a, b = self._bp_docs.get(from_id), self._bp_docs.get(to_id)
        if a is None or b is None:
            return None
        return diff_documents(a, b)

    # ---- loading ------------------------------------------------------------------------------
    def _bp_load_versions(self, versions: list[dict[str, Any]]) -> None:
        """Rows for the draft (if any) and the history, from the owner's versions (newest first)."""
        versions = sorted(versions, key=lambda v: -int(v.get("version") or 0))
        self._bp_docs = {str(v["id"]): dict(v.get("document") or {}) for v in versions}
        self.bp_versions = version_rows(versions)
        draft = next((v for v in versions if v.get("status") == "DRAFT"), None)
        published = next((v for v in versions if v.get("status") == "PUBLISHED"), None)
        self.bp_published_version = int(published["version"]) if published else 0
        self.bp_problems = []
        self.bp_problem_title = ""
        self.bp_error = ""
        self.bp_fallback_err = ""
        if draft is not None:
            self._bp_set_draft(draft)
        else:
            self.bp_draft_id = ""
            self.bp_draft_version = 0
            self.bp_rules = []
            self.bp_fallback = []
            self.bp_dirty = False
        self._bp_note_unknown_targets([v.get("document") or {} for v in versions])
        shown = published or draft  # the read-only view: what live traffic uses
        self.bp_view_rules, self.bp_view_fallback = doc_views((shown or {}).get("document"), self.bp_target_names)
        # default comparison: the published version against the draft (or the two newest versions)
        ids = [r.id for r in self.bp_versions]
        if (not self.bp_diff_from or self.bp_diff_from not in ids or self.bp_diff_to not in ids
                or (self.bp_diff_from == self.bp_diff_to and len(ids) >= 2)):
            if draft is not None and published is not None:
                self.bp_diff_from, self.bp_diff_to = str(published["id"]), str(draft["id"])
            elif len(ids) >= 2:
                self.bp_diff_from, self.bp_diff_to = ids[1], ids[0]
            else:
                self.bp_diff_from = self.bp_diff_to = ids[0] if ids else ""
        self.bp_diff = DiffView()

    def _bp_set_targets(self, targets: list[TargetOpt]) -> None:
        """What the rules can route to (MASTER MID GROUPs or SUB MID GROUPs), and their names."""
        self.bp_targets = targets
        self.bp_target_names = {t.id: t.label for t in targets}

    def _bp_set_draft(self, draft: dict[str, Any]) -> None:
        doc = dict(draft.get("document") or {})
        self.bp_draft_id = str(draft["id"])
        self.bp_draft_version = int(draft.get("version") or 0)
        self._bp_saved = doc
        self._bp_docs = {**self._bp_docs, self.bp_draft_id: doc}
        self.bp_rules = rules_from_doc(doc)
        self.bp_fallback = [str(t) for t in doc.get("fallback") or []]
        self.bp_dirty = False

    def _bp_unknown_target(self, target_id: str) -> str:
        """The label of a target the caller cannot see (deleted, or not readable by this caller)."""
        return f"Unknown target {target_id}"

    def _bp_note_unknown_targets(self, docs: list[dict[str, Any]]) -> None:
        names = dict(self.bp_target_names)
        for doc in docs:
            for t in [t for r in doc.get("rules") or [] for t in r.get("targets") or []] + list(doc.get("fallback") or []):
                names.setdefault(str(t), self._bp_unknown_target(str(t)))
        self.bp_target_names = names

    def _bp_document(self) -> dict[str, Any]:
        return doc_from_rows(self.bp_rules, self.bp_fallback)

    # ---- computed ---------------------------------------------------------------------------------
    @rx.var
    def bp_has_draft(self) -> bool:
        return self.bp_draft_id != ""

    @rx.var
    def bp_view_label(self) -> str:
        if self.bp_published_version:
            return f"Published v{self.bp_published_version}"
        return f"Draft v{self.bp_draft_version}" if self.bp_draft_id else "Nothing published"

    @rx.var
    def bp_rule_count(self) -> int:
        return len(self.bp_rules)

    @rx.var
    def bp_can_compare(self) -> bool:
        return bool(self.bp_diff_from and self.bp_diff_to and self.bp_diff_from != self.bp_diff_to)

    @rx.var
    def bp_version_choices(self) -> list[dict[str, str]]:
        return [{"id": v.id, "label": v.label} for v in self.bp_versions]

    # ---- editing ------------------------------------------------------------------------------------
    def _bp_changed(self, rules: list[Rule] | None = None) -> None:
        if rules is not None:
            self.bp_rules = rules
        self.bp_dirty = True

    def _bp_rule_index(self, key: str) -> int:
        return next((i for i, r in enumerate(self.bp_rules) if r.key == key), -1)

    def _bp_update_rule(self, key: str, **changes: Any) -> None:
        i = self._bp_rule_index(key)
        if i < 0:
            return
        rules = list(self.bp_rules)
        rules[i] = replace(rules[i], **changes)
        self._bp_changed(rules)

    def _bp_update_cond(self, rkey: str, ckey: str, **changes: Any) -> None:
        i = self._bp_rule_index(rkey)
        if i < 0:
            return
        rule = self.bp_rules[i]
        conds = [replace(c, **changes) if c.key == ckey else c for c in rule.conditions]
        rules = list(self.bp_rules)
        rules[i] = replace(rule, conditions=conds)
        self._bp_changed(rules)

    def _bp_new_rule_id(self) -> str:
        taken = {r.id for r in self.bp_rules}
        n = len(self.bp_rules) + 1
        while f"rule-{n}" in taken:
            n += 1
        return f"rule-{n}"

    @rx.event
    def bp_add_rule(self):
        rid = self._bp_new_rule_id()
        rule = Rule(key=_new_key(), id=rid, name=f"Rule {len(self.bp_rules) + 1}", match="all",
                    conditions=[Cond(key=_new_key(), type="amount_range")], targets=[])
        self._bp_changed([*self.bp_rules, rule])

    def _bp_delete_rule(self, key: str) -> None:
        self._bp_changed([r for r in self.bp_rules if r.key != key])

    # deleting a rule is confirmed first: the page state also has ConfirmMixin (listed after this mixin)
    @rx.event
    def ask_delete_rule(self, key: str):
        rule = next((r for r in self.bp_rules if r.key == key), None)
        if rule is None:
            return
        self._ask("delete_rule", key, f"Delete rule “{rule.name or rule.id}”?",
                  "The rule leaves the draft. Nothing changes for live traffic until you publish.", "Delete rule")

    async def _on_confirm(self, action: str, target: str):
        """ConfirmMixin's hook; a page state with confirmations of its own handles them, then calls this."""
        if action == "delete_rule":
            self._bp_delete_rule(target)
        return None

    @rx.event
    def bp_move_rule(self, key: str, delta: int):
        i = self._bp_rule_index(key)
        j = i + int(delta)
        if i < 0 or not 0 <= j < len(self.bp_rules):
            return
        rules = list(self.bp_rules)
        rules[i], rules[j] = rules[j], rules[i]
        self._bp_changed(rules)

    @rx.event
    def bp_set_rule_name(self, key: str, value: str):
        self._bp_update_rule(key, name=value, err_name="")

    @rx.event
    def bp_set_rule_match(self, key: str, value: str):
        if value in ("all", "any"):
            self._bp_update_rule(key, match=value, err_match="")

    @rx.event
    def bp_add_condition(self, key: str, ctype: str):
        i = self._bp_rule_index(key)
        if i < 0 or ctype not in CONDITION_LABELS:
            return
        rule = self.bp_rules[i]
        rules = list(self.bp_rules)
        rules[i] = replace(rule, conditions=[*rule.conditions, Cond(key=_new_key(), type=ctype)], err="")
        self._bp_changed(rules)

    @rx.event
    def bp_remove_condition(self, rkey: str, ckey: str):
        i = self._bp_rule_index(rkey)
        if i < 0:
            return
        rule = self.bp_rules[i]
        rules = list(self.bp_rules)
        rules[i] = replace(rule, conditions=[c for c in rule.conditions if c.key != ckey], err="")
        self._bp_changed(rules)

    @rx.event
    def bp_set_cond_type(self, rkey: str, ckey: str, ctype: str):
        if ctype in CONDITION_LABELS:
            self._bp_update_cond(rkey, ckey, **{**Cond(key=ckey, type=ctype).__dict__})

    @rx.event
    def bp_set_cond(self, rkey: str, ckey: str, name: str, value: str):
        fields = {"min", "max", "listed", "pattern", "start", "end", "meta_key", "meta_value"}
        if name not in fields:
            return
        err = {"min": "err_min", "max": "err_max", "listed": "err_values", "pattern": "err_pattern",
               "start": "err_start", "end": "err_end", "meta_key": "err_key", "meta_value": "err_value"}[name]
        self._bp_update_cond(rkey, ckey, **{name: value, err: "", "err": ""})

    @rx.event
    def bp_toggle_brand(self, rkey: str, ckey: str, brand: str):
        i = self._bp_rule_index(rkey)
        if i < 0:
            return
        cond = next((c for c in self.bp_rules[i].conditions if c.key == ckey), None)
        if cond is None:
            return
        brands = [b for b in cond.brands if b != brand] if brand in cond.brands else [*cond.brands, brand]
        self._bp_update_cond(rkey, ckey, brands=[b for b in CARD_BRANDS if b in brands], err_values="")

    @rx.event
    def bp_add_target(self, key: str, target: str):
        i = self._bp_rule_index(key)
        if i < 0 or target in self.bp_rules[i].targets:
            return
        self._bp_update_rule(key, targets=[*self.bp_rules[i].targets, target], err_targets="")

    @rx.event
    def bp_remove_target(self, key: str, target: str):
        i = self._bp_rule_index(key)
        if i < 0:
            return
        self._bp_update_rule(key, targets=[t for t in self.bp_rules[i].targets if t != target], err_targets="")

    @rx.event
    def bp_add_fallback(self, target: str):
        if target not in self.bp_fallback:
            self.bp_fallback = [*self.bp_fallback, target]
            self.bp_fallback_err = ""
            self._bp_changed()

    @rx.event
    def bp_remove_fallback(self, target: str):
        self.bp_fallback = [t for t in self.bp_fallback if t != target]
        self.bp_fallback_err = ""
        self._bp_changed()

    @rx.event
    def bp_discard(self):
        """Back to the saved draft."""
        self.bp_rules = rules_from_doc(self._bp_saved)
        self.bp_fallback = [str(t) for t in self._bp_saved.get("fallback") or []]
        self.bp_fallback_err = ""
        self.bp_problems = []
        self.bp_problem_title = ""
        self.bp_error = ""
        self.bp_dirty = False

    @rx.event
    def bp_dismiss_problems(self):
        self.bp_problems = []
        self.bp_problem_title = ""

    # ---- draft / save / publish ----------------------------------------------------------------------
    def _bp_show_result_errors(self, result: dict[str, Any], title: str) -> None:
        fields = list(result.get("fields") or [])
        if result.get("__typename") == "ValidationError" and fields:
            rules, fb_err, problems, _ = apply_problems(self.bp_rules, fields)
            self.bp_rules = rules
            self.bp_fallback_err = fb_err
            self.bp_problems = problems
            self.bp_problem_title = title
            self.bp_error = ""
        else:
            self.bp_problems = []
            self.bp_problem_title = ""
            self.bp_error = str(result.get("message") or "") or title

    def _bp_clear_feedback(self) -> None:
        self.bp_rules = clear_errors(self.bp_rules)
        self.bp_fallback_err = ""
        self.bp_problems = []
        self.bp_problem_title = ""
        self.bp_error = ""

    @rx.event
    async def bp_start_draft(self):
        self.bp_busy = "draft"
        yield
        draft = await self._bp_create_draft()
        self.bp_busy = ""
        if draft:
            yield rx.toast.success(f"Draft v{draft.get('version')} ready to edit")

    async def _bp_save_now(self) -> bool:
        """Save the rows as the draft; False (errors shown) when the API refused them."""
        result, redirect = await self._bp_save(self.bp_draft_id, self._bp_document())
        if redirect is not None or result is None:
            return False
        if result.get("__typename") == "BlueprintPayload":
            self._bp_clear_feedback()
            bp = result.get("blueprint") or {}
            self._bp_saved = dict(bp.get("document") or {})
            self._bp_docs = {**self._bp_docs, self.bp_draft_id: self._bp_saved}
            n = len(self._bp_saved.get("rules") or [])
            self.bp_versions = [replace(v, rules=n) if v.id == self.bp_draft_id else v for v in self.bp_versions]
            self.bp_diff = DiffView()
            self.bp_dirty = False
            return True
        self._bp_show_result_errors(result, "The draft was not saved")
        return False

    @rx.event
    async def bp_save(self):
        if not self.bp_draft_id:
            return
        self.bp_busy = "save"
        yield
        ok = await self._bp_save_now()
        self.bp_busy = ""
        if ok:
            yield rx.toast.success(f"Draft v{self.bp_draft_version} saved")

    @rx.event
    async def bp_publish(self):
        if not self.bp_draft_id:
            return
        self.bp_busy = "publish"
        yield
        if self.bp_dirty and not await self._bp_save_now():
            self.bp_busy = ""
            return
        version = self.bp_draft_version
        result, redirect = await self._bp_publish(self.bp_draft_id)
        self.bp_busy = ""
        if redirect is not None:
            yield redirect
            return
        if result is None:
            return
        if result.get("__typename") == "BlueprintPayload":
            self._bp_clear_feedback()
            yield rx.toast.success(f"Version {version} published: it is now the active blueprint")
            return
        self._bp_show_result_errors(result, f"Version {version} cannot be published")

    # ---- history and diff ------------------------------------------------------------------------------
    @rx.event
    def bp_set_diff_from(self, value: str):
        self.bp_diff_from = value
        self.bp_diff = DiffView()

    @rx.event
    def bp_set_diff_to(self, value: str):
        self.bp_diff_to = value
        self.bp_diff = DiffView()

    @rx.event
    def bp_compare_with(self, version_id: str):
        """Compare one version of the history with the one before it."""
        ids = [v.id for v in self.bp_versions]
        if version_id not in ids:
            return
        i = ids.index(version_id)
        self.bp_diff_to = version_id
        self.bp_diff_from = ids[i + 1] if i + 1 < len(ids) else version_id
        return type(self).bp_compare

    @rx.event
    async def bp_compare(self):
        a_id, b_id = self.bp_diff_from, self.bp_diff_to
        if not a_id or not b_id:
            return
        self.bp_diff_busy = True
        yield
        diff = await self._bp_diff(a_id, b_id)
        self.bp_diff_busy = False
        if diff is None:
            self.bp_diff = DiffView()
            yield rx.toast.error("Could not compare these versions.")
            return
        label = {v.id: f"v{v.version} ({v.status.lower()})" for v in self.bp_versions}
        self.bp_diff = diff_view(diff, self.bp_target_names, self._bp_docs.get(a_id, {}), self._bp_docs.get(b_id, {}),
                                 label.get(a_id, a_id), label.get(b_id, b_id))

    @rx.event
    def bp_view_version(self, version_id: str):
        row = next((v for v in self.bp_versions if v.id == version_id), None)
        if row is None:
            return
        self.bp_viewing_rules, self.bp_viewing_fallback = doc_views(self._bp_docs.get(version_id), self.bp_target_names)
        self.bp_viewing_status = row.status
        self.bp_viewing = row.version

    @rx.event
    def bp_close_version(self, open_: bool = False):
        if not open_:
            self.bp_viewing = 0

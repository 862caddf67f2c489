"""The blueprint (rule) editor state shared by both routing levels: ``BlueprintMixin``.

Level 1 (a payment method) targets MASTER MID GROUPs, level 2 (a MASTER MID) targets its SUB MID
GROUPs. The rows, documents and readable views it works on are in state/blueprint_doc.py.

* ``BlueprintMixin`` holds the rows, every editing handler and the draft / save / publish / diff
  calls; the page state names its GraphQL documents (``BP_API``, a ``BlueprintApi``), its owner
  (``_bp_owner_id``), how it reloads (``_bp_reload``) and the target options (``_bp_set_targets``).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

import reflex as rx

# the routing and execution states and components/blueprint.py import these from here
from .blueprint_doc import (CARD_BRANDS, CONDITION_LABELS, CONDITION_TYPES, Cond, DiffView,  # noqa: F401
                            Problem, Rule, RuleView, TargetOpt, VersionRow, apply_problems, clear_errors,
                            diff_documents, diff_view, doc_from_rows, doc_views, fmt_bps, fmt_int, fmt_money,
                            fmt_window, new_key, rules_from_doc, version_rows)


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
        """After a draft was started (``event`` "draft") or published ("publish"): reload the page
        (``_fetch``, as DetailPageMixin's page states define it)."""
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
        rule = Rule(key=new_key(), id=rid, name=f"Rule {len(self.bp_rules) + 1}", match="all",
                    conditions=[Cond(key=new_key(), type="amount_range")], targets=[])
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
        rules[i] = replace(rule, conditions=[*rule.conditions, Cond(key=new_key(), type=ctype)], err="")
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

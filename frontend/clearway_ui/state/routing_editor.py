"""State of /routing/[pm_id]: one payment method, its first-level blueprint editor, history and preview.

The rule editor itself (rows, save, publish, diff) is ``BlueprintMixin``; this state supplies the
payment-method mutations, the MASTER MID GROUPs the rules can target, and the routing preview.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import reflex as rx

from ..gql import routing as R
from .base import AuthState
from .blueprint import CARD_BRANDS, BlueprintMixin, TargetOpt, fmt_bps, fmt_int, fmt_money
from .mixins import ConfirmMixin, FormMixin
from .routing import TYPE_ICONS, TYPE_LABELS


# ---------------------------------------------------------------------------------------------
# the decision trace, as the preview panel shows it
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------


class RoutingEditorState(AuthState, BlueprintMixin, ConfirmMixin, FormMixin):
    pm_id: str = ""
    pm_loaded: bool = False
    not_found: bool = False
    load_error: str = ""
    tab: str = "editor"
    pm_name: str = ""
    pm_type: str = ""
    pm_merchant: str = ""
    pm_brand: str = ""
    pm_currencies: list[str] = []
    pm_min: int = 0
    pm_max: int = 0
    pm_enabled: bool = True
    # edit dialog
    e_enabled: bool = True
    _targets_hidden: bool = False

    # preview form
    p_amount: str = "10000"
    p_currency: str = ""
    p_country: str = ""
    p_bin: str = ""
    p_brand: str = ""
    p_segment: str = ""
    p_ref: str = ""
    p_meta: str = ""
    p_time: str = ""
    p_use_draft: bool = True
    p_busy: bool = False
    p_error: str = ""
    p_field_errors: dict[str, str] = {}
    trace: TraceView = TraceView()

    # ---- permissions --------------------------------------------------------------------------
    @rx.var
    def can_edit(self) -> bool:
        return "routing.edit" in self.permissions

    @rx.var
    def can_publish(self) -> bool:
        return "routing.publish" in self.permissions

    @rx.var
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.pm_type, self.pm_type.title())

    @rx.var
    def type_icon(self) -> str:
        return TYPE_ICONS.get(self.pm_type, "wallet")

    @rx.var
    def limits_label(self) -> str:
        return f"{fmt_int(self.pm_min)} – {fmt_int(self.pm_max)} minor units"

    @rx.var
    def card_brands(self) -> list[str]:
        return CARD_BRANDS

    # ---- loading --------------------------------------------------------------------------------
    def _route_id(self) -> str:
        parts = [p for p in (self.router.url.path or "").split("/") if p]
        return parts[1] if len(parts) >= 2 and parts[0] == "routing" else ""

    async def _fetch(self):
        res = await self._gql(R.PAYMENT_METHOD_EDITOR, {"id": self.pm_id})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        pm = res.get("paymentMethod")
        if pm is None:
            if res.transport_error or res.forbidden or (res.errors and res.data is None):
                self.load_error = res.first_error() or "Could not load the payment method."
            else:
                self.not_found = True  # unknown, or outside the merchants the caller reaches
            return None
        self.not_found = False
        self.load_error = ""
        lookups = await self._gql(R.ROUTING_MERCHANTS)
        merchants = {str(m["id"]): m for m in lookups.get("merchants") or []}
        merchant = merchants.get(str(pm.get("merchantId"))) or {}
        brand = next((b for b in merchant.get("brands") or [] if str(b["id"]) == str(pm.get("brandId"))), {})
        self.pm_name = pm.get("name") or ""
        self.pm_type = str(pm.get("type") or "")
        self.pm_merchant = merchant.get("name") or "—"
        self.pm_brand = brand.get("name") or "—"
        self.pm_currencies = list(pm.get("currencies") or [])
        self.pm_min = int(pm.get("minAmount") or 0)
        self.pm_max = int(pm.get("maxAmount") or 0)
        self.pm_enabled = bool(pm.get("enabled"))
        groups = await self._gql(R.ROUTING_TARGETS)
        self._targets_hidden = groups.get("masterMidGroups") is None
        targets = []
        for g in groups.get("masterMidGroups") or []:
            mids = g.get("masterMids") or []
            enabled = sum(1 for m in mids if m.get("enabled"))
            note = f"{len(mids)} MASTER MID{'s' if len(mids) != 1 else ''}"
            if enabled < len(mids):
                note += f", {enabled} enabled"
            targets.append(TargetOpt(id=str(g["id"]), label=g.get("name") or "", note=note, ok=enabled > 0))
        self.bp_targets = targets
        self.bp_target_names = {t.id: t.label for t in targets}
        self._bp_load_versions(pm.get("versions") or [])
        if not self.p_currency or self.p_currency not in self.pm_currencies:
            self.p_currency = self.pm_currencies[0] if self.pm_currencies else ""
        return None

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        pm_id = self._route_id()
        if pm_id != self.pm_id:
            # another payment method: never show the previous one's rules or trace
            self.pm_id = pm_id
            self.pm_loaded = False
            self.not_found = False
            self.tab = "editor"
            self.trace = TraceView()
            self.p_error = ""
            self.p_field_errors = {}
            self.bp_diff_from = self.bp_diff_to = ""
        yield
        redirect = await self._fetch()
        self.pm_loaded = True
        self.p_use_draft = self.bp_has_draft
        if redirect is not None:
            yield redirect

    @rx.event
    def set_tab(self, value: str):
        self.tab = value

    # ---- BlueprintMixin hooks ---------------------------------------------------------------------
    def _bp_unknown_target(self, target_id: str) -> str:
        if self._targets_hidden:  # the caller may read this routing, not the execution layer
            return f"MASTER MID GROUP …{target_id[-6:]}"
        return f"Unknown target {target_id}"

    async def _bp_create_draft(self) -> dict | None:
        res = await self._gql(R.ROUTING_DRAFT, {"paymentMethodId": self.pm_id})
        result = res.get("routingDraft") or {}
        if result.get("__typename") != "BlueprintPayload":
            self.bp_error = result.get("message") or res.first_error() or "Could not start a draft."
            return None
        await self._fetch()
        self.p_use_draft = True
        return result.get("blueprint")

    async def _bp_save(self, draft_id: str, document: dict):
        res = await self._gql(R.UPDATE_ROUTING_DRAFT, {"id": draft_id, "document": document})
        if (redirect := self._auth_redirect(res)) is not None:
            return None, redirect
        result = res.get("updateRoutingDraft")
        if not result:
            self.bp_error = ("You don't have permission to edit this routing." if res.forbidden
                             else res.first_error() or "The draft was not saved.")
            return None, None
        return result, None

    async def _bp_publish(self, draft_id: str):
        res = await self._gql(R.PUBLISH_ROUTING, {"id": draft_id})
        if (redirect := self._auth_redirect(res)) is not None:
            return None, redirect
        result = res.get("publishRouting")
        if not result:
            self.bp_error = ("You don't have permission to publish routing." if res.forbidden
                             else res.first_error() or "The draft was not published.")
            return None, None
        if result.get("__typename") == "BlueprintPayload":
            published = result.get("blueprint") or {}
            await self._fetch()
            self.p_use_draft = False
            if self.trace.ready:
                self.trace = TraceView()
            self.bp_diff_to = str(published.get("id") or self.bp_diff_to)
        return result, None

    async def _bp_diff(self, from_id: str, to_id: str) -> dict | None:
        res = await self._gql(R.BLUEPRINT_DIFF, {"fromId": from_id, "toId": to_id})
        diff = res.get("blueprintDiff")
        return diff if isinstance(diff, dict) else None

    # ---- delete rule (confirmed) ------------------------------------------------------------------
    @rx.event
    def ask_delete_rule(self, key: str):
        rule = next((r for r in self.bp_rules if r.key == key), None)
        if rule is None:
            return
        self._ask("delete_rule", key, f"Delete rule “{rule.name or rule.id}”?",
                  "The rule leaves the draft. Nothing changes for live traffic until you publish.", "Delete rule")

    async def _on_confirm(self, action: str, target: str):
        if action == "delete_rule":
            self._bp_delete_rule(target)
        return None

    # ---- edit the payment method ----------------------------------------------------------------------
    @rx.event
    def open_edit(self):
        self._reset_form()
        self.e_enabled = self.pm_enabled
        self.form_open = True

    @rx.event
    def set_e_enabled(self, value: bool):
        self.e_enabled = bool(value)

    @rx.event
    async def save_method(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        payload: dict[str, Any] = {"name": str(form.get("name") or "").strip(), "enabled": self.e_enabled,
                                   "currencies": [c.upper() for c in re.split(r"[,\s]+", str(form.get("currencies") or ""))
                                                  if c.strip()]}
        errors = {}
        for key in ("minAmount", "maxAmount"):
            text = str(form.get(key) or "").strip().replace(",", "")
            try:
                payload[key] = int(text)
            except ValueError:
                errors[key] = "A whole number of minor units."
        if errors:
            self.field_errors = errors
            self.form_busy = False
            return
        res = await self._gql(R.UPDATE_PAYMENT_METHOD, {"id": self.pm_id, "input": payload})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = res.get("updatePaymentMethod")
        if not result:
            self.form_error = ("You don't have permission to edit this payment method." if res.forbidden
                               else res.first_error() or "The payment method was not saved.")
            return
        if result.get("__typename") == "PaymentMethodPayload":
            self.form_open = False
            await self._fetch()
            yield rx.toast.success("Payment method saved")
            return
        self._apply_result_errors(result, "The payment method was not saved.",
                                  {"name", "currencies", "minAmount", "maxAmount", "enabled"})

    # ---- preview ------------------------------------------------------------------------------------------
    @rx.event
    def set_p(self, name: str, value: str):
        if name in {"p_amount", "p_currency", "p_country", "p_bin", "p_brand", "p_segment", "p_ref", "p_meta", "p_time"}:
            if name == "p_brand" and value == "none":
                value = ""
            setattr(self, name, value)
            if name in self.p_field_errors:
                self.p_field_errors = {k: v for k, v in self.p_field_errors.items() if k != name}

    @rx.event
    def set_p_use_draft(self, value: bool):
        self.p_use_draft = bool(value)

    @rx.event
    def preview_preset(self, preset: str):
        """Quick samples that exercise the demo rules."""
        cur = self.pm_currencies[0] if self.pm_currencies else "EUR"
        base = dict(p_country="", p_bin="", p_brand="", p_segment="", p_ref="", p_meta="", p_time="")
        presets = {
            "small": {**base, "p_amount": "2500", "p_currency": cur},
            "large": {**base, "p_amount": "75000", "p_currency": cur},
            "vip": {**base, "p_amount": "10000", "p_currency": cur, "p_segment": "vip"},
            "visa": {**base, "p_amount": "10000", "p_currency": cur, "p_country": "DE", "p_brand": "visa",
                     "p_bin": "424242"},
        }
        for k, v in presets.get(preset, {}).items():
            setattr(self, k, v)
        self.p_field_errors = {}

    def _sample(self) -> dict[str, Any] | None:
        errors: dict[str, str] = {}
        sample: dict[str, Any] = {}
        try:
            sample["amount"] = int(self.p_amount.strip().replace(",", "").replace("_", ""))
            if sample["amount"] < 0:
                raise ValueError
        except ValueError:
            errors["p_amount"] = "A whole number of minor units, e.g. 10000."
        cur = self.p_currency.strip().upper()
        if not cur:
            errors["p_currency"] = "Choose a currency."
        sample["currency"] = cur
        for key, attr in (("country", "p_country"), ("cardBin", "p_bin"), ("cardBrand", "p_brand"),
                          ("customerSegment", "p_segment"), ("userReference", "p_ref")):
            value = str(getattr(self, attr) or "").strip()
            if value:
                sample[key] = value.upper() if key == "country" else value
        meta: dict[str, str] = {}
        for part in re.split(r"[,\n;]+", self.p_meta or ""):
            if not part.strip():
                continue
            if "=" not in part:
                errors["p_meta"] = "Write metadata as key=value pairs, separated by commas."
                break
            k, v = part.split("=", 1)
            meta[k.strip()] = v.strip()
        if meta:
            sample["metadata"] = meta
        if self.p_time.strip():
            m = re.match(r"^([01]\d|2[0-3]):([0-5]\d)$", self.p_time.strip())
            if not m:
                errors["p_time"] = "Use HH:MM (UTC)."
            else:
                now = datetime.now(timezone.utc)
                sample["at"] = now.replace(hour=int(m.group(1)), minute=int(m.group(2)), second=0,
                                           microsecond=0).isoformat()
        self.p_field_errors = errors
        return None if errors else sample

    @rx.event
    async def run_preview(self):
        self.p_error = ""
        sample = self._sample()
        if sample is None:
            return
        use_draft = self.p_use_draft and self.bp_has_draft
        if use_draft and self.bp_dirty and self.can_edit:
            # preview what is on screen: unsaved edits are saved to the draft first
            self.p_busy = True
            yield
            if not await self._bp_save_now():
                self.p_busy = False
                self.p_error = "Fix the draft's problems before previewing it."
                return
        self.p_busy = True
        yield
        res = await self._gql(R.ROUTING_PREVIEW, {"paymentMethodId": self.pm_id, "sample": sample, "useDraft": use_draft})
        self.p_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        trace = res.get("routingPreview")
        if not isinstance(trace, dict):
            self.trace = TraceView()
            self.p_error = res.first_error() or "The preview failed."
            return
        self.trace = trace_view(trace, use_draft)

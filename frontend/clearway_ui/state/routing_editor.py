"""State of /routing/[pm_id]: one payment method, its first-level blueprint editor, history and preview.

The rule editor itself (rows, save, publish, diff) is ``BlueprintMixin``; this state names the
payment-method mutations, the MASTER MID GROUPs the rules can target, and runs the routing preview
(its decision trace: state/routing_trace.py).
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, ClassVar

import reflex as rx

from ..gql import routing as R
from .base import AuthState
from .blueprint import CARD_BRANDS, BlueprintApi, BlueprintMixin, TargetOpt, fmt_int
from .detail import DetailPageMixin
from .mixins import ConfirmMixin, FormMixin
from .routing import TYPE_ICONS, TYPE_LABELS
from .routing_trace import TraceView, trace_view

__all__ = ["RoutingEditorState", "TraceView", "trace_view"]  # state/transaction.py reads the trace from here

ROUTING_API = BlueprintApi(
    owner_var="paymentMethodId",
    draft=R.ROUTING_DRAFT, draft_root="routingDraft",
    save=R.UPDATE_ROUTING_DRAFT, save_root="updateRoutingDraft",
    publish=R.PUBLISH_ROUTING, publish_root="publishRouting",
    forbidden_save="You don't have permission to edit this routing.",
    forbidden_publish="You don't have permission to publish routing.",
    diff=R.BLUEPRINT_DIFF,
)


class RoutingEditorState(AuthState, DetailPageMixin, BlueprintMixin, ConfirmMixin, FormMixin):
    SECTION: ClassVar[str] = "routing"
    FIRST_TAB: ClassVar[str] = "editor"
    BP_API: ClassVar[BlueprintApi] = ROUTING_API

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

    # ---- loading (DetailPageMixin hooks) --------------------------------------------------------
    async def _fetch(self):
        res = await self._gql(R.PAYMENT_METHOD_EDITOR, {"id": self.page_id})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        pm = res.get("paymentMethod")
        if pm is None:
            self._not_loaded(res, "Could not load the payment method.")
            return None
        self._loaded_ok()
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
        self._bp_set_targets(targets)
        self._bp_load_versions(pm.get("versions") or [])
        if not self.p_currency or self.p_currency not in self.pm_currencies:
            self.p_currency = self.pm_currencies[0] if self.pm_currencies else ""
        return None

    def _forget_object(self) -> None:
        # another payment method: never show the previous one's rules or trace
        self.trace = TraceView()
        self.p_error = ""
        self.p_field_errors = {}
        self.bp_diff_from = self.bp_diff_to = ""

    def _after_load(self) -> None:
        self.p_use_draft = self.bp_has_draft

    # ---- BlueprintMixin hooks ---------------------------------------------------------------------
    def _bp_owner_id(self) -> str:
        return self.page_id

    def _bp_unknown_target(self, target_id: str) -> str:
        if self._targets_hidden:  # the caller may read this routing, not the execution layer
            return f"MASTER MID GROUP …{target_id[-6:]}"
        return f"Unknown target {target_id}"

    async def _bp_reload(self, event: str, blueprint: dict[str, Any]) -> None:
        await self._fetch()
        self.p_use_draft = event == "draft"
        if event == "publish":
            if self.trace.ready:
                self.trace = TraceView()
            self.bp_diff_to = str(blueprint.get("id") or self.bp_diff_to)

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
        res = await self._gql(R.UPDATE_PAYMENT_METHOD, {"id": self.page_id, "input": payload})
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
        res = await self._gql(R.ROUTING_PREVIEW, {"paymentMethodId": self.page_id, "sample": sample,
                                                   "useDraft": use_draft})
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

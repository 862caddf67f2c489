"""State of /routing: the payment methods of every merchant the caller reaches, and "New payment method"."""
from __future__ import annotations

import re
from typing import Any

import reflex as rx

from ..gql import routing as R
from .base import AuthState
from .blueprint import fmt_int
from .mixins import FormMixin, TableMixin
from .util import fmt_dt

METHOD_TYPES: list[tuple[str, str]] = [
    ("CARD", "Card"),
    ("VIRTUAL_ACCOUNT", "Virtual account"),
    ("EWALLET", "E-wallet"),
    ("QR", "QR"),
]
TYPE_LABELS = dict(METHOD_TYPES)
TYPE_ICONS = {"CARD": "credit-card", "VIRTUAL_ACCOUNT": "landmark", "EWALLET": "wallet", "QR": "qr-code"}


def method_row(pm: dict[str, Any], merchants: dict[str, str], brands: dict[str, str]) -> dict[str, Any]:
    published = pm.get("published") or {}
    draft = pm.get("draft") or {}
    mtype = str(pm.get("type") or "")
    return {
        "id": str(pm.get("id") or ""),
        "name": pm.get("name") or "",
        "merchant": merchants.get(str(pm.get("merchantId")), "—"),
        "brand": brands.get(str(pm.get("brandId")), "—"),
        "type": mtype,
        "type_label": TYPE_LABELS.get(mtype, mtype.title()),
        "type_icon": TYPE_ICONS.get(mtype, "wallet"),
        "currencies": list(pm.get("currencies") or []),
        "currencies_text": " ".join(pm.get("currencies") or []),
        "min": int(pm.get("minAmount") or 0),
        "limits": f"{fmt_int(pm.get('minAmount'))} – {fmt_int(pm.get('maxAmount'))}",
        "enabled": bool(pm.get("enabled")),
        "published": int(published.get("version") or 0),
        "published_label": f"v{published.get('version')}" if published else "",
        "published_at": fmt_dt(published.get("publishedAt"))[:10] if published else "",
        "draft": int(draft.get("version") or 0),
        "draft_label": f"Draft v{draft.get('version')}" if draft else "",
    }


class RoutingListState(AuthState, TableMixin, FormMixin):
    """``/routing?merchant=<id>`` shows one merchant's payment methods (a link target for its page)."""

    merchant_filter: str = ""
    merchant_filter_name: str = ""
    brand_choices: list[dict[str, str]] = []
    n_brand_id: str = ""
    n_type: str = "CARD"
    n_enabled: bool = True

    @rx.var
    def can_routing_edit(self) -> bool:
        return "routing.edit" in self.permissions

    @rx.var
    def stats(self) -> dict[str, int]:
        rows = self._rows
        return {
            "methods": len(rows),
            "published": sum(1 for r in rows if r["published"]),
            "drafts": sum(1 for r in rows if r["draft"]),
            "unpublished": sum(1 for r in rows if not r["published"]),
        }

    async def _fetch(self):
        res = await self._gql(R.PAYMENT_METHODS, {"merchantId": self.merchant_filter or None})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        methods = res.get("paymentMethods")
        if methods is None:
            if res.forbidden:
                self.forbidden = True
            else:
                self.error = res.first_error() or "Could not load payment methods."
            self._rows = []
            return None
        lookups = await self._gql(R.ROUTING_MERCHANTS)
        merchants: dict[str, str] = {}
        brands: dict[str, str] = {}
        choices: list[dict[str, str]] = []
        for m in lookups.get("merchants") or []:
            merchants[str(m["id"])] = m.get("name") or ""
            for b in m.get("brands") or []:
                brands[str(b["id"])] = b.get("name") or ""
                choices.append({"id": str(b["id"]), "label": f"{m.get('name')} · {b.get('name')}",
                                "merchant": str(m["id"])})
        self.brand_choices = sorted(choices, key=lambda c: c["label"].lower())
        self.merchant_filter_name = merchants.get(self.merchant_filter, "") if self.merchant_filter else ""
        self.forbidden = False
        self.error = ""
        self._rows = [method_row(pm, merchants, brands) for pm in methods]
        return None

    @rx.event
    async def load(self):
        self.error = ""
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        if not self.sort_key:
            self.sort_key = "merchant"
        merchant = str(self.router.url.query_parameters.get("merchant") or "")
        if merchant != self.merchant_filter:
            self.merchant_filter = merchant
            self.merchant_filter_name = ""
            self._rows = []
            self.loaded = False
            self.page = 0
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        self.loaded = True
        if redirect is not None:
            yield redirect

    # ---- new payment method ------------------------------------------------------------------
    @rx.event
    def open_create(self):
        self._reset_form()
        mine = [c for c in self.brand_choices if not self.merchant_filter or c["merchant"] == self.merchant_filter]
        self.n_brand_id = mine[0]["id"] if len(mine) == 1 else ""
        self.n_type = "CARD"
        self.n_enabled = True
        self.form_open = True

    @rx.event
    def set_n_brand_id(self, value: str):
        self.n_brand_id = value
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != "brandId"}

    @rx.event
    def set_n_type(self, value: str):
        self.n_type = value

    @rx.event
    def set_n_enabled(self, value: bool):
        self.n_enabled = bool(value)

    @staticmethod
    def _amount(raw: Any, default: int) -> Any:
        text = str(raw or "").strip().replace(",", "").replace("_", "")
        if not text:
            return default
        try:
            return int(text)
        except ValueError:
            return None

    @rx.event
    async def create_method(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        errors: dict[str, str] = {}
        min_amount = self._amount(form.get("minAmount"), 1)
        max_amount = self._amount(form.get("maxAmount"), 100_000_000)
        if min_amount is None:
            errors["minAmount"] = "A whole number of minor units, e.g. 100."
        if max_amount is None:
            errors["maxAmount"] = "A whole number of minor units, e.g. 100000000."
        if errors:
            # GraphQL refuses non-integers for Int arguments before the API can explain
            if not self.n_brand_id:
                errors["brandId"] = "Choose the brand this payment method belongs to."
            self.field_errors = errors
            self.form_busy = False
            return
        currencies = [c.upper() for c in re.split(r"[,\s]+", str(form.get("currencies") or "")) if c.strip()]
        payload = {
            "name": str(form.get("name") or "").strip(),
            "type": self.n_type,
            "currencies": currencies,
            "minAmount": min_amount,
            "maxAmount": max_amount,
            "enabled": self.n_enabled,
        }
        res = await self._gql(R.CREATE_PAYMENT_METHOD, {"brandId": self.n_brand_id, "input": payload})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        if res.forbidden:
            self.form_error = "You don't have permission to create payment methods for this merchant."
            return
        result = res.get("createPaymentMethod")
        if not result:
            self.form_error = res.first_error() or "The payment method was not created."
            return
        if result.get("__typename") == "PaymentMethodPayload":
            pm = result.get("paymentMethod") or {}
            self.form_open = False
            yield rx.toast.success(f"Payment method {pm.get('name')} created: add its routing rules")
            yield rx.redirect(f"/routing/{pm.get('id')}")
            return
        if result.get("__typename") == "NotFoundError":
            # the API checks the fields first: a missing brand is the only problem left
            self.field_errors = {"brandId": "Choose the brand this payment method belongs to." if not self.n_brand_id
                                 else "This brand no longer exists."}
            return
        self._apply_result_errors(result, "The payment method was not created.",
                                  {"name", "type", "currencies", "minAmount", "maxAmount", "brandId"})
        if not self.n_brand_id:
            self.field_errors = {**self.field_errors, "brandId": "Choose the brand this payment method belongs to."}

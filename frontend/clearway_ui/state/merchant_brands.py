"""Brands tab of /merchants/[merchant_key]."""
from __future__ import annotations

import re
from typing import Any

import reflex as rx

from ..gql import queries as Q
from .merchant import MerchantState
from .mixins import FormMixin, TableMixin
from .util import fmt_dt

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOR = "#4f46e5"
SWATCHES = ["#4f46e5", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#ec4899", "#8b5cf6", "#0f172a"]


def brand_row(b: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(b.get("id") or ""),
        "name": b.get("name") or "",
        "initial": (b.get("name") or "?")[:1].upper(),
        "color": b.get("color") or DEFAULT_COLOR,
        "logo_url": b.get("logoUrl") or "",
        "currency": b.get("defaultCurrency") or "",
        "created": b.get("createdAt") or "",
        "created_label": fmt_dt(b.get("createdAt"))[:10],
    }


class BrandsState(MerchantState, TableMixin, FormMixin):
    editing_id: str = ""
    b_name: str = ""
    b_currency: str = "EUR"
    b_color: str = DEFAULT_COLOR
    b_logo: str = ""

    @rx.var
    def preview_color(self) -> str:
        return self.b_color if HEX.match(self.b_color or "") else DEFAULT_COLOR

    @rx.var
    def preview_name(self) -> str:
        return self.b_name.strip() or "Brand name"

    @rx.var
    def preview_initial(self) -> str:
        return (self.b_name.strip() or "B")[:1].upper()

    @rx.var
    def preview_currency(self) -> str:
        return (self.b_currency or "").strip().upper() or "—"

    @rx.var
    def show_logo(self) -> bool:
        return bool(self.b_logo.strip())

    async def _fetch(self):
        res = await self._gql(Q.MERCHANT_BRANDS, {"id": self.mid})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        merchant = res.get("merchant")
        if merchant is None:
            self.error = res.first_error() or "Could not load brands."
            self._rows = []
            return None
        self.error = ""
        self._rows = [brand_row(b) for b in merchant.get("brands") or []]
        return None

    @rx.event
    async def load_tab(self):
        if self.tab != "brands" or not self.mid:
            return
        if not self.sort_key:
            self.sort_key = "name"
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        self.loaded = True
        if redirect is not None:
            yield redirect

    # ---- create / edit dialog -----------------------------------------------------------------
    @rx.event
    def open_create(self):
        self._reset_form()
        self.editing_id = ""
        self.b_name, self.b_currency, self.b_color, self.b_logo = "", "EUR", DEFAULT_COLOR, ""
        self.form_open = True

    @rx.event
    def open_edit(self, brand_id: str):
        row = next((r for r in self._rows if r["id"] == brand_id), None)
        if row is None:
            return
        self._reset_form()
        self.editing_id = brand_id
        self.b_name, self.b_currency, self.b_color, self.b_logo = row["name"], row["currency"], row["color"], row["logo_url"]
        self.form_open = True

    @rx.event
    def set_b_name(self, value: str):
        self.b_name = value

    @rx.event
    def set_b_currency(self, value: str):
        self.b_currency = value.upper()[:3]

    @rx.event
    def set_b_color(self, value: str):
        self.b_color = value.strip()

    @rx.event
    def pick_color(self, value: str):
        self.b_color = value
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != "color"}

    @rx.event
    def set_b_logo(self, value: str):
        self.b_logo = value

    @rx.event
    async def save(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        payload = {
            "name": self.b_name.strip(),
            "defaultCurrency": self.b_currency.strip().upper(),
            "color": self.b_color.strip(),
            "logoUrl": self.b_logo.strip() or None,
        }
        if self.editing_id:
            if payload["logoUrl"] is None:
                payload["logoUrl"] = ""  # clears the logo (null would mean "no change")
            res = await self._gql(Q.UPDATE_BRAND, {"id": self.editing_id, "input": payload})
            root = "updateBrand"
        else:
            res = await self._gql(Q.CREATE_BRAND, {"merchantId": self.mid, "input": payload})
            root = "createBrand"
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        if res.forbidden:
            self.form_error = "You don't have permission to manage brands."
            return
        result = res.get(root)
        if not result:
            self.form_error = res.first_error() or "The brand was not saved."
            return
        if result.get("__typename") == "BrandPayload":
            self.form_open = False
            yield rx.toast.success(f"Brand {payload['name']} {'saved' if self.editing_id else 'created'}")
            redirect = await self._fetch()
            if redirect is None:
                redirect = await self._fetch_core()  # readiness: "Create brand" may just have been done
            if redirect is not None:
                yield redirect
            return
        self._apply_result_errors(result, "The brand was not saved.", {"name", "defaultCurrency", "color", "logoUrl"})

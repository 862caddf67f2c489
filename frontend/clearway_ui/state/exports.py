"""State of /exports: the new-export form (kind + transaction filter), the history table, and following running
exports (re-read every second while any is queued or running, so the progress bars move)."""
from __future__ import annotations

import asyncio
import time
from typing import Any

import reflex as rx

from ..gql import exports as X
from .base import AuthState
from .export_common import download_link, export_row, start_download
from .mixins import FormMixin, TableMixin
from .money import to_minor

FOLLOW_SECONDS = 1.0
FOLLOW_MAX_SECONDS = 60 * 60
HISTORY_SIZE = 100
KINDS = [("TRANSACTIONS_CSV", "Transactions (CSV)"), ("TRANSACTIONS_XLSX", "Transactions (XLSX)"),
         ("WEBHOOK_LOG", "Webhook log report (CSV)"), ("COMPLIANCE_BUNDLE", "Compliance bundle (signed ZIP)")]
STATUSES = [("ALL", "Any status"), ("PENDING", "Pending"), ("SETTLEMENT", "Settlement"), ("FAILED", "Failed"),
            ("EXPIRED", "Expired"), ("CANCELLED", "Cancelled"), ("REFUNDED", "Refunded"),
            ("PARTIALLY_REFUNDED", "Partially refunded")]
FIELDS = {"merchantIds", "statuses", "createdFrom", "createdTo", "amountMin", "amountMax", "currency", "userReference",
          "search", "kind"}


class ExportsState(AuthState, TableMixin, FormMixin):
    kind: str = "TRANSACTIONS_CSV"
    merchant_id: str = "ALL"
    status: str = "ALL"
    currency: str = ""
    created_from: str = ""
    created_to: str = ""
    amount_min: str = ""
    amount_max: str = ""
    user_reference: str = ""
    search: str = ""
    merchants: list[dict[str, str]] = []
    following: bool = False
    downloading: str = ""
    _follow_gen: int = 0

    @rx.var
    def any_running(self) -> bool:
        return any(r["running"] for r in self._rows)

    async def _fetch(self) -> Any:
        res = await self._gql(X.EXPORTS, {"first": HISTORY_SIZE})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        conn = (res.data or {}).get("exports")
        if conn is None:
            self.forbidden = res.forbidden
            self.error = "" if res.forbidden else res.first_error() or "Could not load exports."
            self._rows = []
            return None
        self.forbidden = False
        self._rows = [export_row(e["node"]) for e in conn.get("edges") or []]
        return None

    @rx.event
    async def load(self):
        self.error = ""
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        self.sort_key, self.sort_desc = "created", True
        self.loading = True
        yield
        res = await self._gql(X.EXPORT_MERCHANTS)
        self.merchants = [{"id": "ALL", "label": "All merchants"}] + [
            {"id": m["id"], "label": m["name"]} for m in (res.data or {}).get("merchants") or []]
        redirect = await self._fetch()
        self.loading, self.loaded = False, True
        if redirect is not None:
            yield redirect
            return
        if self.any_running:
            yield ExportsState.follow

    def _filter(self) -> tuple[dict[str, Any], dict[str, str]]:
        f: dict[str, Any] = {}
        errors: dict[str, str] = {}
        if self.merchant_id != "ALL":
            f["merchantIds"] = [self.merchant_id]
        if self.status != "ALL":
            f["statuses"] = [self.status]
        currency = self.currency.strip().upper()
        if currency:
            f["currency"] = currency
        for name, value in (("createdFrom", self.created_from), ("createdTo", self.created_to)):
            if value.strip():
                f[name] = value.strip() + ("T00:00:00Z" if name == "createdFrom" else "T23:59:59Z")
        for name, value in (("amountMin", self.amount_min), ("amountMax", self.amount_max)):
            if value.strip():
                minor, problem = to_minor(value, currency or "EUR")
                if minor is None:
                    errors[name] = problem
                else:
                    f[name] = minor
        for name, value in (("userReference", self.user_reference), ("search", self.search)):
            if value.strip():
                f[name] = value.strip()
        return f, errors

    @rx.event
    async def create(self):
        self._reset_form()
        criteria, errors = self._filter()
        if errors:
            self.field_errors = errors
            return
        self.form_busy = True
        yield
        res = await self._gql(X.CREATE_EXPORT, {"input": {"kind": self.kind, "filter": criteria}})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = (res.data or {}).get("createExport")
        if not result or result.get("__typename") != "ExportPayload":
            if res.forbidden:
                self.form_error = "You may not create exports."
            else:
                self._apply_result_errors(result, res.first_error() or "Could not create the export.", FIELDS)
            return
        row = export_row(result["export"])
        self._rows = [row] + [r for r in self._rows if r["id"] != row["id"]]
        yield rx.toast.success(f"{row['kind_label']} queued")
        yield ExportsState.follow

    @rx.event(background=True)
    async def follow(self):
        """Re-read the history every second while an export is queued or running (and the page is open)."""
        async with self:
            self._follow_gen += 1
            gen = self._follow_gen
            self.following = True
        started = time.monotonic()
        while time.monotonic() - started < FOLLOW_MAX_SECONDS:
            await asyncio.sleep(FOLLOW_SECONDS)
            async with self:
                if gen != self._follow_gen or not (self.router.url.path or "").startswith("/exports"):
                    return
                await self._fetch()
                if not self.any_running:
                    break
        async with self:
            if gen == self._follow_gen:
                self.following = False

    @rx.event
    async def download(self, export_id: str):
        self.downloading = export_id
        yield
        url, error = await download_link(self, export_id)
        self.downloading = ""
        if error:
            yield rx.toast.error(error)
            return
        yield start_download(url)

    @rx.event
    def clear_filters(self):
        self.merchant_id = self.status = "ALL"
        self.currency = self.created_from = self.created_to = self.amount_min = self.amount_max = ""
        self.user_reference = self.search = ""
        self.field_errors = {}
        self.form_error = ""

    @rx.event
    def set_kind(self, value: str):
        self.kind = value

    @rx.event
    def set_merchant_id(self, value: str):
        self.merchant_id = value

    @rx.event
    def set_status(self, value: str):
        self.status = value

    @rx.event
    def set_field(self, name: str, value: str):
        if name in ("currency", "created_from", "created_to", "amount_min", "amount_max", "user_reference", "search"):
            setattr(self, name, value)

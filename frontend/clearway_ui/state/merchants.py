"""State of /merchants: the merchants the caller reaches, with readiness, and the two "new" dialogs."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .base import AuthState
from .lookups import group_options
from .mixins import FormMixin, TableMixin
from .util import fmt_dt

NO_GROUP = "__none__"


def merchant_row(m: dict[str, Any]) -> dict[str, Any]:
    steps = m.get("readiness") or []
    done = sum(1 for s in steps if s.get("done"))
    total = len(steps)
    group = m.get("merchantGroup") or {}
    return {
        "id": str(m.get("id") or ""),
        "name": m.get("name") or "",
        "status": str(m.get("status") or ""),
        "active": str(m.get("status") or "") == "ACTIVE",
        "group": group.get("name") or "",
        "brands": len(m.get("brands") or []),
        "ready_done": done,
        "ready_total": total,
        "ready_label": f"{done}/{total}",
        "ready_pct": int(round(100 * done / total)) if total else 0,
        "created": m.get("createdAt") or "",
        "created_label": fmt_dt(m.get("createdAt"))[:10],
    }


class MerchantsState(AuthState, TableMixin, FormMixin):
    search: str = ""
    groups: list[dict[str, str]] = []
    new_group_id: str = NO_GROUP

    @rx.var
    def can_merchants_manage(self) -> bool:
        return "merchants.manage" in self.permissions

    @rx.var
    def group_choices(self) -> list[dict[str, str]]:
        return [{"id": NO_GROUP, "label": "No group"}, *self.groups]

    async def _fetch(self):
        res = await self._gql(Q.MERCHANTS, {"search": self.search.strip() or None})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        merchants = res.get("merchants")
        if merchants is None:
            if res.forbidden:
                self.forbidden = True
            else:
                self.error = res.first_error() or "Could not load merchants."
            self._rows = []
            return None
        self.forbidden = False
        self.error = ""
        self._rows = [merchant_row(m) for m in merchants]
        return None

    async def _fetch_groups(self) -> None:
        res = await self._gql(Q.MERCHANT_GROUPS)
        if res.data and res.data.get("merchantGroups") is not None:
            self.groups = group_options(res.data)

    @rx.event
    async def load(self):
        self.error = ""
        if not await self._ensure_me():
            yield rx.redirect("/login")
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
            return
        if self.can_merchants_manage:
            await self._fetch_groups()

    @rx.event
    async def reload(self):
        """After a group or merchant was created elsewhere on the page."""
        await self._fetch_groups()
        redirect = await self._fetch()
        if redirect is not None:
            yield redirect

    @rx.event
    async def set_search(self, value: str):
        self.search = value
        self.page = 0
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        if redirect is not None:
            yield redirect

    # ---- new merchant ---------------------------------------------------------------------------
    @rx.event
    def open_create(self):
        self._reset_form()
        self.new_group_id = NO_GROUP
        self.form_open = True

    @rx.event
    def set_new_group_id(self, value: str):
        self.new_group_id = value

    @rx.event
    async def create_merchant(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        group = None if self.new_group_id in ("", NO_GROUP) else self.new_group_id
        res = await self._gql(Q.CREATE_MERCHANT, {"name": str(form.get("name") or "").strip(), "merchantGroupId": group})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        if res.forbidden:
            self.form_error = "You don't have permission to create merchants."
            return
        result = res.get("createMerchant")
        if not result:
            self.form_error = res.first_error() or "The merchant was not created."
            return
        if result.get("__typename") == "MerchantPayload":
            merchant = result.get("merchant") or {}
            self.form_open = False
            yield rx.toast.success(f"Merchant {merchant.get('name')} created")
            # straight to its page: the readiness checklist shows what is left to do
            yield rx.redirect(f"/merchants/{merchant.get('id')}")
            return
        if result.get("__typename") == "NotFoundError":
            self.field_errors = {"merchantGroupId": "This merchant group no longer exists."}
            return
        self._apply_result_errors(result, "The merchant was not created.", {"name", "merchantGroupId"})


class NewGroupState(AuthState, FormMixin):
    """The "New merchant group" dialog of /merchants."""

    @rx.event
    def open_create(self):
        self._reset_form()
        self.form_open = True

    @rx.event
    async def create_group(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        res = await self._gql(Q.CREATE_MERCHANT_GROUP, {"name": str(form.get("name") or "").strip()})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        if res.forbidden:
            self.form_error = "You don't have permission to create merchant groups."
            return
        result = res.get("createMerchantGroup")
        if not result:
            self.form_error = res.first_error() or "The merchant group was not created."
            return
        if result.get("__typename") == "MerchantGroupPayload":
            self.form_open = False
            yield rx.toast.success(f"Merchant group {(result.get('merchantGroup') or {}).get('name')} created")
            yield MerchantsState.reload
            return
        self._apply_result_errors(result, "The merchant group was not created.", {"name"})

"""State of /merchants/[merchant_key]: the merchant, its readiness checklist and the active tab.

The tabs (brands, providers, users, API keys, webhooks) each have a substate of MerchantState in
``state/merchant_*.py``; every one of them has a ``load_tab`` handler on the page's on_load that
does nothing unless its tab is the active one. The tab lives in the URL (``?tab=``), so a link to
a tab (e.g. a readiness step's fixPath) opens it, and back/forward move between tabs.
"""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .base import AuthState
from .mixins import FormMixin
from .lookups import group_options
from .util import fmt_dt

TABS: list[tuple[str, str, str]] = [
    ("overview", "Overview", "layout-dashboard"),
    ("brands", "Brands", "palette"),
    ("providers", "Providers", "plug"),
    ("users", "Users", "users"),
    ("api-keys", "API keys", "key-round"),
    ("webhooks", "Webhooks", "webhook"),
    ("routing", "Routing", "git-branch"),
    ("developer", "Developer", "code-xml"),
]
TAB_KEYS = [t[0] for t in TABS]


# tabs that are placeholders in this UI: their readiness steps cannot be fixed yet
LATER_TABS = {"routing"}


def step_row(s: dict[str, Any], n: int) -> dict[str, Any]:
    fix_path = s.get("fixPath") or ""
    tab = fix_path.split("tab=", 1)[1].split("&", 1)[0] if "tab=" in fix_path else ""
    return {
        "n": n,
        "key": s.get("key") or "",
        "title": s.get("title") or "",
        "done": bool(s.get("done")),
        "hint": s.get("hint") or "",
        "fix_path": fix_path,
        "later": tab in LATER_TABS and not s.get("done"),
    }


class MerchantState(AuthState):
    mid: str = ""
    tab: str = "overview"
    m_loaded: bool = False
    not_found: bool = False
    m_error: str = ""
    m_name: str = ""
    m_status: str = ""
    m_group_id: str = ""
    m_group_name: str = ""
    m_created: str = ""
    steps: list[dict[str, Any]] = []

    # ---- permissions (the union over the caller's contexts; the API checks per merchant) -----
    @rx.var
    def can_merchants_manage(self) -> bool:
        return "merchants.manage" in self.permissions

    @rx.var
    def can_api_keys(self) -> bool:
        return "api_keys.manage" in self.permissions

    @rx.var
    def can_webhooks_manage(self) -> bool:
        return "webhooks.manage" in self.permissions

    @rx.var
    def can_invite(self) -> bool:
        return "access.manage" in self.permissions or "merchant_users.manage" in self.permissions

    # ---- readiness --------------------------------------------------------------------------------
    @rx.var
    def steps_done(self) -> int:
        return sum(1 for s in self.steps if s["done"])

    @rx.var
    def steps_total(self) -> int:
        return len(self.steps)

    @rx.var
    def steps_pct(self) -> int:
        return int(round(100 * sum(1 for s in self.steps if s["done"]) / len(self.steps))) if self.steps else 0

    @rx.var
    def next_step(self) -> dict[str, Any]:
        """The first missing step this UI can fix now (steps of placeholder tabs come later)."""
        return next((s for s in self.steps if not s["done"] and not s["later"]),
                    {"title": "", "hint": "", "fix_path": ""})

    @rx.var
    def later_missing(self) -> int:
        return sum(1 for s in self.steps if not s["done"] and s["later"])

    @rx.var
    def m_active(self) -> bool:
        return self.m_status == "ACTIVE"

    @rx.var
    def m_created_label(self) -> str:
        return fmt_dt(self.m_created)

    @rx.var
    def base_path(self) -> str:
        return f"/merchants/{self.mid}"

    # ---- loading ------------------------------------------------------------------------------------
    def _apply_merchant(self, m: dict[str, Any]) -> None:
        self.m_name = m.get("name") or ""
        self.m_status = str(m.get("status") or "")
        self.m_group_id = str(m.get("merchantGroupId") or "")
        self.m_group_name = (m.get("merchantGroup") or {}).get("name") or ""
        self.m_created = m.get("createdAt") or ""
        self.steps = [step_row(s, i + 1) for i, s in enumerate(m.get("readiness") or [])]

    async def _fetch_core(self):
        res = await self._gql(Q.MERCHANT, {"id": self.mid})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        if res.transport_error or (res.errors and res.data is None):
            self.m_error = res.first_error() or "Could not load the merchant."
            return None
        merchant = res.get("merchant")
        if merchant is None:
            # unknown, or outside the caller's reach: the API does not say which
            self.not_found = True
            return None
        self.not_found = False
        self.m_error = ""
        self._apply_merchant(merchant)
        return None

    def _route(self) -> tuple[str, str]:
        url = self.router.url
        parts = [p for p in (url.path or "").split("/") if p]
        mid = parts[1] if len(parts) >= 2 and parts[0] == "merchants" else ""
        tab = (url.query_parameters.get("tab") or "overview").lower()
        return mid, tab if tab in TAB_KEYS else "overview"

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        mid, tab = self._route()
        self.tab = tab
        if mid != self.mid:
            # another merchant: never show the previous one's data while loading
            self.mid = mid
            self.m_loaded = False
            self.not_found = False
            self.m_name = self.m_status = self.m_group_id = self.m_group_name = self.m_created = ""
            self.steps = []
        yield
        redirect = await self._fetch_core()
        self.m_loaded = True
        if redirect is not None:
            yield redirect

    @rx.event
    async def refresh_core(self):
        """Re-read the merchant and its readiness (after a change on any tab)."""
        redirect = await self._fetch_core()
        if redirect is not None:
            yield redirect

    @rx.event
    def go_tab(self, tab: str):
        if tab not in TAB_KEYS:
            return
        self.tab = tab
        return rx.redirect(f"/merchants/{self.mid}?tab={tab}")


class MerchantEditState(MerchantState, FormMixin):
    """The overview tab's "Edit merchant" dialog."""

    groups: list[dict[str, str]] = []
    e_group_id: str = ""
    e_status: str = "ACTIVE"

    @rx.event
    async def open_edit(self):
        self._reset_form()
        self.e_group_id = self.m_group_id
        self.e_status = self.m_status or "ACTIVE"
        self.form_open = True
        yield
        res = await self._gql(Q.MERCHANT_GROUPS)
        if res.data and res.data.get("merchantGroups") is not None:
            self.groups = group_options(res.data)

    @rx.event
    def set_e_group_id(self, value: str):
        self.e_group_id = value

    @rx.event
    def set_e_status(self, value: str):
        self.e_status = value

    @rx.event
    async def save(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        payload: dict[str, Any] = {"name": str(form.get("name") or "").strip(), "status": self.e_status}
        if self.e_group_id and self.e_group_id != self.m_group_id:
            payload["merchantGroupId"] = self.e_group_id
        res = await self._gql(Q.UPDATE_MERCHANT, {"id": self.mid, "input": payload})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        if res.forbidden:
            self.form_error = "You don't have permission to edit merchants."
            return
        result = res.get("updateMerchant")
        if not result:
            self.form_error = res.first_error() or "The merchant was not saved."
            return
        if result.get("__typename") == "MerchantPayload":
            self._apply_merchant(result.get("merchant") or {})
            self.form_open = False
            yield rx.toast.success("Merchant saved")
            return
        self._apply_result_errors(result, "The merchant was not saved.", {"name", "merchantGroupId", "status"})

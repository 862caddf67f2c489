"""State of /operator/tenants (system operator only)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .base import AuthState
from .mixins import ConfirmMixin, FormMixin, TableMixin
from .util import fmt_dt

PLANS = ["FREE", "PRO", "ENTERPRISE"]


def tenant_row(t: dict[str, Any]) -> dict[str, Any]:
    usage = t.get("usage") or {}
    return {
        "id": str(t.get("id") or ""),
        "name": t.get("name") or "",
        "slug": t.get("slug") or "",
        "plan": t.get("plan") or "",
        "status": t.get("status") or "",
        "is_active": (t.get("status") or "") == "ACTIVE",
        "users": int(usage.get("users") or 0),
        "merchants": int(usage.get("merchants") or 0),
        "api_keys": int(usage.get("apiKeys") or 0),
        "transactions": int(usage.get("transactions") or 0),
        "rate_limit": int(t.get("rateLimitPerMinute") or 0),
        "created": t.get("createdAt") or "",
        "created_label": fmt_dt(t.get("createdAt"))[:10],
    }


class TenantsState(AuthState, TableMixin, FormMixin, ConfirmMixin):
    new_plan: str = "FREE"

    @rx.var
    def active_count(self) -> int:
        return sum(1 for r in self._rows if r["is_active"])

    @rx.var
    def suspended_count(self) -> int:
        return sum(1 for r in self._rows if not r["is_active"])

    async def _fetch(self):
        res = await self._gql(Q.TENANTS)
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        tenants = res.get("tenants")
        if tenants is None:
            if res.forbidden:
                self.forbidden = True
            else:
                self.error = res.first_error() or "Could not load tenants."
            self._rows = []
            return None
        self.forbidden = False
        self._rows = [tenant_row(t) for t in tenants]
        return None

    @rx.event
    async def load(self):
        self.error = ""
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        if not self.is_operator:
            self.forbidden = True
            self.loaded = True
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

    # ---- create -------------------------------------------------------------------------------
    @rx.event
    def open_create(self):
        self._reset_form()
        self.new_plan = "FREE"
        self.form_open = True

    @rx.event
    def set_new_plan(self, value: str):
        self.new_plan = value

    @rx.event
    async def create_tenant(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        payload = {
            "name": str(form.get("name") or "").strip(),
            "slug": str(form.get("slug") or "").strip(),
            "plan": self.new_plan,
            "adminEmail": str(form.get("adminEmail") or "").strip(),
            "adminName": str(form.get("adminName") or "").strip(),
            "adminPassword": str(form.get("adminPassword") or ""),
        }
        res = await self._gql(Q.CREATE_TENANT, {"input": payload})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        if res.forbidden:
            self.form_error = "Only the system operator can create tenants."
            return
        result = res.get("createTenant")
        if not result:
            self.form_error = res.first_error() or "The tenant was not created."
            return
        if result.get("__typename") == "TenantPayload":
            self.form_open = False
            yield rx.toast.success(f"Tenant {payload['name']} created")
            redirect = await self._fetch()
            if redirect is not None:
                yield redirect
            return
        self._apply_result_errors(
            result,
            "The tenant was not created.",
            {"name", "slug", "plan", "adminEmail", "adminName", "adminPassword"},
        )

    # ---- suspend / activate / plan -----------------------------------------------------------
    @rx.event
    def ask_toggle_status(self, tenant_id: str):
        row = next((r for r in self._rows if r["id"] == tenant_id), None)
        if row is None:
            return
        if row["is_active"]:
            self._ask(
                "suspend",
                tenant_id,
                f"Suspend {row['name']}?",
                "All logins and API keys of this tenant stop working at once. "
                "Its data is kept; you can activate it again later.",
                "Suspend tenant",
            )
        else:
            self._ask(
                "activate",
                tenant_id,
                f"Activate {row['name']}?",
                "Users and API keys of this tenant work again.",
                "Activate tenant",
                danger=False,
            )

    @rx.event
    def ask_plan(self, tenant_id: str, plan: str):
        row = next((r for r in self._rows if r["id"] == tenant_id), None)
        if row is None or row["plan"] == plan:
            return
        self._ask(
            f"plan:{plan}",
            tenant_id,
            f"Change plan of {row['name']}?",
            f"{row['plan'].title()} → {plan.title()}. Rate limits of the new plan apply immediately.",
            "Change plan",
            danger=False,
        )

    async def _on_confirm(self, action: str, target: str):
        if action.startswith("plan:"):
            plan = action.split(":", 1)[1]
            res = await self._gql(Q.SET_TENANT_PLAN, {"id": target, "plan": plan})
            key, done = "setTenantPlan", f"Plan changed to {plan.title()}"
        elif action == "suspend":
            res = await self._gql(Q.SUSPEND_TENANT, {"id": target})
            key, done = "suspendTenant", "Tenant suspended"
        else:
            res = await self._gql(Q.ACTIVATE_TENANT, {"id": target})
            key, done = "activateTenant", "Tenant activated"
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        result = res.get(key) or {}
        if result.get("__typename") == "TenantPayload" and result.get("tenant"):
            updated = tenant_row(result["tenant"])
            self._rows = [updated if r["id"] == target else r for r in self._rows]
            return rx.toast.success(done)
        return rx.toast.error(result.get("message") or res.first_error() or "The change was not saved.")

"""State of /operator/tenants (system operator only)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .base import AuthState
from .list_dialogs import ListDialogMixin
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


class TenantsState(AuthState, ListDialogMixin):
    new_plan: str = "FREE"

    @rx.var
    def active_count(self) -> int:
        return sum(1 for r in self._rows if r["is_active"])

    @rx.var
    def suspended_count(self) -> int:
        return sum(1 for r in self._rows if not r["is_active"])

    async def _fetch(self):
        res = await self._gql(Q.TENANTS)
        return self._take_list(res, res.get("tenants"), tenant_row, "Could not load tenants.")

    @rx.event
    async def load(self):
        async for update in self._load_list("name", allowed=lambda: self.is_operator):
            yield update

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
        payload = {
            "name": str(form.get("name") or "").strip(),
            "slug": str(form.get("slug") or "").strip(),
            "plan": self.new_plan,
            "adminEmail": str(form.get("adminEmail") or "").strip(),
            "adminName": str(form.get("adminName") or "").strip(),
            "adminPassword": str(form.get("adminPassword") or ""),
        }
        async for update in self._submit_form(
            Q.CREATE_TENANT,
            {"input": payload},
            "createTenant",
            "TenantPayload",
            done=f"Tenant {payload['name']} created",
            failed="The tenant was not created.",
            known={"name", "slug", "plan", "adminEmail", "adminName", "adminPassword"},
            forbidden="Only the system operator can create tenants.",
        ):
            yield update

    # ---- suspend / activate / plan -----------------------------------------------------------
    @rx.event
    def ask_toggle_status(self, tenant_id: str):
        row = self._find_row(tenant_id)
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
        row = self._find_row(tenant_id)
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
        return await self._row_action(
            res, key, done, "The change was not saved.",
            ok_type="TenantPayload", on_ok=lambda result: self._replace_row(target, tenant_row(result["tenant"])),
        )

"""State of /access/assignments: role assignments (this state) and merchant-access grants
(GrantsState, the second table of the same page)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .base import AuthState
from .lookups import fetch_all_nodes, group_options, merchant_options, role_options, user_options
from .mixins import ConfirmMixin, FormMixin, TableMixin
from .util import fmt_dt, humanize

CONTEXT_LABELS = {"TENANT": "Whole tenant", "MERCHANT_GROUP": "Merchant group", "MERCHANT": "Merchant"}


def assignment_row(a: dict[str, Any]) -> dict[str, Any]:
    user = a.get("user") or {}
    role = a.get("role") or {}
    ctype = a.get("contextType") or ""
    return {
        "id": str(a.get("id") or ""),
        "user_id": str(user.get("id") or ""),
        "user_email": user.get("email") or "",
        "user_name": user.get("name") or "",
        "role_name": role.get("name") or "",
        "role_kind": role.get("kind") or "",
        "role_kind_label": humanize(role.get("kind")),
        "context_type": ctype,
        "context_label": CONTEXT_LABELS.get(ctype, humanize(ctype)),
        "context_name": a.get("contextName") or ("—" if ctype != "TENANT" else "All merchants"),
        "created": a.get("createdAt") or "",
        "created_label": fmt_dt(a.get("createdAt"))[:10],
    }


def grant_row(g: dict[str, Any]) -> dict[str, Any]:
    user = g.get("user") or {}
    is_group = bool(g.get("merchantGroupId")) and not g.get("merchantId")
    return {
        "id": str(g.get("id") or ""),
        "user_id": str(user.get("id") or ""),
        "user_email": user.get("email") or "",
        "target_type": "Merchant group" if is_group else "Merchant",
        "target_name": g.get("targetName") or "",
        "created": g.get("createdAt") or "",
        "created_label": fmt_dt(g.get("createdAt"))[:10],
    }


class _PickLists(rx.State, mixin=True):
    users: list[dict[str, str]] = []
    roles: list[dict[str, str]] = []
    groups: list[dict[str, str]] = []
    merchants: list[dict[str, str]] = []

    async def _load_lookups(self, roles: bool) -> None:
        nodes, _, _ = await fetch_all_nodes(self._gql, Q.LOOKUP_USERS, "users")
        if nodes is not None:
            self.users = user_options(nodes)
        if roles:
            res = await self._gql(Q.LOOKUP_ROLES)
            if res.data and res.data.get("roles") is not None:
                self.roles = role_options(res.data)
        res = await self._gql(Q.LOOKUP_GROUPS)
        if res.data and res.data.get("merchantGroups") is not None:
            self.groups = group_options(res.data)
        res = await self._gql(Q.LOOKUP_MERCHANTS)
        if res.data and res.data.get("merchants") is not None:
            self.merchants = merchant_options(res.data)


class AssignmentsState(AuthState, _PickLists, TableMixin, FormMixin, ConfirmMixin):
    a_user: str = ""
    a_role: str = ""
    a_context_type: str = "TENANT"
    a_context_id: str = ""

    @rx.var
    def a_role_kind(self) -> str:
        return next((r["kind"] for r in self.roles if r["id"] == self.a_role), "")

    @rx.var
    def context_types(self) -> list[str]:
        kind = next((r["kind"] for r in self.roles if r["id"] == self.a_role), "")
        if kind == "MERCHANT":
            return ["MERCHANT_GROUP", "MERCHANT"]
        if kind == "PLATFORM":
            return ["TENANT"]
        return ["TENANT", "MERCHANT_GROUP", "MERCHANT"]

    @rx.var
    def context_choices(self) -> list[dict[str, str]]:
        if self.a_context_type == "MERCHANT_GROUP":
            return self.groups
        if self.a_context_type == "MERCHANT":
            return self.merchants
        return []

    async def _fetch(self):
        res = await self._gql(Q.ROLE_ASSIGNMENTS)
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        data = res.data or {}
        if data.get("roleAssignments") is None:
            if res.forbidden:
                self.forbidden = True
            else:
                self.error = res.first_error() or "Could not load role assignments."
            self._rows = []
            return None
        self.forbidden = False
        self._rows = [assignment_row(a) for a in data["roleAssignments"]]
        return None

    @rx.event
    async def load(self):
        self.error = ""
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        if not self.sort_key:
            self.sort_key = "user_email"
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        self.loaded = True
        if redirect is not None:
            yield redirect
            return
        yield
        if self.can_access_manage or self.can_manage_users:
            await self._load_lookups(roles=True)

    # ---- assign dialog --------------------------------------------------------------------------
    @rx.event
    def open_assign(self):
        self._reset_form()
        self.a_user = ""
        self.a_role = ""
        self.a_context_type = "TENANT"
        self.a_context_id = ""
        self.form_open = True

    @rx.event
    def set_a_user(self, value: str):
        self.a_user = value

    @rx.event
    def set_a_role(self, value: str):
        self.a_role = value
        kind = next((r["kind"] for r in self.roles if r["id"] == value), "")
        if kind == "PLATFORM":
            self.a_context_type = "TENANT"
            self.a_context_id = ""
        elif kind == "MERCHANT" and self.a_context_type == "TENANT":
            self.a_context_type = "MERCHANT"
            self.a_context_id = ""

    @rx.event
    def set_a_context_type(self, value: str):
        self.a_context_type = value
        self.a_context_id = ""

    @rx.event
    def set_a_context_id(self, value: str):
        self.a_context_id = value

    @rx.event
    async def assign(self, form: dict[str, Any]):
        errors: dict[str, str] = {}
        if not self.a_user:
            errors["userId"] = "Pick a user."
        if not self.a_role:
            errors["roleId"] = "Pick a role."
        if self.a_context_type != "TENANT" and not self.a_context_id:
            errors["contextId"] = "Pick the merchant group or merchant."
        if errors:
            self.field_errors = errors
            self.form_error = ""
            return
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        payload = {
            "userId": self.a_user,
            "roleId": self.a_role,
            "contextType": self.a_context_type,
            "contextId": self.a_context_id or None,
        }
        res = await self._gql(Q.ASSIGN_ROLE, {"input": payload})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        if res.forbidden:
            self.form_error = "You don't have permission to assign roles."
            return
        result = res.get("assignRole")
        if not result:
            self.form_error = res.first_error() or "The role was not assigned."
            return
        if result.get("__typename") == "RoleAssignmentPayload":
            self.form_open = False
            yield rx.toast.success("Role assigned")
            redirect = await self._fetch()
            if redirect is not None:
                yield redirect
            return
        self._apply_result_errors(
            result, "The role was not assigned.", {"userId", "roleId", "contextType", "contextId"}
        )

    # ---- revoke ---------------------------------------------------------------------------------
    @rx.event
    def ask_revoke(self, assignment_id: str):
        row = next((r for r in self._rows if r["id"] == assignment_id), None)
        if row is None:
            return
        where = row["context_label"] if row["context_type"] == "TENANT" else f"{row['context_label']} {row['context_name']}"
        self._ask(
            "revoke",
            assignment_id,
            "Revoke role assignment?",
            f"{row['user_email']} loses the role {row['role_name']} on {where}.",
            "Revoke",
        )

    async def _on_confirm(self, action: str, target: str):
        res = await self._gql(Q.REVOKE_ROLE_ASSIGNMENT, {"id": target})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        result = res.get("revokeRoleAssignment") or {}
        if result.get("__typename") == "DeletePayload":
            self._rows = [r for r in self._rows if r["id"] != target]
            return rx.toast.success("Role assignment revoked")
        return rx.toast.error(result.get("message") or res.first_error() or "The assignment was not revoked.")


class GrantsState(AuthState, _PickLists, TableMixin, FormMixin, ConfirmMixin):
    """Merchant access / merchant-group access grants (second table of /access/assignments)."""

    g_user: str = ""
    g_target_type: str = "MERCHANT"
    g_target_id: str = ""

    @rx.var
    def target_choices(self) -> list[dict[str, str]]:
        return self.groups if self.g_target_type == "MERCHANT_GROUP" else self.merchants

    async def _fetch(self):
        res = await self._gql(Q.ACCESS_GRANTS)
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        data = res.data or {}
        if data.get("accessGrants") is None:
            if res.forbidden:
                self.forbidden = True
            else:
                self.error = res.first_error() or "Could not load merchant access grants."
            self._rows = []
            return None
        self.forbidden = False
        self._rows = [grant_row(g) for g in data["accessGrants"]]
        return None

    @rx.event
    async def load(self):
        self.error = ""
        if not await self._ensure_me():
            return
        if not self.sort_key:
            self.sort_key = "user_email"
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        self.loaded = True
        if redirect is not None:
            yield redirect
            return
        yield
        if self.can_access_manage:
            await self._load_lookups(roles=False)

    @rx.event
    def open_grant(self):
        self._reset_form()
        self.g_user = ""
        self.g_target_type = "MERCHANT"
        self.g_target_id = ""
        self.form_open = True

    @rx.event
    def set_g_user(self, value: str):
        self.g_user = value

    @rx.event
    def set_g_target_type(self, value: str):
        self.g_target_type = value
        self.g_target_id = ""

    @rx.event
    def set_g_target_id(self, value: str):
        self.g_target_id = value

    @rx.event
    async def grant(self, form: dict[str, Any]):
        errors: dict[str, str] = {}
        if not self.g_user:
            errors["userId"] = "Pick a user."
        if not self.g_target_id:
            errors["target"] = "Pick a merchant or merchant group."
        if errors:
            self.field_errors = errors
            self.form_error = ""
            return
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        payload: dict[str, Any] = {"userId": self.g_user, "merchantId": None, "merchantGroupId": None}
        if self.g_target_type == "MERCHANT_GROUP":
            payload["merchantGroupId"] = self.g_target_id
        else:
            payload["merchantId"] = self.g_target_id
        res = await self._gql(Q.GRANT_ACCESS, {"input": payload})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        if res.forbidden:
            self.form_error = "You don't have permission to grant merchant access."
            return
        result = res.get("grantAccess")
        if not result:
            self.form_error = res.first_error() or "Access was not granted."
            return
        if result.get("__typename") == "AccessGrantPayload":
            self.form_open = False
            yield rx.toast.success("Merchant access granted")
            redirect = await self._fetch()
            if redirect is not None:
                yield redirect
            return
        # merchantId / merchantGroupId errors belong beside the target picker
        fields = result.get("fields") or []
        for f in fields:
            if str(f.get("field", "")).split(".")[-1] in ("merchantId", "merchantGroupId"):
                f["field"] = "target"
        self._apply_result_errors(result, "Access was not granted.", {"userId", "target"})

    @rx.event
    def ask_revoke(self, grant_id: str):
        row = next((r for r in self._rows if r["id"] == grant_id), None)
        if row is None:
            return
        self._ask(
            "revoke",
            grant_id,
            "Revoke merchant access?",
            f"{row['user_email']} can no longer reach {row['target_type'].lower()} {row['target_name']}.",
            "Revoke access",
        )

    async def _on_confirm(self, action: str, target: str):
        res = await self._gql(Q.REVOKE_ACCESS, {"id": target})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        result = res.get("revokeAccess") or {}
        if result.get("__typename") == "DeletePayload":
            self._rows = [r for r in self._rows if r["id"] != target]
            return rx.toast.success("Merchant access revoked")
        return rx.toast.error(result.get("message") or res.first_error() or "Access was not revoked.")

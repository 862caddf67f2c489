"""State of /access/assignments: role assignments (this state) and merchant-access grants
(GrantsState, the second table of the same page)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .base import AuthState
from .list_dialogs import ListDialogMixin, PickListsMixin, RoleContextMixin
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


class AssignmentsState(AuthState, RoleContextMixin, ListDialogMixin):
    a_user: str = ""

    async def _fetch(self):
        res = await self._gql(Q.ROLE_ASSIGNMENTS)
        return self._take_list(res, res.get("roleAssignments"), assignment_row, "Could not load role assignments.")

    async def _load_lookups(self) -> None:
        if self.can_access_manage or self.can_manage_users:
            await self._load_pick_lists(users=True, roles=True)

    @rx.event
    async def load(self):
        async for update in self._load_list("user_email", after=self._load_lookups):
            yield update

    # ---- assign dialog --------------------------------------------------------------------------
    @rx.event
    def open_assign(self):
        self._reset_form()
        self.a_user = ""
        self._reset_pick("TENANT")
        self.form_open = True

    @rx.event
    def set_a_user(self, value: str):
        self.a_user = value

    @rx.event
    async def assign(self, form: dict[str, Any]):
        errors = {"userId": "Pick a user."} if not self.a_user else {}
        async for update in self._submit_form(
            Q.ASSIGN_ROLE,
            {"input": {"userId": self.a_user, **self._pick_input()}},
            "assignRole",
            "RoleAssignmentPayload",
            done="Role assigned",
            failed="The role was not assigned.",
            known={"userId", "roleId", "contextType", "contextId"},
            forbidden="You don't have permission to assign roles.",
            errors={**errors, **self._pick_errors()},
        ):
            yield update

    # ---- revoke ---------------------------------------------------------------------------------
    @rx.event
    def ask_revoke(self, assignment_id: str):
        row = self._find_row(assignment_id)
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
        return await self._row_action(res, "revokeRoleAssignment", "Role assignment revoked",
                                      "The assignment was not revoked.", on_ok=lambda _: self._drop_row(target))


class GrantsState(AuthState, PickListsMixin, ListDialogMixin):
    """Merchant access / merchant-group access grants (second table of /access/assignments)."""

    g_user: str = ""
    g_target_type: str = "MERCHANT"
    g_target_id: str = ""

    @rx.var
    def target_choices(self) -> list[dict[str, str]]:
        return self.groups if self.g_target_type == "MERCHANT_GROUP" else self.merchants

    async def _fetch(self):
        res = await self._gql(Q.ACCESS_GRANTS)
        return self._take_list(res, res.get("accessGrants"), grant_row, "Could not load merchant access grants.")

    async def _load_lookups(self) -> None:
        if self.can_access_manage:
            await self._load_pick_lists(users=True, roles=False)

    @rx.event
    async def load(self):
        # AssignmentsState.load (same page) sends a signed-out user to /login
        async for update in self._load_list("user_email", login_redirect=False, after=self._load_lookups):
            yield update

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
        payload: dict[str, Any] = {"userId": self.g_user, "merchantId": None, "merchantGroupId": None}
        if self.g_target_type == "MERCHANT_GROUP":
            payload["merchantGroupId"] = self.g_target_id
        else:
            payload["merchantId"] = self.g_target_id
        async for update in self._submit_form(
            Q.GRANT_ACCESS,
            {"input": payload},
            "grantAccess",
            "AccessGrantPayload",
            done="Merchant access granted",
            failed="Access was not granted.",
            known={"userId", "target"},
            forbidden="You don't have permission to grant merchant access.",
            errors=errors,
            # merchantId / merchantGroupId errors belong beside the target picker
            field_map={"merchantId": "target", "merchantGroupId": "target"},
        ):
            yield update

    @rx.event
    def ask_revoke(self, grant_id: str):
        row = self._find_row(grant_id)
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
        return await self._row_action(res, "revokeAccess", "Merchant access revoked", "Access was not revoked.",
                                      on_ok=lambda _: self._drop_row(target))

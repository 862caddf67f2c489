"""Users tab of /merchants/[merchant_key]: role assignments in this merchant's context (and its
group's), pending invitations, and the "Invite user" dialog."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .merchant import MerchantState
from .mixins import ConfirmMixin, FormMixin, TableMixin
from .results import result_toast
from .util import fmt_dt, fmt_relative

INVITATION_STATUS_COLORS = {"PENDING": "amber", "ACCEPTED": "green", "REVOKED": "gray", "EXPIRED": "red"}


def invitation_row(i: dict[str, Any], role_names: dict[str, str]) -> dict[str, Any]:
    status = str(i.get("status") or "")
    return {
        "id": str(i.get("id") or ""),
        "email": i.get("email") or "",
        "name": i.get("name") or "",
        "role_id": str(i.get("roleId") or ""),
        "role_name": role_names.get(str(i.get("roleId") or ""), "") or "—",
        "status": status,
        "status_label": status.capitalize(),
        "status_color": INVITATION_STATUS_COLORS.get(status, "gray"),
        "pending": status == "PENDING",
        "expires": i.get("expiresAt") or "",
        "expires_label": fmt_dt(i.get("expiresAt"))[:16],
        "created": i.get("createdAt") or "",
        "created_label": fmt_relative(i.get("createdAt")),
    }


class MerchantMembersState(MerchantState, TableMixin):
    """Role assignments that apply to this merchant (its own context and its group's)."""

    async def _fetch(self):
        res = await self._gql(Q.ROLE_ASSIGNMENTS)
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        assignments = res.get("roleAssignments")
        self._take_rows(res, None if assignments is None else self._member_rows(assignments),
                        "Could not load role assignments.")
        return None

    def _member_rows(self, assignments: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rows = []
        for a in assignments:
            ctype, cid = a.get("contextType"), str(a.get("contextId") or "")
            direct = ctype == "MERCHANT" and cid == self.mid
            via_group = ctype == "MERCHANT_GROUP" and self.m_group_id and cid == self.m_group_id
            if not (direct or via_group):
                continue
            user, role = a.get("user") or {}, a.get("role") or {}
            rows.append({
                "id": str(a.get("id") or ""),
                "user_email": user.get("email") or "",
                "user_name": user.get("name") or "",
                "role_name": role.get("name") or "",
                "via_group": bool(via_group),
                "context_label": f"Group {a.get('contextName') or ''}".strip() if via_group else "This merchant",
                "created": a.get("createdAt") or "",
                "created_label": fmt_dt(a.get("createdAt"))[:10],
            })
        return rows

    @rx.event
    async def load_tab(self):
        if self.tab != "users" or not self.mid:
            return
        self._default_sort("user_email")
        if not self.can_access_read:
            # merchant users: the API lists role assignments to tenant staff with access.read only
            self.forbidden = True
            self.loaded = True
            return
        async for update in self._load_rows():
            yield update


class MerchantInvitationsState(MerchantState, TableMixin, FormMixin, ConfirmMixin):
    """Invitations into this merchant, and the invite dialog."""

    roles: list[dict[str, str]] = []
    roles_forbidden: bool = False
    i_role: str = ""

    @rx.var
    def i_role_hint(self) -> str:
        role = next((r for r in self.roles if r["id"] == self.i_role), None)
        return role["hint"] if role else ""

    async def _load_roles(self) -> dict[str, str]:
        res = await self._gql(Q.MERCHANT_ROLES)
        roles = res.get("roles")
        if roles is None:
            self.roles_forbidden = res.forbidden
            return {}
        self.roles_forbidden = False
        self.roles = sorted(
            (
                {
                    "id": str(r["id"]),
                    "label": r.get("name") or "",
                    "hint": (r.get("description") or "") or f"{len(r.get('permissions') or [])} permissions",
                }
                for r in roles
            ),
            key=lambda o: o["label"].lower(),
        )
        return {r["id"]: r["label"] for r in self.roles}

    async def _fetch(self):
        names = {r["id"]: r["label"] for r in self.roles} or await self._load_roles()
        res = await self._gql(Q.INVITATIONS, {"contextType": "MERCHANT", "contextId": self.mid})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        invitations = res.get("invitations")
        self._take_rows(res, None if invitations is None else [invitation_row(i, names) for i in invitations],
                        "Could not load invitations.")
        return None

    @rx.event
    async def load_tab(self):
        if self.tab != "users" or not self.mid:
            return
        self._default_sort("created", desc=True)
        self.roles = []  # reloaded with the rows
        async for update in self._load_rows():
            yield update

    # ---- invite ------------------------------------------------------------------------------
    @rx.event
    async def open_invite(self):
        self._reset_form()
        self.i_role = ""
        self.form_open = True
        yield
        if not self.roles:
            await self._load_roles()
        if len(self.roles) == 1:
            self.i_role = self.roles[0]["id"]

    @rx.event
    def set_i_role(self, value: str):
        self.i_role = value

    @rx.event
    async def invite(self, form: dict[str, Any]):
        if not self.i_role:
            self.field_errors = {"roleId": "Pick the role the person gets in this merchant."}
            self.form_error = ""
            return
        self._start_submit()
        yield
        payload = {
            "email": str(form.get("email") or "").strip(),
            "name": str(form.get("name") or "").strip(),
            "roleId": self.i_role,
            "contextType": "MERCHANT",
            "contextId": self.mid,
        }
        res = await self._gql(Q.INVITE_USER, {"input": payload})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        if self._form_success(res, "inviteUser", "InvitationPayload", "The invitation was not sent.",
                              {"email", "name", "roleId"}) is None:
            return
        self.form_open = False
        yield rx.toast.success(f"Invitation sent to {payload['email']}")
        if (redirect := await self._refetch(self._fetch_core)) is not None:
            yield redirect

    # ---- revoke ----------------------------------------------------------------------------------
    @rx.event
    def ask_revoke(self, invitation_id: str):
        row = self._find_row(invitation_id)
        if row is None:
            return
        self._ask(
            "revoke",
            invitation_id,
            "Revoke invitation?",
            f"The invitation link sent to {row['email']} stops working. You can invite them again later.",
            "Revoke invitation",
        )

    async def _on_confirm(self, action: str, target: str):
        res = await self._gql(Q.REVOKE_INVITATION, {"id": target})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        await self._fetch()
        await self._fetch_core()
        return result_toast(res, "revokeInvitation", "DeletePayload", "Invitation revoked",
                            "The invitation was not revoked.")

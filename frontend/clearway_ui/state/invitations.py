"""State of /access/invitations: every invitation of the tenant, and an "Invite user" dialog for any
context (tenant with a platform role, merchant group or merchant with a merchant role)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .assignments import CONTEXT_LABELS
from .base import AuthState
from .list_dialogs import ListDialogMixin, RoleContextMixin
from .util import fmt_dt, fmt_relative

STATUS_FILTERS = [("ALL", "All statuses"), ("PENDING", "Pending"), ("ACCEPTED", "Accepted"),
                  ("EXPIRED", "Expired"), ("REVOKED", "Revoked")]


class InvitationsState(AuthState, RoleContextMixin, ListDialogMixin):
    status_filter: str = "ALL"
    _all: list[dict[str, Any]] = []

    @rx.var
    def pending_count(self) -> int:
        return sum(1 for r in self._all if r["status"] == "PENDING")

    def _names(self) -> tuple[dict[str, str], dict[str, str]]:
        roles = {r["id"]: r["label"].rsplit(" (", 1)[0] for r in self.roles}
        contexts = {g["id"]: g["label"] for g in self.groups}
        contexts.update({m["id"]: m["label"].split(" — ")[0] for m in self.merchants})
        return roles, contexts

    def _row(self, i: dict[str, Any]) -> dict[str, Any]:
        roles, contexts = self._names()
        status = str(i.get("status") or "")
        ctype = str(i.get("contextType") or "")
        cid = str(i.get("contextId") or "")
        return {
            "id": str(i.get("id") or ""),
            "email": i.get("email") or "",
            "name": i.get("name") or "",
            "role_name": roles.get(str(i.get("roleId") or ""), "—"),
            "context_type": ctype,
            "context_label": CONTEXT_LABELS.get(ctype, ctype),
            "context_name": contexts.get(cid, "") if ctype != "TENANT" else "Whole tenant",
            "context_href": f"/merchants/{cid}?tab=users" if ctype == "MERCHANT" else "",
            "status": status,
            "status_label": status.capitalize(),
            "pending": status == "PENDING",
            "expires": i.get("expiresAt") or "",
            "expires_label": fmt_dt(i.get("expiresAt"))[:16],
            "created": i.get("createdAt") or "",
            "created_label": fmt_relative(i.get("createdAt")),
            "created_title": fmt_dt(i.get("createdAt")),
        }

    def _apply_filter(self) -> None:
        rows = self._all
        if self.status_filter != "ALL":
            rows = [r for r in rows if r["status"] == self.status_filter]
        self._rows = rows

    async def _fetch(self):
        res = await self._gql(Q.INVITATIONS, {"contextType": None, "contextId": None})
        redirect = self._take_list(res, res.get("invitations"), self._row, "Could not load invitations.")
        if redirect is None:
            self._all = self._rows
            self._apply_filter()
        return redirect

    async def _load_lookups(self) -> None:
        await self._load_pick_lists(users=False, roles=True)

    @rx.event
    async def load(self):
        async for update in self._load_list("created", True, before=self._load_lookups):
            yield update

    @rx.event
    def set_status_filter(self, value: str):
        self.status_filter = value
        self.page = 0
        self._apply_filter()

    # ---- invite -----------------------------------------------------------------------------
    @rx.event
    def open_invite(self):
        self._reset_form()
        self._reset_pick("MERCHANT")
        self.form_open = True

    @rx.event
    async def invite(self, form: dict[str, Any]):
        email = str(form.get("email") or "").strip()
        payload = {"email": email, "name": str(form.get("name") or "").strip(), **self._pick_input()}
        async for update in self._submit_form(
            Q.INVITE_USER,
            {"input": payload},
            "inviteUser",
            "InvitationPayload",
            done=f"Invitation sent to {email}",
            failed="The invitation was not sent.",
            known={"email", "name", "roleId", "contextType", "contextId"},
            errors=self._pick_errors(),
        ):
            yield update

    # ---- revoke ------------------------------------------------------------------------------
    @rx.event
    def ask_revoke(self, invitation_id: str):
        row = next((r for r in self._all if r["id"] == invitation_id), None)
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
        return await self._row_action(res, "revokeInvitation", "Invitation revoked",
                                      "The invitation was not revoked.", refetch=True)

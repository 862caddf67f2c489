"""State of /access/invitations: every invitation of the tenant, and an "Invite user" dialog for any
context (tenant with a platform role, merchant group or merchant with a merchant role)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .assignments import CONTEXT_LABELS
from .base import AuthState
from .lookups import group_options, merchant_options, role_options
from .mixins import ConfirmMixin, FormMixin, TableMixin
from .util import fmt_dt, fmt_relative

STATUS_FILTERS = [("ALL", "All statuses"), ("PENDING", "Pending"), ("ACCEPTED", "Accepted"),
                  ("EXPIRED", "Expired"), ("REVOKED", "Revoked")]


class InvitationsState(AuthState, TableMixin, FormMixin, ConfirmMixin):
    status_filter: str = "ALL"
    roles: list[dict[str, str]] = []
    groups: list[dict[str, str]] = []
    merchants: list[dict[str, str]] = []
    i_role: str = ""
    i_context_type: str = "MERCHANT"
    i_context_id: str = ""
    _all: list[dict[str, Any]] = []

    @rx.var
    def i_role_kind(self) -> str:
        return next((r["kind"] for r in self.roles if r["id"] == self.i_role), "")

    @rx.var
    def context_choices(self) -> list[dict[str, str]]:
        return self.groups if self.i_context_type == "MERCHANT_GROUP" else self.merchants

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

    async def _load_lookups(self) -> None:
        res = await self._gql(Q.LOOKUP_ROLES)
        if res.data and res.data.get("roles") is not None:
            self.roles = role_options(res.data)
        res = await self._gql(Q.LOOKUP_GROUPS)
        if res.data and res.data.get("merchantGroups") is not None:
            self.groups = group_options(res.data)
        res = await self._gql(Q.LOOKUP_MERCHANTS)
        if res.data and res.data.get("merchants") is not None:
            self.merchants = merchant_options(res.data)

    async def _fetch(self):
        res = await self._gql(Q.INVITATIONS, {"contextType": None, "contextId": None})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        invitations = res.get("invitations")
        if invitations is None:
            if res.forbidden:
                self.forbidden = True
            else:
                self.error = res.first_error() or "Could not load invitations."
            self._all = []
            self._rows = []
            return None
        self.forbidden = False
        self.error = ""
        self._all = [self._row(i) for i in invitations]
        self._apply_filter()
        return None

    @rx.event
    async def load(self):
        self.error = ""
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        if not self.sort_key:
            self.sort_key = "created"
            self.sort_desc = True
        self.loading = True
        yield
        await self._load_lookups()
        redirect = await self._fetch()
        self.loading = False
        self.loaded = True
        if redirect is not None:
            yield redirect

    @rx.event
    def set_status_filter(self, value: str):
        self.status_filter = value
        self.page = 0
        self._apply_filter()

    # ---- invite -----------------------------------------------------------------------------
    @rx.event
    def open_invite(self):
        self._reset_form()
        self.i_role = ""
        self.i_context_type = "MERCHANT"
        self.i_context_id = ""
        self.form_open = True

    @rx.event
    def set_i_role(self, value: str):
        self.i_role = value
        kind = next((r["kind"] for r in self.roles if r["id"] == value), "")
        if kind == "PLATFORM":
            self.i_context_type = "TENANT"
            self.i_context_id = ""
        elif kind == "MERCHANT" and self.i_context_type == "TENANT":
            self.i_context_type = "MERCHANT"
            self.i_context_id = ""

    @rx.event
    def set_i_context_type(self, value: str):
        self.i_context_type = value
        self.i_context_id = ""

    @rx.event
    def set_i_context_id(self, value: str):
        self.i_context_id = value

    @rx.event
    async def invite(self, form: dict[str, Any]):
        errors: dict[str, str] = {}
        if not self.i_role:
            errors["roleId"] = "Pick a role."
        if self.i_context_type != "TENANT" and not self.i_context_id:
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
            "email": str(form.get("email") or "").strip(),
            "name": str(form.get("name") or "").strip(),
            "roleId": self.i_role,
            "contextType": self.i_context_type,
            "contextId": self.i_context_id or None,
        }
        res = await self._gql(Q.INVITE_USER, {"input": payload})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = res.get("inviteUser")
        if not result:
            self.form_error = res.first_error() or "The invitation was not sent."
            return
        if result.get("__typename") == "InvitationPayload":
            self.form_open = False
            yield rx.toast.success(f"Invitation sent to {payload['email']}")
            redirect = await self._fetch()
            if redirect is not None:
                yield redirect
            return
        self._apply_result_errors(result, "The invitation was not sent.",
                                  {"email", "name", "roleId", "contextType", "contextId"})

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
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        result = res.get("revokeInvitation") or {}
        await self._fetch()
        if result.get("__typename") == "DeletePayload":
            return rx.toast.success("Invitation revoked")
        return rx.toast.error(result.get("message") or res.first_error() or "The invitation was not revoked.")

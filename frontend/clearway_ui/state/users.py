"""State of /access/users."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .base import AuthState
from .lookups import fetch_all_nodes
from .mixins import ConfirmMixin, FormMixin, TableMixin
from .util import fmt_dt, fmt_relative, humanize, in_future



def user_row(u: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(u.get("id") or ""),
        "email": u.get("email") or "",
        "name": u.get("name") or "",
        "kind": u.get("kind") or "",
        "kind_label": humanize(u.get("kind")),
        "is_active": bool(u.get("isActive")),
        "totp": bool(u.get("totpEnabled")),
        "locked": in_future(u.get("lockedUntil")),
        "last_login": u.get("lastLoginAt") or "",
        "last_login_label": fmt_relative(u.get("lastLoginAt")) or "Never",
        "last_login_title": fmt_dt(u.get("lastLoginAt")),
        "created": u.get("createdAt") or "",
    }


class UsersState(AuthState, TableMixin, FormMixin, ConfirmMixin):
    search: str = ""
    server_total: int = 0
    new_kind: str = "PLATFORM"

    async def _fetch(self):
        nodes, total, res = await fetch_all_nodes(
            self._gql, Q.USERS, "users", {"search": self.search.strip() or None}
        )
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        if nodes is None:
            if res.forbidden:
                self.forbidden = True
            else:
                self.error = res.first_error() or "Could not load users."
            self._rows = []
            return None
        self._rows = [user_row(u) for u in nodes]
        self.server_total = total
        self.forbidden = False
        return None

    @rx.event
    async def load(self):
        self.error = ""
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        self.loaded = True
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

    # ---- create -------------------------------------------------------------------------------
    @rx.event
    def open_create(self):
        self._reset_form()
        self.new_kind = "PLATFORM"
        self.form_open = True

    @rx.event
    def set_new_kind(self, value: str):
        self.new_kind = value

    @rx.event
    async def create_user(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        payload = {
            "email": str(form.get("email") or "").strip(),
            "name": str(form.get("name") or "").strip(),
            "password": str(form.get("password") or ""),
            "kind": self.new_kind,
        }
        res = await self._gql(Q.CREATE_USER, {"input": payload})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        if res.forbidden:
            self.form_error = "You don't have permission to create users."
            return
        result = res.get("createUser")
        if not result:
            self.form_error = res.first_error() or "Could not create the user."
            return
        if result.get("__typename") == "UserPayload":
            self.form_open = False
            email = (result.get("user") or {}).get("email") or payload["email"]
            yield rx.toast.success(f"User {email} created")
            redirect = await self._fetch()
            if redirect is not None:
                yield redirect
            return
        self._apply_result_errors(result, "Could not create the user.", {"email", "name", "password", "kind"})

    # ---- activate / deactivate ---------------------------------------------------------------
    @rx.event
    def ask_toggle_active(self, user_id: str):
        row = next((r for r in self._rows if r["id"] == user_id), None)
        if row is None:
            return
        if row["is_active"]:
            self._ask(
                "deactivate",
                user_id,
                "Deactivate user?",
                f"{row['email']} will be signed out and can no longer log in. "
                "You can activate the account again later.",
                "Deactivate",
            )
        else:
            self._ask(
                "activate",
                user_id,
                "Activate user?",
                f"{row['email']} will be able to log in again with their current roles.",
                "Activate",
                danger=False,
            )

    async def _on_confirm(self, action: str, target: str):
        active = action == "activate"
        res = await self._gql(Q.UPDATE_USER, {"id": target, "input": {"isActive": active}})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        result = res.get("updateUser") or {}
        if result.get("__typename") == "UserPayload":
            user = result.get("user") or {}
            self._rows = [user_row(user) if r["id"] == target else r for r in self._rows]
            return rx.toast.success(f"User {'activated' if active else 'deactivated'}")
        message = result.get("message") or res.first_error() or "The change was not saved."
        return rx.toast.error(message)

"""State of /access/users."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .base import AuthState
from .list_dialogs import ListDialogMixin
from .lookups import fetch_all_nodes
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


class UsersState(AuthState, ListDialogMixin):
    search: str = ""
    server_total: int = 0
    new_kind: str = "PLATFORM"

    async def _fetch(self):
        nodes, total, res = await fetch_all_nodes(
            self._gql, Q.USERS, "users", {"search": self.search.strip() or None}
        )
        if nodes is not None:
            self.server_total = total
        return self._take_list(res, nodes, user_row, "Could not load users.")

    @rx.event
    async def load(self):
        async for update in self._load_list():
            yield update

    @rx.event
    async def set_search(self, value: str):
        self.search = value
        self.page = 0
        async for update in self._load_rows():
            yield update

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
        payload = {
            "email": str(form.get("email") or "").strip(),
            "name": str(form.get("name") or "").strip(),
            "password": str(form.get("password") or ""),
            "kind": self.new_kind,
        }
        async for update in self._submit_form(
            Q.CREATE_USER,
            {"input": payload},
            "createUser",
            "UserPayload",
            done=lambda result: f"User {(result.get('user') or {}).get('email') or payload['email']} created",
            failed="Could not create the user.",
            known={"email", "name", "password", "kind"},
            forbidden="You don't have permission to create users.",
        ):
            yield update

    # ---- activate / deactivate ---------------------------------------------------------------
    @rx.event
    def ask_toggle_active(self, user_id: str):
        row = self._find_row(user_id)
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
        return await self._row_action(
            res, "updateUser", f"User {'activated' if active else 'deactivated'}", "The change was not saved.",
            ok_type="UserPayload", on_ok=lambda result: self._replace_row(target, user_row(result.get("user") or {})),
        )

"""State of /access/roles."""
from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx

from ..gql import queries as Q
from .base import AuthState
from .list_dialogs import ListDialogMixin
from .util import fmt_dt, humanize

PREVIEW = 3  # permission chips shown in the table per role


@dataclasses.dataclass
class PermItem:
    codename: str = ""
    action: str = ""
    description: str = ""
    scope: str = ""


@dataclasses.dataclass
class PermGroup:
    domain: str = ""
    label: str = ""
    perms: list[PermItem] = dataclasses.field(default_factory=list)


def role_row(r: dict[str, Any]) -> dict[str, Any]:
    perms = sorted(r.get("permissions") or [])
    row = {
        "id": str(r.get("id") or ""),
        "name": r.get("name") or "",
        "description": r.get("description") or "",
        "kind": r.get("kind") or "",
        "kind_label": humanize(r.get("kind")),
        "perm_count": len(perms),
        "perms_more": max(0, len(perms) - PREVIEW),
        "is_system": bool(r.get("isSystem")),
        "created": r.get("createdAt") or "",
        "created_label": fmt_dt(r.get("createdAt"))[:10],
        "_perms": perms,
    }
    for i in range(PREVIEW):
        row[f"perm_{i}"] = perms[i] if i < len(perms) else ""
    return row


class RolesState(AuthState, ListDialogMixin):
    _catalogue: list[dict[str, Any]] = []
    editing_id: str = ""
    editing_system: bool = False
    role_kind: str = "PLATFORM"
    role_name: str = ""
    role_description: str = ""
    selected: list[str] = []

    @rx.var
    def perm_groups(self) -> list[PermGroup]:
        groups: dict[str, PermGroup] = {}
        for p in self._catalogue:
            domain = p.get("domain") or p["codename"].split(".", 1)[0]
            group = groups.setdefault(domain, PermGroup(domain=domain, label=humanize(domain)))
            group.perms.append(
                PermItem(
                    codename=p["codename"],
                    action=humanize(p.get("action") or p["codename"].split(".", 1)[-1]),
                    description=p.get("description") or "",
                    scope=p.get("scope") or "",
                )
            )
        return list(groups.values())

    @rx.var
    def selected_count(self) -> int:
        return len(self.selected)

    @rx.var
    def dialog_title(self) -> str:
        return "Edit role" if self.editing_id else "New role"

    async def _fetch(self):
        res = await self._gql(Q.ROLES_AND_CATALOGUE)
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        if res.forbidden and not (res.data or {}).get("roles"):
            self.forbidden = True
            self._rows = []
            return None
        data = res.data or {}
        if data.get("roles") is None:
            self.error = res.first_error() or "Could not load roles."
            return None
        self.forbidden = False
        self._rows = [role_row(r) for r in data.get("roles") or []]
        if data.get("permissionCatalogue") is not None:
            self._catalogue = list(data["permissionCatalogue"])
        return None

    @rx.event
    async def load(self):
        async for update in self._load_list("name"):
            yield update

    # ---- dialog ---------------------------------------------------------------------------------
    @rx.event
    def open_create(self):
        self._reset_form()
        self.editing_id = ""
        self.editing_system = False
        self.role_kind = "PLATFORM"
        self.role_name = ""
        self.role_description = ""
        self.selected = []
        self.form_open = True

    @rx.event
    def open_edit(self, role_id: str):
        row = self._find_row(role_id)
        if row is None:
            return
        self._reset_form()
        self.editing_id = role_id
        self.editing_system = row["is_system"]
        self.role_kind = row["kind"]
        self.role_name = row["name"]
        self.role_description = row["description"]
        self.selected = list(row["_perms"])
        self.form_open = True

    @rx.event
    def set_role_kind(self, kind: str):
        self.role_kind = kind
        if kind == "MERCHANT":
            allowed = {p["codename"] for p in self._catalogue if p.get("scope") == "MERCHANT"}
            self.selected = [c for c in self.selected if c in allowed]

    @rx.event
    def set_role_name(self, value: str):
        self.role_name = value

    @rx.event
    def set_role_description(self, value: str):
        self.role_description = value

    def _allowed(self, codename: str) -> bool:
        if self.role_kind != "MERCHANT":
            return True
        return any(p["codename"] == codename and p.get("scope") == "MERCHANT" for p in self._catalogue)

    @rx.event
    def toggle_perm(self, codename: str, checked: bool):
        current = [c for c in self.selected if c != codename]
        if checked and self._allowed(codename):
            current.append(codename)
        self.selected = sorted(current)

    @rx.event
    def toggle_domain(self, domain: str):
        codes = [
            p["codename"]
            for p in self._catalogue
            if (p.get("domain") or p["codename"].split(".", 1)[0]) == domain and self._allowed(p["codename"])
        ]
        if all(c in self.selected for c in codes):
            self.selected = sorted(c for c in self.selected if c not in codes)
        else:
            self.selected = sorted(set(self.selected) | set(codes))

    @rx.event
    async def save_role(self, form: dict[str, Any]):
        payload = {
            "name": self.role_name.strip(),
            "description": self.role_description.strip(),
            "kind": self.role_kind,
            "permissions": list(self.selected),
        }
        if self.editing_id:
            doc, variables, key = Q.UPDATE_ROLE, {"id": self.editing_id, "input": payload}, "updateRole"
        else:
            doc, variables, key = Q.CREATE_ROLE, {"input": payload}, "createRole"
        verb = "updated" if self.editing_id else "created"
        async for update in self._submit_form(
            doc,
            variables,
            key,
            "RolePayload",
            done=lambda result: f"Role {(result.get('role') or {}).get('name') or payload['name']} {verb}",
            failed="The role was not saved.",
            known={"name", "description", "kind", "permissions"},
            forbidden="You don't have permission to manage roles.",
        ):
            yield update

    # ---- delete ---------------------------------------------------------------------------------
    @rx.event
    def ask_delete(self, role_id: str):
        row = self._find_row(role_id)
        if row is None:
            return
        self._ask(
            "delete",
            role_id,
            f"Delete role {row['name']}?",
            "The role and its permission set are removed. A role that is still assigned "
            "cannot be deleted: revoke its assignments first.",
            "Delete role",
        )

    async def _on_confirm(self, action: str, target: str):
        res = await self._gql(Q.DELETE_ROLE, {"id": target})
        return await self._row_action(res, "deleteRole", "Role deleted", "The role was not deleted.",
                                      on_ok=lambda _: self._drop_row(target))

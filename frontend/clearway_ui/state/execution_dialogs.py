"""Dialogs of /execution/[mid_id], substates of ``MasterMidState``: edit the MASTER MID, new SUB MID
GROUP, add / edit a member, replace a member's credentials.

Provider credentials are read from the submitted form and sent straight to the API: they are never
kept in a state var, so they never reach the browser again nor the state store.
"""
from __future__ import annotations

import re
import uuid
from typing import Any

import reflex as rx

from ..gql import routing as R
from .execution_mid import MasterMidState, SubGroupView, VelocityRow
from .mixins import FormMixin


class MidEditState(MasterMidState, FormMixin):
    """Name and settlement currency of the MASTER MID."""

    @rx.event
    def open_edit(self):
        self._reset_form()
        self.form_open = True

    @rx.event
    async def save(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        payload = {"name": str(form.get("name") or "").strip(),
                   "settlementCurrency": str(form.get("settlementCurrency") or "").strip().upper()}
        res = await self._gql(R.UPDATE_MASTER_MID, {"id": self.page_id, "input": payload})
        self.form_busy = False
        result = res.get("updateMasterMid")
        if not result:
            self.form_error = res.first_error() or "The MASTER MID was not saved."
            return
        if result.get("__typename") == "MasterMidPayload":
            self.form_open = False
            await self._fetch()
            yield rx.toast.success("MASTER MID saved")
            return
        self._apply_result_errors(result, "The MASTER MID was not saved.", {"name", "settlementCurrency"})


class SubGroupDialogState(MasterMidState, FormMixin):
    g_strategy: str = "SEQUENCE"

    @rx.event
    def open_create(self):
        self._reset_form()
        self.g_strategy = "SEQUENCE"
        self.form_open = True

    @rx.event
    def set_g_strategy(self, value: str):
        self.g_strategy = value

    @rx.event
    async def create(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        res = await self._gql(R.CREATE_SUB_MID_GROUP, {"masterMidId": self.page_id,
                                                        "name": str(form.get("name") or "").strip(),
                                                        "strategy": self.g_strategy})
        self.form_busy = False
        result = res.get("createSubMidGroup")
        if not result:
            self.form_error = ("You don't have permission to manage the execution layer." if res.forbidden
                               else res.first_error() or "The group was not created.")
            return
        if result.get("__typename") == "SubMidGroupPayload":
            self.form_open = False
            await self._fetch()
            yield rx.toast.success(f"SUB MID GROUP {(result.get('subMidGroup') or {}).get('name')} created")
            return
        self._apply_result_errors(result, "The group was not created.", {"name", "strategy"})


_VELOCITY_PATH = re.compile(r"velocity\[(\d+)\]")


class MemberDialogState(MasterMidState, FormMixin):
    """Add a member to a SUB MID GROUP, or edit one (credentials are only set on create)."""

    d_group_id: str = ""
    d_group_name: str = ""
    d_group_strategy: str = ""
    d_member_id: str = ""
    d_name: str = ""
    d_kind: str = "SUB_MID"
    d_position: str = "0"
    d_weight: str = "1"
    d_conversion: str = "0"
    d_enabled: bool = True
    d_velocity: list[VelocityRow] = []

    @rx.var
    def d_editing(self) -> bool:
        return self.d_member_id != ""

    def _open(self, group: SubGroupView) -> None:
        self._reset_form()
        self.d_group_id = group.id
        self.d_group_name = group.name
        self.d_group_strategy = group.strategy
        self.form_open = True

    @rx.event
    def open_add(self, group_id: str):
        group = next((g for g in self.sub_groups if g.id == group_id), None)
        if group is None:
            return
        self._open(group)
        self.d_member_id = ""
        self.d_name, self.d_kind = "", "SUB_MID"
        self.d_position = str(max([m.position for m in group.members], default=-1) + 1)
        self.d_weight, self.d_conversion, self.d_enabled = "1", "0", True
        self.d_velocity = []

    @rx.event
    def open_edit(self, member_id: str):
        m = self._members.get(member_id)
        if m is None:
            return
        group = next((g for g in self.sub_groups if g.id == str(m.get("groupId"))), None)
        if group is None:
            return
        self._open(group)
        self.d_member_id = member_id
        self.d_name = m.get("name") or ""
        self.d_kind = str(m.get("kind") or "SUB_MID")
        self.d_position = str(m.get("position") or 0)
        self.d_weight = str(m.get("weight") or 0)
        self.d_conversion = str(m.get("conversionFeeBps") or 0)
        self.d_enabled = bool(m.get("enabled"))
        self.d_velocity = [
            VelocityRow(uuid.uuid4().hex[:8], str(v.get("window_seconds") or ""),
                        "" if v.get("max_count") is None else str(v["max_count"]),
                        "" if v.get("max_amount") is None else str(v["max_amount"]))
            for v in m.get("velocity") or [] if isinstance(v, dict)
        ]

    @rx.event
    def set_d(self, name: str, value: str):
        if name in ("d_name", "d_kind", "d_position", "d_weight", "d_conversion"):
            setattr(self, name, value)
            key = {"d_name": "name", "d_position": "position", "d_weight": "weight",
                   "d_conversion": "conversionFeeBps", "d_kind": "kind"}[name]
            self.field_errors = {k: v for k, v in self.field_errors.items() if k != key}

    @rx.event
    def set_d_enabled(self, value: bool):
        self.d_enabled = bool(value)

    @rx.event
    def velocity_add(self):
        self.d_velocity = [*self.d_velocity, VelocityRow(uuid.uuid4().hex[:8], "3600", "100", "")]

    @rx.event
    def velocity_remove(self, key: str):
        self.d_velocity = [v for v in self.d_velocity if v.key != key]

    @rx.event
    def velocity_set(self, key: str, name: str, value: str):
        if name in ("window", "max_count", "max_amount"):
            self.d_velocity = [VelocityRow(**{**v.__dict__, name: value, "err": ""}) if v.key == key else v
                               for v in self.d_velocity]

    @staticmethod
    def _int(text: str) -> Any:
        v = (text or "").strip().replace(",", "").replace("_", "")
        if not v:
            return None
        try:
            return int(v)
        except ValueError:
            return v  # the API names the problem

    @rx.event
    async def save(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        self.d_velocity = [VelocityRow(**{**v.__dict__, "err": ""}) for v in self.d_velocity]
        yield
        errors: dict[str, str] = {}
        ints: dict[str, int] = {}
        for key, text in (("position", self.d_position), ("weight", self.d_weight),
                          ("conversionFeeBps", self.d_conversion)):
            value = self._int(text)
            if not isinstance(value, int):
                errors[key] = "A whole number."
            else:
                ints[key] = value
        if errors:  # GraphQL refuses non-integers for Int fields before the API can explain
            self.field_errors = errors
            self.form_busy = False
            return
        velocity = [{"window_seconds": self._int(v.window), "max_count": self._int(v.max_count),
                     "max_amount": self._int(v.max_amount)} for v in self.d_velocity]
        payload: dict[str, Any] = {"name": self.d_name.strip(), "position": ints["position"],
                                   "weight": ints["weight"], "enabled": self.d_enabled, "velocity": velocity,
                                   "conversionFeeBps": ints["conversionFeeBps"]}
        if self.d_member_id:
            res = await self._gql(R.UPDATE_SUB_MID, {"id": self.d_member_id, "input": payload})
            root = "updateSubMid"
        else:
            credentials = str(form.get("credentials") or "")
            payload.update(groupId=self.d_group_id, kind=self.d_kind, credentials=credentials or None)
            res = await self._gql(R.ADD_SUB_MID, {"input": payload})
            root = "addSubMid"
        self.form_busy = False
        result = res.get(root)
        if not result:
            self.form_error = ("You don't have permission to manage the execution layer." if res.forbidden
                               else res.first_error() or "The member was not saved.")
            return
        if result.get("__typename") == "SubMidPayload":
            self.form_open = False
            await self._fetch()
            yield rx.toast.success(f"{payload['name']} {'saved' if self.d_member_id else 'added'}")
            return
        rows = list(self.d_velocity)
        rest = []
        for f in result.get("fields") or []:
            m = _VELOCITY_PATH.search(str(f.get("field") or ""))
            if m and int(m.group(1)) < len(rows):
                i = int(m.group(1))
                rows[i] = VelocityRow(**{**rows[i].__dict__, "err": str(f.get("message") or "Invalid window")})
            else:
                rest.append(f)
        self.d_velocity = rows
        self._apply_result_errors({**result, "fields": rest}, "The member was not saved.",
                                  {"name", "kind", "position", "weight", "conversionFeeBps", "credentials"})
        if not rest and any(v.err for v in rows):
            self.form_error = ""  # every problem is shown beside its velocity window


class CredentialsDialogState(MasterMidState, FormMixin):
    """Replace a member's provider credentials: write-only, the API answers with a masked hint."""

    c_member_id: str = ""
    c_member_name: str = ""
    c_hint: str = ""

    @rx.event
    def open_replace(self, member_id: str):
        m = self._members.get(member_id)
        if m is None:
            return
        self._reset_form()
        self.c_member_id = member_id
        self.c_member_name = m.get("name") or ""
        self.c_hint = m.get("credentialsHint") or ""
        self.form_open = True

    @rx.event
    async def replace_credentials(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        credentials = str(form.get("credentials") or "")
        if not credentials.strip():
            self.field_errors = {"credentials": "Enter the new credentials."}
            self.form_busy = False
            return
        res = await self._gql(R.REPLACE_SUB_MID_CREDENTIALS, {"id": self.c_member_id, "credentials": credentials})
        del credentials
        self.form_busy = False
        result = res.get("replaceSubMidCredentials")
        if not result:
            self.form_error = ("You don't have permission to replace secrets (secrets.rotate)." if res.forbidden
                               else res.first_error() or "The credentials were not replaced.")
            return
        if result.get("__typename") == "SubMidPayload":
            hint = (result.get("subMid") or {}).get("credentialsHint") or ""
            self.form_open = False
            await self._fetch()
            yield rx.toast.success(f"Credentials of {self.c_member_name} replaced" + (f" (hint {hint})" if hint else ""))
            return
        self._apply_result_errors(result, "The credentials were not replaced.", {"credentials"})

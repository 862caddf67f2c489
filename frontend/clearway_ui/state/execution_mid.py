"""State of /execution/[mid_id]: one MASTER MID — fees, SUB MID GROUPs and members, second-level blueprint.

Dialogs are substates of ``MasterMidState`` (new SUB MID GROUP, add / edit member, replace credentials,
edit MASTER MID). Provider credentials are read from the submitted form and sent straight to the API:
they are never kept in a state var, so they never reach the browser again nor the state store.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from ..gql import routing as R
from .base import AuthState
from .blueprint import BlueprintMixin, TargetOpt, fmt_bps, fmt_int, fmt_window
from .execution import PROVIDER_LABELS, FeeRowsMixin, fee_chips, fee_rows
from .execution import FeeChip
from .mixins import ConfirmMixin, FormMixin

KIND_LABELS = {"SUB_MID": "SUB MID", "AGGREGATOR": "SUB MID AGGREGATOR"}
STRATEGY_LABELS = {"SEQUENCE": "Sequence", "WEIGHT": "Weight"}


@dataclass
class VelocityRow:
    key: str = ""
    window: str = "3600"
    max_count: str = ""
    max_amount: str = ""
    err: str = ""


@dataclass
class MemberRow:
    id: str = ""
    name: str = ""
    kind: str = ""
    kind_label: str = ""
    position: int = 0
    weight: int = 0
    share: str = ""
    share_pct: int = 0
    enabled: bool = True
    velocity: list[str] = field(default_factory=list)
    conversion: str = ""
    hint: str = ""


@dataclass
class SubGroupView:
    id: str = ""
    name: str = ""
    strategy: str = ""
    strategy_label: str = ""
    members: list[MemberRow] = field(default_factory=list)
    enabled: int = 0
    summary: str = ""
    in_blueprint: bool = False


def velocity_text(v: dict[str, Any]) -> str:
    parts = []
    if v.get("max_count") is not None:
        parts.append(f"{fmt_int(v['max_count'])} payments")
    if v.get("max_amount") is not None:
        parts.append(f"{fmt_int(v['max_amount'])} minor units")
    return " · ".join(parts) + f" per {fmt_window(v.get('window_seconds'))}"


def _members_summary(members: list[dict[str, Any]]) -> str:
    n = len(members)
    on = sum(1 for m in members if m.get("enabled"))
    return f"{n} member{'s' if n != 1 else ''} · {on} enabled"


def member_rows(group: dict[str, Any]) -> list[MemberRow]:
    members = group.get("members") or []
    weighted = group.get("strategy") == "WEIGHT"
    total = sum(int(m.get("weight") or 0) for m in members if m.get("enabled")) if weighted else 0
    out = []
    for m in sorted(members, key=lambda m: (int(m.get("position") or 0), m.get("name") or "")):
        w = int(m.get("weight") or 0)
        pct = int(round(100 * w / total)) if weighted and total and m.get("enabled") else 0
        out.append(MemberRow(
            id=str(m["id"]),
            name=m.get("name") or "",
            kind=str(m.get("kind") or ""),
            kind_label=KIND_LABELS.get(str(m.get("kind")), str(m.get("kind") or "")),
            position=int(m.get("position") or 0),
            weight=w,
            share=f"{pct}%" if weighted else "",
            share_pct=pct,
            enabled=bool(m.get("enabled")),
            velocity=[velocity_text(v) for v in m.get("velocity") or [] if isinstance(v, dict)],
            conversion=fmt_bps(m.get("conversionFeeBps") or 0),
            hint=m.get("credentialsHint") or "",
        ))
    return out


class MasterMidState(AuthState, BlueprintMixin, FeeRowsMixin, ConfirmMixin):
    mid_id: str = ""
    mid_loaded: bool = False
    not_found: bool = False
    load_error: str = ""
    tab: str = "setup"
    m_name: str = ""
    m_provider: str = ""
    m_settlement: str = ""
    m_enabled: bool = True
    m_group: str = ""
    m_fees: list[FeeChip] = []
    sub_groups: list[SubGroupView] = []
    fees_busy: bool = False
    fees_dirty: bool = False
    _members: dict[str, dict] = {}

    # ---- permissions ------------------------------------------------------------------------------
    @rx.var
    def can_manage(self) -> bool:
        return "execution.manage" in self.permissions

    @rx.var
    def can_rotate(self) -> bool:
        return "secrets.rotate" in self.permissions

    @rx.var
    def provider_label(self) -> str:
        return PROVIDER_LABELS.get(self.m_provider, self.m_provider)

    @rx.var
    def member_count(self) -> int:
        return sum(len(g.members) for g in self.sub_groups)

    # ---- loading ------------------------------------------------------------------------------------
    def _route_id(self) -> str:
        parts = [p for p in (self.router.url.path or "").split("/") if p]
        return parts[1] if len(parts) >= 2 and parts[0] == "execution" else ""

    async def _fetch(self):
        res = await self._gql(R.MASTER_MID, {"id": self.mid_id})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        m = res.get("masterMid")
        if m is None:
            if res.transport_error or res.forbidden or (res.errors and res.data is None):
                self.load_error = ("You don't have permission to see the execution layer." if res.forbidden
                                   else res.first_error() or "Could not load the MASTER MID.")
            else:
                self.not_found = True
            return None
        self.not_found = False
        self.load_error = ""
        groups = {str(g["id"]): g.get("name") or "" for g in res.get("masterMidGroups") or []}
        self.m_name = m.get("name") or ""
        self.m_provider = m.get("provider") or ""
        self.m_settlement = m.get("settlementCurrency") or ""
        self.m_enabled = bool(m.get("enabled"))
        self.m_group = groups.get(str(m.get("groupId")), "")
        self.m_fees = fee_chips(m.get("fees"))
        if not self.fees_dirty:
            self.fee_rows = fee_rows(m.get("fees"))
        subs = m.get("subMidGroups") or []
        self._members = {str(x["id"]): x for g in subs for x in g.get("members") or []}
        targets = []
        for g in subs:
            members = g.get("members") or []
            live = [x for x in members if x.get("enabled") and (g.get("strategy") == "SEQUENCE" or int(x.get("weight") or 0) > 0)]
            note = f"{STRATEGY_LABELS.get(g.get('strategy'), g.get('strategy'))} · {len(members)} member{'s' if len(members) != 1 else ''}"
            targets.append(TargetOpt(id=str(g["id"]), label=g.get("name") or "", note=note, ok=bool(live)))
        self.bp_targets = targets
        self.bp_target_names = {t.id: t.label for t in targets}
        self._bp_load_versions(m.get("versions") or [])
        published = next((v for v in m.get("versions") or [] if v.get("status") == "PUBLISHED"), None)
        used = set()
        if published:
            doc = published.get("document") or {}
            used = {t for r in doc.get("rules") or [] for t in r.get("targets") or []} | set(doc.get("fallback") or [])
        self.sub_groups = [
            SubGroupView(
                id=str(g["id"]),
                name=g.get("name") or "",
                strategy=str(g.get("strategy") or ""),
                strategy_label=STRATEGY_LABELS.get(str(g.get("strategy")), str(g.get("strategy"))),
                members=member_rows(g),
                enabled=sum(1 for x in g.get("members") or [] if x.get("enabled")),
                summary=_members_summary(g.get("members") or []),
                in_blueprint=str(g["id"]) in used,
            )
            for g in subs
        ]
        return None

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        mid_id = self._route_id()
        if mid_id != self.mid_id:
            self.mid_id = mid_id
            self.mid_loaded = False
            self.not_found = False
            self.tab = "setup"
            self.fees_dirty = False
            self.bp_diff_from = self.bp_diff_to = ""
        yield
        redirect = await self._fetch()
        self.mid_loaded = True
        if redirect is not None:
            yield redirect

    @rx.event
    def set_tab(self, value: str):
        self.tab = value

    # ---- fees ------------------------------------------------------------------------------------------
    @rx.event
    def fee_touch(self):
        self.fees_dirty = True

    @rx.event
    async def save_fees(self):
        fees = self._fees_doc()
        if fees is None:
            return
        self.fees_busy = True
        yield
        res = await self._gql(R.UPDATE_MASTER_MID, {"id": self.mid_id, "input": {"fees": fees}})
        self.fees_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = res.get("updateMasterMid") or {}
        if result.get("__typename") == "MasterMidPayload":
            self.fees_dirty = False
            await self._fetch()
            yield rx.toast.success("Fees saved")
            return
        msgs = [str(f.get("message")) for f in result.get("fields") or []]
        self.fee_error = " ".join(msgs) or result.get("message") or res.first_error() or "The fees were not saved."

    @rx.event
    def reset_fees(self):
        self.fees_dirty = False
        self.fee_error = ""
        return type(self).reload

    @rx.event
    async def reload(self):
        redirect = await self._fetch()
        if redirect is not None:
            yield redirect

    # ---- enable / disable ------------------------------------------------------------------------------
    @rx.event
    async def toggle_mid(self, value: bool):
        if not value:
            self._ask("disable_mid", self.mid_id, f"Disable MASTER MID {self.m_name}?",
                      "Routing skips a disabled MASTER MID and moves on to the next one of its group (or the fallback). "
                      "Payments in flight are not affected.", "Disable")
            return
        await self._set_mid_enabled(True)

    async def _set_mid_enabled(self, enabled: bool):
        res = await self._gql(R.UPDATE_MASTER_MID, {"id": self.mid_id, "input": {"enabled": enabled}})
        result = res.get("updateMasterMid") or {}
        if result.get("__typename") == "MasterMidPayload":
            await self._fetch()
            return rx.toast.success(f"MASTER MID {'enabled' if enabled else 'disabled'}")
        return rx.toast.error(result.get("message") or res.first_error() or "Not saved.")

    @rx.event
    async def toggle_member(self, member_id: str, value: bool):
        member = self._members.get(member_id) or {}
        if not value:
            self._ask("disable_member", member_id, f"Disable {member.get('name') or 'this member'}?",
                      "Routing skips a disabled SUB MID and tries the next member of its group.", "Disable")
            return
        return await self._set_member_enabled(member_id, True)

    async def _set_member_enabled(self, member_id: str, enabled: bool):
        res = await self._gql(R.UPDATE_SUB_MID, {"id": member_id, "input": {"enabled": enabled}})
        result = res.get("updateSubMid") or {}
        if result.get("__typename") == "SubMidPayload":
            await self._fetch()
            return rx.toast.success(f"{(result.get('subMid') or {}).get('name')} {'enabled' if enabled else 'disabled'}")
        msgs = [str(f.get("message")) for f in result.get("fields") or []]
        return rx.toast.error(" ".join(msgs) or result.get("message") or res.first_error() or "Not saved.")

    # ---- confirmations ----------------------------------------------------------------------------------
    @rx.event
    def ask_delete_rule(self, key: str):
        rule = next((r for r in self.bp_rules if r.key == key), None)
        if rule is None:
            return
        self._ask("delete_rule", key, f"Delete rule “{rule.name or rule.id}”?",
                  "The rule leaves the draft. Nothing changes for live traffic until you publish.", "Delete rule")

    async def _on_confirm(self, action: str, target: str):
        if action == "delete_rule":
            self._bp_delete_rule(target)
            return None
        if action == "disable_mid":
            return await self._set_mid_enabled(False)
        if action == "disable_member":
            return await self._set_member_enabled(target, False)
        return None

    # ---- BlueprintMixin hooks -------------------------------------------------------------------------------
    async def _bp_create_draft(self) -> dict | None:
        res = await self._gql(R.EXECUTION_DRAFT, {"masterMidId": self.mid_id})
        result = res.get("executionDraft") or {}
        if result.get("__typename") != "BlueprintPayload":
            self.bp_error = result.get("message") or res.first_error() or "Could not start a draft."
            return None
        await self._fetch()
        return result.get("blueprint")

    async def _bp_save(self, draft_id: str, document: dict):
        res = await self._gql(R.UPDATE_EXECUTION_DRAFT, {"id": draft_id, "document": document})
        if (redirect := self._auth_redirect(res)) is not None:
            return None, redirect
        result = res.get("updateExecutionDraft")
        if not result:
            self.bp_error = ("You don't have permission to manage the execution layer." if res.forbidden
                             else res.first_error() or "The draft was not saved.")
            return None, None
        return result, None

    async def _bp_publish(self, draft_id: str):
        res = await self._gql(R.PUBLISH_EXECUTION, {"id": draft_id})
        if (redirect := self._auth_redirect(res)) is not None:
            return None, redirect
        result = res.get("publishExecution")
        if not result:
            self.bp_error = ("You don't have permission to manage the execution layer." if res.forbidden
                             else res.first_error() or "The draft was not published.")
            return None, None
        if result.get("__typename") == "BlueprintPayload":
            await self._fetch()
        return result, None


# ---------------------------------------------------------------------------------------------
# dialogs
# ---------------------------------------------------------------------------------------------


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
        res = await self._gql(R.UPDATE_MASTER_MID, {"id": self.mid_id, "input": payload})
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
        res = await self._gql(R.CREATE_SUB_MID_GROUP, {"masterMidId": self.mid_id,
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

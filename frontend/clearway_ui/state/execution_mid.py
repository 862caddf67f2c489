"""State of /execution/[mid_id]: one MASTER MID — fees, SUB MID GROUPs and members, second-level blueprint.

The rule editor is ``BlueprintMixin``; this state names the execution-blueprint mutations and the
SUB MID GROUPs the rules can target. The dialogs are substates (state/execution_dialogs.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import reflex as rx

from ..gql import routing as R
from .base import AuthState
from .blueprint import BlueprintApi, BlueprintMixin, TargetOpt, fmt_bps, fmt_int, fmt_window
from .detail import DetailPageMixin
from .execution import PROVIDER_LABELS, FeeRowsMixin, fee_chips, fee_rows
from .execution import FeeChip
from .mixins import ConfirmMixin

EXECUTION_API = BlueprintApi(
    owner_var="masterMidId",
    draft=R.EXECUTION_DRAFT, draft_root="executionDraft",
    save=R.UPDATE_EXECUTION_DRAFT, save_root="updateExecutionDraft",
    publish=R.PUBLISH_EXECUTION, publish_root="publishExecution",
    forbidden_save="You don't have permission to manage the execution layer.",
    forbidden_publish="You don't have permission to manage the execution layer.",
)
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


def sub_group_views(subs: list[dict[str, Any]], versions: list[dict[str, Any]]) -> list[SubGroupView]:
    """The SUB MID GROUPs, each marked when the published blueprint routes to it."""
    published = next((v for v in versions if v.get("status") == "PUBLISHED"), None)
    used = set()
    if published:
        doc = published.get("document") or {}
        used = {t for r in doc.get("rules") or [] for t in r.get("targets") or []} | set(doc.get("fallback") or [])
    return [
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


class MasterMidState(AuthState, DetailPageMixin, BlueprintMixin, FeeRowsMixin, ConfirmMixin):
    SECTION: ClassVar[str] = "execution"
    FIRST_TAB: ClassVar[str] = "setup"
    BP_API: ClassVar[BlueprintApi] = EXECUTION_API

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

    # ---- loading (DetailPageMixin hooks) ------------------------------------------------------------
    async def _fetch(self):
        res = await self._gql(R.MASTER_MID, {"id": self.page_id})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        m = res.get("masterMid")
        if m is None:
            self._not_loaded(res, "Could not load the MASTER MID.",
                             forbidden="You don't have permission to see the execution layer.")
            return None
        self._loaded_ok()
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
        self._bp_set_targets(targets)
        self._bp_load_versions(m.get("versions") or [])
        self.sub_groups = sub_group_views(subs, m.get("versions") or [])
        return None

    def _forget_object(self) -> None:
        self.fees_dirty = False
        self.bp_diff_from = self.bp_diff_to = ""

    def _bp_owner_id(self) -> str:
        return self.page_id

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
        res = await self._gql(R.UPDATE_MASTER_MID, {"id": self.page_id, "input": {"fees": fees}})
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
            self._ask("disable_mid", self.page_id, f"Disable MASTER MID {self.m_name}?",
                      "Routing skips a disabled MASTER MID and moves on to the next one of its group (or the fallback). "
                      "Payments in flight are not affected.", "Disable")
            return
        await self._set_mid_enabled(True)

    async def _set_mid_enabled(self, enabled: bool):
        res = await self._gql(R.UPDATE_MASTER_MID, {"id": self.page_id, "input": {"enabled": enabled}})
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

    # ---- confirmations (deleting a rule: BlueprintMixin) ---------------------------------------------
    async def _on_confirm(self, action: str, target: str):
        if action == "disable_mid":
            return await self._set_mid_enabled(False)
        if action == "disable_member":
            return await self._set_member_enabled(target, False)
        return await super()._on_confirm(action, target)


# the dialogs are substates of MasterMidState; views/execution_members.py imports them from here
from .execution_dialogs import (CredentialsDialogState, MemberDialogState, MidEditState,  # noqa: E402,F401
                                SubGroupDialogState)

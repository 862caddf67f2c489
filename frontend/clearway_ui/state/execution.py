"""State of /execution: MASTER MID GROUPs with their MASTER MIDs, and the two "new" dialogs.

``FeeRowsMixin`` (a fee table per currency: percent in basis points + a fixed amount in minor units)
is shared with the MASTER MID page.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from ..gql import routing as R
from .base import AuthState
from .blueprint import fmt_bps, fmt_money
from .mixins import FormMixin
from .util import fmt_dt

PROVIDERS: list[tuple[str, str]] = [
    ("sim_card", "Simulated cards"),
    ("sim_va", "Simulated virtual accounts"),
    ("sim_ewallet", "Simulated e-wallets"),
    ("sim_qr", "Simulated QR"),
]
PROVIDER_LABELS = dict(PROVIDERS)


@dataclass
class FeeRow:
    key: str = ""
    currency: str = ""
    percent_bps: str = ""
    fixed: str = ""


@dataclass
class FeeChip:
    currency: str = ""
    text: str = ""


@dataclass
class MidRow:
    id: str = ""
    name: str = ""
    provider: str = ""
    provider_label: str = ""
    settlement: str = ""
    fees: list[FeeChip] = field(default_factory=list)
    enabled: bool = True
    published: int = 0
    sub_groups: int = 0
    members: int = 0


@dataclass
class GroupView:
    id: str = ""
    name: str = ""
    created: str = ""
    mids: list[MidRow] = field(default_factory=list)
    enabled: int = 0


def fee_chips(fees: dict[str, Any] | None) -> list[FeeChip]:
    out = []
    for cur, fee in sorted((fees or {}).items()):
        fee = fee if isinstance(fee, dict) else {}
        out.append(FeeChip(cur, f"{fmt_bps(fee.get('percent_bps') or 0)} + {fmt_money(fee.get('fixed') or 0, cur)}"))
    return out


def fee_rows(fees: dict[str, Any] | None) -> list[FeeRow]:
    return [FeeRow(uuid.uuid4().hex[:8], cur, str((fee or {}).get("percent_bps", "")), str((fee or {}).get("fixed", "")))
            for cur, fee in sorted((fees or {}).items())]


def _int_or_text(value: str) -> Any:
    v = (value or "").strip().replace(",", "")
    if not v:
        return 0
    try:
        return int(v)
    except ValueError:
        return value.strip()


class FeeRowsMixin(rx.State, mixin=True):
    """An editable fee table: {CUR: {percent_bps, fixed}}; the API validates the values."""

    fee_rows: list[FeeRow] = []
    fee_error: str = ""

    def _fees_doc(self) -> dict[str, Any] | None:
        """The fees as the API takes them; None (and fee_error set) when a currency is missing or repeated."""
        doc: dict[str, Any] = {}
        for row in self.fee_rows:
            cur = row.currency.strip().upper()
            if not cur:
                self.fee_error = "Every fee row needs a currency."
                return None
            if cur in doc:
                self.fee_error = f"{cur} is listed twice."
                return None
            doc[cur] = {"percent_bps": _int_or_text(row.percent_bps), "fixed": _int_or_text(row.fixed)}
        self.fee_error = ""
        return doc

    @rx.event
    def fee_add(self):
        taken = {r.currency.upper() for r in self.fee_rows}
        guess = next((c for c in ("EUR", "USD", "GBP", "IDR") if c not in taken), "")
        self.fee_rows = [*self.fee_rows, FeeRow(uuid.uuid4().hex[:8], guess, "250", "25")]
        self.fee_error = ""

    @rx.event
    def fee_remove(self, key: str):
        self.fee_rows = [r for r in self.fee_rows if r.key != key]
        self.fee_error = ""

    @rx.event
    def fee_set(self, key: str, name: str, value: str):
        if name not in ("currency", "percent_bps", "fixed"):
            return
        if name == "currency":
            value = value.upper()[:3]
        self.fee_rows = [FeeRow(**{**r.__dict__, name: value}) if r.key == key else r for r in self.fee_rows]
        self.fee_error = ""


class ExecutionListState(AuthState):
    groups: list[GroupView] = []
    loading: bool = False
    loaded: bool = False
    forbidden: bool = False
    error: str = ""

    @rx.var
    def can_manage(self) -> bool:
        return "execution.manage" in self.permissions

    @rx.var
    def mid_count(self) -> int:
        return sum(len(g.mids) for g in self.groups)

    @rx.var
    def group_choices(self) -> list[dict[str, str]]:
        return [{"id": g.id, "label": g.name} for g in self.groups]

    async def _fetch(self):
        res = await self._gql(R.MASTER_MID_GROUPS)
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        groups = res.get("masterMidGroups")
        if groups is None:
            self.forbidden = res.forbidden
            if not res.forbidden:
                self.error = res.first_error() or "Could not load the execution layer."
            self.groups = []
            return None
        self.forbidden = False
        self.error = ""
        out = []
        for g in groups:
            mids = []
            for m in g.get("masterMids") or []:
                subs = m.get("subMidGroups") or []
                mids.append(MidRow(
                    id=str(m["id"]),
                    name=m.get("name") or "",
                    provider=m.get("provider") or "",
                    provider_label=PROVIDER_LABELS.get(m.get("provider") or "", m.get("provider") or ""),
                    settlement=m.get("settlementCurrency") or "",
                    fees=fee_chips(m.get("fees")),
                    enabled=bool(m.get("enabled")),
                    published=int((m.get("published") or {}).get("version") or 0),
                    sub_groups=len(subs),
                    members=sum(len(s.get("members") or []) for s in subs),
                ))
            out.append(GroupView(id=str(g["id"]), name=g.get("name") or "", created=fmt_dt(g.get("createdAt"))[:10],
                                 mids=mids, enabled=sum(1 for m in mids if m.enabled)))
        self.groups = out
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
    async def reload(self):
        redirect = await self._fetch()
        if redirect is not None:
            yield redirect


class NewMasterMidGroupState(ExecutionListState, FormMixin):
    @rx.event
    def open_create(self):
        self._reset_form()
        self.form_open = True

    @rx.event
    async def create_group(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        res = await self._gql(R.CREATE_MASTER_MID_GROUP, {"name": str(form.get("name") or "").strip()})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = res.get("createMasterMidGroup")
        if not result:
            self.form_error = ("You don't have permission to manage the execution layer." if res.forbidden
                               else res.first_error() or "The group was not created.")
            return
        if result.get("__typename") == "MasterMidGroupPayload":
            self.form_open = False
            yield rx.toast.success(f"MASTER MID GROUP {(result.get('masterMidGroup') or {}).get('name')} created")
            await self._fetch()
            return
        self._apply_result_errors(result, "The group was not created.", {"name"})


class NewMasterMidState(ExecutionListState, FormMixin, FeeRowsMixin):
    n_group_id: str = ""
    n_provider: str = "sim_card"
    n_enabled: bool = True

    @rx.event
    def open_create(self, group_id: str = ""):
        self._reset_form()
        self.n_group_id = group_id or (self.groups[0].id if len(self.groups) == 1 else "")
        self.n_provider = "sim_card"
        self.n_enabled = True
        self.fee_rows = [FeeRow(uuid.uuid4().hex[:8], "EUR", "250", "25")]
        self.fee_error = ""
        self.form_open = True

    @rx.event
    def set_n_group_id(self, value: str):
        self.n_group_id = value

    @rx.event
    def set_n_provider(self, value: str):
        self.n_provider = value

    @rx.event
    def set_n_enabled(self, value: bool):
        self.n_enabled = bool(value)

    @rx.event
    async def create_mid(self, form: dict[str, Any]):
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        yield
        fees = self._fees_doc()
        if fees is None:
            self.form_busy = False
            return
        payload = {
            "groupId": self.n_group_id,
            "name": str(form.get("name") or "").strip(),
            "provider": self.n_provider,
            "settlementCurrency": str(form.get("settlementCurrency") or "").strip().upper(),
            "fees": fees,
            "enabled": self.n_enabled,
        }
        res = await self._gql(R.CREATE_MASTER_MID, {"input": payload})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = res.get("createMasterMid")
        if not result:
            self.form_error = ("You don't have permission to manage the execution layer." if res.forbidden
                               else res.first_error() or "The MASTER MID was not created.")
            return
        if result.get("__typename") == "MasterMidPayload":
            mid = result.get("masterMid") or {}
            self.form_open = False
            yield rx.toast.success(f"MASTER MID {mid.get('name')} created: add its SUB MIDs and blueprint")
            yield rx.redirect(f"/execution/{mid.get('id')}")
            return
        if result.get("__typename") == "NotFoundError":
            # the API checks the fields first: a missing group is the only problem left
            self.field_errors = {"groupId": "Choose the MASTER MID GROUP it belongs to." if not self.n_group_id
                                 else "This MASTER MID GROUP no longer exists."}
            return
        fields = list(result.get("fields") or [])
        fee_problems = [str(f.get("message")) for f in fields if str(f.get("field")).endswith("fees")]
        self._apply_result_errors({**result, "fields": [f for f in fields if not str(f.get("field")).endswith("fees")]},
                                  "The MASTER MID was not created.",
                                  {"name", "provider", "settlementCurrency", "groupId"})
        if fee_problems:
            self.fee_error = " ".join(fee_problems)
            if not self.field_errors:
                self.form_error = ""
        if not self.n_group_id:
            self.field_errors = {**self.field_errors, "groupId": "Choose the MASTER MID GROUP it belongs to."}

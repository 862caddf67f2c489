"""State of the Disputes card on /transactions/[txn_id]: the payment's disputes and the Open dispute dialog (tenant
staff with disputes.manage, settled or partly refunded payments without an open dispute)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import disputes as D
from .base import AuthState
from .dispute_rows import OPEN, dispute_row
from .mixins import FormMixin
from .money import fmt_major, fmt_money, to_minor

DISPUTABLE = ("SETTLEMENT", "PARTIALLY_REFUNDED")


class TxnDisputesState(AuthState, FormMixin):
    txn_id: str = ""
    rows: list[dict[str, str]] = []
    loaded: bool = False
    can_open: bool = False
    disputable: int = 0  # what a new dispute may hold at most (minor units); 0: the payment cannot be disputed now
    currency: str = ""
    o_amount: str = ""
    o_reason: str = ""

    # Whether the card shows at all: TransactionState.can_read_disputes (disputes.read on this payment's merchant).

    @rx.var
    def disputable_label(self) -> str:
        return fmt_money(self.disputable, self.currency) if self.currency else ""

    @rx.var
    def has_open(self) -> bool:
        return any(r["status"] in OPEN for r in self.rows)

    @rx.event
    async def load(self):
        parts = [p for p in (self.router.url.path or "").split("/") if p]
        self.txn_id = parts[1] if len(parts) >= 2 and parts[0] == "transactions" else ""
        if not self.txn_id or "disputes.read" not in self.permissions:
            return
        res = await self._gql(D.TXN_DISPUTES, {"transactionId": self.txn_id})
        conn, txn = res.get("disputes") or {}, res.get("transaction") or {}
        self.rows = [{k: str(v) for k, v in dispute_row(e.get("node") or {}).items()} for e in conn.get("edges") or []]
        self.currency = str(txn.get("currency") or "")
        status = str(txn.get("status") or "")
        left = int(txn.get("amount") or 0) - int(txn.get("refundedAmount") or 0)
        self.disputable = left if status in DISPUTABLE and not any(r["status"] in OPEN for r in self.rows) else 0
        # openDispute needs disputes.manage as tenant staff (canOpenDisputes) and on this payment's merchant (viewerCan)
        self.can_open = bool(res.get("canOpenDisputes")) and bool((txn.get("viewerCan") or {}).get("openDispute"))
        self.loaded = True

    @rx.event
    def start(self):
        self._reset_form()
        self.o_amount = fmt_major(self.disputable, self.currency).replace(",", "")
        self.o_reason = ""
        self.form_open = True

    @rx.event
    def set_o_amount(self, value: str):
        self.o_amount = value

    @rx.event
    def set_o_reason(self, value: str):
        self.o_reason = value

    @rx.event
    async def submit(self, _form: dict[str, Any] | None = None):
        amount, problem = to_minor(self.o_amount, self.currency)
        if problem:
            self.field_errors = {"amount": problem}
            return
        self.form_busy = True
        yield
        res = await self._gql(D.OPEN_DISPUTE, {"input": {"transactionId": self.txn_id, "amount": amount, "reason": self.o_reason}})
        result = res.get("openDispute") or {}
        self.form_busy = False
        if result.get("__typename") == "DisputePayload":
            self.form_open = False
            yield rx.redirect("/disputes/" + result["dispute"]["id"])
            return
        self._apply_result_errors(result, res.first_error() or "The dispute was not opened.", {"amount", "reason"})

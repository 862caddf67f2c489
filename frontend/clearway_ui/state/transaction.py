"""State of /transactions/[txn_id]: one transaction with its timeline, routing path, attempts, provider
callbacks and overrides, and the manual override controls (transactions.override).

Live updates: while the page is open, a background task (``follow``) holds the API's GraphQL subscription
``transactionTimeline`` (graphql-transport-ws, as the logged-in user, see gql/live.py): each new entry is
appended at once, and an entry that changes the transaction (callback, override, refund...) re-reads it, so
status, attempts, callbacks and overrides follow without a reload. It stops when the tab shows another page,
auto-refresh is switched off, another ``follow`` replaces it, or after LIVE_MAX_SECONDS; when the API refuses or
drops it, it retries a few times with back-off.

Fallback: while the transaction is pending, ``poll`` re-reads it every POLL_SECONDS whenever the subscription is
not up. It stops as soon as the transaction leaves ``pending``, the tab shows another page, auto-refresh is
switched off, another poll replaces it, or after POLL_MAX_SECONDS.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import reflex as rx

from ..components.payments import STATUS_STYLES, status_label
from ..gql import payments as P
from ..gql.live import LiveError, subscription
from .base import AuthState
from .mixins import ConfirmMixin, FormMixin
from .money import fmt_money, to_minor
from .routing_editor import TraceView, trace_view
from .transaction_webhooks import WebhookRow, webhook_row
from .util import fmt_dt, fmt_dt_s, fmt_relative, fmt_until, humanize

POLL_SECONDS = 2.0
POLL_MAX_SECONDS = 15 * 60
LIVE_CHECK_SECONDS = 2.0  # how often the live task checks that the page is still open
LIVE_MAX_SECONDS = 60 * 60
LIVE_RETRIES = 5
# entries after which the transaction itself changed: re-read it (status, attempts, callbacks, overrides, ledger)
REFETCH_KINDS = {"attempt", "challenge", "callback", "suspicious_callback", "override", "refund", "expired", "cancelled",
                 "dispute"}

TABS: list[tuple[str, str, str]] = [
    ("overview", "Overview", "layout-dashboard"),
    ("timeline", "Timeline", "history"),
    ("routing", "Routing path", "route"),
    ("attempts", "Attempts", "credit-card"),
    ("callbacks", "Provider callbacks", "inbox"),
    ("webhooks", "Webhooks", "webhook"),
    ("overrides", "Overrides", "hand"),
]
TAB_KEYS = [t[0] for t in TABS]

# override actions: (enum value, label, what it does), offered by current status
ACTIONS: dict[str, tuple[str, str]] = {
    "APPROVE": ("Approve", "Settle the payment as if the provider had approved it."),
    "REJECT": ("Reject", "Fail the payment as if the provider had declined it."),
    "EXPIRE": ("Expire", "Expire the payment now."),
    "CANCEL": ("Cancel", "Cancel the payment."),
    "REFUND": ("Refund in full", "Refund everything not yet refunded."),
    "PARTIAL_REFUND": ("Partial refund", "Refund part of the settled amount."),
}
ACTIONS_FOR: dict[str, list[str]] = {
    "PENDING": ["APPROVE", "REJECT", "EXPIRE", "CANCEL"],
    "SETTLEMENT": ["REFUND", "PARTIAL_REFUND"],
    "PARTIALLY_REFUNDED": ["REFUND", "PARTIAL_REFUND"],
}
CONFIRM_TITLES = {"APPROVE": "Approve this transaction?", "REJECT": "Reject this transaction?",
                  "EXPIRE": "Expire this transaction?", "CANCEL": "Cancel this transaction?",
                  "REFUND": "Refund this transaction in full?", "PARTIAL_REFUND": "Refund part of this transaction?"}
ACTION_TARGET = {"APPROVE": "SETTLEMENT", "REJECT": "FAILED", "EXPIRE": "EXPIRED", "CANCEL": "CANCELLED"}
DANGEROUS = {"REJECT", "EXPIRE", "CANCEL", "REFUND", "PARTIAL_REFUND"}

# timeline kind -> (icon, background, foreground)
KIND_STYLE: dict[str, tuple[str, str, str]] = {
    "created": ("circle-plus", "#eef2ff", "#4f46e5"),
    "routed": ("route", "#eef2ff", "#4f46e5"),
    "attempt": ("credit-card", "#e0f2fe", "#0369a1"),
    "challenge": ("shield-question", "#fef3c7", "#b45309"),
    "provider_request": ("send", "#e0f2fe", "#0369a1"),
    "callback": ("inbox", "#dcfce7", "#15803d"),
    "suspicious_callback": ("shield-alert", "#fee2e2", "#b91c1c"),
    "override": ("hand", "#ede9fe", "#6d28d9"),
    "refund": ("undo-2", "#ede9fe", "#6d28d9"),
    "expired": ("timer-off", "#f1f5f9", "#475569"),
    "cancelled": ("ban", "#f1f5f9", "#475569"),
    "webhook": ("webhook", "#e0f2fe", "#0369a1"),
}
KIND_LABELS = {"provider_request": "Provider request", "suspicious_callback": "Suspicious callback",
               "callback": "Provider callback"}
ACTOR_LABELS = {"user": "Back office", "api_key": "Integrator API", "system": "System", "guest": "Guest",
                "anonymous": "Provider"}


@dataclass
class KV:
    label: str = ""
    value: str = ""


@dataclass
class TimelineItem:
    id: str = ""
    kind: str = ""
    kind_label: str = ""
    message: str = ""
    icon: str = "circle-dot"
    bg: str = "#f1f5f9"
    fg: str = "#475569"
    actor: str = ""
    at_rel: str = ""
    at_abs: str = ""
    from_status: str = ""
    to_status: str = ""
    to_label: str = ""
    from_label: str = ""
    extra: str = ""


@dataclass
class AttemptRow:
    id: str = ""
    method: str = ""
    method_label: str = ""
    summary: str = ""
    scenario: str = ""
    source: str = ""
    status: str = ""
    status_color: str = "gray"
    reference: str = ""
    at_rel: str = ""
    at_abs: str = ""


@dataclass
class PostingRow:
    entry: str = ""  # the entry's kind, on its first line only
    account: str = ""
    debit: str = ""
    credit: str = ""
    first: bool = False


ACCOUNT_LABELS = {"PROVIDER_RECEIVABLE": "Provider receivable", "MERCHANT_PENDING": "Merchant pending",
                  "MERCHANT_AVAILABLE": "Merchant available", "FEES_PROCESSING": "Processing fees",
                  "FEES_CONVERSION": "Conversion fees", "DISPUTE_HOLD": "Dispute hold"}


def posting_rows(entries: list[dict[str, Any]]) -> list[PostingRow]:
    """Journal entries as table lines: the entry's kind on its first posting, debits and credits in money."""
    rows: list[PostingRow] = []
    for e in entries:
        for i, p in enumerate(e.get("postings") or []):
            cur = str(p.get("currency") or "")
            rows.append(PostingRow(
                entry=humanize(str(e.get("kind") or "").lower()) if i == 0 else "",
                account=ACCOUNT_LABELS.get(str(p.get("account")), humanize(str(p.get("account") or "").lower())),
                debit=fmt_money(p["debit"], cur) if p.get("debit") else "",
                credit=fmt_money(p["credit"], cur) if p.get("credit") else "",
                first=i == 0,
            ))
    return rows


@dataclass
class CallbackRow:
    id: str = ""
    provider: str = ""
    event_id: str = ""
    verdict: str = ""
    suspicious: bool = False
    reason: str = ""
    detail: str = ""
    reported: str = ""
    reported_status: str = ""
    signature_valid: bool = False
    payload: str = ""
    at_rel: str = ""
    at_abs: str = ""


@dataclass
class OverrideRow:
    id: str = ""
    action: str = ""
    action_label: str = ""
    previous: str = ""
    previous_label: str = ""
    new: str = ""
    new_label: str = ""
    reason: str = ""
    amount: str = ""
    actor: str = ""
    at_rel: str = ""
    at_abs: str = ""
    snapshot: str = ""


@dataclass
class TxnView:
    id: str = ""
    status: str = ""
    status_label: str = ""
    environment: str = ""
    amount: str = ""
    currency: str = ""
    merchant_id: str = ""
    merchant_name: str = ""
    brand_name: str = ""
    method_id: str = ""
    method_name: str = ""
    method_type: str = ""
    provider: str = ""
    master_mid_id: str = ""
    sub_mid_id: str = ""
    processing_fee: str = ""
    conversion_fee: str = ""
    total_fees: str = ""
    refunded: str = ""
    refunded_minor: int = 0
    refundable: str = ""
    order_id: str = ""
    user_reference: str = ""
    brand_id: str = ""
    created_abs: str = ""
    created_rel: str = ""
    updated_abs: str = ""
    updated_rel: str = ""
    expires_abs: str = ""
    expires_rel: str = ""
    customer: list[KV] = field(default_factory=list)


def _pretty(value: Any) -> str:
    try:
        return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def _upper(status: Any) -> str:
    return str(status or "").upper()


def readable_message(kind: str, message: str, data: dict[str, Any], currency: str, names: dict[str, str]) -> str:
    """The API's timeline messages count in minor units and name MIDs by id: say it in money and names."""
    if kind == "created" and isinstance(data.get("amount"), int):
        env = message.rsplit("(", 1)[1].rstrip(")") if "(" in message else ""
        return f"Payment of {fmt_money(data['amount'], str(data.get('currency') or currency))} created" + \
            (f" ({env})" if env else "")
    if kind == "refund" and isinstance(data.get("amount"), int):
        return f"Refunded {fmt_money(data['amount'], currency)}"
    for ident, name in names.items():
        if ident and name:
            message = message.replace(ident, name)
    return message


def timeline_item(e: dict[str, Any], currency: str, names: dict[str, str] | None = None) -> TimelineItem:
    kind = str(e.get("kind") or "")
    data = e.get("data") or {}
    icon, bg, fg = KIND_STYLE.get(kind, ("circle-dot", "#f1f5f9", "#475569"))
    to = _upper(data.get("to"))
    if kind == "callback":
        if to == "FAILED":
            icon, bg, fg = "circle-x", "#fee2e2", "#b91c1c"
        elif to == "SETTLEMENT":
            icon, bg, fg = "circle-check", "#dcfce7", "#15803d"
        elif not to:  # verified, but the transaction had moved on: ignored
            icon, bg, fg = "circle-minus", "#f1f5f9", "#475569"
    if kind == "challenge":
        msg = str(e.get("message") or "").lower()
        if "passed" in msg:
            icon, bg, fg = "shield-check", "#dcfce7", "#15803d"
        elif "failed" in msg:
            icon, bg, fg = "shield-x", "#fee2e2", "#b91c1c"
    if kind == "attempt" and data.get("method") not in (None, "card"):
        icon = "wallet"
    extra = ""
    if kind == "refund" and data.get("reason"):
        extra = str(data.get("reason"))
    elif kind == "suspicious_callback" and data.get("detail"):
        extra = str(data.get("detail"))
    elif kind == "routed":
        fb = data.get("used_fallback") or {}
        rule = (data.get("matched_rule") or {}).get("name") if isinstance(data.get("matched_rule"), dict) else None
        if rule:
            extra = f"Rule {rule}"
        if isinstance(fb, dict) and (fb.get("level1") or fb.get("level2")):
            extra = (extra + " · " if extra else "") + "fallback used"
    elif data.get("reason") and kind not in ("override",):
        extra = str(data.get("reason")).replace("_", " ")
    actor_type = str(e.get("actorType") or "")
    return TimelineItem(
        id=str(e.get("id") or ""),
        kind=kind,
        kind_label=KIND_LABELS.get(kind, humanize(kind)),
        message=readable_message(kind, str(e.get("message") or ""), data, currency, names or {}),
        icon=icon,
        bg=bg,
        fg=fg,
        actor=ACTOR_LABELS.get(actor_type, humanize(actor_type)) if actor_type else "",
        at_rel=fmt_relative(e.get("at")),
        at_abs=fmt_dt_s(e.get("at")),
        from_status=_upper(data.get("from")),
        from_label=status_label(data.get("from")) if data.get("from") else "",
        to_status=to,
        to_label=status_label(to) if to else "",
        extra=extra,
    )


def attempt_row(a: dict[str, Any]) -> AttemptRow:
    details = a.get("details") or {}
    method = str(a.get("method") or "")
    if method == "card":
        summary = f"{str(details.get('brand') or 'card').title()} •••• {details.get('last4') or '····'}"
    elif details.get("va_number") or details.get("account_number"):
        summary = f"VA {details.get('va_number') or details.get('account_number')}"
    else:
        summary = ", ".join(f"{k}: {v}" for k, v in list(details.items())[:2] if not isinstance(v, (dict, list)))
    status = str(a.get("status") or "")
    color = {"sent": "blue", "created": "gray", "challenge": "amber", "succeeded": "green", "failed": "red"}.get(
        status, "gray")
    return AttemptRow(
        id=str(a.get("id") or ""),
        method=method,
        method_label={"card": "Card", "virtual_account": "Virtual account", "ewallet": "E-wallet", "qr": "QR"}.get(
            method, humanize(method)),
        summary=summary,
        scenario=humanize(a.get("scenario")),
        source=humanize(a.get("source")),
        status=humanize(status),
        status_color=color,
        reference=str(a.get("providerReference") or ""),
        at_rel=fmt_relative(a.get("createdAt")),
        at_abs=fmt_dt_s(a.get("createdAt")),
    )


def callback_row(c: dict[str, Any], txn_amount: int = 0, txn_currency: str = "") -> CallbackRow:
    amount, cur = c.get("reportedAmount"), str(c.get("reportedCurrency") or "")
    reported = fmt_money(amount, cur) if amount is not None else "—"
    detail = str(c.get("detail") or "")
    if c.get("reason") == "amount_mismatch" and amount is not None:
        detail = f"The provider reported {reported}; the payment is {fmt_money(txn_amount, txn_currency)}."
    return CallbackRow(
        id=str(c.get("id") or ""),
        provider=str(c.get("provider") or ""),
        event_id=str(c.get("eventId") or "—"),
        verdict=str(c.get("verdict") or ""),
        suspicious=bool(c.get("suspicious")),
        reason=humanize(c.get("reason")) if c.get("reason") else "",
        detail=detail,
        reported=reported,
        reported_status=humanize(c.get("reportedStatus")) if c.get("reportedStatus") else "—",
        signature_valid=bool(c.get("signatureValid")),
        payload=_pretty(c.get("payload") or {}),
        at_rel=fmt_relative(c.get("receivedAt")),
        at_abs=fmt_dt_s(c.get("receivedAt")),
    )


def override_row(o: dict[str, Any], currency: str) -> OverrideRow:
    action = str(o.get("action") or "")
    return OverrideRow(
        id=str(o.get("id") or ""),
        action=action,
        action_label=ACTIONS.get(action.upper(), (humanize(action), ""))[0],
        previous=_upper(o.get("previousStatus")),
        previous_label=status_label(o.get("previousStatus")),
        new=_upper(o.get("newStatus")),
        new_label=status_label(o.get("newStatus")),
        reason=str(o.get("reason") or ""),
        amount=fmt_money(o.get("amount"), currency) if o.get("amount") is not None else "—",
        actor=str(o.get("actorLabel") or "—"),
        at_rel=fmt_relative(o.get("createdAt")),
        at_abs=fmt_dt_s(o.get("createdAt")),
        snapshot=_pretty(o.get("snapshot") or {}),
    )


def customer_rows(customer: dict[str, Any]) -> list[KV]:
    out = []
    for key, value in (customer or {}).items():
        if value in (None, "", {}, []):
            continue
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
        out.append(KV(humanize(key), text))
    return out


class TransactionState(AuthState, ConfirmMixin, FormMixin):
    txn_id: str = ""
    t_loaded: bool = False
    not_found: bool = False
    t_error: str = ""
    tab: str = "overview"
    txn: TxnView = TxnView()
    timeline: list[TimelineItem] = []
    attempts: list[AttemptRow] = []
    callbacks: list[CallbackRow] = []
    overrides: list[OverrideRow] = []
    trace: TraceView = TraceView()
    has_routing: bool = False
    route_fallback: bool = False
    refreshed_label: str = ""
    refreshing: bool = False
    # live refresh while pending
    auto_refresh: bool = True
    polling: bool = False
    poll_paused: bool = False
    _poll_gen: int = 0
    live: bool = False  # the timeline subscription is up
    _live_gen: int = 0
    _currency: str = ""
    _refundable: int = 0
    # override controls
    o_action: str = ""
    o_reason: str = ""
    o_amount: str = ""
    o_conflict: str = ""
    _o_minor: int | None = None
    # payload / snapshot viewer
    viewer_open: bool = False
    viewer_title: str = ""
    viewer_text: str = ""
    # Ledger postings (SPEC §10): the journal of this transaction; empty without ledger.read
    postings: list[PostingRow] = []
    # webhook history (empty without webhooks.read on the merchant) and what the caller may do (Transaction.viewerCan)
    webhooks: list[WebhookRow] = []
    vc_override: bool = False
    vc_resend: bool = False
    vc_callbacks: bool = False
    vc_export: bool = False
    vc_read_disputes: bool = False
    resending: str = ""
    resend_note: str = ""

    @rx.var
    def show_ledger(self) -> bool:
        return "ledger.read" in self.permissions

    # ---- permissions ------------------------------------------------------------------------
    # from the API's viewerCan for this transaction's merchant: the server checks again when an action is used
    @rx.var
    def can_override(self) -> bool:
        return self.vc_override

    @rx.var
    def can_read_callbacks(self) -> bool:
        return self.vc_callbacks

    @rx.var
    def can_resend(self) -> bool:
        return self.vc_resend

    @rx.var
    def can_export(self) -> bool:
        """exports.create on this transaction's merchant (the Download menu)."""
        return self.vc_export

    @rx.var
    def can_read_disputes(self) -> bool:
        """disputes.read on this transaction's merchant (the Disputes card)."""
        return self.vc_read_disputes

    # ---- derived ------------------------------------------------------------------------------
    @rx.var
    def is_pending(self) -> bool:
        return self.txn.status == "PENDING"

    @rx.var
    def action_options(self) -> list[dict[str, str]]:
        return [{"id": a, "label": ACTIONS[a][0]} for a in ACTIONS_FOR.get(self.txn.status, [])]

    @rx.var
    def action_hint(self) -> str:
        if not self.o_action:
            return ""
        label, what = ACTIONS.get(self.o_action, ("", ""))
        target = ACTION_TARGET.get(self.o_action)
        if target:
            return f"{what} Status: {status_label(self.txn.status)} → {status_label(target)}."
        if self.o_action == "REFUND":
            return f"{what} Refundable now: {self.txn.refundable}."
        return f"{what} At most {self.txn.refundable}."

    @rx.var
    def needs_amount(self) -> bool:
        return self.o_action == "PARTIAL_REFUND"

    @rx.var
    def latest(self) -> list[TimelineItem]:
        return self.timeline[-4:]

    @rx.var
    def counts(self) -> dict[str, int]:
        return {
            "timeline": len(self.timeline),
            "attempts": len(self.attempts),
            "callbacks": len(self.callbacks),
            "overrides": len(self.overrides),
            "suspicious": sum(1 for c in self.callbacks if c.suspicious),
            "webhooks": len(self.webhooks),
            "webhooks_failing": sum(1 for w in self.webhooks if w.status in ("FAILED", "DEAD")),
        }

    # ---- loading --------------------------------------------------------------------------------
    def _route(self) -> tuple[str, str]:
        url = self.router.url
        parts = [p for p in (url.path or "").split("/") if p]
        txn_id = parts[1] if len(parts) >= 2 and parts[0] == "transactions" else ""
        tab = (url.query_parameters.get("tab") or "overview").lower()
        return txn_id, tab if tab in TAB_KEYS else "overview"

    def _still_here(self, txn_id: str) -> bool:
        return self._route()[0] == txn_id and self.authed

    def _apply(self, t: dict[str, Any], names: dict[str, Any] | None = None) -> None:
        cur = str(t.get("currency") or "")
        self._currency = cur
        status = _upper(t.get("status"))
        amount = int(t.get("amount") or 0)
        refunded = int(t.get("refundedAmount") or 0)
        processing, conversion = int(t.get("processingFee") or 0), int(t.get("conversionFee") or 0)
        self._refundable = amount - refunded if status in ("SETTLEMENT", "PARTIALLY_REFUNDED") else 0
        old = self.txn
        names = {k: v for k, v in (names or {}).items() if v}
        names.setdefault("merchant", (t.get("merchant") or {}).get("name") or "")
        names.setdefault("brand", (t.get("brand") or {}).get("name") or "")
        names.setdefault("method", (t.get("paymentMethod") or {}).get("name") or "")
        names.setdefault("method_type", str((t.get("paymentMethod") or {}).get("kind") or ""))
        can = t.get("viewerCan") or {}
        self.vc_override, self.vc_resend = bool(can.get("override")), bool(can.get("resendWebhook"))
        self.vc_callbacks = bool(can.get("readCallbacks"))
        self.vc_export, self.vc_read_disputes = bool(can.get("export")), bool(can.get("readDisputes"))
        self.webhooks = [webhook_row(d) for d in t.get("webhookDeliveries") or []]
        self.txn = TxnView(
            id=str(t.get("id") or ""),
            status=status,
            status_label=STATUS_STYLES.get(status, (humanize(status), ""))[0],
            environment=str(t.get("environment") or ""),
            amount=fmt_money(amount, cur),
            currency=cur,
            merchant_id=str(t.get("merchantId") or ""),
            merchant_name=names.get("merchant") or (old.merchant_name if old.id == t.get("id") else ""),
            brand_name=names.get("brand") or (old.brand_name if old.id == t.get("id") else ""),
            method_id=str(t.get("paymentMethodId") or ""),
            method_name=names.get("method") or (old.method_name if old.id == t.get("id") else ""),
            method_type=names.get("method_type") or (old.method_type if old.id == t.get("id") else ""),
            provider=str(t.get("provider") or ""),
            master_mid_id=str(t.get("masterMidId") or ""),
            sub_mid_id=str(t.get("subMidId") or ""),
            processing_fee=fmt_money(processing, cur),
            conversion_fee=fmt_money(conversion, cur),
            total_fees=fmt_money(processing + conversion, cur),
            refunded=fmt_money(refunded, cur),
            refunded_minor=refunded,
            refundable=fmt_money(self._refundable, cur),
            order_id=str(t.get("orderId") or ""),
            user_reference=str(t.get("userReference") or ""),
            brand_id=str(t.get("brandId") or ""),
            created_abs=fmt_dt_s(t.get("createdAt")),
            created_rel=fmt_relative(t.get("createdAt")),
            updated_abs=fmt_dt_s(t.get("updatedAt")),
            updated_rel=fmt_relative(t.get("updatedAt")),
            expires_abs=fmt_dt_s(t.get("expiresAt")),
            expires_rel=fmt_until(t.get("expiresAt")) if status == "PENDING" else "",
            customer=customer_rows(t.get("customer") or {}),
        )
        path = t.get("routingPath") or {}
        self.has_routing = bool(path.get("path"))
        used = path.get("used_fallback") or {}
        self.route_fallback = bool(used.get("level1") or used.get("level2")) if isinstance(used, dict) else False
        if self.has_routing:
            view = trace_view(path, False)
            version = (path.get("payment_method") or {}).get("version")
            view.source = f"Blueprint v{version}" if version else "Blueprint"
            for step in view.steps:
                if step.kind == "payment_method":
                    step.meta = view.source  # sandbox may have used a draft: do not claim "published"
                step.name = step.name[:1].upper() + step.name[1:]
            self.trace = view
        else:
            self.trace = TraceView()
        names = {self.txn.master_mid_id: self.trace.master_mid, self.txn.sub_mid_id: self.trace.sub_mid}
        self.timeline = [timeline_item(e, cur, names) for e in t.get("timeline") or []]
        self.attempts = [attempt_row(a) for a in t.get("attempts") or []]
        self.callbacks = [callback_row(c, amount, cur) for c in t.get("callbacks") or []]
        self.overrides = [override_row(o, cur) for o in t.get("overrides") or []]
        self.postings = posting_rows(t.get("ledgerEntries") or [])
        if self.o_action and self.o_action not in ACTIONS_FOR.get(status, []):
            self.o_action = ""
        self.refreshed_label = datetime.now(timezone.utc).strftime("%H:%M:%S UTC")

    async def _fetch(self):
        res = await self._gql(P.TRANSACTION, {"id": self.txn_id})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        if res.forbidden:
            self.t_error = "You don't have permission to see transactions."
            return None
        if res.transport_error or (res.errors and res.data is None):
            self.t_error = res.first_error() or "Could not load the transaction."
            return None
        t = res.get("transaction")
        if t is None:
            self.not_found = True
            return None
        self.not_found = False
        self.t_error = ""
        self._apply(t)
        return None

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        txn_id, tab = self._route()
        self.tab = tab
        self.viewer_open = False
        self.confirm_open = False
        self.poll_paused = False
        self.o_conflict = ""
        if txn_id != self.txn_id:
            # another transaction: never show the previous one's data while loading
            self.txn_id = txn_id
            self.t_loaded = False
            self.not_found = False
            self.txn = TxnView()
            self.timeline, self.attempts, self.callbacks, self.overrides = [], [], [], []
            self.trace = TraceView()
            self.o_action, self.o_reason, self.o_amount, self.o_conflict = "", "", "", ""
            self._reset_form()
            self.auto_refresh = True  # switching it off holds for one transaction only
        yield
        redirect = await self._fetch()
        self.t_loaded = True
        if redirect is not None:
            yield redirect
            return
        if self.not_found or not self.auto_refresh:
            return
        yield TransactionState.follow
        if self.txn.status == "PENDING":
            yield TransactionState.poll

    @rx.event
    async def refresh(self):
        self.refreshing = True
        yield
        redirect = await self._fetch()
        self.refreshing = False
        if redirect is not None:
            yield redirect
            return
        if self.auto_refresh and not self.live and not self.not_found:
            yield TransactionState.follow  # reconnect the live timeline if it gave up
        if self.txn.status == "PENDING" and self.auto_refresh and not self.polling:
            self.poll_paused = False
            yield TransactionState.poll

    @rx.event
    def set_auto_refresh(self, value: bool):
        self.auto_refresh = bool(value)
        if not value:
            self._poll_gen += 1  # the running poll sees it and stops
            self._live_gen += 1  # and so does the subscription
            self.polling = False
            self.live = False
            return None
        self.poll_paused = False
        if self.txn.status == "PENDING":
            return [TransactionState.follow, TransactionState.poll]
        return TransactionState.follow

    def _add_live_entry(self, e: dict[str, Any]) -> bool:
        """Append a timeline entry from the subscription unless shown already. True when it was new."""
        entry_id = str(e.get("id") or "")
        if not entry_id or any(item.id == entry_id for item in self.timeline):
            return False
        names = {self.txn.master_mid_id: self.trace.master_mid, self.txn.sub_mid_id: self.trace.sub_mid}
        self.timeline = [*self.timeline, timeline_item(e, self._currency, names)]
        self.refreshed_label = datetime.now(timezone.utc).strftime("%H:%M:%S UTC")
        return True

    def _live_ok(self, gen: int, txn_id: str, started: float) -> bool:
        return (gen == self._live_gen and self.auto_refresh and self.txn_id == txn_id and self._still_here(txn_id)
                and time.monotonic() - started < LIVE_MAX_SECONDS)

    @rx.event(background=True)
    async def follow(self):
        """Hold the timeline subscription while the page is open (see the module docstring)."""
        async with self:
            self._live_gen += 1
            gen = self._live_gen
            txn_id = self.txn_id
            cookies = dict(await self._current_session())
        started = time.monotonic()
        failures = 0
        while True:
            try:
                async with subscription(P.TRANSACTION_TIMELINE, {"id": txn_id, "replay": True}, cookies) as results:
                    while True:
                        try:
                            data = await asyncio.wait_for(results.next(), LIVE_CHECK_SECONDS)
                        except TimeoutError:
                            data = {}
                        if data is None:
                            raise LiveError("The live timeline ended")
                        async with self:
                            if not self._live_ok(gen, txn_id, started):
                                if gen == self._live_gen:
                                    self.live = False
                                return
                            self.live = True
                            failures = 0
                            entry = (data or {}).get("transactionTimeline") or {}
                            if entry and self._add_live_entry(entry) and (
                                    entry.get("kind") in REFETCH_KINDS or (entry.get("data") or {}).get("to")):
                                redirect = await self._fetch()
                                if redirect is not None:
                                    self.live = False
                                    return
            except Exception as exc:  # LiveError, or anything unexpected: never leave `live` on (polling waits on it)
                code = exc.code if isinstance(exc, LiveError) else ""
                async with self:
                    if gen == self._live_gen:
                        self.live = False
                    if not self._live_ok(gen, txn_id, started) or code in ("NOT_FOUND", "FORBIDDEN"):
                        return
                    if code == "UNAUTHENTICATED":  # access cookie expired: refresh it over HTTP, then reconnect
                        if await self._fetch() is not None:
                            return
                    cookies = dict(await self._current_session())  # the newest (another event or tab may have refreshed them)
                failures += 1
                if failures > LIVE_RETRIES:
                    return  # polling (while pending) and the refresh button remain
                await asyncio.sleep(min(30.0, 2.0 ** failures))

    @rx.event(background=True)
    async def poll(self):
        async with self:
            self._poll_gen += 1
            gen = self._poll_gen
            txn_id = self.txn_id
            self.polling = True
        started = time.monotonic()
        while True:
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if gen != self._poll_gen:
                    return  # replaced by a newer poll (or switched off)
                if not self.auto_refresh or not self._still_here(txn_id) or self.txn_id != txn_id:
                    self.polling = False
                    return
                if time.monotonic() - started > POLL_MAX_SECONDS:
                    self.polling = False
                    self.poll_paused = True
                    return
                if self.txn.status != "PENDING":
                    self.polling = False
                    return
                if self.live:
                    continue  # the subscription brings every change: no need to re-read
                redirect = await self._fetch()
                if redirect is not None or self.txn.status != "PENDING" or self.not_found:
                    self.polling = False
                    return

    @rx.event
    def set_tab(self, tab: str):
        if tab in TAB_KEYS:
            self.tab = tab

    @rx.event
    async def resend_webhook(self, delivery_id: str):
        """Queue the delivery again (resendWebhookEvent; webhooks.manage on the merchant), then re-read the page."""
        self.resending, self.resend_note = delivery_id, ""
        yield
        res = await self._gql(P.RESEND_WEBHOOK_DELIVERY, {"deliveryId": delivery_id})
        if (redirect := self._auth_redirect(res)) is not None:
            self.resending = ""
            yield redirect
            return
        out = res.get("resendWebhookEvent") or {}
        if out.get("__typename") == "WebhookDeliveryPayload":
            self.resend_note = "Queued again: the worker delivers it in a moment."
            await self._fetch()
        else:
            self.resend_note = out.get("message") or res.first_error() or "Could not resend this delivery."
        self.resending = ""

    @rx.event
    def go_overrides(self):
        self.tab = "overrides"

    # ---- payload / snapshot viewer -------------------------------------------------------------
    @rx.event
    def view_payload(self, callback_id: str):
        row = next((c for c in self.callbacks if c.id == callback_id), None)
        if row is None:
            return
        self.viewer_title = f"Callback {row.id} · {row.provider}"
        self.viewer_text = row.payload
        self.viewer_open = True

    @rx.event
    def view_snapshot(self, override_id: str):
        row = next((o for o in self.overrides if o.id == override_id), None)
        if row is None:
            return
        self.viewer_title = f"Snapshot before {row.action_label.lower()} ({row.previous_label})"
        self.viewer_text = row.snapshot
        self.viewer_open = True

    @rx.event
    def set_viewer_open(self, value: bool):
        self.viewer_open = value

    # ---- manual override -------------------------------------------------------------------------
    @rx.event
    def set_o_action(self, value: str):
        self.o_action = value
        self.o_conflict = ""
        self.field_errors = {k: v for k, v in self.field_errors.items() if k not in ("action", "amount")}

    @rx.event
    def set_o_reason(self, value: str):
        # errors stay until the next submit: removing them while typing moves the button under the cursor
        self.o_reason = value

    @rx.event
    def set_o_amount(self, value: str):
        self.o_amount = value

    @rx.event
    def ask_override(self, form: dict[str, Any] | None = None):
        """Submit of the override form: checks it, then asks for confirmation (the mutation runs on yes).

        The form's own values win over the debounced on_change copies, so a click right after typing
        sees what was typed."""
        form = form or {}
        if "reason" in form:
            self.o_reason = str(form.get("reason") or "")
        if "amount" in form:
            self.o_amount = str(form.get("amount") or "")
        self.o_conflict = ""
        self.form_error = ""
        errors: dict[str, str] = {}
        if self.o_action not in ACTIONS_FOR.get(self.txn.status, []):
            errors["action"] = "Choose what to do."
        if not self.o_reason.strip():
            errors["reason"] = "Say why you override this transaction."
        minor: int | None = None
        if self.o_action == "PARTIAL_REFUND":
            minor, problem = to_minor(self.o_amount, self._currency)
            if problem:
                errors["amount"] = problem
        self.field_errors = errors
        if errors:
            return
        self._o_minor = minor
        label = ACTIONS[self.o_action][0]
        target = ACTION_TARGET.get(self.o_action)
        if target:
            change = f"{status_label(self.txn.status)} → {status_label(target)}"
        elif self.o_action == "REFUND":
            change = f"refund {self.txn.refundable}"
        else:
            change = f"refund {fmt_money(minor, self._currency)} of {self.txn.refundable}"
        self._ask(
            "override",
            self.o_action,
            CONFIRM_TITLES[self.o_action],
            f"{self.txn.id} ({self.txn.amount}): {change}. Reason: “{self.o_reason.strip()}”. "
            "This is recorded with your name and sends the merchant a webhook.",
            label,
            danger=self.o_action in DANGEROUS,
        )

    async def _on_confirm(self, action: str, target: str):
        variables = {"id": self.txn_id, "action": target, "reason": self.o_reason.strip(),
                     "amount": self._o_minor if target == "PARTIAL_REFUND" else None}
        res = await self._gql(P.OVERRIDE_TRANSACTION, variables)
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        if res.forbidden:
            self.form_error = "You don't have permission to override transactions."
            return None
        result = res.get("overrideTransaction")
        if not result:
            self.form_error = res.first_error() or "The override was not applied."
            return None
        kind = result.get("__typename")
        if kind == "OverridePayload":
            self._apply(result.get("transaction") or {})
            self.o_action, self.o_reason, self.o_amount, self.o_conflict = "", "", "", ""
            self._reset_form()
            return rx.toast.success(f"{ACTIONS[target][0]}: now {self.txn.status_label.lower()}")
        if kind == "ConflictError":
            # someone (or the provider) changed it first: show the current state and why
            self.o_conflict = str(result.get("message") or "The transaction changed meanwhile.")
            await self._fetch()
            return rx.toast.warning("Not applied: the transaction changed meanwhile")
        if kind == "NotFoundError":
            self.form_error = str(result.get("message") or "The transaction no longer exists.")
            return None
        self._apply_result_errors(result, "The override was not applied.", {"reason", "amount", "action"})
        codes = {str(f.get("field") or "").split(".")[-1]: f.get("code") for f in result.get("fields") or []}
        if codes.get("amount") == "REFUND_EXCEEDS_SETTLED":
            # the API counts in minor units: say it in money
            self.field_errors = {**self.field_errors, "amount": f"At most {self.txn.refundable} can be refunded "
                                 f"(settled {self.txn.amount}, refunded {self.txn.refunded})."}
        return None

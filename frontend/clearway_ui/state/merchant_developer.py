"""Developer tab of /merchants/[merchant_key]: the quick test-deposit generator, the merchant's latest
transactions (refreshed while any is pending) and the simulator's test cards and magic amounts.

The hosted-page link of a new test deposit carries the payment's token: it is shown once, in the
result card. It lives in ``dep_payment_url`` only until the card is dismissed, another deposit is
created, or the tab is loaded again (navigation, reload), and ``__getstate__`` blanks it whenever
Reflex serialises the state, so it never reaches the state store.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import reflex as rx

from ..components.payments import STATUS_STYLES
from ..gql import payments as P
from .merchant import MerchantState
from .mixins import FormMixin
from .money import exponent, fmt_int, fmt_money, to_minor
from .transactions import TxnRow, txn_row
from .util import humanize

RECENT = 10
POLL_SECONDS = 2.0
POLL_MAX_SECONDS = 10 * 60

# scenario -> (label, what happens); order = the select's order
SCENARIOS: list[tuple[str, str, str]] = [
    ("approve", "Approved", "The provider approves it: the payment settles a moment later through a signed callback."),
    ("guest", "Guest pays on the hosted page",
     "Nothing is paid yet: it stays pending until someone pays on the payment page (or you override it)."),
    ("challenge", "3DS challenge", "The card asks for a one-time code: finish the challenge on the payment page."),
    ("decline_card_declined", "Declined: card declined", "The provider declines the card (generic decline)."),
    ("decline_insufficient_funds", "Declined: insufficient funds", "The provider declines: insufficient funds."),
    ("no_answer", "Provider never answers", "No callback ever arrives: the payment stays pending until it expires."),
    ("late_success", "Late success", "The provider approves, but only after a long delay."),
    ("amount_mismatch", "Amount mismatch (suspicious)",
     "The provider reports another amount: the callback is flagged suspicious and never applied."),
]
SCENARIO_LABELS = {k: label for k, label, _ in SCENARIOS}
CARD_ONLY = {"challenge"}
TYPE_LABELS = {"CARD": "Card", "VIRTUAL_ACCOUNT": "Virtual account", "EWALLET": "E-wallet", "QR": "QR"}
# API field (snake or camel) -> the form's field
FIELD_NAMES = {"payment_method_id": "paymentMethodId", "paymentMethodId": "paymentMethodId", "amount": "amount",
               "currency": "currency", "scenario": "scenario", "order_id": "orderId", "orderId": "orderId"}

# vars that never reach the state store (see the module docstring)
_SHOWN_ONCE = {"dep_payment_url": ""}


@dataclass
class TestCard:
    number: str = ""
    raw: str = ""
    scenario: str = ""
    tone: str = "gray"
    description: str = ""


@dataclass
class MagicAmount:
    ends_with: str = ""
    example: str = ""
    scenario: str = ""
    tone: str = "gray"
    description: str = ""


@dataclass
class Deposit:
    id: str = ""
    status: str = ""
    status_label: str = ""
    amount: str = ""
    method: str = ""
    scenario: str = ""
    scenario_label: str = ""
    order_id: str = ""


def _tone(scenario: str) -> str:
    if scenario in ("approve", "late_success"):
        return "green"
    if scenario.startswith("decline") or scenario == "auth_failed":
        return "red"
    if scenario == "challenge":
        return "amber"
    if scenario == "amount_mismatch":
        return "orange"
    return "gray"


def _badge(scenario: str) -> str:
    if scenario.startswith("decline_"):
        return "Declines"
    return {"approve": "Approves", "challenge": "3DS challenge", "no_answer": "No answer",
            "late_success": "Late success", "amount_mismatch": "Suspicious"}.get(scenario, humanize(scenario))


def _card_number(n: str) -> str:
    return " ".join(n[i:i + 4] for i in range(0, len(n), 4))


class DeveloperState(MerchantState, FormMixin):
    methods: list[dict[str, str]] = []
    _methods: dict[str, dict[str, Any]] = {}
    d_method: str = ""
    d_currency: str = ""
    d_amount: str = "25.00"
    d_scenario: str = "approve"
    d_order: str = ""
    dev_loading: bool = False
    dev_loaded: bool = False
    dev_error: str = ""
    # the last deposit created here (its status follows the recent list)
    dep: Deposit = Deposit()
    dep_payment_url: str = ""
    # latest transactions of the merchant
    recent: list[TxnRow] = []
    recent_total: int = 0
    recent_forbidden: bool = False
    polling: bool = False
    _poll_gen: int = 0
    # simulator test inputs
    cards: list[TestCard] = []
    magic: list[MagicAmount] = []

    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: the parent may return the live instance dict
        for name, blank in _SHOWN_ONCE.items():
            if name in state:
                state[name] = blank
        return state

    # ---- permissions / derived ----------------------------------------------------------------
    @rx.var
    def can_create_deposit(self) -> bool:
        return "transactions.create" in self.permissions

    @rx.var
    def currencies(self) -> list[str]:
        return list((self._methods.get(self.d_method) or {}).get("currencies") or [])

    @rx.var
    def scenario_options(self) -> list[dict[str, str]]:
        card = (self._methods.get(self.d_method) or {}).get("type") in (None, "CARD")
        return [{"id": k, "label": label} for k, label, _ in SCENARIOS if card or k not in CARD_ONLY]

    @rx.var
    def scenario_hint(self) -> str:
        return next((what for k, _, what in SCENARIOS if k == self.d_scenario), "")

    @rx.var
    def amount_hint(self) -> str:
        if not self.d_currency:
            return "Choose a currency first."
        minor, problem = to_minor(self.d_amount, self.d_currency)
        pm = self._methods.get(self.d_method) or {}
        limits = ""
        if pm:
            limits = f" Accepted: {fmt_money(pm.get('minAmount'), self.d_currency)} to " \
                     f"{fmt_money(pm.get('maxAmount'), self.d_currency)}."
        if problem:
            return f"In {self.d_currency}, {exponent(self.d_currency)} decimals.{limits}"
        return f"Sent as {fmt_int(minor)} minor units.{limits}"

    @rx.var
    def method_unpublished(self) -> bool:
        pm = self._methods.get(self.d_method) or {}
        return bool(pm) and not pm.get("published")

    @rx.var
    def verify_steps(self) -> list[dict[str, Any]]:
        return [s for s in self.steps if s["key"] in ("test_deposit", "verify")]

    @rx.var
    def any_pending(self) -> bool:
        return any(r.status == "PENDING" for r in self.recent) or self.dep.status == "PENDING"

    @rx.var
    def all_transactions_href(self) -> str:
        return f"/transactions?merchant={self.mid}"

    # ---- loading ---------------------------------------------------------------------------------
    async def _fetch_methods(self):
        res = await self._gql(P.DEV_METHODS, {"merchantId": self.mid})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        methods = res.get("paymentMethods")
        if methods is None:
            self.methods, self._methods = [], {}
            if res.forbidden:
                self.dev_error = "You need routing.read to see this merchant's payment methods."
            return None
        self._methods = {str(pm["id"]): pm for pm in methods}
        self.methods = [
            {"id": str(pm["id"]),
             "label": f"{pm.get('name')} · {TYPE_LABELS.get(str(pm.get('type')), humanize(pm.get('type')))}"
                      + ("" if pm.get("enabled") else " (disabled)")}
            for pm in methods
        ]
        if self.d_method not in self._methods:
            usable = [pm for pm in methods if pm.get("enabled")] or methods
            self._choose_method(str(usable[0]["id"]) if usable else "")
        return None

    async def _fetch_recent(self):
        res = await self._gql(P.TRANSACTIONS, {"filter": {"merchantIds": [self.mid]}, "first": RECENT, "after": None})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        conn = res.get("transactions")
        if conn is None:
            self.recent_forbidden = res.forbidden
            self.recent = []
            return None
        names = {self.mid: self.m_name}
        before = {r.id: r.status for r in self.recent}
        self.recent = [txn_row(e.get("node") or {}, names, self._methods) for e in conn.get("edges") or []]
        self.recent_total = int(conn.get("totalCount") or 0)
        self.recent_forbidden = False
        if self.dep.id:
            row = next((r for r in self.recent if r.id == self.dep.id), None)
            if row is not None and row.status != self.dep.status:
                dep = self.dep
                self.dep = Deposit(dep.id, row.status, row.status_label, dep.amount, dep.method, dep.scenario,
                                   dep.scenario_label, dep.order_id)
        changed = any(before.get(r.id) not in (None, r.status) for r in self.recent)
        if changed:
            # readiness steps 10-11 follow the real data
            return await self._fetch_core()
        return None

    async def _fetch_inputs(self):
        if self.cards:
            return
        res = await self._gql(P.SIMULATOR_TEST_INPUTS)
        data = res.get("simulatorTestInputs") or {}
        self.cards = [TestCard(_card_number(str(c.get("number") or "")), str(c.get("number") or ""),
                               _badge(str(c.get("scenario") or "")), _tone(str(c.get("scenario") or "")),
                               str(c.get("description") or ""))
                      for c in data.get("cards") or []]
        self.magic = [MagicAmount(str(m.get("ends_with") or ""),
                                  f"e.g. {fmt_int(150_000 + int(m.get('ends_with') or 0))} minor units",
                                  _badge(str(m.get("scenario") or "")), _tone(str(m.get("scenario") or "")),
                                  str(m.get("description") or ""))
                      for m in data.get("magic_amounts") or []]

    def _choose_method(self, method_id: str) -> None:
        self.d_method = method_id
        currencies = list((self._methods.get(method_id) or {}).get("currencies") or [])
        if self.d_currency not in currencies:
            self.d_currency = currencies[0] if currencies else ""
        pm_type = (self._methods.get(method_id) or {}).get("type")
        if pm_type not in (None, "CARD") and self.d_scenario in CARD_ONLY:
            self.d_scenario = "approve"

    @rx.event
    async def load_tab(self):
        # the hosted-page link is shown once: never again after a navigation or a reload
        self.dep_payment_url = ""
        if self.tab != "developer" or not self.mid:
            return
        self.dev_loading = True
        self.dev_error = ""
        if not self.dev_loaded:
            self.dep = Deposit()
        yield
        for step in (self._fetch_methods, self._fetch_recent, self._fetch_inputs):
            redirect = await step()
            if redirect is not None:
                self.dev_loading = False
                yield redirect
                return
        self.dev_loading = False
        self.dev_loaded = True
        if self.any_pending:
            yield DeveloperState.poll

    @rx.event
    async def refresh_recent(self):
        redirect = await self._fetch_recent()
        if redirect is not None:
            yield redirect
            return
        if self.any_pending and not self.polling:
            yield DeveloperState.poll

    @rx.event(background=True)
    async def poll(self):
        async with self:
            self._poll_gen += 1
            gen = self._poll_gen
            mid = self.mid
            self.polling = True
        started = time.monotonic()
        while True:
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if gen != self._poll_gen:
                    return
                here = self.authed and self._route() == (mid, "developer") and self.mid == mid
                if not here or time.monotonic() - started > POLL_MAX_SECONDS:
                    self.polling = False
                    return
                redirect = await self._fetch_recent()
                if redirect is not None or not self.any_pending:
                    self.polling = False
                    return

    # ---- the form ------------------------------------------------------------------------------------
    @rx.event
    def set_d_method(self, value: str):
        self._choose_method(value)
        self.field_errors = {}

    @rx.event
    def set_d_currency(self, value: str):
        self.d_currency = value

    @rx.event
    def set_d_amount(self, value: str):
        self.d_amount = value  # an error stays until the next submit (no layout shift under the cursor)

    @rx.event
    def set_d_scenario(self, value: str):
        self.d_scenario = value

    @rx.event
    def set_d_order(self, value: str):
        self.d_order = value

    @rx.event
    def dismiss_result(self):
        self.dep = Deposit()
        self.dep_payment_url = ""

    @rx.event
    async def create_deposit(self, form: dict[str, Any] | None = None):
        # the submitted form's values win over the debounced on_change copies
        form = form or {}
        if "amount" in form:
            self.d_amount = str(form.get("amount") or "")
        if "orderId" in form:
            self.d_order = str(form.get("orderId") or "")
        self.form_error = ""
        errors: dict[str, str] = {}
        if not self.d_method:
            errors["paymentMethodId"] = "Choose a payment method."
        if not self.d_currency:
            errors["currency"] = "Choose a currency."
        minor, problem = to_minor(self.d_amount, self.d_currency or "EUR")
        if problem:
            errors["amount"] = problem
        self.field_errors = errors
        if errors:
            return
        self.form_busy = True
        self.dep_payment_url = ""
        yield
        payload = {"merchantId": self.mid, "paymentMethodId": self.d_method, "amount": minor,
                   "currency": self.d_currency, "scenario": self.d_scenario, "orderId": self.d_order.strip() or None}
        res = await self._gql(P.CREATE_TEST_DEPOSIT, {"input": payload})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        if res.forbidden:
            self.form_error = "You don't have permission to create test deposits for this merchant."
            return
        result = res.get("createTestDeposit")
        if not result:
            self.form_error = res.first_error() or "The test deposit was not created."
            return
        if result.get("__typename") != "TestDepositPayload":
            fields = [{**f, "field": FIELD_NAMES.get(str(f.get("field") or "").split(".")[-1], f.get("field"))}
                      for f in result.get("fields") or []]
            self._apply_result_errors({**result, "fields": fields}, "The test deposit was not created.",
                                      {"paymentMethodId", "amount", "currency", "scenario", "orderId"})
            return
        t = result.get("transaction") or {}
        status = str(t.get("status") or "").upper()
        pm = self._methods.get(self.d_method) or {}
        self.dep = Deposit(
            id=str(t.get("id") or ""),
            status=status,
            status_label=STATUS_STYLES.get(status, (humanize(status), ""))[0],
            amount=fmt_money(t.get("amount"), str(t.get("currency") or "")),
            method=str(pm.get("name") or ""),
            scenario=self.d_scenario,
            scenario_label=SCENARIO_LABELS.get(self.d_scenario, humanize(self.d_scenario)),
            order_id=str(t.get("orderId") or ""),
        )
        self.dep_payment_url = str(result.get("paymentUrl") or "")
        self.d_order = ""
        yield rx.toast.success("Test deposit created")
        redirect = await self._fetch_recent()
        if redirect is None:
            redirect = await self._fetch_core()
        if redirect is not None:
            yield redirect
            return
        if self.any_pending:
            yield DeveloperState.poll

"""Payment attempts: what a guest (or a back-office test deposit) does to pay a pending transaction.

An attempt asks the simulated provider; the outcome arrives later as its signed callback. Cards may
first need a 3DS challenge (the hosted page runs the OTP and then calls `challenge_passed` /
`challenge_failed`).
"""
from __future__ import annotations

import hashlib
import re

from backend.core import clock
from backend.core.errors import Conflict, Problems, ValidationFailed
from backend.payments import timeline
from backend.payments.errors import PaymentError as E
from backend.payments.models import PaymentAttempt, Transaction, TxnStatus
from backend.payments.simulator import catalogue, provider
from backend.routing.models import PaymentMethod

TRANSFER_METHODS = ("virtual_account", "ewallet", "qr")


async def method_of(txn: Transaction) -> str:
    pm = await PaymentMethod.get(id=txn.payment_method_id)
    return pm.type.value if hasattr(pm.type, "value") else pm.type


async def _ensure_payable(txn: Transaction) -> None:
    if txn.status != TxnStatus.PENDING or txn.expires_at <= clock.now():
        raise Conflict(E.PAYMENT_NOT_PENDING, f"This payment is {txn.status.value if txn.status != TxnStatus.PENDING else 'expired'}")
    active = await PaymentAttempt.filter(transaction_id=txn.id, status__in=["challenge", "sent"]).all()
    if any(a.status == "sent" for a in active):
        raise Conflict(E.ATTEMPT_IN_PROGRESS, "The provider is already processing this payment")
    for old in active:  # an unfinished 3DS challenge is replaced by the new attempt
        old.status = "superseded"
        await old.save(update_fields=["status", "updated_at"])


def _card_problems(number: str, expiry: str, cvc: str) -> tuple[str, Problems]:
    p = Problems()
    digits = re.sub(r"[\s-]", "", number or "")
    if not digits.isdigit() or not 12 <= len(digits) <= 19 or not catalogue.luhn_ok(digits):
        p.add("number", E.CARD_NUMBER_INVALID, "Check the card number")
    m = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*", expiry or "")
    if not m or not 1 <= int(m.group(1)) <= 12:
        p.add("expiry", E.CARD_EXPIRY_INVALID, "Expiry is MM/YY")
    else:
        year = int(m.group(2)) + (2000 if len(m.group(2)) == 2 else 0)
        now = clock.now()
        if (year, int(m.group(1))) < (now.year, now.month):
            p.add("expiry", E.CARD_EXPIRY_INVALID, "This card has expired")
    if not re.fullmatch(r"\d{3,4}", cvc or ""):
        p.add("cvc", E.CARD_CVC_INVALID, "CVC is 3 or 4 digits")
    return digits, p


async def start_card(txn: Transaction, number: str, expiry: str, cvc: str, holder: str | None = None,
                     source: str = "hosted_page", scenario: catalogue.Scenario | None = None) -> PaymentAttempt:
    """A card payment attempt. Status `challenge` means: run 3DS + OTP first; `sent`: the provider has it."""
    if await method_of(txn) != "card":
        raise ValidationFailed.on("method", E.METHOD_NOT_SUPPORTED, "This payment is not a card payment")
    digits, problems = _card_problems(number, expiry, cvc)
    problems.raise_if_any()
    await _ensure_payable(txn)
    scenario = scenario or catalogue.for_card(digits, txn.amount)
    brand = catalogue.card_brand(digits)
    attempt = await PaymentAttempt.create(
        transaction_id=txn.id, method="card", status="challenge" if scenario.challenge else "created", scenario=scenario.code,
        source=source, details={"brand": brand, "last4": digits[-4:], "bin": digits[:6], "holder": (holder or "").strip()[:100]})
    await timeline.record(txn, "attempt", f"Card {brand} •••• {digits[-4:]} submitted ({source.replace('_', ' ')})",
                          {"attempt_id": attempt.id, "method": "card", "challenge": scenario.challenge})
    if scenario.challenge:
        await timeline.record(txn, "challenge", "3DS challenge: waiting for the one-time code", {"attempt_id": attempt.id})
    else:
        await provider.request(txn, attempt, scenario)
    return attempt


async def challenge_passed(txn: Transaction, attempt: PaymentAttempt) -> None:
    await timeline.record(txn, "challenge", "3DS challenge passed", {"attempt_id": attempt.id})
    await provider.request(txn, attempt, catalogue.SCENARIOS.get(attempt.scenario) or catalogue.CHALLENGE)


async def challenge_failed(txn: Transaction, attempt: PaymentAttempt, why: str) -> None:
    """3DS failed (too many wrong codes): the provider is told and declines the payment."""
    await timeline.record(txn, "challenge", f"3DS challenge failed: {why}", {"attempt_id": attempt.id})
    await provider.request(txn, attempt, catalogue.AUTH_FAILED)


async def start_transfer(txn: Transaction, source: str = "hosted_page", scenario: catalogue.Scenario | None = None) -> PaymentAttempt:
    """The guest has paid by virtual account, e-wallet or QR (in the simulator: they say so, or a test deposit does)."""
    method = await method_of(txn)
    if method not in TRANSFER_METHODS:
        raise ValidationFailed.on("method", E.METHOD_NOT_SUPPORTED, "Card payments need the card form")
    scenario = scenario or catalogue.for_method(txn.amount)
    await _ensure_payable(txn)
    details = instructions(txn, method)
    attempt = await PaymentAttempt.create(transaction_id=txn.id, method=method, status="created", scenario=scenario.code,
                                          source=source, details=details)
    await timeline.record(txn, "attempt", f"{LABELS[method]} payment made ({source.replace('_', ' ')})",
                          {"attempt_id": attempt.id, "method": method})
    await provider.request(txn, attempt, scenario)
    return attempt


LABELS = {"card": "Card", "virtual_account": "Virtual account", "ewallet": "E-wallet", "qr": "QR"}


def instructions(txn: Transaction, method: str) -> dict:
    """What the guest needs to pay: a VA number, a QR payload or a wallet reference (stable per transaction)."""
    digest = hashlib.sha256(txn.id.encode()).hexdigest()
    number = str(int(digest[:15], 16))[:12].rjust(12, "0")
    if method == "virtual_account":
        return {"bank": "Clearway Sim Bank", "va_number": f"8808{number}", "account_name": "Clearway Payments"}
    if method == "qr":
        return {"qr_payload": f"CLEARWAYSIM|{txn.id}|{txn.amount}|{txn.currency}|{digest[:8]}"}
    if method == "ewallet":
        return {"wallet": "SimWallet", "reference": f"SW-{number[:8]}"}
    return {}

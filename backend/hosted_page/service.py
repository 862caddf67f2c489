"""The hosted payment page's domain: find a payment by its link token, decide what the guest sees, and
run the guest's actions (pay by card, say a transfer is made, switch method, the mock 3DS one-time code).

The token is only ever hashed and looked up (in system scope, since the guest belongs to no tenant);
everything after that runs in the payment's tenant scope. Attempts, provider requests and status
changes go through backend.payments (attempts / service); the outcome always comes from the provider
simulation (or the tenant's override), never from this page.

One-time code (mock 3DS) rules, all on backend.core.clock:
* 6 random digits, valid 5 minutes (OTP_TTL), only its sha256 is compared (constant time);
* 3 wrong codes per challenge (OTP_TRIES, not reset by a resend): the third calls
  attempts.challenge_failed and the provider declines the payment;
* an expired code is refused without using a try: the guest must ask for a new one;
* a new code at most once a minute (RESEND_EVERY) and at most MAX_RESENDS times; each replaces the old one.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError

from backend.core import clock
from backend.core.crypto import constant_time_equal, decrypt_field, encrypt_field, token_hash
from backend.core.errors import Conflict, DomainError, ValidationFailed
from backend.core.money import CURRENCIES
from backend.core.tenancy import system_scope
from backend.hosted_page.errors import HostedPageError as H
from backend.hosted_page.models import ThreeDSChallenge
from backend.merchants.models import Brand, Merchant
from backend.payments import attempts, timeline
from backend.payments.models import PaymentAttempt, TimelineEvent, Transaction, TxnStatus
from backend.payments.simulator import catalogue
from backend.routing.models import PaymentMethod

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
LINK_AFTERLIFE = timedelta(hours=24)  # the link shows the outcome until a day after the payment's expiry, then 404
OTP_TTL = timedelta(minutes=5)
OTP_TRIES = 3
RESEND_EVERY = timedelta(seconds=60)
MAX_RESENDS = 5

SUCCESS = {TxnStatus.SETTLEMENT, TxnStatus.REFUNDED, TxnStatus.PARTIALLY_REFUNDED}

# provider decline reasons, in plain words for the guest
REASONS = {
    "card_declined": "Your bank declined the payment.",
    "insufficient_funds": "The card does not have enough funds for this payment.",
    "expired_card": "The card has expired.",
    "incorrect_cvc": "The security code (CVC) was incorrect.",
    "processing_error": "The bank could not process the payment. No money was taken.",
    "authentication_failed": "The card could not be verified: the one-time code was wrong too many times.",
    "declined_by_provider": "The payment provider declined the payment.",
}
GENERIC_REASON = "The payment was declined. No money was taken."

METHOD_LABELS = {"card": "Card", "virtual_account": "Bank transfer", "ewallet": "E-wallet", "qr": "QR code"}
METHOD_ORDER = {"card": 0, "virtual_account": 1, "ewallet": 2, "qr": 3}


# ---------------------------------------------------------------- finding the payment

async def find(token: str) -> Transaction | None:
    """The payment behind a link token, or None (bad, unknown or used-up token: the page answers a plain 404)."""
    if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
        return None
    with system_scope():
        txn = await Transaction.get_or_none(hosted_token_hash=token_hash(token))
    if txn is None or clock.now() > txn.expires_at + LINK_AFTERLIFE:
        return None
    return txn


async def reload(txn: Transaction) -> Transaction:
    return await Transaction.get(id=txn.id)


# ---------------------------------------------------------------- what the guest sees

@dataclass
class Challenge:
    attempt: PaymentAttempt
    row: ThreeDSChallenge
    code: str | None  # shown as the simulated SMS (sandbox only)

    @property
    def seconds_left(self) -> int:
        return max(0, int((self.row.expires_at - clock.now()).total_seconds()))

    @property
    def resend_in(self) -> int:
        if self.row.resends >= MAX_RESENDS:
            return -1
        return max(0, int((self.row.last_sent_at + RESEND_EVERY - clock.now()).total_seconds() + 0.999))


@dataclass
class View:
    state: str  # pay | challenge | processing | success | failed | expired | cancelled
    txn: Transaction
    brand: Brand | None
    merchant_name: str
    method: str
    methods: list[dict] = field(default_factory=list)
    can_switch: bool = False
    instructions: dict = field(default_factory=dict)
    challenge: Challenge | None = None
    attempt: PaymentAttempt | None = None
    reason: str | None = None
    refunded: bool = False

    @property
    def sandbox(self) -> bool:
        return self.txn.environment == "sandbox"


def state_of(txn: Transaction, active: PaymentAttempt | None) -> str:
    """The page state from the payment's status and its active attempt (no side effects)."""
    if txn.status in SUCCESS:
        return "success"
    if txn.status == TxnStatus.FAILED:
        return "failed"
    if txn.status == TxnStatus.CANCELLED:
        return "cancelled"
    if txn.status == TxnStatus.EXPIRED or txn.expires_at <= clock.now():
        return "expired"
    if active is None:
        return "pay"
    return "challenge" if active.status == "challenge" else "processing"


async def active_attempt(txn: Transaction) -> PaymentAttempt | None:
    return await PaymentAttempt.filter(transaction_id=txn.id, status__in=["challenge", "sent"]).order_by("-created_at").first()


async def status(txn: Transaction) -> dict:
    """What the processing page polls: the page state only, nothing about the payment."""
    state = state_of(txn, await active_attempt(txn))
    return {"state": state, "final": state in ("success", "failed", "expired", "cancelled")}


async def methods_for(txn: Transaction) -> list[dict]:
    """The brand's enabled payment methods that accept this currency and amount (the current one first in type order)."""
    out = []
    for pm in await PaymentMethod.filter(brand_id=txn.brand_id, enabled=True).order_by("created_at"):
        kind = pm.type.value if hasattr(pm.type, "value") else pm.type
        fits = txn.currency in (pm.currencies or []) and pm.min_amount <= txn.amount <= pm.max_amount
        if fits or pm.id == txn.payment_method_id:
            out.append({"id": pm.id, "type": kind, "name": pm.name, "label": METHOD_LABELS.get(kind, pm.name),
                        "current": pm.id == txn.payment_method_id})
    out.sort(key=lambda m: (METHOD_ORDER.get(m["type"], 9), m["name"]))
    return out


async def failure_reason(txn: Transaction) -> str:
    events = await TimelineEvent.filter(transaction_id=txn.id, kind__in=["callback", "override"]).order_by("-at").limit(5)
    for e in events:
        if e.kind == "override":
            return "The merchant declined this payment. No money was taken."
        reason = (e.data or {}).get("reason")
        if reason:
            return REASONS.get(str(reason), GENERIC_REASON)
    return GENERIC_REASON


async def view(txn: Transaction) -> View:
    """Everything the page needs. A 3DS attempt without its challenge (e.g. a back-office test deposit) gets one here."""
    brand = await Brand.get_or_none(id=txn.brand_id)
    merchant = await Merchant.get_or_none(id=txn.merchant_id)
    method = await attempts.method_of(txn)
    active = await active_attempt(txn)
    state = state_of(txn, active)
    v = View(state=state, txn=txn, brand=brand, merchant_name=(brand.name if brand else None) or (merchant.name if merchant else "Merchant"),
             method=method, attempt=active)
    if state == "pay":
        v.methods = await methods_for(txn)
        v.can_switch = not await PaymentAttempt.filter(transaction_id=txn.id).exists()
        v.instructions = attempts.instructions(txn, method)
    elif state == "challenge":
        v.challenge = await _challenge_for(txn, active)
    elif state == "failed":
        v.reason = await failure_reason(txn)
    elif state == "success":
        v.refunded = txn.status != TxnStatus.SETTLEMENT
    return v


# ---------------------------------------------------------------- guest actions

async def pay_card(txn: Transaction, number: str, expiry: str, cvc: str, holder: str) -> PaymentAttempt:
    """Card form: the attempt keeps last4/brand only. A 3DS card opens a one-time-code challenge."""
    attempt = await attempts.start_card(txn, number, expiry, cvc, holder)
    # a challenge left open by an earlier attempt (now superseded) can no longer be answered
    await ThreeDSChallenge.filter(transaction_id=txn.id, status="open").exclude(attempt_id=attempt.id).update(
        status="superseded", updated_at=clock.now())
    if attempt.status == "challenge":
        await _open_challenge(txn, attempt)
    return attempt


async def pay_transfer(txn: Transaction) -> PaymentAttempt:
    """'I have transferred' / 'I have scanned and paid' / wallet approval (the sandbox's stand-in for the real payment)."""
    return await attempts.start_transfer(txn)


async def switch_method(txn: Transaction, payment_method_id: str) -> Transaction:
    from backend.payments import service as payments

    if not isinstance(payment_method_id, str) or not payment_method_id or len(payment_method_id) > 40:
        raise ValidationFailed.on("payment_method_id", H.FORM_INVALID, "Choose a payment method")
    return await payments.switch_method(txn, payment_method_id)


@dataclass
class OtpResult:
    ok: bool
    code: str | None = None  # error code (HostedPageError)
    message: str = ""
    attempts_left: int | None = None


async def verify_code(txn: Transaction, code: str) -> OtpResult:
    """Check the guest's one-time code (see the module docstring for the rules)."""
    challenge = await _open_for_update(txn)
    code = re.sub(r"\s", "", code or "")
    if not re.fullmatch(r"\d{6}", code):
        return OtpResult(False, H.OTP_FORMAT.value, "Enter the 6-digit code", challenge.attempts_left)
    now = clock.now()
    if challenge.expires_at <= now:
        return OtpResult(False, H.OTP_EXPIRED.value, "This code has expired. Send a new code to continue.", challenge.attempts_left)
    attempt = await PaymentAttempt.get(id=challenge.attempt_id)
    if constant_time_equal(_hash(challenge, code), challenge.code_hash):
        if await ThreeDSChallenge.filter(id=challenge.id, status="open").update(status="passed", updated_at=now) != 1:
            raise Conflict(H.NO_CHALLENGE, "This verification has already finished")
        await attempts.challenge_passed(txn, attempt)
        return OtpResult(True)
    left = challenge.attempts_left - 1
    changed = await ThreeDSChallenge.filter(id=challenge.id, status="open", attempts_left=challenge.attempts_left).update(
        attempts_left=left, status="open" if left > 0 else "failed", updated_at=now)
    if changed != 1:  # a concurrent try used this one: count again from the fresh row
        return await verify_code(txn, code)
    if left > 0:
        await timeline.record(txn, "challenge", f"Wrong one-time code ({left} {'try' if left == 1 else 'tries'} left)",
                              {"attempt_id": attempt.id, "attempts_left": left})
        return OtpResult(False, H.OTP_WRONG.value,
                         f"That code is not right. {left} {'attempt' if left == 1 else 'attempts'} left.", left)
    await attempts.challenge_failed(txn, attempt, f"{OTP_TRIES} wrong one-time codes")
    return OtpResult(False, H.OTP_LOCKED.value, "Too many wrong codes: the payment could not be verified.", 0)


async def resend_code(txn: Transaction) -> int:
    """A new code (the old one stops working). At most once a minute and MAX_RESENDS times. Returns the resend count."""
    challenge = await _open_for_update(txn)
    now = clock.now()
    if challenge.resends >= MAX_RESENDS:
        raise Conflict(H.RESEND_LIMIT, "No more codes can be sent for this payment")
    wait = challenge.last_sent_at + RESEND_EVERY - now
    if wait > timedelta(0):
        seconds = int(wait.total_seconds() + 0.999)
        raise Conflict(H.RESEND_TOO_SOON, f"You can ask for a new code in {seconds} s")
    code = _new_code()
    changed = await ThreeDSChallenge.filter(id=challenge.id, status="open", resends=challenge.resends).update(
        code_hash=_hash(challenge, code), code_sealed=encrypt_field(code), expires_at=now + OTP_TTL, last_sent_at=now,
        resends=challenge.resends + 1, updated_at=now)
    if changed != 1:
        raise Conflict(H.RESEND_TOO_SOON, "A new code was just sent")
    await timeline.record(txn, "challenge", "New one-time code sent (simulated SMS)",
                          {"attempt_id": challenge.attempt_id, "resends": challenge.resends + 1})
    return challenge.resends + 1


# ---------------------------------------------------------------- challenge rows

def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def _hash(challenge: ThreeDSChallenge, code: str) -> str:
    # salted with the challenge id: equal codes of two challenges do not hash alike
    return hashlib.sha256(f"{challenge.id}:{code}".encode()).hexdigest()


async def _open_challenge(txn: Transaction, attempt: PaymentAttempt) -> ThreeDSChallenge:
    now = clock.now()
    code = _new_code()
    row = ThreeDSChallenge(attempt_id=attempt.id, transaction_id=txn.id, code_hash="", code_sealed=encrypt_field(code),
                           expires_at=now + OTP_TTL, attempts_left=OTP_TRIES, last_sent_at=now)
    row.code_hash = _hash(row, code)
    await row.save()
    await timeline.record(txn, "challenge", "One-time code sent (simulated SMS)", {"attempt_id": attempt.id})
    return row


async def _challenge_for(txn: Transaction, attempt: PaymentAttempt) -> Challenge:
    row = await ThreeDSChallenge.get_or_none(attempt_id=attempt.id)
    if row is None:
        try:
            row = await _open_challenge(txn, attempt)
        except IntegrityError:  # opened concurrently by another request
            row = await ThreeDSChallenge.get(attempt_id=attempt.id)
    code = None
    if txn.environment == "sandbox" and row.status == "open":
        try:
            code = decrypt_field(row.code_sealed)
        except Exception:  # another key: show no code rather than fail
            code = None
    return Challenge(attempt=attempt, row=row, code=code)


async def _open_for_update(txn: Transaction) -> ThreeDSChallenge:
    if txn.status != TxnStatus.PENDING or txn.expires_at <= clock.now():
        raise Conflict("PAYMENT_NOT_PENDING", "This payment can no longer be paid")
    active = await active_attempt(txn)
    if active is None or active.status != "challenge":
        raise Conflict(H.NO_CHALLENGE, "There is no verification waiting for a code")
    row = await ThreeDSChallenge.filter(attempt_id=active.id).select_for_update().first()
    if row is None:
        row = await _open_challenge(txn, active)
    if row.status != "open":
        raise Conflict(H.NO_CHALLENGE, "This verification has already finished")
    return row


# ---------------------------------------------------------------- presentation helpers

def money_parts(amount: int, currency: str) -> dict:
    exp = CURRENCIES.get(currency, 2)
    whole, frac = divmod(abs(amount), 10**exp) if exp else (abs(amount), 0)
    return {"currency": currency, "major": f"{'-' if amount < 0 else ''}{whole:,}",
            "minor": f".{frac:0{exp}d}" if exp else "", "text": f"{whole:,}{f'.{frac:0{exp}d}' if exp else ''} {currency}"}


HEX = re.compile(r"#[0-9a-fA-F]{6}")


def brand_palette(color: str | None) -> dict:
    """Accent colours from the brand's hex colour: the accent, readable text on it, and soft tints."""
    color = color if isinstance(color, str) and HEX.fullmatch(color) else "#4f46e5"
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))

    def lum(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * lum(r) + 0.7152 * lum(g) + 0.0722 * lum(b)
    on = "#ffffff" if (1.05 / (luminance + 0.05)) >= 3.0 else "#111827"
    # a darker shade for text/links on white when the brand colour is too light to read
    k = 1.0 if luminance < 0.35 else 0.55
    ink = f"#{int(r * k):02x}{int(g * k):02x}{int(b * k):02x}"
    return {"accent": color.lower(), "on_accent": on, "accent_ink": ink, "rgb": f"{r}, {g}, {b}"}


def monogram(name: str) -> str:
    words = [w for w in re.split(r"\s+", name or "") if w and w[0].isalnum()]
    return ("".join(w[0] for w in words[:2]) or "•").upper()


def logo_src(url: str | None) -> str | None:
    """Only same-origin paths or inline images (the page's CSP allows nothing else); otherwise the monogram."""
    if not url or not isinstance(url, str):
        return None
    if url.startswith("/") and not url.startswith("//"):
        return url
    if re.match(r"data:image/(png|jpeg|gif|webp|svg\+xml);base64,", url):
        return url
    return None


def countdown(until: datetime) -> int:
    return max(0, int((until - clock.now()).total_seconds()))


def test_listing() -> dict:
    return catalogue.listing()


__all__ = ["DomainError", "find", "view", "status", "pay_card", "pay_transfer", "switch_method", "verify_code", "resend_code"]

"""Test inputs, as integrators know them from public gateways' test modes.

Cards decide by number; virtual account, e-wallet and QR decide by "magic amounts" (the last three
digits of the amount in minor units). The developer tools and the hosted page show this list.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    code: str  # approve | decline | challenge | no_answer | late_success | amount_mismatch
    outcome: str  # succeeded | failed | none (the provider never answers)
    reason: str | None  # decline reason reported by the provider
    late: bool = False  # answers only after CLEARWAY_SIM_LATE_SECONDS
    challenge: bool = False  # 3DS challenge with an OTP before the provider answers
    mismatch: bool = False  # the provider reports another amount (a suspicious callback)


APPROVE = Scenario("approve", "succeeded", None)
CHALLENGE = Scenario("challenge", "succeeded", None, challenge=True)
NO_ANSWER = Scenario("no_answer", "none", None)
LATE_SUCCESS = Scenario("late_success", "succeeded", None, late=True)
AMOUNT_MISMATCH = Scenario("amount_mismatch", "succeeded", None, mismatch=True)
AUTH_FAILED = Scenario("auth_failed", "failed", "authentication_failed")


def decline(reason: str) -> Scenario:
    return Scenario(f"decline_{reason}", "failed", reason)


# number -> (scenario, what the developer tools say)
TEST_CARDS: dict[str, tuple[Scenario, str]] = {
    "4242424242424242": (APPROVE, "Visa: approved"),
    "5555555555554444": (APPROVE, "Mastercard: approved"),
    "4000000000000002": (decline("card_declined"), "Declined (generic)"),
    "4000000000009995": (decline("insufficient_funds"), "Declined: insufficient funds"),
    "4000000000000069": (decline("expired_card"), "Declined: expired card"),
    "4000000000000127": (decline("incorrect_cvc"), "Declined: wrong CVC"),
    "4000000000000119": (decline("processing_error"), "Declined: processing error"),
    "4000000000003220": (CHALLENGE, "3DS challenge, then approved once the OTP is right"),
    "4000000000005126": (NO_ANSWER, "No answer from the provider (the payment expires)"),
    "4000000000007726": (LATE_SUCCESS, "Late success: the provider answers after the late delay"),
}
# Any other valid (Luhn) number ending like a test card behaves like it (4000 0566 5566 0002 declines, ...).
SUFFIXES = {"0002": "4000000000000002", "9995": "4000000000009995", "0069": "4000000000000069",
            "0127": "4000000000000127", "0119": "4000000000000119"}

# last three digits of the amount in minor units -> scenario (virtual account, e-wallet, QR; cards too)
MAGIC_AMOUNTS: dict[int, tuple[Scenario, str]] = {
    901: (decline("declined_by_provider"), "The provider declines"),
    902: (NO_ANSWER, "No answer (the payment expires)"),
    903: (LATE_SUCCESS, "Late success"),
    904: (AMOUNT_MISMATCH, "The provider reports another amount: a suspicious callback, never applied"),
}

SCENARIOS: dict[str, Scenario] = {s.code: s for s, _ in [*TEST_CARDS.values(), *MAGIC_AMOUNTS.values()]}
SCENARIOS[AUTH_FAILED.code] = AUTH_FAILED


def by_code(code: str) -> Scenario | None:
    if code in SCENARIOS:
        return SCENARIOS[code]
    return decline(code[len("decline_"):]) if code.startswith("decline_") and len(code) > 8 else None


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number]
    checksum = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        checksum += d
    return checksum % 10 == 0


def card_brand(number: str) -> str:
    if number.startswith("4"):
        return "visa"
    if number[:2] in {"51", "52", "53", "54", "55"} or "2221" <= number[:4] <= "2720":
        return "mastercard"
    if number[:2] in {"34", "37"}:
        return "amex"
    return "card"


def for_amount(amount: int) -> Scenario | None:
    hit = MAGIC_AMOUNTS.get(amount % 1000)
    return hit[0] if hit else None


def for_card(number: str, amount: int) -> Scenario:
    """The card's scenario; magic amounts apply to approving cards too."""
    if number in TEST_CARDS:
        scenario = TEST_CARDS[number][0]
    elif number[-4:] in SUFFIXES:
        scenario = TEST_CARDS[SUFFIXES[number[-4:]]][0]
    else:
        scenario = APPROVE
    if scenario is APPROVE:
        return for_amount(amount) or APPROVE
    return scenario


def for_method(amount: int) -> Scenario:
    """Virtual account, e-wallet and QR: the amount decides; otherwise the payment succeeds once paid."""
    return for_amount(amount) or APPROVE


def listing() -> dict:
    """The full list, for the developer tools and the hosted page's sandbox hints."""
    return {
        "cards": [{"number": n, "scenario": s.code, "description": d} for n, (s, d) in TEST_CARDS.items()],
        "magic_amounts": [{"ends_with": f"{k:03d}", "scenario": s.code, "description": d} for k, (s, d) in MAGIC_AMOUNTS.items()],
    }

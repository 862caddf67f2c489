"""The back office's quick test-deposit generator: a sandbox payment that the simulator then pays.

Scenario `guest` leaves it pending for someone to pay on the hosted page; the other scenarios pay at
once (a test card for card methods, a transfer for the others) and let the provider answer.
"""
from __future__ import annotations

from backend.core.errors import ValidationFailed
from backend.payments import attempts, service
from backend.payments.errors import PaymentError as E
from backend.payments.models import PaymentAttempt, Transaction
from backend.payments.simulator import catalogue

# scenario -> the test card that produces it
CARD_FOR = {s.code: number for number, (s, _) in catalogue.TEST_CARDS.items()}
CARD_FOR["approve"] = "4242424242424242"
SCENARIOS = ("guest", "approve", "challenge", "decline_card_declined", "decline_insufficient_funds", "no_answer",
             "late_success", "amount_mismatch")


async def create(merchant_id: str, payment_method_id: str, amount: int, currency: str, scenario: str,
                 order_id: str | None = None) -> tuple[Transaction, str, PaymentAttempt | None]:
    if scenario not in SCENARIOS:
        raise ValidationFailed.on("scenario", E.SCENARIO_UNKNOWN, f"Scenario is one of {', '.join(SCENARIOS)}")
    txn, token = await service.create(merchant_id, "sandbox", None, service.CreatePayment(
        payment_method_id=payment_method_id, amount=amount, currency=currency, order_id=order_id or None,
        metadata={"test_deposit": True, "scenario": scenario}))
    if scenario == "guest":
        return txn, token, None
    chosen = catalogue.by_code(scenario)
    if await attempts.method_of(txn) == "card":
        attempt = await attempts.start_card(txn, CARD_FOR.get(scenario, CARD_FOR["approve"]), "12/39", "123", "Test Deposit",
                                            source="test_deposit", scenario=chosen)
    else:
        attempt = await attempts.start_transfer(txn, source="test_deposit", scenario=chosen)
    return txn, token, attempt

"""GraphQL for transactions: detail (type in transaction.py, list in investigation.py); manual override (transactions.override)."""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.audit import service as audit
from backend.graphql.common import Connection, ConflictError, MinorUnits, NotFoundError, ValidationError, keyset_page, run_mutation
from backend.graphql.permissions import needs, needs_anywhere
from backend.merchants.reach import merchant_with, reachable_merchants
from backend.payments import changes, models
from backend.payments.api.transaction import SimulationResultLog, TimelineEntry, Transaction, TxnStatus  # noqa: F401 (re-exported)
from backend.payments.api.types import PaymentAttempt, ProviderCallback


@strawberry.enum
class OverrideAction(Enum):
    APPROVE = "approve"
    REJECT = "reject"
    EXPIRE = "expire"
    CANCEL = "cancel"
    REFUND = "refund"
    PARTIAL_REFUND = "partial_refund"


@strawberry.type
class OverridePayload:
    transaction: Transaction
    log: SimulationResultLog


OverrideResult = Annotated[OverridePayload | ValidationError | NotFoundError | ConflictError, strawberry.union("OverrideResult")]


@strawberry.type
class PaymentQuery:
    @strawberry.field(permission_classes=[needs_anywhere(Perm.TRANSACTIONS_READ)])
    async def transaction(self, info: Info, id: strawberry.ID) -> Optional[Transaction]:
        t = await models.Transaction.get_or_none(id=id)
        if t is None or not await reachable_merchants(info.context.principal).filter(id=t.merchant_id).exists():
            return None
        return Transaction.from_model(t)

    @strawberry.field(permission_classes=[needs(Perm.CALLBACKS_READ)],
                      description="Provider callbacks of the whole tenant, newest first; suspiciousOnly for the review queue.")
    async def provider_callbacks(self, info: Info, suspicious_only: bool = False, first: int = 20,
                                 after: Optional[str] = None) -> Connection[ProviderCallback]:
        qs = models.ProviderCallback.all()
        if suspicious_only:
            qs = qs.filter(verdict=models.CallbackVerdict.SUSPICIOUS)
        return await keyset_page(qs, first=min(max(first, 1), 100), after=after, to_node=ProviderCallback.from_model)

    @strawberry.field(permission_classes=[needs_anywhere(Perm.TRANSACTIONS_READ)],
                      description="Test cards and magic amounts of the simulated providers.")
    def simulator_test_inputs(self) -> JSON:
        from backend.payments.simulator.catalogue import listing

        return listing()


@strawberry.type
class PaymentMutation:
    @strawberry.mutation(permission_classes=[needs(Perm.TRANSACTIONS_OVERRIDE)],
                         description="Manual correction with a reason; recorded as a simulation result log entry and a webhook event.")
    async def override_transaction(self, info: Info, id: strawberry.ID, action: OverrideAction, reason: str,
                                   amount: Optional[MinorUnits] = None) -> OverrideResult:
        async def work():
            from backend.payments.service import get

            txn = await get(id)
            await merchant_with(info.context.principal, Perm.TRANSACTIONS_OVERRIDE, txn.merchant_id)
            previous = txn.status.value if hasattr(txn.status, "value") else str(txn.status)
            log = await changes.override(txn, action.value, reason, amount)
            await audit.record("transaction.override", target_type="transaction", target_id=txn.id,
                               before={"status": previous}, after={"status": log.new_status},
                               extra={"action": action.value, "reason": reason, "amount": amount})
            return OverridePayload(transaction=Transaction.from_model(txn), log=SimulationResultLog.from_model(log))
        return await run_mutation("transaction.override", work, target_type="transaction")


@strawberry.input
class TestDepositInput:
    merchant_id: strawberry.ID
    payment_method_id: strawberry.ID
    amount: MinorUnits
    currency: str
    scenario: str = strawberry.field(default="approve", description="guest | approve | challenge | decline_card_declined | "
                                     "decline_insufficient_funds | no_answer | late_success | amount_mismatch")
    order_id: Optional[str] = None


@strawberry.type
class TestDepositPayload:
    transaction: Transaction
    payment_url: str = strawberry.field(description="The hosted page of this sandbox payment (shown once).")
    attempt: Optional[PaymentAttempt]


TestDepositResult = Annotated[TestDepositPayload | ValidationError | NotFoundError | ConflictError,
                              strawberry.union("TestDepositResult")]


@strawberry.type
class TestDepositMutation:
    @strawberry.mutation(permission_classes=[needs(Perm.TRANSACTIONS_CREATE)],
                         description="Quick test deposit: a sandbox payment the simulator pays with the chosen scenario.")
    async def create_test_deposit(self, info: Info, input: TestDepositInput) -> TestDepositResult:
        async def work():
            from backend.payments import service, test_deposits

            await merchant_with(info.context.principal, Perm.TRANSACTIONS_CREATE, input.merchant_id)
            txn, token, attempt = await test_deposits.create(input.merchant_id, input.payment_method_id, input.amount,
                                                             input.currency, input.scenario, input.order_id)
            await audit.record("transaction.test_deposit", target_type="transaction", target_id=txn.id,
                               extra={"scenario": input.scenario, "amount": input.amount, "currency": input.currency})
            return TestDepositPayload(transaction=Transaction.from_model(txn), payment_url=service.payment_url(token),
                                      attempt=PaymentAttempt.from_model(attempt) if attempt else None)
        return await run_mutation("transaction.test_deposit", work, target_type="transaction")

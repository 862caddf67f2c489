"""GraphQL for transactions: detail with timeline, routing path and overrides; manual override (transactions.override)."""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Optional

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.graphql.common import Connection, ConflictError, MinorUnits, NotFoundError, ValidationError, keyset_page, run_mutation
from backend.graphql.permissions import needs, needs_anywhere
from backend.ledger.api.schema import JournalEntryType, journal_entries_for
from backend.merchants.reach import merchant_with, reachable_merchants
from backend.payments import changes, models
from backend.payments.api.types import PaymentAttempt, ProviderCallback, masked_customer

TxnStatus = strawberry.enum(models.TxnStatus, name="TransactionStatus")


@strawberry.enum
class OverrideAction(Enum):
    APPROVE = "approve"
    REJECT = "reject"
    EXPIRE = "expire"
    CANCEL = "cancel"
    REFUND = "refund"
    PARTIAL_REFUND = "partial_refund"


@strawberry.type
class TimelineEntry:
    id: strawberry.ID
    kind: str
    message: str
    data: JSON
    actor_type: Optional[str]
    at: datetime


@strawberry.type(description="A manual override: who, when, previous and new status, reason, payload snapshot.")
class SimulationResultLog:
    id: strawberry.ID
    action: str
    previous_status: str
    new_status: str
    reason: str
    amount: Optional[MinorUnits]
    snapshot: JSON
    actor_label: Optional[str]
    created_at: datetime

    @classmethod
    def from_model(cls, r: models.SimulationResultLog) -> "SimulationResultLog":
        return cls(id=r.id, action=r.action, previous_status=r.previous_status, new_status=r.new_status, reason=r.reason,
                   amount=r.amount, snapshot=r.snapshot, actor_label=r.actor_label, created_at=r.created_at)


@strawberry.type
class Transaction:
    id: strawberry.ID
    merchant_id: strawberry.ID
    payment_method_id: strawberry.ID
    environment: str
    status: TxnStatus
    amount: MinorUnits
    currency: str
    refunded_amount: MinorUnits
    order_id: Optional[str]
    user_reference: Optional[str]
    processing_fee: MinorUnits
    conversion_fee: MinorUnits
    routing_path: JSON
    master_mid_id: Optional[str]
    sub_mid_id: Optional[str]
    provider: Optional[str]
    brand_id: strawberry.ID
    expires_at: datetime
    created_at: datetime
    updated_at: datetime
    _customer: strawberry.Private[dict]

    @strawberry.field(description="Customer details; PII masked unless you may read it (customers.read_pii).")
    def customer(self, info: Info) -> JSON:
        return masked_customer(self._customer, info.context.principal.has_anywhere(Perm.CUSTOMERS_READ_PII))

    @strawberry.field
    async def attempts(self) -> list[PaymentAttempt]:
        rows = await models.PaymentAttempt.filter(transaction_id=self.id).order_by("created_at", "id")
        return [PaymentAttempt.from_model(a) for a in rows]

    @strawberry.field(description="The payment's journal entries and postings; empty without ledger.read.")
    async def ledger_entries(self, info: Info) -> list[JournalEntryType]:
        if not info.context.principal.has_anywhere(Perm.LEDGER_READ):
            return []
        return await journal_entries_for(self.id)

    @strawberry.field(description="Raw provider callbacks with their verdicts; empty without callbacks.read.")
    async def callbacks(self, info: Info) -> list[ProviderCallback]:
        if not info.context.principal.has(Perm.CALLBACKS_READ):
            return []
        rows = await models.ProviderCallback.filter(transaction_id=self.id).order_by("received_at", "id")
        return [ProviderCallback.from_model(c) for c in rows]

    @strawberry.field
    async def timeline(self) -> list[TimelineEntry]:
        rows = await models.TimelineEvent.filter(transaction_id=self.id).order_by("at", "id")
        return [TimelineEntry(id=e.id, kind=e.kind, message=e.message, data=e.data, actor_type=e.actor_type, at=e.at) for e in rows]

    @strawberry.field
    async def overrides(self) -> list[SimulationResultLog]:
        rows = await models.SimulationResultLog.filter(transaction_id=self.id).order_by("id")
        return [SimulationResultLog.from_model(r) for r in rows]

    @classmethod
    def from_model(cls, t: models.Transaction) -> "Transaction":
        return cls(id=t.id, merchant_id=t.merchant_id, payment_method_id=t.payment_method_id, environment=t.environment,
                   status=t.status, amount=t.amount, currency=t.currency, refunded_amount=t.refunded_amount, order_id=t.order_id,
                   user_reference=t.user_reference, processing_fee=t.processing_fee, conversion_fee=t.conversion_fee,
                   routing_path=t.routing_path, master_mid_id=t.master_mid_id, sub_mid_id=t.sub_mid_id, provider=t.provider,
                   brand_id=t.brand_id, expires_at=t.expires_at, created_at=t.created_at, updated_at=t.updated_at,
                   _customer=t.customer or {})


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

    @strawberry.field(permission_classes=[needs_anywhere(Perm.TRANSACTIONS_READ)],
                      description="Transactions you can reach, newest first (keyset paginated).")
    async def transactions(self, info: Info, merchant_id: Optional[strawberry.ID] = None, first: int = 20,
                           after: Optional[str] = None) -> Connection[Transaction]:
        merchants = reachable_merchants(info.context.principal)
        if merchant_id:
            merchants = merchants.filter(id=merchant_id)
        ids = await merchants.values_list("id", flat=True)
        qs = models.Transaction.filter(merchant_id__in=list(ids) or [""])
        return await keyset_page(qs, first=min(max(first, 1), 100), after=after, to_node=Transaction.from_model)

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
            from backend.audit import service as audit

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
            return TestDepositPayload(transaction=Transaction.from_model(txn), payment_url=service.payment_url(token),
                                      attempt=PaymentAttempt.from_model(attempt) if attempt else None)
        return await run_mutation("transaction.test_deposit", work, target_type="transaction")

"""GraphQL for transactions: detail with timeline, routing path and overrides; manual override (transactions.override)."""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Optional

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.graphql.common import ConflictError, NotFoundError, ValidationError, run_mutation
from backend.graphql.permissions import needs, needs_anywhere
from backend.merchants.reach import merchant_with, reachable_merchants
from backend.payments import changes, models

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
    amount: Optional[int]
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
    amount: int
    currency: str
    refunded_amount: int
    order_id: Optional[str]
    user_reference: Optional[str]
    processing_fee: int
    conversion_fee: int
    routing_path: JSON
    master_mid_id: Optional[str]
    sub_mid_id: Optional[str]
    expires_at: datetime
    created_at: datetime

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
                   routing_path=t.routing_path, master_mid_id=t.master_mid_id, sub_mid_id=t.sub_mid_id, expires_at=t.expires_at,
                   created_at=t.created_at)


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


@strawberry.type
class PaymentMutation:
    @strawberry.mutation(permission_classes=[needs(Perm.TRANSACTIONS_OVERRIDE)],
                         description="Manual correction with a reason; recorded as a simulation result log entry and a webhook event.")
    async def override_transaction(self, info: Info, id: strawberry.ID, action: OverrideAction, reason: str,
                                   amount: Optional[int] = None) -> OverrideResult:
        async def work():
            from backend.payments.service import get

            txn = await get(id)
            await merchant_with(info.context.principal, Perm.TRANSACTIONS_OVERRIDE, txn.merchant_id)
            log = await changes.override(txn, action.value, reason, amount)
            return OverridePayload(transaction=Transaction.from_model(txn), log=SimulationResultLog.from_model(log))
        return await run_mutation("transaction.override", work, target_type="transaction")

"""The integrator part of GraphQL: the REST payment operations for API-key callers.

createPayment, cancelPayment and refundPayment call the same service functions as POST /api/v1/payments,
/payments/{id}/cancel and /payments/{id}/refunds (backend.payments.service: create_once, cancel_own,
refund_own), so both APIs follow one set of rules: the same Idempotency-Key with the same input answers the
first result again, with another input a ConflictError IDEMPOTENCY_KEY_REUSED; everything is limited to the
key's merchant (another merchant's payment is NOT_FOUND).

Who may call them: API-key principals only (transactions.create, one of INTEGRATOR_PERMS; every key holds it).
Back-office users are FORBIDDEN whatever their roles: they create sandbox payments with createTestDeposit and
correct payments with overrideTransaction (transactions.override), which records who did it and why.
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Optional

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info
from tortoise.exceptions import IntegrityError

from backend.access.permissions import Perm
from backend.audit import service as audit
from backend.core.errors import DomainError
from backend.graphql.common import MinorUnits, ConflictError, NotFoundError, ValidationError, error_result, run_mutation
from backend.graphql.permissions import integrator
from backend.payments import models, service
from backend.payments.api.schema import TxnStatus


@strawberry.type(description="A payment as its integrator sees it: the fields of the REST API's payment object. "
                             "Amounts are integers in minor units of the ISO 4217 currency.")
class IntegratorPayment:
    id: strawberry.ID = strawberry.field(description="The transaction id (REST: transaction_id).")
    status: TxnStatus
    amount: MinorUnits
    currency: str
    payment_method_id: strawberry.ID
    order_id: Optional[str]
    user_reference: Optional[str]
    environment: str = strawberry.field(description="sandbox or production: the environment of the API key.")
    refunded_amount: MinorUnits
    expires_at: datetime
    created_at: datetime

    @classmethod
    def from_view(cls, v: dict[str, Any]) -> "IntegratorPayment":
        """From service.payment_view (also what an Idempotency-Key replays)."""
        return cls(id=v["transaction_id"], status=models.TxnStatus(v["status"]), amount=v["amount"], currency=v["currency"],
                   payment_method_id=v["payment_method_id"], order_id=v["order_id"], user_reference=v["user_reference"],
                   environment=v["environment"], refunded_amount=v["refunded_amount"],
                   expires_at=datetime.fromisoformat(v["expires_at"]), created_at=datetime.fromisoformat(v["created_at"]))


@strawberry.input(description="Test-mode card hints for routing rules (card BIN and brand conditions).")
class PaymentCardInput:
    bin: Optional[str] = None
    brand: Optional[str] = None


@strawberry.input(description="A new payment: the body of POST /api/v1/payments.")
class CreatePaymentInput:
    payment_method_id: strawberry.ID
    amount: MinorUnits = strawberry.field(description="Positive integer in minor units (1050 = 10.50 EUR).")
    currency: str = strawberry.field(description="ISO 4217 code accepted by the payment method, e.g. EUR.")
    order_id: Optional[str] = None
    user_reference: Optional[str] = None
    customer: Optional[JSON] = strawberry.field(default=None, description="email, name, phone, country, address...")
    card: Optional[PaymentCardInput] = None
    metadata: Optional[JSON] = None
    customer_segment: Optional[str] = None

    def to_body(self) -> dict[str, Any]:
        """The equivalent REST body (fields left out stay out, so both APIs hash an input alike)."""
        body: dict[str, Any] = {"payment_method_id": str(self.payment_method_id), "amount": self.amount, "currency": self.currency}
        for name in ("order_id", "user_reference", "customer", "metadata", "customer_segment"):
            if getattr(self, name) is not None:
                body[name] = getattr(self, name)
        if self.card is not None:
            body["card"] = {k: v for k, v in (("bin", self.card.bin), ("brand", self.card.brand)) if v is not None}
        return body


@strawberry.type
class CreatePaymentPayload:
    payment: IntegratorPayment
    payment_url: str = strawberry.field(description="The hosted payment page for the payer (shown in this answer only).")
    expires_at: datetime = strawberry.field(description="When the pending payment expires unless paid.")
    replayed: bool = strawberry.field(description="True when this answers an earlier request with the same idempotencyKey.")

    @classmethod
    def from_created(cls, out: service.Created) -> "CreatePaymentPayload":
        payment = IntegratorPayment.from_view(out.payment)
        return cls(payment=payment, payment_url=out.payment["payment_url"], expires_at=payment.expires_at, replayed=out.replayed)


@strawberry.type
class CancelPaymentPayload:
    payment: IntegratorPayment


@strawberry.type
class RefundPaymentPayload:
    payment: IntegratorPayment


CreatePaymentResult = Annotated[CreatePaymentPayload | ValidationError | NotFoundError | ConflictError,
                                strawberry.union("CreatePaymentResult")]
CancelPaymentResult = Annotated[CancelPaymentPayload | ValidationError | NotFoundError | ConflictError,
                                strawberry.union("CancelPaymentResult")]
RefundPaymentResult = Annotated[RefundPaymentPayload | ValidationError | NotFoundError | ConflictError,
                                strawberry.union("RefundPaymentResult")]


def _caller(info: Info):
    return info.context.principal


@strawberry.type
class IntegratorMutation:
    @strawberry.mutation(permission_classes=[integrator(Perm.TRANSACTIONS_CREATE)],
                         description="API keys only: create a pending payment (POST /api/v1/payments). The same idempotencyKey "
                                     "with the same input answers the first result again; with another input a ConflictError "
                                     "IDEMPOTENCY_KEY_REUSED.")
    async def create_payment(self, info: Info, input: CreatePaymentInput,
                             idempotency_key: Optional[str] = None) -> CreatePaymentResult:
        p = _caller(info)
        body = input.to_body()

        async def work():
            out = await service.create_once(p.merchant_id, p.environment, p.api_key_id, body, idempotency_key)
            await audit.record("payment.create", target_type="transaction", target_id=out.payment["transaction_id"],
                               extra={"replayed": out.replayed, "via": "graphql"})
            return CreatePaymentPayload.from_created(out)

        try:
            return await run_mutation("payment.create", work, target_type="transaction")
        except IntegrityError:  # a concurrent request with the same idempotencyKey won the race
            try:
                out = await service.replay_after_race(p.api_key_id, body, idempotency_key)
            except DomainError as exc:
                return error_result(exc)
            if out is None:
                raise
            return CreatePaymentPayload.from_created(out)

    @strawberry.mutation(permission_classes=[integrator(Perm.TRANSACTIONS_CREATE)],
                         description="API keys only: cancel a pending payment (POST /api/v1/payments/{id}/cancel).")
    async def cancel_payment(self, info: Info, id: strawberry.ID, reason: Optional[str] = None) -> CancelPaymentResult:
        p = _caller(info)

        async def work():
            txn = await service.cancel_own(p.merchant_id, str(id), reason)
            await audit.record("payment.cancel", target_type="transaction", target_id=txn.id, extra={"reason": reason, "via": "graphql"})
            return CancelPaymentPayload(payment=IntegratorPayment.from_view(service.payment_view(txn)))

        return await run_mutation("payment.cancel", work, target_type="transaction")

    @strawberry.mutation(permission_classes=[integrator(Perm.TRANSACTIONS_CREATE)],
                         description="API keys only: refund a settled payment, in full without amount, else partially "
                                     "(POST /api/v1/payments/{id}/refunds). Never more than settled and not yet refunded.")
    async def refund_payment(self, info: Info, id: strawberry.ID, amount: Optional[MinorUnits] = None,
                             reason: Optional[str] = None) -> RefundPaymentResult:
        p = _caller(info)

        async def work():
            txn = await service.refund_own(p.merchant_id, str(id), amount, reason)
            await audit.record("payment.refund", target_type="transaction", target_id=txn.id,
                               extra={"amount": amount, "reason": reason, "via": "graphql"})
            return RefundPaymentPayload(payment=IntegratorPayment.from_view(service.payment_view(txn)))

        return await run_mutation("payment.refund", work, target_type="transaction")

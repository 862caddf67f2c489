"""The Transaction GraphQL type: a safe overview (PII masked unless permitted) and its nested history.

Every nested field goes through a per-request DataLoader (backend/payments/api/loaders.py), so a page of 50
transactions with every nested field costs the same few queries as a page of one. Permissions are the caller's on
the transaction's merchant (platform roles, or the merchant's / its group's context).
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.graphql.common import MinorUnits
from backend.ledger.api.schema import JournalEntryType
from backend.merchants.models import Merchant
from backend.merchants.reach import can
from backend.payments import models
from backend.payments.api.loaders import load
from backend.payments.api.types import PaymentAttempt, ProviderCallback, masked_customer
from backend.routing.api.schema import PaymentMethodType
from backend.webhooks.api.schema import WebhookDelivery

TxnStatus = strawberry.enum(models.TxnStatus, name="TransactionStatus")


@strawberry.type
class TimelineEntry:
    id: strawberry.ID
    kind: str
    message: str
    data: JSON
    actor_type: Optional[str]
    at: datetime

    @classmethod
    def from_model(cls, e: models.TimelineEvent) -> "TimelineEntry":
        return cls(id=e.id, kind=e.kind, message=e.message, data=e.data, actor_type=e.actor_type, at=e.at)


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


@strawberry.type(name="TransactionRefund", description="A refund of (part of) a settled payment.")
class RefundEntry:
    id: strawberry.ID
    amount: MinorUnits
    reason: str
    created_at: datetime


@strawberry.type(description="The name behind a transaction's merchant.")
class MerchantRef:
    id: strawberry.ID
    name: str


@strawberry.type(description="The name behind a transaction's brand.")
class BrandRef:
    id: strawberry.ID
    name: str


@strawberry.type(description="The name and kind of a transaction's payment method.")
class PaymentMethodRef:
    id: strawberry.ID
    name: str
    kind: PaymentMethodType


@strawberry.type(description="What the caller may do with (or see of) this transaction, from their permissions on its merchant. "
                             "Show an action only when it is true; the server checks again when it is used.")
class TransactionViewerCan:
    override: bool = strawberry.field(description="Manual correction (transactions.override).")
    resend_webhook: bool = strawberry.field(description="Resend its webhook deliveries (webhooks.manage).")
    open_dispute: bool = strawberry.field(description="Open a dispute (disputes.manage).")
    read_disputes: bool = strawberry.field(description="See its disputes (disputes.read).")
    export: bool = strawberry.field(description="Download its JSON evidence, PDF receipt and compliance bundle "
                                                "(exports.create).")
    read_callbacks: bool = strawberry.field(description="See raw provider callbacks (callbacks.read, tenant-wide).")
    read_pii: bool = strawberry.field(description="See customer details unmasked (customers.read_pii).")
    read_ledger: bool = strawberry.field(description="See its journal entries (ledger.read).")
    read_webhooks: bool = strawberry.field(description="See its webhook history (webhooks.read).")


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

    async def _merchant(self, info: Info) -> Merchant | None:
        return await load(info, "merchants.merchant", self.merchant_id)

    async def _may(self, info: Info, perm: Perm) -> bool:
        merchant = await self._merchant(info)
        return merchant is not None and can(info.context.principal, perm, merchant)

    @strawberry.field(description="Customer details; PII (name, email, phone, address) masked unless you may read it "
                                  "(customers.read_pii on this merchant).")
    async def customer(self, info: Info) -> JSON:
        return masked_customer(self._customer, await self._may(info, Perm.CUSTOMERS_READ_PII))

    @strawberry.field
    async def merchant(self, info: Info) -> Optional[MerchantRef]:
        m = await self._merchant(info)
        return MerchantRef(id=m.id, name=m.name) if m else None

    @strawberry.field
    async def brand(self, info: Info) -> Optional[BrandRef]:
        b = await load(info, "merchants.brand", self.brand_id)
        return BrandRef(id=b.id, name=b.name) if b else None

    @strawberry.field
    async def payment_method(self, info: Info) -> Optional[PaymentMethodRef]:
        pm = await load(info, "routing.payment_method", self.payment_method_id)
        return PaymentMethodRef(id=pm.id, name=pm.name, kind=pm.type) if pm else None

    @strawberry.field
    async def viewer_can(self, info: Info) -> TransactionViewerCan:
        p, m = info.context.principal, await self._merchant(info)

        def ok(perm: Perm) -> bool:
            return m is not None and can(p, perm, m)
        return TransactionViewerCan(override=ok(Perm.TRANSACTIONS_OVERRIDE), resend_webhook=ok(Perm.WEBHOOKS_MANAGE),
                                    open_dispute=ok(Perm.DISPUTES_MANAGE),
                                    read_disputes=ok(Perm.DISPUTES_READ), export=ok(Perm.EXPORTS_CREATE),
                                    read_callbacks=p.has(Perm.CALLBACKS_READ),
                                    read_pii=ok(Perm.CUSTOMERS_READ_PII), read_ledger=ok(Perm.LEDGER_READ),
                                    read_webhooks=ok(Perm.WEBHOOKS_READ))

    @strawberry.field
    async def attempts(self, info: Info) -> list[PaymentAttempt]:
        return [PaymentAttempt.from_model(a) for a in await load(info, "payments.attempts", self.id)]

    @strawberry.field(description="The payment's journal entries and postings; empty without ledger.read on its merchant.")
    async def ledger_entries(self, info: Info) -> list[JournalEntryType]:
        if not await self._may(info, Perm.LEDGER_READ):
            return []
        return [JournalEntryType.from_model(e, ps) for e, ps in await load(info, "ledger.journal_by_transaction", self.id)]

    @strawberry.field(description="Raw provider callbacks with their verdicts; empty without callbacks.read.")
    async def callbacks(self, info: Info) -> list[ProviderCallback]:
        if not info.context.principal.has(Perm.CALLBACKS_READ):
            return []
        return [ProviderCallback.from_model(c) for c in await load(info, "payments.callbacks", self.id)]

    @strawberry.field
    async def timeline(self, info: Info) -> list[TimelineEntry]:
        return [TimelineEntry.from_model(e) for e in await load(info, "payments.timeline", self.id)]

    @strawberry.field
    async def overrides(self, info: Info) -> list[SimulationResultLog]:
        return [SimulationResultLog.from_model(r) for r in await load(info, "payments.overrides", self.id)]

    @strawberry.field(description="Refunds, oldest first.")
    async def refunds(self, info: Info) -> list[RefundEntry]:
        return [RefundEntry(id=r.id, amount=r.amount, reason=r.reason, created_at=r.created_at)
                for r in await load(info, "payments.refunds", self.id)]

    @strawberry.field(description="Webhook history of this transaction: every delivery (event to endpoint) with its attempts, "
                                  "oldest first; empty without webhooks.read on its merchant.")
    async def webhook_deliveries(self, info: Info) -> list[WebhookDelivery]:
        if not await self._may(info, Perm.WEBHOOKS_READ):
            return []
        return [WebhookDelivery.from_model(d) for d in await load(info, "webhooks.deliveries_by_transaction", self.id)]

    @classmethod
    def from_model(cls, t: models.Transaction) -> "Transaction":
        return cls(id=t.id, merchant_id=t.merchant_id, payment_method_id=t.payment_method_id, environment=t.environment,
                   status=t.status, amount=t.amount, currency=t.currency, refunded_amount=t.refunded_amount, order_id=t.order_id,
                   user_reference=t.user_reference, processing_fee=t.processing_fee, conversion_fee=t.conversion_fee,
                   routing_path=t.routing_path, master_mid_id=t.master_mid_id, sub_mid_id=t.sub_mid_id, provider=t.provider,
                   brand_id=t.brand_id, expires_at=t.expires_at, created_at=t.created_at, updated_at=t.updated_at,
                   _customer=t.customer or {})

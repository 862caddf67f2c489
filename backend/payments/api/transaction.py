"""The Transaction GraphQL type: a safe overview (PII masked unless permitted) and its nested history.

Every nested field goes through a per-request DataLoader (backend/payments/api/loaders.py), so a page of 50
transactions with every nested field costs the same few queries as a page of one. Permissions are the caller's on
the transaction's merchant (platform roles, or the merchant's / its group's context).
"""
from __future__ import annotations

import asyncio
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
from backend.payments.api.loaders import LOADERS, load
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
    open_dispute: bool = strawberry.field(description="Open a dispute (disputes.manage as tenant staff, like openDispute).")
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
    # The page's merchant, brand and payment method rows, loaded for the whole page by the list (Transaction.page_of):
    # then the fields below answer without a coroutine, a DataLoader round and a gather per row (most of a page's CPU).
    _refs: strawberry.Private[Optional[dict]] = None

    async def _merchant(self, info: Info) -> Merchant | None:
        if self._refs is not None:
            return self._refs["merchant"]
        return await load(info, "merchants.merchant", self.merchant_id)

    async def _may(self, info: Info, perm: Perm) -> bool:
        merchant = await self._merchant(info)
        return merchant is not None and can(info.context.principal, perm, merchant)

    # Each field below is a plain function returning either its value (refs loaded) or a coroutine (graphql-core
    # awaits it); both paths apply the same permission check and masking.

    @strawberry.field(description="Customer details; PII (name, email, phone, address) masked unless you may read it "
                                  "(customers.read_pii on this merchant).")
    def customer(self, info: Info) -> JSON:
        if self._refs is not None:
            m = self._refs["merchant"]
            return masked_customer(self._customer, m is not None and can(info.context.principal, Perm.CUSTOMERS_READ_PII, m))
        return self._customer_async(info)

    async def _customer_async(self, info: Info) -> dict:
        return masked_customer(self._customer, await self._may(info, Perm.CUSTOMERS_READ_PII))

    @strawberry.field
    def merchant(self, info: Info) -> Optional[MerchantRef]:
        if self._refs is not None:
            return _merchant_ref(self._refs["merchant"])
        return self._ref_async(info, "merchants.merchant", self.merchant_id, _merchant_ref)

    @strawberry.field
    def brand(self, info: Info) -> Optional[BrandRef]:
        if self._refs is not None:
            return _brand_ref(self._refs["brand"])
        return self._ref_async(info, "merchants.brand", self.brand_id, _brand_ref)

    @strawberry.field
    def payment_method(self, info: Info) -> Optional[PaymentMethodRef]:
        if self._refs is not None:
            return _method_ref(self._refs["payment_method"])
        return self._ref_async(info, "routing.payment_method", self.payment_method_id, _method_ref)

    async def _ref_async(self, info: Info, loader: str, key: str, make):
        return make(await load(info, loader, key))

    @strawberry.field
    def viewer_can(self, info: Info) -> TransactionViewerCan:
        if self._refs is not None:
            return _viewer_can(info, self._refs["merchant"])
        return self._viewer_can_async(info)

    async def _viewer_can_async(self, info: Info) -> TransactionViewerCan:
        return _viewer_can(info, await self._merchant(info))

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

    @classmethod
    async def page_of(cls, info: Info, rows: list[models.Transaction]) -> list["Transaction"]:
        """The GraphQL objects of a page of rows, with their merchants, brands and payment methods loaded at once (three
        batched queries through the request's DataLoaders, so the detail of any of them reuses them)."""
        out = [cls.from_model(t) for t in rows]
        if not rows:
            return out
        merchants, brands, methods = await asyncio.gather(
            info.context.loader("merchants.merchant", LOADERS["merchants.merchant"]).load_many([t.merchant_id for t in rows]),
            info.context.loader("merchants.brand", LOADERS["merchants.brand"]).load_many([t.brand_id for t in rows]),
            info.context.loader("routing.payment_method", LOADERS["routing.payment_method"]).load_many(
                [t.payment_method_id for t in rows]))
        for t, m, b, pm in zip(out, merchants, brands, methods):
            t._refs = {"merchant": m, "brand": b, "payment_method": pm}
        return out


def _merchant_ref(m: Merchant | None) -> Optional[MerchantRef]:
    return MerchantRef(id=m.id, name=m.name) if m else None


def _brand_ref(b) -> Optional[BrandRef]:
    return BrandRef(id=b.id, name=b.name) if b else None


def _method_ref(pm) -> Optional[PaymentMethodRef]:
    return PaymentMethodRef(id=pm.id, name=pm.name, kind=pm.type) if pm else None


def _viewer_can(info: Info, m: Merchant | None) -> TransactionViewerCan:
    p = info.context.principal

    def ok(perm: Perm) -> bool:
        return m is not None and can(p, perm, m)
    return TransactionViewerCan(override=ok(Perm.TRANSACTIONS_OVERRIDE), resend_webhook=ok(Perm.WEBHOOKS_MANAGE),
                                open_dispute=p.has(Perm.DISPUTES_MANAGE) and ok(Perm.DISPUTES_MANAGE),
                                read_disputes=ok(Perm.DISPUTES_READ), export=ok(Perm.EXPORTS_CREATE),
                                read_callbacks=p.has(Perm.CALLBACKS_READ),
                                read_pii=ok(Perm.CUSTOMERS_READ_PII), read_ledger=ok(Perm.LEDGER_READ),
                                read_webhooks=ok(Perm.WEBHOOKS_READ))

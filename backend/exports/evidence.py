"""Testing evidence of one transaction as a JSON document: the transaction, its routing path, simulation result
logs (overrides), payment attempts and provider callbacks, every webhook payload sent with each response received,
the retry history, refunds, ledger entries (with their chain hashes) and the final status.

Everything is read through the tenant-scoped models: a transaction of another tenant is simply not found.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import orjson

from backend.core import clock
from backend.core.errors import NotFound
from backend.core.money import format_amount
from backend.ledger.models import JournalEntry, Posting
from backend.merchants.models import Brand, Merchant
from backend.payments import models as pm
from backend.payments.api.types import masked_customer  # the one PII masking rule (pure function)
from backend.routing.models import PaymentMethod
from backend.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

SCHEMA = "clearway.evidence/1"


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _v(value: Any) -> Any:
    return getattr(value, "value", value)


async def build(txn_id: str, *, include_pii: bool) -> dict:
    """The evidence document of one transaction of the current tenant (NotFound when there is none)."""
    t = await pm.Transaction.get_or_none(id=txn_id)
    if t is None:
        raise NotFound("Transaction")
    merchant = await Merchant.get_or_none(id=t.merchant_id)
    brand = await Brand.get_or_none(id=t.brand_id)
    method = await PaymentMethod.get_or_none(id=t.payment_method_id)
    return {
        "schema": SCHEMA,
        "generated_at": _iso(clock.now()),
        "tenant_id": t.tenant_id,
        "transaction": {
            "id": t.id, "merchant": {"id": t.merchant_id, "name": merchant.name if merchant else None},
            "brand": {"id": t.brand_id, "name": brand.name if brand else None},
            "payment_method": {"id": t.payment_method_id, "name": method.name if method else None,
                               "type": _v(method.type) if method else None},
            "environment": t.environment, "status": _v(t.status), "version": t.version,
            "amount": t.amount, "currency": t.currency, "amount_display": format_amount(t.amount, t.currency),
            "refunded_amount": t.refunded_amount, "processing_fee": t.processing_fee, "conversion_fee": t.conversion_fee,
            "order_id": t.order_id, "user_reference": t.user_reference,
            "customer": masked_customer(t.customer or {}, include_pii), "customer_pii_masked": not include_pii,
            "metadata": t.metadata, "provider": t.provider, "master_mid_id": t.master_mid_id, "sub_mid_id": t.sub_mid_id,
            "expires_at": _iso(t.expires_at), "created_at": _iso(t.created_at), "updated_at": _iso(t.updated_at),
        },
        "routing_path": t.routing_path,
        "timeline": [{"id": e.id, "at": _iso(e.at), "kind": e.kind, "message": e.message, "data": e.data,
                      "actor_type": e.actor_type, "actor_id": e.actor_id}
                     for e in await pm.TimelineEvent.filter(transaction_id=t.id).order_by("at", "id")],
        "simulation_result_logs": [
            {"id": r.id, "at": _iso(r.created_at), "action": r.action, "previous_status": r.previous_status,
             "new_status": r.new_status, "reason": r.reason, "amount": r.amount, "actor": r.actor_label,
             "snapshot": r.snapshot} for r in await pm.SimulationResultLog.filter(transaction_id=t.id).order_by("created_at", "id")],
        "payment_attempts": [
            {"id": a.id, "at": _iso(a.created_at), "method": a.method, "status": a.status, "scenario": a.scenario,
             "details": a.details, "provider_reference": a.provider_reference, "source": a.source}
            for a in await pm.PaymentAttempt.filter(transaction_id=t.id).order_by("created_at", "id")],
        "provider_callbacks": [
            {"id": c.id, "received_at": _iso(c.received_at), "provider": c.provider, "event_id": c.event_id,
             "verdict": _v(c.verdict), "reason": c.reason, "detail": c.detail, "signature_valid": c.signature_valid,
             "reported_status": c.reported_status, "reported_amount": c.reported_amount, "payload": c.payload}
            for c in await pm.ProviderCallback.filter(transaction_id=t.id).order_by("received_at", "id")],
        "refunds": [{"id": r.id, "at": _iso(r.created_at), "amount": r.amount, "reason": r.reason}
                    for r in await pm.Refund.filter(transaction_id=t.id).order_by("created_at", "id")],
        "webhooks": await _webhooks(t.id),
        "ledger": await _ledger(t.id),
        "final_status": _v(t.status),
    }


async def _webhooks(txn_id: str) -> list[dict]:
    deliveries = await WebhookDelivery.filter(transaction_id=txn_id).order_by("created_at", "id")
    endpoints = {e.id: e.url for e in await WebhookEndpoint.filter(id__in=[d.endpoint_id for d in deliveries] or [""])}
    attempts: dict[str, list[WebhookAttempt]] = {}
    for a in await WebhookAttempt.filter(delivery_id__in=[d.id for d in deliveries] or [""]).order_by("number"):
        attempts.setdefault(a.delivery_id, []).append(a)
    out = []
    for d in deliveries:
        tried = attempts.get(d.id, [])
        out.append({
            "delivery_id": d.id, "event_id": d.event_id, "event_type": d.event_type, "endpoint_id": d.endpoint_id,
            "endpoint_url": endpoints.get(d.endpoint_id), "status": _v(d.status), "payload": d.payload,
            "attempt_count": d.attempts, "next_attempt_at": _iso(d.next_attempt_at), "last_error": d.last_error,
            "attempts": [{"number": a.number, "at": _iso(a.created_at), "url": a.url, "request_headers": a.request_headers,
                          "request_body": a.request_body, "response_status": a.response_status,
                          "response_body": a.response_body, "duration_ms": a.duration_ms, "succeeded": a.succeeded,
                          "error": a.error} for a in tried],
            "retry_history": [{"attempt": a.number, "at": _iso(a.created_at),
                               "outcome": "succeeded" if a.succeeded else (a.error or f"HTTP {a.response_status}")}
                              for a in tried],
        })
    return out


async def _ledger(txn_id: str) -> list[dict]:
    entries = await JournalEntry.filter(transaction_id=txn_id).order_by("created_at", "id")
    postings: dict[str, list[Posting]] = {}
    for p in await Posting.filter(entry_id__in=[e.id for e in entries] or [""]).order_by("id"):
        postings.setdefault(p.entry_id, []).append(p)
    return [{"id": e.id, "kind": _v(e.kind), "at": _iso(e.created_at), "description": e.description,
             "sequence": e.sequence, "hash": e.hash, "prev_hash": e.prev_hash,
             "postings": [{"account": _v(p.account), "currency": p.currency, "debit": p.debit, "credit": p.credit}
                          for p in postings.get(e.id, [])]} for e in entries]


def dumps(doc: dict) -> bytes:
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)

"""Payments: create (route, price, hosted link), read, cancel. Status changes go through state_machine."""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson

from backend.core import clock
from backend.core.config import get_settings
from backend.core.crypto import new_token, token_hash
from backend.core.errors import DomainError, FieldProblem, NotFound, Problems, ValidationFailed
from backend.core.money import format_amount, is_currency
from backend.payments import timeline
from backend.payments.errors import PaymentError as E
from backend.payments.models import IdempotencyRecord, Transaction, TxnStatus
from backend.routing import engine
from backend.routing.loader import NoPublishedRouting, compiled_for
from backend.routing.models import PaymentMethod

PAYMENT_TTL = timedelta(minutes=30)


class RouteRefused(DomainError):
    def __init__(self, code: str, message: str, decision: dict):
        super().__init__(code, message)
        self.decision = decision


@dataclass
class CreatePayment:
    payment_method_id: str
    amount: Any
    currency: Any
    order_id: str | None = None
    user_reference: str | None = None
    customer: dict | None = None
    card: dict | None = None  # {"bin": "424242", "brand": "visa"}: test-mode card hints for routing
    metadata: dict | None = None
    customer_segment: str | None = None


CREATE_FIELDS = frozenset(f.name for f in dataclasses.fields(CreatePayment))
TEXT_LIMIT = 100  # order_id, user_reference, customer_segment
IDEMPOTENCY_KEY_LIMIT = 255


def request_hash(body: dict) -> str:
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def validate(req: CreatePayment) -> None:
    p = Problems()
    if not isinstance(req.amount, int) or isinstance(req.amount, bool) or req.amount <= 0:
        p.add("amount", E.AMOUNT_INVALID, "amount is a positive integer in minor units (e.g. 1050 for 10.50)")
    if not isinstance(req.currency, str) or not is_currency(req.currency.upper()):
        p.add("currency", E.CURRENCY_UNKNOWN, "currency is an ISO 4217 code, e.g. EUR")
    if not isinstance(req.payment_method_id, str) or not req.payment_method_id:
        p.add("payment_method_id", E.PAYMENT_METHOD_UNKNOWN, "payment_method_id is required")
    for name in ("customer", "card", "metadata"):
        if getattr(req, name) is not None and not isinstance(getattr(req, name), dict):
            p.add(name, E.REQUEST_INVALID, f"{name} must be an object")
    for name in ("order_id", "user_reference", "customer_segment"):
        value = getattr(req, name)
        if value is not None and (not isinstance(value, str) or len(value) > TEXT_LIMIT):
            p.add(name, E.REQUEST_INVALID, f"{name} is a string of at most {TEXT_LIMIT} characters")
    p.raise_if_any()


async def create(merchant_id: str, environment: str, api_key_id: str | None, req: CreatePayment) -> tuple[Transaction, str]:
    """Route and create a pending payment. Returns (transaction, hosted-page token shown once in payment_url)."""
    validate(req)
    currency = req.currency.upper()
    pm = _check_method(await PaymentMethod.get_or_none(id=req.payment_method_id, merchant_id=merchant_id), currency, req.amount)
    txn = Transaction(merchant_id=merchant_id, brand_id=pm.brand_id, payment_method_id=pm.id, environment=environment,
                      api_key_id=api_key_id, amount=req.amount, currency=currency, order_id=req.order_id,
                      user_reference=req.user_reference, customer=req.customer or {}, metadata=req.metadata or {},
                      expires_at=clock.now() + PAYMENT_TTL)
    decision = await _route(txn, pm, card=req.card or {}, customer_segment=req.customer_segment)
    _apply_route(txn, pm, decision)
    token = new_token(24)
    txn.hosted_token_hash = token_hash(token)
    await txn.save()
    await timeline.record(txn, "created", f"Payment of {format_amount(req.amount, currency)} created ({environment})",
                          {"order_id": req.order_id, "amount": req.amount, "currency": currency})
    await timeline.record(txn, "routed", f"Routed to {decision.master_mid_id} / {decision.sub_mid_id}",
                          {"matched_rule": decision.matched_rule, "used_fallback": decision.used_fallback})
    from backend.payments.changes import emit

    await emit(txn, "payment.created")
    return txn, token


async def get(txn_id: str, merchant_id: str | None = None) -> Transaction:
    qs = Transaction.filter(id=txn_id)
    if merchant_id:
        qs = qs.filter(merchant_id=merchant_id)
    txn = await qs.first()
    if txn is None:
        raise NotFound("Payment")
    return txn


async def cancel(txn: Transaction, reason: str | None = None) -> Transaction:
    from backend.payments.changes import change_status

    return await change_status(txn, TxnStatus.CANCELLED, "cancelled", "Payment cancelled by the integrator", {"reason": reason})


REASON_LIMIT = 500


def _reason(reason: Any) -> str | None:
    if reason is not None and (not isinstance(reason, str) or len(reason) > REASON_LIMIT):
        raise ValidationFailed.on("reason", E.REQUEST_INVALID, f"reason is a string of at most {REASON_LIMIT} characters")
    return reason


async def cancel_own(merchant_id: str, txn_id: str, reason: Any = None) -> Transaction:
    """An integrator cancels one of its merchant's pending payments (REST and GraphQL)."""
    reason = _reason(reason)
    return await cancel(await get(txn_id, merchant_id), reason)


async def refund_own(merchant_id: str, txn_id: str, amount: Any = None, reason: Any = None) -> Transaction:
    """An integrator refunds one of its merchant's settled payments: in full without an amount, else partially."""
    from backend.payments.changes import refund

    reason = _reason(reason)
    txn = await get(txn_id, merchant_id)
    return await refund(txn, amount, reason or "")


def payment_view(txn: Transaction, token: str | None = None) -> dict[str, Any]:
    """What integrators see of a payment (the REST body; the GraphQL integrator type mirrors it).
    `payment_url` only with the hosted-page token, i.e. in the answer to the create (and its replays)."""
    out = {
        "transaction_id": txn.id, "status": txn.status.value if hasattr(txn.status, "value") else txn.status,
        "amount": txn.amount, "currency": txn.currency, "payment_method_id": txn.payment_method_id,
        "order_id": txn.order_id, "user_reference": txn.user_reference, "environment": txn.environment,
        "refunded_amount": txn.refunded_amount, "expires_at": txn.expires_at.isoformat(), "created_at": txn.created_at.isoformat(),
    }
    if token:
        out["payment_url"] = payment_url(token)
    return out


@dataclass
class Created:
    payment: dict[str, Any]  # payment_view with payment_url, as first answered
    status_code: int
    replayed: bool  # the answer to an earlier request with the same Idempotency-Key


def request_from(body: dict) -> CreatePayment:
    """A create request from a JSON-like body; unknown fields are refused, missing ones fail validation."""
    unknown = sorted(set(body) - CREATE_FIELDS)
    if unknown:
        raise ValidationFailed([FieldProblem(name, E.REQUEST_INVALID.value, "Unknown field") for name in unknown],
                               message=f"Unknown fields: {', '.join(unknown)}", code=E.REQUEST_INVALID.value)
    return CreatePayment(**{"payment_method_id": None, "amount": None, "currency": None, **body})


async def create_once(merchant_id: str, environment: str, api_key_id: str, body: dict, idempotency_key: str | None) -> Created:
    """The integrators' create, for REST and GraphQL alike, inside the caller's unit of work.

    With an Idempotency-Key: the same key and the same body answer the first response again; the same key
    with another body is a Conflict (IDEMPOTENCY_KEY_REUSED). Two concurrent requests with one key: the
    loser's insert of the idempotency record fails (IntegrityError); the caller then asks replay_after_race.
    """
    if idempotency_key is not None and not 0 < len(idempotency_key) <= IDEMPOTENCY_KEY_LIMIT:
        raise ValidationFailed.on("Idempotency-Key", E.REQUEST_INVALID,
                                  f"An Idempotency-Key has 1 to {IDEMPOTENCY_KEY_LIMIT} characters")
    req = request_from(body)
    body_hash = request_hash(body)
    if idempotency_key:
        replay = await idempotent_replay(api_key_id, idempotency_key, body_hash)
        if replay is not None:
            return Created(replay.response, replay.status_code, True)
    txn, token = await create(merchant_id, environment, api_key_id, req)
    view = payment_view(txn, token)
    if idempotency_key:
        await remember(api_key_id, idempotency_key, body_hash, 201, view)
    return Created(view, 201, False)


async def replay_after_race(api_key_id: str, body: dict, idempotency_key: str | None) -> Created | None:
    """After a unique violation on (API key, Idempotency-Key): the answer of the concurrent request that won.
    None when there was no key or no record (the violation was something else: the caller re-raises)."""
    if not idempotency_key:
        return None
    replay = await idempotent_replay(api_key_id, idempotency_key, request_hash(body))
    return Created(replay.response, replay.status_code, True) if replay is not None else None


def payment_url(token: str) -> str:
    return f"{get_settings().api_public_url.rstrip('/')}/pay/{token}"


async def idempotent_replay(api_key_id: str, key: str, body_hash: str) -> IdempotencyRecord | None:
    rec = await IdempotencyRecord.get_or_none(api_key_id=api_key_id, key=key)
    if rec is not None and rec.request_hash != body_hash:
        from backend.core.errors import Conflict

        raise Conflict(E.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used with a different request body")
    return rec


async def remember(api_key_id: str, key: str, body_hash: str, status_code: int, response: dict) -> None:
    await IdempotencyRecord.create(api_key_id=api_key_id, key=key, request_hash=body_hash, status_code=status_code, response=response)


async def _route(txn: Transaction, pm: PaymentMethod, *, card: dict | None = None, customer_segment: str | None = None):
    """Ask the routing engine (consuming velocity) where `txn` goes through `pm`; RouteRefused when nowhere."""
    from backend.payments import rejections

    try:
        compiled = await compiled_for(pm.id, use_draft=txn.environment == "sandbox")
    except NoPublishedRouting:
        message = "Production payments need a published routing blueprint for this payment method"
        await rejections.refused(txn, pm.id, E.NO_PUBLISHED_ROUTING.value, message, [])
        raise DomainError(E.NO_PUBLISHED_ROUTING, message) from None
    customer = txn.customer or {}
    card = card or {}
    sample = engine.PaymentSample(id=txn.id, amount=txn.amount, currency=txn.currency, country=customer.get("country"),
                                  card_bin=card.get("bin"), card_brand=card.get("brand"), customer_segment=customer_segment,
                                  user_reference=txn.user_reference, metadata=txn.metadata or {}, at=clock.now())
    from backend.execution.velocity import VelocityGate
    from backend.routing.cache import redis_client

    decision = await engine.decide(compiled, sample, gate=VelocityGate(redis_client()), consume=True)
    if not decision.ok:
        code, message = decision.error_code or E.NO_ROUTE.value, decision.message or "No route accepted this payment"
        await rejections.refused(txn, pm.id, code, message, decision.rejections)
        raise RouteRefused(code, message, decision.to_dict(evaluations=False))
    await rejections.rerouted(txn, pm.id, decision.rejections)
    return decision


def _apply_route(txn: Transaction, pm: PaymentMethod, decision) -> None:
    txn.payment_method_id = pm.id
    txn.routing_path = decision.to_dict(evaluations=False)
    txn.master_mid_id, txn.sub_mid_id = decision.master_mid_id, decision.sub_mid_id
    txn.provider = decision.candidate.master_mid.provider
    txn.processing_fee = decision.fees.get("processing", 0)
    txn.conversion_fee = decision.fees.get("conversion", 0)


def _check_method(pm: PaymentMethod | None, currency: str, amount: int) -> PaymentMethod:
    if pm is None:
        raise ValidationFailed.on("payment_method_id", E.PAYMENT_METHOD_UNKNOWN, "No such payment method for this merchant")
    if not pm.enabled:
        raise ValidationFailed.on("payment_method_id", E.PAYMENT_METHOD_DISABLED, "This payment method is disabled")
    if currency not in pm.currencies:
        raise ValidationFailed.on("currency", E.CURRENCY_NOT_ACCEPTED, f"{pm.name} accepts {', '.join(pm.currencies)}")
    if not pm.min_amount <= amount <= pm.max_amount:
        raise ValidationFailed.on("amount", E.AMOUNT_OUT_OF_LIMITS, f"amount must be between {pm.min_amount} and {pm.max_amount}")
    return pm


async def switch_method(txn: Transaction, payment_method_id: str) -> Transaction:
    """The guest picks another of the brand's payment methods before any attempt: route again through it.

    Refused once an attempt exists (the provider may already have it) or when the payment is no longer payable.
    The routing (and its velocity) is consumed again for the new method; a "routed" timeline event records it.
    """
    from backend.core.errors import Conflict
    from backend.payments.models import PaymentAttempt

    if txn.status != TxnStatus.PENDING or txn.expires_at <= clock.now():
        raise Conflict(E.PAYMENT_NOT_PENDING, "This payment can no longer be changed")
    if payment_method_id == txn.payment_method_id:
        return txn
    if await PaymentAttempt.filter(transaction_id=txn.id).exists():
        raise Conflict(E.ATTEMPT_IN_PROGRESS, "A payment attempt exists: the payment method can no longer change")
    pm = await PaymentMethod.get_or_none(id=payment_method_id, merchant_id=txn.merchant_id, brand_id=txn.brand_id)
    pm = _check_method(pm, txn.currency, txn.amount)
    previous = txn.payment_method_id
    decision = await _route(txn, pm)
    _apply_route(txn, pm, decision)
    columns = ("payment_method_id", "routing_path", "master_mid_id", "sub_mid_id", "provider", "processing_fee", "conversion_fee")
    updated = await Transaction.filter(id=txn.id, status=TxnStatus.PENDING, version=txn.version).update(
        version=txn.version + 1, updated_at=clock.now(), **{c: getattr(txn, c) for c in columns})
    if updated != 1:
        raise Conflict(E.CONCURRENT_UPDATE, "The payment changed meanwhile: reload the page")
    txn.version += 1
    await timeline.record(txn, "routed", f"Payment method switched to {pm.name}: routed to {decision.master_mid_id} / {decision.sub_mid_id}",
                          {"from_payment_method_id": previous, "payment_method_id": pm.id, "matched_rule": decision.matched_rule,
                           "used_fallback": decision.used_fallback})
    return txn

"""REST payment API for integrators (API key). Thin: parse, call the payments service, shape the answer."""
from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tortoise.exceptions import IntegrityError

from backend.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from backend.core.unit_of_work import unit_of_work
from backend.payments import service
from backend.payments.errors import PaymentError as E
from backend.payments.models import Transaction


def payment_json(txn: Transaction, token: str | None = None) -> dict[str, Any]:
    out = {
        "transaction_id": txn.id, "status": txn.status.value if hasattr(txn.status, "value") else txn.status,
        "amount": txn.amount, "currency": txn.currency, "payment_method_id": txn.payment_method_id,
        "order_id": txn.order_id, "user_reference": txn.user_reference, "environment": txn.environment,
        "refunded_amount": txn.refunded_amount, "expires_at": txn.expires_at.isoformat(), "created_at": txn.created_at.isoformat(),
    }
    if token:
        out["payment_url"] = service.payment_url(token)
    return out


def error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status_code=status)


def domain_error(exc: DomainError) -> JSONResponse:
    if isinstance(exc, ValidationFailed):
        return error(422, exc.problems[0].code if len(exc.problems) == 1 else exc.code, exc.message,
                     fields=[{"field": p.field, "code": p.code, "message": p.message} for p in exc.problems])
    if isinstance(exc, NotFound):
        return error(404, exc.code, exc.message)
    if isinstance(exc, Conflict):
        extra = {"current_status": exc.current.value} if hasattr(exc, "current") else {}
        return error(409, exc.code, exc.message, **extra)
    if isinstance(exc, service.RouteRefused):
        return error(422, exc.code, exc.message, routing=exc.decision)
    return error(422, exc.code, exc.message)


async def _body(request: Request) -> dict | JSONResponse:
    try:
        body = orjson.loads(await request.body() or b"{}")
    except orjson.JSONDecodeError:
        return error(400, E.REQUEST_INVALID.value, "The body is not valid JSON")
    if not isinstance(body, dict):
        return error(400, E.REQUEST_INVALID.value, "The body must be a JSON object")
    return body


async def create_payment(request: Request) -> JSONResponse:
    principal = request.state.principal
    body = await _body(request)
    if isinstance(body, JSONResponse):
        return body
    key = request.headers.get("idempotency-key")
    body_hash = service.request_hash(body)
    known = {"payment_method_id", "amount", "currency", "order_id", "user_reference", "customer", "card", "metadata", "customer_segment"}
    unknown = sorted(set(body) - known)
    if unknown:
        return error(422, E.REQUEST_INVALID.value, f"Unknown fields: {', '.join(unknown)}")
    try:
        async with unit_of_work():
            if key:
                replay = await service.idempotent_replay(principal.api_key_id, key, body_hash)
                if replay is not None:
                    return JSONResponse(replay.response, status_code=replay.status_code, headers={"idempotent-replayed": "true"})
            txn, token = await service.create(principal.merchant_id, principal.environment, principal.api_key_id,
                                              service.CreatePayment(**body))
            response = payment_json(txn, token)
            if key:
                await service.remember(principal.api_key_id, key, body_hash, 201, response)
        return JSONResponse(response, status_code=201)
    except DomainError as exc:
        return domain_error(exc)
    except IntegrityError:  # a concurrent request with the same Idempotency-Key won the race
        try:
            replay = await service.idempotent_replay(principal.api_key_id, key or "", body_hash)
        except DomainError as exc:
            return domain_error(exc)
        if replay is None:
            raise
        return JSONResponse(replay.response, status_code=replay.status_code, headers={"idempotent-replayed": "true"})


async def get_payment(request: Request) -> JSONResponse:
    try:
        txn = await service.get(request.path_params["id"], request.state.principal.merchant_id)
    except DomainError as exc:
        return domain_error(exc)
    return JSONResponse(payment_json(txn))


async def cancel_payment(request: Request) -> JSONResponse:
    body = await _body(request)
    if isinstance(body, JSONResponse):
        return body
    try:
        async with unit_of_work():
            txn = await service.get(request.path_params["id"], request.state.principal.merchant_id)
            await service.cancel(txn, body.get("reason"))
        return JSONResponse(payment_json(txn))
    except DomainError as exc:
        return domain_error(exc)


async def refund_payment(request: Request) -> JSONResponse:
    """Full refund without an amount; partial with {"amount": n}. Never more than settled and not yet refunded."""
    from backend.payments.changes import refund

    body = await _body(request)
    if isinstance(body, JSONResponse):
        return body
    try:
        async with unit_of_work():
            txn = await service.get(request.path_params["id"], request.state.principal.merchant_id)
            await refund(txn, body.get("amount"), str(body.get("reason") or ""))
        return JSONResponse(payment_json(txn), status_code=201)
    except DomainError as exc:
        return domain_error(exc)


routes = [
    Route("/payments", create_payment, methods=["POST"]),
    Route("/payments/{id}", get_payment, methods=["GET"]),
    Route("/payments/{id}/cancel", cancel_payment, methods=["POST"]),
    Route("/payments/{id}/refunds", refund_payment, methods=["POST"]),
]

"""REST payment API for integrators (API key). Thin: parse, call the payments service, shape the answer.

Documented in backend/payments/api/openapi.py (GET /api/v1/openapi.json, Swagger UI at /api/v1/docs)."""
from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tortoise.exceptions import IntegrityError

from backend.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from backend.core.text import nul_fields, nul_message
from backend.core.unit_of_work import unit_of_work
from backend.payments import service
from backend.payments.errors import PaymentError as E


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
    if bad := nul_fields(body):
        return error(422, E.REQUEST_INVALID.value, nul_message(bad),
                     fields=[{"field": f, "code": "NUL_CHARACTER", "message": "must not contain the NUL character"} for f in bad])
    return body


async def create_payment(request: Request) -> JSONResponse:
    principal = request.state.principal
    body = await _body(request)
    if isinstance(body, JSONResponse):
        return body
    key = request.headers.get("idempotency-key")
    try:
        try:
            async with unit_of_work():
                out = await service.create_once(principal.merchant_id, principal.environment, principal.api_key_id, body, key)
        except IntegrityError:  # a concurrent request with the same Idempotency-Key won the race
            out = await service.replay_after_race(principal.api_key_id, body, key)
            if out is None:
                raise
    except DomainError as exc:
        return domain_error(exc)
    return JSONResponse(out.payment, status_code=out.status_code, headers={"idempotent-replayed": "true"} if out.replayed else None)


async def get_payment(request: Request) -> JSONResponse:
    try:
        txn = await service.get(request.path_params["id"], request.state.principal.merchant_id)
    except DomainError as exc:
        return domain_error(exc)
    return JSONResponse(service.payment_view(txn))


async def cancel_payment(request: Request) -> JSONResponse:
    body = await _body(request)
    if isinstance(body, JSONResponse):
        return body
    try:
        async with unit_of_work():
            txn = await service.cancel_own(request.state.principal.merchant_id, request.path_params["id"], body.get("reason"))
    except DomainError as exc:
        return domain_error(exc)
    return JSONResponse(service.payment_view(txn))


async def refund_payment(request: Request) -> JSONResponse:
    """Full refund without an amount; partial with {"amount": n}. Never more than settled and not yet refunded."""
    body = await _body(request)
    if isinstance(body, JSONResponse):
        return body
    try:
        async with unit_of_work():
            txn = await service.refund_own(request.state.principal.merchant_id, request.path_params["id"],
                                           body.get("amount"), body.get("reason"))
    except DomainError as exc:
        return domain_error(exc)
    return JSONResponse(service.payment_view(txn), status_code=201)


routes = [
    Route("/payments", create_payment, methods=["POST"]),
    Route("/payments/{id}", get_payment, methods=["GET"]),
    Route("/payments/{id}/cancel", cancel_payment, methods=["POST"]),
    Route("/payments/{id}/refunds", refund_payment, methods=["POST"]),
]

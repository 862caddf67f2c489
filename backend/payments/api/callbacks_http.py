"""POST /callbacks/{tenant_id}/{provider}: where (simulated) providers report payment results. No session, no key:
the provider's signature is the authentication (checked in backend.payments.callbacks)."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from backend.core.observability import get_logger
from backend.core.tenancy import system_scope, tenant_scope
from backend.core.unit_of_work import unit_of_work
from backend.merchants.models import SimulatedProvider
from backend.payments import callbacks
from backend.tenants.models import Tenant

log = get_logger("clearway.callbacks")
PROVIDERS = {p.value for p in SimulatedProvider}
MAX_BODY = 64 * 1024


async def provider_callback(request: Request) -> JSONResponse:
    tenant_id, provider = request.path_params["tenant_id"], request.path_params["provider"]
    with system_scope():
        known = provider in PROVIDERS and await Tenant.filter(id=tenant_id).exists()
    if not known:  # nothing to attribute it to: logged, not stored
        log.warning("callback.unknown_target", tenant_id=tenant_id[:40], provider=provider[:20])
        return JSONResponse({"error": {"code": "NOT_FOUND", "message": "Unknown callback target"}}, status_code=404)
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return JSONResponse({"error": {"code": "PAYLOAD_TOO_LARGE", "message": "Callback body too large"}}, status_code=413)
    with tenant_scope(tenant_id):
        async with unit_of_work():
            outcome = await callbacks.receive(provider, {k.lower(): v for k, v in request.headers.items()}, raw)
    cb = outcome.callback
    log.info("callback.received", provider=provider, callback_id=cb.id, verdict=cb.verdict.value, reason=cb.reason,
             transaction_id=cb.transaction_id)
    return JSONResponse(outcome.body(), status_code=outcome.http_status)


routes = [Route("/callbacks/{tenant_id}/{provider}", provider_callback, methods=["POST"])]

"""REST for integrators (API key): who am I."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from backend.merchants.models import Brand, Merchant


async def current_merchant(request: Request) -> JSONResponse:
    principal = request.state.principal
    merchant = await Merchant.get(id=principal.merchant_id)
    brands = await Brand.filter(merchant_id=merchant.id).order_by("name")
    return JSONResponse({
        "merchant_id": merchant.id,
        "name": merchant.name,
        "environment": principal.environment,
        "api_key_prefix": principal.api_key_label,
        "brands": [{"id": b.id, "name": b.name, "default_currency": b.default_currency} for b in brands],
    })


routes = [Route("/merchant", current_merchant, methods=["GET"])]

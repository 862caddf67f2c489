"""POST /webhook-receiver/{endpoint_id}: the product's built-in webhook receiver (demo and self-test).

It records what it gets and verifies the Standard Webhooks signature with the endpoint's own secret(s),
so the whole flow works with no other server. The endpoint id in the path is the only addressing; an
unknown id gets 404 and nothing is stored.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from backend.core.tenancy import system_scope, tenant_scope
from backend.webhooks import signing
from backend.webhooks.models import ReceivedWebhook, WebhookEndpoint

MAX_BODY = 256 * 1024
KEPT_HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "user-agent")


async def receive(request: Request) -> JSONResponse:
    endpoint_id = request.path_params["endpoint_id"][:40]
    with system_scope():
        endpoint = await WebhookEndpoint.get_or_none(id=endpoint_id)
    if endpoint is None:
        return JSONResponse({"error": {"code": "NOT_FOUND", "message": "Unknown receiver"}}, status_code=404)
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return JSONResponse({"error": {"code": "PAYLOAD_TOO_LARGE", "message": "Body too large"}}, status_code=413)
    headers = {k.lower(): v for k, v in request.headers.items() if k.lower() in KEPT_HEADERS}
    with tenant_scope(endpoint.tenant_id):
        from backend.secrets import vault
        from backend.secrets.models import Secret

        secret = await Secret.get_or_none(id=endpoint.secret_id)
        valid = bool(secret) and signing.verify(vault.reveal_all_valid(secret), headers, raw)
        row = await ReceivedWebhook.create(endpoint_id=endpoint.id, webhook_id=headers.get("webhook-id", "")[:100], headers=headers,
                                           body=raw.decode("utf-8", "replace"), signature_valid=valid)
    if not valid:
        return JSONResponse({"received": row.id, "signature_valid": False}, status_code=401)
    return JSONResponse({"received": row.id, "signature_valid": True})


routes = [Route("/webhook-receiver/{endpoint_id}", receive, methods=["POST"])]

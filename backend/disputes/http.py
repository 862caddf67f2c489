"""GET /disputes/evidence/{id}: an evidence file, for a signed-in user who may read the dispute's merchant."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend.access.permissions import Perm
from backend.core.errors import DomainError
from backend.disputes import evidence
from backend.disputes.models import Dispute, DisputeEvidence
from backend.merchants.reach import merchant_with


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


async def download_evidence(request: Request) -> Response:
    principal = getattr(request.state, "principal", None)
    if principal is None or not principal.is_tenant_member or principal.kind != "user":
        return _error(401, "UNAUTHENTICATED", "Sign in first")
    ev = await DisputeEvidence.get_or_none(id=request.path_params["evidence_id"])
    dispute = await Dispute.get_or_none(id=ev.dispute_id) if ev else None
    if dispute is None:
        return _error(404, "NOT_FOUND", "Evidence not found")
    try:
        await merchant_with(principal, Perm.DISPUTES_READ, dispute.merchant_id)
    except DomainError:
        return _error(404, "NOT_FOUND", "Evidence not found")
    data = await evidence.content(ev)
    safe = ev.filename.encode("ascii", "replace").decode().replace('"', "")
    return Response(data, media_type=ev.content_type, headers={
        "Content-Disposition": f'attachment; filename="{safe}"', "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store"})


routes = [Route("/disputes/evidence/{evidence_id}", download_evidence, methods=["GET"])]

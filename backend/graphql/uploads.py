"""GraphQL multipart requests (file uploads, e.g. dispute evidence), guarded before strawberry reads a byte.

* CSRF: a browser may send a multipart form cross-site without a preflight, carrying the session cookie. So a
  multipart request must carry a header no plain form can set (`GraphQL-Require-Preflight` or
  `Apollo-Require-Preflight`, any value): a cross-site page would need a CORS preflight, which we refuse for
  origins we do not know. JSON requests are already safe (application/json is not a "simple" content type).
* Size: the body must declare its Content-Length, at most MAX_MULTIPART_BYTES (the 10 MB evidence limit plus room
  for the other form fields); larger requests are refused with 413 before their body is read.
"""
from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from backend.disputes.storage import MAX_EVIDENCE_BYTES

MAX_MULTIPART_BYTES = MAX_EVIDENCE_BYTES + 256 * 1024
PREFLIGHT_HEADERS = (b"graphql-require-preflight", b"apollo-require-preflight")


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = orjson.dumps({"data": None, "errors": [{"message": message, "extensions": {"code": code}}]})
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class guard_multipart:  # noqa: N801 - a class (not a function) so starlette's Route treats it as an ASGI app
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "POST":
            headers = dict(scope.get("headers") or [])
            if headers.get(b"content-type", b"").lower().startswith(b"multipart/"):
                if not any(h in headers for h in PREFLIGHT_HEADERS):
                    return await _refuse(send, 400, "PREFLIGHT_REQUIRED", "Multipart GraphQL requests need the "
                                         "GraphQL-Require-Preflight header (CSRF protection)")
                length = headers.get(b"content-length", b"")
                if not length.isdigit():
                    return await _refuse(send, 411, "LENGTH_REQUIRED", "Multipart GraphQL requests need a Content-Length")
                if int(length) > MAX_MULTIPART_BYTES:
                    return await _refuse(send, 413, "EVIDENCE_TOO_LARGE", f"The upload is {int(length) / 1048576:.1f} MB; "
                                         f"evidence is at most {MAX_EVIDENCE_BYTES // 1048576} MB")
        await self.app(scope, receive, send)

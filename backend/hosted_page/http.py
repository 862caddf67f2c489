"""/pay: the guest's hosted payment page. Server-rendered (Jinja2), plain form posts (POST -> 303 -> GET),
a little vanilla JS on top. Anonymous: the link token is the only key, and it opens only this page.

Every response under /pay carries the security headers (CSP self-only with a per-response style nonce,
no referrer, no framing, no caching). Bodies are capped; bad input never raises.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
from pathlib import Path
from urllib.parse import parse_qs

import orjson
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, Router
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.core.config import get_settings
from backend.core.context import Actor, actor_var
from backend.core.crypto import token_hash
from backend.core.errors import DomainError, ValidationFailed
from backend.core.observability import get_logger
from backend.core.tenancy import tenant_scope
from backend.core.unit_of_work import unit_of_work
from backend.hosted_page import service
from backend.payments.models import Transaction

log = get_logger("clearway.hosted_page")
HERE = Path(__file__).resolve().parent
MAX_BODY = 8 * 1024  # the largest form (card) is well under 1 KB
MAX_FIELD = 200
FLASH_COOKIE = "cw_pay_flash"
GUEST = Actor("guest", None, "guest (hosted page)")

templates = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"]),
                        trim_blocks=True, lstrip_blocks=True)


# ---------------------------------------------------------------- security headers, guest actor

def csp(nonce: str) -> str:
    return ("default-src 'none'; script-src 'self'; style-src 'self' 'nonce-" + nonce + "'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


class HostedPageGuard:
    """Wraps the /pay router: security headers on every response (404s and static files too), the guest actor."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in (
                    b"cache-control", b"content-security-policy", b"etag", b"last-modified")]
                headers += [
                    (b"content-security-policy", csp(nonce).encode()),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"cache-control", b"no-store"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        token = actor_var.set(GUEST)
        try:
            await self.app(scope, receive, send_secured)
        finally:
            actor_var.reset(token)


# ---------------------------------------------------------------- plumbing

def render(request: Request, name: str, status_code: int = 200, **ctx) -> HTMLResponse:
    ctx.setdefault("nonce", request.scope.get("state", {}).get("csp_nonce", ""))
    ctx.setdefault("static", "/pay/static")
    return HTMLResponse(templates.get_template(name).render(**ctx), status_code=status_code)


def not_found(request: Request) -> HTMLResponse:
    return render(request, "not_found.html", 404, palette=service.brand_palette(None))


async def not_found_app(scope: Scope, receive: Receive, send: Send) -> None:
    await not_found(Request(scope, receive))(scope, receive, send)


def _sign(payload: bytes) -> str:
    key = hashlib.sha256(b"clearway-hosted-flash:" + get_settings().secret_key.encode()).digest()
    return base64.urlsafe_b64encode(hmac.new(key, payload, hashlib.sha256).digest()[:18]).decode().rstrip("=")


def _flash_cookie(token: str, data: dict) -> str:
    data = {**data, "k": token_hash(token)[:16]}
    body = base64.urlsafe_b64encode(orjson.dumps(data)).decode().rstrip("=")
    secure = "; Secure" if get_settings().cookie_secure else ""
    return f"{FLASH_COOKIE}={body}.{_sign(body.encode())}; Path=/pay/; Max-Age=120; HttpOnly; SameSite=Lax{secure}"


def read_flash(request: Request, token: str) -> dict:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw or "." not in raw or len(raw) > 3000:
        return {}
    body, sig = raw.rsplit(".", 1)
    if not hmac.compare_digest(sig, _sign(body.encode())):
        return {}
    try:
        data = orjson.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, orjson.JSONDecodeError):
        return {}
    if not isinstance(data, dict) or data.get("k") != token_hash(token)[:16]:
        return {}
    return data


def back(token: str, flash: dict | None = None, anchor: str = "") -> RedirectResponse:
    """PRG: every POST answers 303 to the page (with a one-shot signed flash cookie for messages)."""
    resp = RedirectResponse(f"/pay/{token}{anchor}", status_code=303)
    if flash:
        resp.headers.append("set-cookie", _flash_cookie(token, flash))
    return resp


class BadForm(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form of at most MAX_BODY bytes; first value per field, each cut to MAX_FIELD characters."""
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        raise BadForm(413, "The request is too large.")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in ("application/x-www-form-urlencoded", ""):
        raise BadForm(415, "Send the form from the payment page.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise BadForm(413, "The request is too large.")
    try:
        parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=20)
    except ValueError:
        raise BadForm(400, "The form could not be read.") from None
    return {k[:40]: (v[0] if v else "")[:MAX_FIELD] for k, v in parsed.items()}


def bad_request(request: Request, exc: BadForm) -> HTMLResponse:
    return render(request, "error.html", exc.status, message=exc.message, palette=service.brand_palette(None))


def _scoped(handler):
    """Find the payment by token (404 otherwise), then run the handler in its tenant scope."""

    async def endpoint(request: Request) -> Response:
        token = request.path_params.get("token", "")
        txn = await service.find(token)
        if txn is None:
            return not_found(request)
        with tenant_scope(txn.tenant_id):
            try:
                return await handler(request, token, txn)
            except BadForm as exc:
                return bad_request(request, exc)

    endpoint.__name__ = handler.__name__
    return endpoint


def _problems(exc: DomainError) -> dict:
    if isinstance(exc, ValidationFailed):
        return {p.field: p.message for p in exc.problems}
    return {}


# ---------------------------------------------------------------- pages

@_scoped
async def page(request: Request, token: str, txn: Transaction) -> Response:
    async with unit_of_work():  # may open the 3DS challenge of an attempt that has none yet
        v = await service.view(txn)
    flash = read_flash(request, token)
    palette = service.brand_palette(v.brand.color if v.brand else None)
    ctx = dict(v=v, token=token, base=f"/pay/{token}", flash=flash, errors=flash.get("errors") or {},
               values=flash.get("values") or {}, palette=palette, money=service.money_parts(v.txn.amount, v.txn.currency),
               monogram=service.monogram(v.merchant_name), logo=service.logo_src(v.brand.logo_url if v.brand else None),
               expires_in=service.countdown(v.txn.expires_at), listing=service.test_listing() if v.sandbox else None,
               labels=service.METHOD_LABELS)
    name = v.state if v.state in ("pay", "challenge", "processing") else "outcome"
    resp = render(request, f"{name}.html", **ctx)
    if FLASH_COOKIE in request.cookies:
        secure = "; Secure" if get_settings().cookie_secure else ""
        resp.headers.append("set-cookie", f"{FLASH_COOKIE}=; Path=/pay/; Max-Age=0; HttpOnly; SameSite=Lax{secure}")
    return resp


@_scoped
async def status_json(request: Request, token: str, txn: Transaction) -> Response:
    return JSONResponse(await service.status(txn))


@_scoped
async def qr_svg(request: Request, token: str, txn: Transaction) -> Response:
    import segno

    from backend.payments import attempts

    if await attempts.method_of(txn) != "qr" or service.state_of(txn, await service.active_attempt(txn)) != "pay":
        return not_found(request)
    payload = attempts.instructions(txn, "qr")["qr_payload"]
    buf = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buf, kind="svg", scale=6, border=2, dark="#0f172a", light="#ffffff",
                                                     xmldecl=False, title="Payment QR code")
    return Response(buf.getvalue(), media_type="image/svg+xml")


# ---------------------------------------------------------------- actions (POST -> 303)

@_scoped
async def post_card(request: Request, token: str, txn: Transaction) -> Response:
    form = await read_form(request)
    try:
        async with unit_of_work():
            await service.pay_card(txn, form.get("number", ""), form.get("expiry", ""), form.get("cvc", ""), form.get("holder", ""))
    except DomainError as exc:
        # never echo the card number or CVC back; holder and expiry are kept for convenience
        problems = _problems(exc)
        beside_fields = bool(problems) and set(problems) <= {"number", "expiry", "cvc"}
        return back(token, {"errors": problems, "message": None if beside_fields else exc.message,
                            "values": {"holder": form.get("holder", "")[:100], "expiry": form.get("expiry", "")[:7]}}, "#pay")
    return back(token)


@_scoped
async def post_transfer(request: Request, token: str, txn: Transaction) -> Response:
    await read_form(request)
    try:
        async with unit_of_work():
            await service.pay_transfer(txn)
    except DomainError as exc:
        return back(token, {"message": exc.message})
    return back(token)


@_scoped
async def post_method(request: Request, token: str, txn: Transaction) -> Response:
    form = await read_form(request)
    try:
        async with unit_of_work():
            await service.switch_method(txn, form.get("payment_method_id", ""))
    except DomainError as exc:
        message = exc.message if isinstance(exc, ValidationFailed) or exc.code in ("ATTEMPT_IN_PROGRESS", "PAYMENT_NOT_PENDING") \
            else "This payment method is not available for this payment right now."
        return back(token, {"message": message})
    return back(token)


@_scoped
async def post_otp(request: Request, token: str, txn: Transaction) -> Response:
    form = await read_form(request)
    try:
        async with unit_of_work():
            result = await service.verify_code(txn, form.get("code", ""))
    except DomainError as exc:
        return back(token, {"message": exc.message})
    if result.ok:
        return back(token)
    return back(token, {"otp_error": result.message, "otp_code": result.code})


@_scoped
async def post_resend(request: Request, token: str, txn: Transaction) -> Response:
    await read_form(request)
    try:
        async with unit_of_work():
            await service.resend_code(txn)
    except DomainError as exc:
        return back(token, {"otp_error": exc.message, "otp_code": exc.code})
    return back(token, {"otp_info": "A new code has been sent."})


class _Static:
    """The page's own CSS, JS and font; a missing file is the page's 404 (inside the security headers)."""

    def __init__(self) -> None:
        self.files = StaticFiles(directory=str(HERE / "static"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        from starlette.exceptions import HTTPException

        try:
            await self.files(scope, receive, send)
        except HTTPException:
            await not_found_app(scope, receive, send)


def hosted_routes() -> list:
    """Mounted at /pay by backend.app."""
    router = Router(routes=[
        Mount("/static", app=_Static()),
        Route("/{token}", page, methods=["GET"]),
        Route("/{token}/status", status_json, methods=["GET"]),
        Route("/{token}/qr.svg", qr_svg, methods=["GET"]),
        Route("/{token}/card", post_card, methods=["POST"]),
        Route("/{token}/transfer", post_transfer, methods=["POST"]),
        Route("/{token}/method", post_method, methods=["POST"]),
        Route("/{token}/otp", post_otp, methods=["POST"]),
        Route("/{token}/otp/resend", post_resend, methods=["POST"]),
    ], default=not_found_app)
    return [Mount("/pay", app=HostedPageGuard(router))]


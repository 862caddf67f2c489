"""Resolves the caller of every HTTP and websocket request, in one place.

Back-office sessions come from httpOnly cookies (access + refresh; silent refresh sets new
cookies on the response). The principal, the tenant scope and the audit actor are set here
for everything downstream: GraphQL, REST and hosted pages.
"""
from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.access import auth
from backend.access.principal import ANONYMOUS_PRINCIPAL, principal_for_api_key, principal_for_user
from backend.core.config import get_settings
from backend.core.context import actor_var, client_ip_var
from backend.core.tenancy import enter_scope, leave_scope, tenant_scope

ACCESS_COOKIE = "cw_access"
REFRESH_COOKIE = "cw_refresh"


def session_cookie_headers(issued: auth.IssuedSession | None) -> list[str]:
    """Set-Cookie values for a new session (or clearing it when None)."""
    s = get_settings()
    secure = "; Secure" if s.cookie_secure else ""
    if issued is None:
        return [
            f"{ACCESS_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}",
            f"{REFRESH_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}",
        ]
    return [
        f"{ACCESS_COOKIE}={issued.access_token}; Path=/; Max-Age={s.access_ttl_seconds}; HttpOnly; SameSite=Lax{secure}",
        f"{REFRESH_COOKIE}={issued.refresh_token}; Path=/; Max-Age={s.refresh_ttl_seconds}; HttpOnly; SameSite=Lax{secure}",
    ]


def _cookies(scope: Scope) -> dict[str, str]:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return {}
            return {k: m.value for k, m in jar.items()}
    return {}


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            v = value.decode("latin-1").strip()
            if v.lower().startswith("bearer "):
                return v[7:].strip()
        elif name == b"x-api-key":
            return value.decode("latin-1").strip()
    return None


async def _json_error(send: Send, status: int, code: str, message: str, headers: list[tuple[bytes, bytes]] = ()) -> None:
    import orjson

    body = orjson.dumps({"error": {"code": code, "message": message}})
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


def _client_ip(scope: Scope) -> str | None:
    client = scope.get("client")
    return client[0] if client else None


class SessionMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if _is_hosted_page(scope.get("path", "")):  # guests: no session, no key, no tenant scope (the link token decides)
            scope.setdefault("state", {}).update(principal=ANONYMOUS_PRINCIPAL, session_id=None)
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope)
        principal, refreshed, session_id = ANONYMOUS_PRINCIPAL, None, None
        bearer = _bearer(scope)
        ip_token = client_ip_var.set(_client_ip(scope))
        try:
            if bearer is not None or scope.get("path", "").startswith("/api/v1/"):
                principal = await self._api_key_principal(scope, send, bearer)
                if principal is None:
                    return  # already answered 401 / 429
        finally:
            client_ip_var.reset(ip_token)
        # A websocket upgrade cannot set cookies: a silent refresh there would rotate the refresh token and lose the new
        # one (logging the user out). Websockets use the access cookie only; the client refreshes over HTTP first.
        refresh_cookie = cookies.get(REFRESH_COOKIE) if scope["type"] == "http" else None
        if principal is ANONYMOUS_PRINCIPAL and (cookies.get(ACCESS_COOKIE) or refresh_cookie):
            resolved = await auth.resolve(cookies.get(ACCESS_COOKIE), refresh_cookie)
            if resolved is not None:
                with tenant_scope(resolved.user.tenant_id):
                    principal = await principal_for_user(resolved.user)
                refreshed, session_id = resolved.refreshed, resolved.session.id

        state = scope.setdefault("state", {})
        state["principal"] = principal
        state["session_id"] = session_id
        ip_token = client_ip_var.set(_client_ip(scope))
        actor_token = actor_var.set(principal.actor())
        scope_token = enter_scope(principal.tenant_id) if principal.is_authenticated else None

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start" and refreshed is not None:
                headers = MutableHeaders(scope=message)
                for value in session_cookie_headers(refreshed):
                    headers.append("set-cookie", value)
            await send(message)

        try:
            await self.app(scope, receive, send_with_cookies)
        finally:
            if scope_token is not None:
                leave_scope(scope_token)
            actor_var.reset(actor_token)
            client_ip_var.reset(ip_token)

    async def _api_key_principal(self, scope: Scope, send: Send, bearer: str | None):
        """Authenticate an integrator's key, audit refusals, apply the plan's rate limit. None = answered."""
        from backend.core import ratelimit
        from backend.secrets import api_keys
        from backend.tenants.models import PLAN_RATE_LIMITS

        if bearer is None and scope["type"] == "http" and _is_public_api_path(scope.get("path", "")):
            return ANONYMOUS_PRINCIPAL
        try:
            caller = await api_keys.authenticate(bearer)
        except api_keys.ApiKeyRefused as refused:
            if bearer:
                await api_keys.audit_refusal(refused, bearer)
            if scope["type"] == "http":
                await _json_error(send, 401, refused.code.value, refused.message, [(b"www-authenticate", b"Bearer")])
            else:
                await send({"type": "websocket.close", "code": 4401})
            return None
        principal = principal_for_api_key(caller.api_key)
        redis = getattr(getattr(scope.get("app"), "state", None), "redis", None)
        if redis is not None:
            limit = PLAN_RATE_LIMITS[caller.tenant.plan]
            verdict = await ratelimit.hit(redis, f"key:{caller.api_key.id}", limit)
            if not verdict.allowed:
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 4429})
                    return None
                await _json_error(send, 429, "RATE_LIMITED", f"Rate limit of {limit} requests per minute exceeded",
                                  [(b"retry-after", str(verdict.reset_in).encode())])
                return None
        return principal


def _is_public_api_path(path: str) -> bool:
    """REST paths that need no key: the OpenAPI document, Swagger UI and its static assets."""
    return path in ("/api/v1/openapi.json", "/api/v1/docs") or path.startswith("/api/v1/docs/static/")


def _is_hosted_page(path: str) -> bool:
    return path == "/pay" or path.startswith("/pay/")

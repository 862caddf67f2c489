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
from backend.access.principal import ANONYMOUS_PRINCIPAL, principal_for_user
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
        cookies = _cookies(scope)
        principal, refreshed, session_id = ANONYMOUS_PRINCIPAL, None, None
        if cookies.get(ACCESS_COOKIE) or cookies.get(REFRESH_COOKIE):
            resolved = await auth.resolve(cookies.get(ACCESS_COOKIE), cookies.get(REFRESH_COOKIE))
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

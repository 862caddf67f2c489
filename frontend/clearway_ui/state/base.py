"""AuthState: the session of one browser tab, and the only place that talks to the API.

* The API's session cookies (``cw_access``, ``cw_refresh``) are kept in ``_session``, a
  backend-only var (leading underscore): it is never serialised to the browser.
* Every GraphQL call goes through ``AuthState._gql``, which forwards those cookies and stores any
  cookie the API sets in its answer (login, silent refresh, logout).
* Every page State is a substate of AuthState and checks the login in its ``on_load``.
"""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import GqlResult, execute
from ..gql import queries as Q

GENERIC_API_ERROR = "Something went wrong while talking to the API. Try again."


class AuthState(rx.State):
    # --- backend only: never sent to the browser -------------------------------------------
    _session: dict[str, str] = {}

    # --- the logged-in user (from the `me` query) ------------------------------------------
    authed: bool = False
    me_id: str = ""
    me_email: str = ""
    me_name: str = ""
    me_kind: str = ""
    is_operator: bool = False
    totp_enabled: bool = False
    permissions: list[str] = []
    tenant_id: str = ""
    tenant_name: str = ""
    tenant_slug: str = ""
    tenant_plan: str = ""
    tenant_status: str = ""

    # ------------------------------------------------------------------------------------------
    # GraphQL plumbing (plain methods, not event handlers: names start with "_")
    # ------------------------------------------------------------------------------------------
    async def _gql(self, query: str, variables: dict[str, Any] | None = None) -> GqlResult:
        res = await execute(query, variables, self._session)
        self._keep_cookies(res.set_cookies)
        return res

    def _keep_cookies(self, set_cookies: dict[str, str]) -> None:
        """Store the cookies an API answer set (silent refresh, logout) in the backend-only session."""
        if set_cookies:
            session = dict(self._session)
            for name, value in set_cookies.items():
                if value:
                    session[name] = value
                else:
                    session.pop(name, None)
            self._session = session

    def _clear_session(self) -> None:
        self._session = {}
        self.authed = False
        self.me_id = self.me_email = self.me_name = self.me_kind = ""
        self.is_operator = False
        self.totp_enabled = False
        self.permissions = []
        self.tenant_id = self.tenant_name = self.tenant_slug = ""
        self.tenant_plan = self.tenant_status = ""

    def _apply_me(self, me: dict[str, Any] | None) -> bool:
        if not me:
            self._clear_session()
            return False
        self.authed = True
        self.me_id = str(me.get("id") or "")
        self.me_email = me.get("email") or ""
        self.me_name = me.get("name") or ""
        self.me_kind = me.get("kind") or ""
        self.is_operator = bool(me.get("isOperator"))
        self.totp_enabled = bool(me.get("totpEnabled"))
        self.permissions = list(me.get("permissions") or [])
        tenant = me.get("tenant") or {}
        self.tenant_id = str(tenant.get("id") or "")
        self.tenant_name = tenant.get("name") or ""
        self.tenant_slug = tenant.get("slug") or ""
        self.tenant_plan = str(tenant.get("plan") or "").upper()
        self.tenant_status = str(tenant.get("status") or "").upper()
        return True

    async def _ensure_me(self) -> bool:
        """Refresh the current user from the API. False when there is no valid session."""
        if not self._session:
            self._clear_session()
            return False
        res = await self._gql(Q.ME)
        if res.transport_error:
            # API down: keep what we know rather than bouncing the user to the login page
            return self.authed
        return self._apply_me(res.get("me"))

    def _has(self, perm: str) -> bool:
        return perm in self.permissions

    def _auth_redirect(self, res: GqlResult):
        """Return a redirect to /login when the API says the session is gone, else None."""
        if res.unauthenticated:
            self._clear_session()
            return rx.redirect("/login")
        return None

    # ------------------------------------------------------------------------------------------
    # event handlers
    # ------------------------------------------------------------------------------------------
    @rx.event
    async def require_login(self):
        """on_load guard for pages that need nothing but a login."""
        if not await self._ensure_me():
            return rx.redirect("/login")

    @rx.event
    async def logout(self):
        if self._session:
            await self._gql(Q.LOGOUT)
        self._clear_session()
        return rx.redirect("/login")

    # ------------------------------------------------------------------------------------------
    # permission helpers for the UI (cached vars derived from `permissions`)
    # ------------------------------------------------------------------------------------------
    @rx.var
    def can_access_read(self) -> bool:
        return "access.read" in self.permissions or "access.manage" in self.permissions

    @rx.var
    def can_access_manage(self) -> bool:
        return "access.manage" in self.permissions

    @rx.var
    def can_manage_users(self) -> bool:
        return "access.manage" in self.permissions or "merchant_users.manage" in self.permissions

    @rx.var
    def can_audit_read(self) -> bool:
        return "audit.read" in self.permissions

    @rx.var
    def can_review_read(self) -> bool:
        return "review.read" in self.permissions

    @rx.var
    def has_tenant(self) -> bool:
        return bool(self.tenant_id)

    @rx.var
    def user_initials(self) -> str:
        source = self.me_name or self.me_email or "?"
        parts = [p for p in source.replace("@", " ").replace(".", " ").split() if p]
        return "".join(p[0] for p in parts[:2]).upper() or "?"

    @rx.var
    def display_name(self) -> str:
        return self.me_name or self.me_email

"""AuthState: the session of one browser tab, and the only place that talks to the API.

* The API's session cookies (``cw_access``, ``cw_refresh``) are kept in ``_session``, a
  backend-only var (leading underscore): it is never serialised to the browser.
* Every GraphQL call goes through ``AuthState._gql``, which forwards those cookies and stores any
  cookie the API sets in its answer (login, silent refresh, logout).
* The tabs of one browser share the session: the ``cw_ui`` cookie (``ui_sid``) names the copy kept server-side in
  Redis (``ui_session``), read before each call and written whenever the API sets a cookie. A new tab is logged in
  at once, a silent refresh made by one tab serves the others, a logout ends them all.
* Every page State is a substate of AuthState and checks the login in its ``on_load``.
"""
from __future__ import annotations

from typing import Any

import reflex as rx

from .. import ui_session
from ..gql import GqlResult, execute
from ..gql import queries as Q

GENERIC_API_ERROR = "Something went wrong while talking to the API. Try again."


class AuthState(rx.State):
    # --- backend only: never sent to the browser -------------------------------------------
    _session: dict[str, str] = {}
    # The browser's UI session id (its tabs share it; the API's tokens stay server-side, see ui_session).
    ui_sid: str = rx.Cookie("", name=ui_session.COOKIE, max_age=ui_session.lifetime_seconds(), same_site="strict",
                            secure=ui_session.secure())

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
        sent = await self._current_session()
        res = await execute(query, variables, sent)
        if res.unauthenticated and self.ui_sid and await self._current_session() not in ({}, sent):
            # another tab refreshed the session (the refresh token rotates) while this call was on its way
            res = await execute(query, variables, self._session)
        await self._keep_cookies(res.set_cookies)
        return res

    async def _current_session(self) -> dict[str, str]:
        """The API session cookies to send: the browser's shared copy when there is one (another tab may have
        refreshed them), else this tab's own."""
        if self.ui_sid:
            try:
                self._session = await ui_session.load(self.ui_sid) or {}
            except ui_session.StoreUnavailable:
                pass  # keep this tab's copy
        return self._session

    async def _keep_cookies(self, set_cookies: dict[str, str]) -> None:
        """Store the cookies an API answer set (silent refresh, logout) in the backend-only session and the shared copy."""
        if set_cookies:
            session = dict(self._session)
            for name, value in set_cookies.items():
                if value:
                    session[name] = value
                else:
                    session.pop(name, None)
            self._session = session
            if self.ui_sid:
                await ui_session.save(self.ui_sid, session)

    async def _start_ui_session(self) -> None:
        """After a login: this browser's tabs share the new session."""
        self.ui_sid = ui_session.new_id()
        await ui_session.save(self.ui_sid, self._session)

    def _clear_session(self) -> None:
        self._session = {}
        self.ui_sid = ""
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
        if not await self._current_session():
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
        if await self._current_session():
            await self._gql(Q.LOGOUT)
        await ui_session.drop(self.ui_sid)  # every tab of this browser
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

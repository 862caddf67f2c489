"""State of /login."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .base import AuthState

GENERIC_LOGIN_ERROR = "Invalid email, password or code."


class LoginState(AuthState):
    error: str = ""
    busy: bool = False
    totp_required: bool = False
    # False until the page is hydrated and connected: the submit button stays disabled before,
    # so a click can never fall back to a native (GET) form submit carrying the password
    ready: bool = False
    _totp_email: str = ""

    @rx.event
    async def on_load(self):
        self.error = ""
        self.busy = False
        self.totp_required = False
        self.ready = True
        if (self._session or self.ui_sid) and await self._ensure_me():
            return rx.redirect(self._home())

    def _home(self) -> str:
        if self.is_operator and not self.tenant_id:
            return "/operator/tenants"
        return "/"

    @rx.event
    async def submit(self, form: dict[str, Any]):
        email = str(form.get("email") or "").strip()
        password = str(form.get("password") or "")
        code = str(form.get("totp_code") or "").strip()
        if not email or not password:
            self.error = "Enter your email and password."
            return
        if self.totp_required and email.lower() != self._totp_email:
            # another account than the one that asked for a code: start over
            self.totp_required = False
            code = ""
        if self.totp_required and not code:
            self.error = "Enter the 6-digit code from your authenticator app."
            return
        self.busy = True
        self.error = ""
        yield
        self._session, self.ui_sid = {}, ""
        res = await self._gql(
            Q.LOGIN, {"email": email, "password": password, "totpCode": code or None}
        )
        self.busy = False
        if res.transport_error:
            self.error = res.transport_error
            return
        result = res.get("login") or {}
        kind = result.get("__typename")
        if kind == "LoginSuccess" and self._apply_me(result.get("me")):
            await self._start_ui_session()
            self.totp_required = False
            yield rx.redirect(self._home())
            return
        if kind == "TotpRequired":
            if self.totp_required:
                self.error = GENERIC_LOGIN_ERROR
            self.totp_required = True
            self._totp_email = email.lower()
            return
        # LoginFailed or anything unexpected: one generic message, never which part was wrong
        self._clear_session()
        self.error = GENERIC_LOGIN_ERROR

"""State of /accept-invite?token=… (public): the invitee chooses a name and a password."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import execute
from ..gql import queries as Q
from .base import AuthState
from .mixins import FormMixin


class AcceptInviteState(AuthState, FormMixin):
    token_problem: str = ""  # errors on the `token` field (invalid, expired, already used)
    accepted: bool = False
    accepted_email: str = ""
    ready: bool = False  # hydrated and connected: the submit button is enabled only then
    token_present: bool = False
    _token: str = ""

    @rx.event
    def on_load(self):
        self._token = (self.router.url.query_parameters.get("token") or "").strip()
        self.token_present = bool(self._token)
        self.token_problem = ""
        self.accepted = False
        self.accepted_email = ""
        self._reset_form()
        self.ready = True

    @rx.event
    async def submit(self, form: dict[str, Any]):
        name = str(form.get("name") or "").strip()
        password = str(form.get("password") or "")
        confirm = str(form.get("confirm") or "")
        if password and confirm != password:
            self.field_errors = {"confirm": "The passwords do not match."}
            self.form_error = ""
            return
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}
        self.token_problem = ""
        yield
        # public mutation: sent without any session cookie
        res = await execute(Q.ACCEPT_INVITATION, {"token": self._token, "name": name, "password": password})
        self.form_busy = False
        if res.transport_error:
            self.form_error = res.transport_error
            return
        result = res.get("acceptInvitation")
        if not result:
            self.form_error = res.first_error() or "The invitation could not be accepted."
            return
        if result.get("__typename") == "UserPayload":
            self.accepted = True
            self.accepted_email = (result.get("user") or {}).get("email") or ""
            return
        fields = result.get("fields") or []
        token_errors = [str(f.get("message") or f.get("code")) for f in fields
                        if str(f.get("field") or "").split(".")[-1] == "token"]
        if token_errors:
            self.token_problem = " ".join(token_errors)
        rest = {**result, "fields": [f for f in fields if str(f.get("field") or "").split(".")[-1] != "token"]}
        if rest["fields"] or not token_errors:
            self._apply_result_errors(rest, "The invitation could not be accepted.", {"name", "password"})

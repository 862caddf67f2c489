"""Shared state of the list pages with dialogs (users, roles, role assignments, invitations,
tenants, outbox): loading the rows, submitting a form dialog, acting on one row, and the
role + context picker of the assign / invite dialogs.

Each page state keeps its own ``_fetch()`` (usually a call of ``_take_list``) and its own
event handlers; the methods here are the steps they share, on top of TableMixin / FormMixin
(state/mixins.py). The async generators (``_load_list``, ``_submit_form``) are forwarded by the
page's event handler: ``async for update in self._submit_form(...): yield update``.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Iterable

import reflex as rx

from ..gql import GqlResult
from ..gql import queries as Q
from .lookups import fetch_all_nodes, group_options, merchant_options, role_options, user_options
from .mixins import ConfirmMixin, FormMixin, TableMixin
from .results import result_toast, result_typename

Row = dict[str, Any]


class ListMixin(TableMixin, mixin=True):
    """A table page whose rows come from one GraphQL list query (``_fetch``)."""

    async def _fetch(self):  # pragma: no cover - overridden
        return None

    def _take_list(self, res: GqlResult, items: Iterable[Any] | None, to_row: Callable[[Any], Row], failed: str):
        """``_take_rows`` of a list query's items (None: no list came back), after the auth redirect if any."""
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        self._take_rows(res, None if items is None else [to_row(i) for i in items], failed)
        return None

    async def _load_list(
        self,
        sort_key: str = "",
        sort_desc: bool = False,
        *,
        login_redirect: bool = True,
        allowed: Callable[[], bool] | None = None,
        before: Callable[[], Awaitable[None]] | None = None,
        after: Callable[[], Awaitable[None]] | None = None,
    ):
        """The page's on_load: login check, default sort, loading flags, ``_fetch``.

        ``allowed`` may refuse the page (forbidden) before anything is fetched; ``before`` runs
        just before ``_fetch`` (the loading flag already shown); ``after`` runs once the rows
        reached the browser.
        """
        self.error = ""
        if not await self._ensure_me():
            if login_redirect:
                yield rx.redirect("/login")
            return
        if allowed is not None and not allowed():
            self.forbidden = True
            self.loaded = True
            return
        if sort_key:
            self._default_sort(sort_key, sort_desc)
        self.loading = True
        yield
        if before is not None:
            await before()
        redirect = await self._fetch()
        self.loading = False
        self.loaded = True
        if redirect is not None:
            yield redirect
            return
        if after is not None:
            yield
            await after()

    def _drop_row(self, row_id: str) -> None:
        self._rows = [r for r in self._rows if r["id"] != row_id]

    def _replace_row(self, row_id: str, row: Row) -> None:
        self._rows = [row if r["id"] == row_id else r for r in self._rows]

    async def _row_action(
        self,
        res: GqlResult,
        key: str,
        done: str,
        failed: str,
        *,
        ok_type: str = "DeletePayload",
        on_ok: Callable[[dict[str, Any]], None] | None = None,
        refetch: bool = False,
    ):
        """The outcome of a row mutation (confirm dialog): the auth redirect, or a success / error toast.

        ``on_ok(result)`` updates the rows on success; ``refetch`` reloads them whatever the outcome.
        """
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        if refetch:
            await self._fetch()
        if on_ok is not None and result_typename(res, key) == ok_type:
            on_ok(res.get(key))
        return result_toast(res, key, ok_type, done, failed)


class ListDialogMixin(ListMixin, FormMixin, ConfirmMixin, mixin=True):
    """A list page with a create / edit form dialog and a confirmation dialog."""

    async def _submit_form(
        self,
        doc: str,
        variables: dict[str, Any],
        key: str,
        ok_type: str,
        *,
        done: str | Callable[[dict[str, Any]], str],
        failed: str,
        known: set[str],
        forbidden: str = "",
        errors: dict[str, str] | None = None,
        field_map: dict[str, str] | None = None,
    ):
        """Send the dialog's mutation; on ``ok_type`` close it, toast ``done`` and refetch.

        ``errors`` are checks made before sending (shown beside the fields, nothing is sent);
        ``forbidden`` is the message for a FORBIDDEN answer; ``field_map`` renames API fields
        to the form field showing their errors.
        """
        if errors:
            self.field_errors = errors
            self.form_error = ""
            return
        self._start_submit()
        yield
        res = await self._gql(doc, variables)
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        if forbidden and res.forbidden:
            self.form_error = forbidden
            return
        for f in ((res.get(key) or {}).get("fields") or []) if field_map else []:
            name = str(f.get("field", "")).split(".")[-1]
            if name in field_map:
                f["field"] = field_map[name]
        result = self._form_success(res, key, ok_type, failed, known)
        if result is None:
            return
        self.form_open = False
        yield rx.toast.success(done(result) if callable(done) else done)
        if (redirect := await self._refetch()) is not None:
            yield redirect


class PickListsMixin(rx.State, mixin=True):
    """Options of the user / role / merchant group / merchant pickers."""

    users: list[dict[str, str]] = []
    roles: list[dict[str, str]] = []
    groups: list[dict[str, str]] = []
    merchants: list[dict[str, str]] = []

    async def _load_pick_lists(self, *, users: bool, roles: bool) -> None:
        if users:
            nodes, _, _ = await fetch_all_nodes(self._gql, Q.LOOKUP_USERS, "users")
            if nodes is not None:
                self.users = user_options(nodes)
        if roles:
            res = await self._gql(Q.LOOKUP_ROLES)
            if res.data and res.data.get("roles") is not None:
                self.roles = role_options(res.data)
        res = await self._gql(Q.LOOKUP_GROUPS)
        if res.data and res.data.get("merchantGroups") is not None:
            self.groups = group_options(res.data)
        res = await self._gql(Q.LOOKUP_MERCHANTS)
        if res.data and res.data.get("merchants") is not None:
            self.merchants = merchant_options(res.data)


class RoleContextMixin(PickListsMixin, mixin=True):
    """A role and where it applies: the whole tenant (platform roles), a merchant group or a
    merchant (merchant roles). Used by the assign-role and invite-user dialogs."""

    pick_role: str = ""
    pick_context_type: str = "TENANT"
    pick_context_id: str = ""

    @rx.var
    def pick_role_kind(self) -> str:
        return next((r["kind"] for r in self.roles if r["id"] == self.pick_role), "")

    @rx.var
    def context_choices(self) -> list[dict[str, str]]:
        if self.pick_context_type == "MERCHANT_GROUP":
            return self.groups
        if self.pick_context_type == "MERCHANT":
            return self.merchants
        return []

    def _reset_pick(self, context_type: str) -> None:
        self.pick_role = ""
        self.pick_context_type = context_type
        self.pick_context_id = ""

    def _pick_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.pick_role:
            errors["roleId"] = "Pick a role."
        if self.pick_context_type != "TENANT" and not self.pick_context_id:
            errors["contextId"] = "Pick the merchant group or merchant."
        return errors

    def _pick_input(self) -> dict[str, Any]:
        return {
            "roleId": self.pick_role,
            "contextType": self.pick_context_type,
            "contextId": self.pick_context_id or None,
        }

    @rx.event
    def set_pick_role(self, value: str):
        self.pick_role = value
        kind = next((r["kind"] for r in self.roles if r["id"] == value), "")
        if kind == "PLATFORM":
            self.pick_context_type = "TENANT"
            self.pick_context_id = ""
        elif kind == "MERCHANT" and self.pick_context_type == "TENANT":
            self.pick_context_type = "MERCHANT"
            self.pick_context_id = ""

    @rx.event
    def set_pick_context_type(self, value: str):
        self.pick_context_type = value
        self.pick_context_id = ""

    @rx.event
    def set_pick_context_id(self, value: str):
        self.pick_context_id = value

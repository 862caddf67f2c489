"""Reusable state behaviour for pages: tables (sort, paging, quick filter), confirmations, forms.
Secrets shown once and their rotation are in state/secrets.py.

The full row set of a table lives in the backend-only var ``_rows``; the browser only receives
the current page, derived by cached vars.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable

import reflex as rx

from ..gql import GqlResult
from .results import result_error
from .secrets import RotateWithGraceMixin, SecretRevealMixin  # noqa: F401  (were defined here)

PAGE_SIZES = ["10", "20", "50", "100"]


def _sort_value(value: Any) -> tuple:
    if value is None or value == "":
        return (1, "")
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, (int, float)):
        return (0, value)
    return (0, str(value).lower())


def _matches(row: dict[str, Any], needle: str) -> bool:
    return any(needle in str(v).lower() for k, v in row.items() if not k.startswith("_"))


def view_rows(
    rows: list[dict[str, Any]], sort_key: str, sort_desc: bool, quick_filter: str
) -> list[dict[str, Any]]:
    needle = quick_filter.strip().lower()
    out = [r for r in rows if _matches(r, needle)] if needle else list(rows)
    if sort_key:
        # rows whose value is empty go last in both directions
        present = [r for r in out if r.get(sort_key) not in (None, "")]
        missing = [r for r in out if r.get(sort_key) in (None, "")]
        present.sort(key=lambda r: _sort_value(r.get(sort_key)), reverse=sort_desc)
        out = present + missing
    return out


class TableMixin(rx.State, mixin=True):
    """A client-paged, sortable table over rows kept on the backend."""

    _rows: list[dict[str, Any]] = []
    sort_key: str = ""
    sort_desc: bool = False
    page: int = 0
    page_size: int = 20
    quick_filter: str = ""
    loading: bool = False
    loaded: bool = False
    forbidden: bool = False
    error: str = ""

    @rx.var
    def total_rows(self) -> int:
        return len(view_rows(self._rows, "", False, self.quick_filter))

    @rx.var
    def page_count(self) -> int:
        total = len(view_rows(self._rows, "", False, self.quick_filter))
        return max(1, (total + self.page_size - 1) // self.page_size)

    @rx.var
    def page_rows(self) -> list[dict[str, Any]]:
        rows = view_rows(self._rows, self.sort_key, self.sort_desc, self.quick_filter)
        pages = max(1, (len(rows) + self.page_size - 1) // self.page_size)
        page = min(self.page, pages - 1)
        start = page * self.page_size
        return rows[start : start + self.page_size]

    @rx.var
    def range_label(self) -> str:
        total = len(view_rows(self._rows, "", False, self.quick_filter))
        if total == 0:
            return "No results"
        pages = max(1, (total + self.page_size - 1) // self.page_size)
        page = min(self.page, pages - 1)
        start = page * self.page_size + 1
        end = min(total, start + self.page_size - 1)
        return f"{start}–{end} of {total}"

    @rx.var
    def page_label(self) -> str:
        total = len(view_rows(self._rows, "", False, self.quick_filter))
        pages = max(1, (total + self.page_size - 1) // self.page_size)
        return f"Page {min(self.page, pages - 1) + 1} of {pages}"

    @rx.var
    def has_prev(self) -> bool:
        return self.page > 0

    @rx.var
    def has_next(self) -> bool:
        total = len(view_rows(self._rows, "", False, self.quick_filter))
        return (self.page + 1) * self.page_size < total

    def _find_row(self, row_id: str) -> dict[str, Any] | None:
        return next((r for r in self._rows if r["id"] == row_id), None)

    def _take_rows(self, res: GqlResult, rows: list[dict[str, Any]] | None, failed: str) -> None:
        """The rows a load produced, or (``rows`` None: the query gave no list) why there are none:
        forbidden, or the request's error (``failed`` when it has none)."""
        if rows is None:
            self.forbidden = res.forbidden
            if not res.forbidden:
                self.error = res.first_error() or failed
            self._rows = []
            return
        self.forbidden = False
        self.error = ""
        self._rows = rows

    def _default_sort(self, key: str, desc: bool = False) -> None:
        if not self.sort_key:
            self.sort_key = key
            self.sort_desc = desc

    async def _load_rows(self):
        """``_fetch()`` with the loading flag shown; an event handler runs it with
        ``async for update in self._load_rows(): yield update``."""
        self.loading = True
        yield
        redirect = await self._fetch()
        self.loading = False
        self.loaded = True
        if redirect is not None:
            yield redirect

    async def _refetch(self, *more: Callable[[], Awaitable[Any]]) -> Any:
        """``_fetch()`` again after a change, then each of ``more`` (e.g. the page header's fetch);
        the first redirect stops it and is returned."""
        for fetch in (self._fetch, *more):
            if (redirect := await fetch()) is not None:
                return redirect
        return None

    @rx.event
    def sort_by(self, key: str):
        if self.sort_key == key:
            self.sort_desc = not self.sort_desc
        else:
            self.sort_key = key
            self.sort_desc = False
        self.page = 0

    @rx.event
    def next_page(self):
        if (self.page + 1) * self.page_size < len(view_rows(self._rows, "", False, self.quick_filter)):
            self.page += 1

    @rx.event
    def prev_page(self):
        if self.page > 0:
            self.page -= 1

    @rx.event
    def set_page_size(self, size: str):
        try:
            self.page_size = max(1, int(size))
        except ValueError:
            return
        self.page = 0

    @rx.event
    def set_quick_filter(self, value: str):
        self.quick_filter = value
        self.page = 0


class ConfirmMixin(rx.State, mixin=True):
    """One confirmation dialog per page: ask() opens it, confirm_yes() runs _on_confirm()."""

    confirm_open: bool = False
    confirm_title: str = ""
    confirm_body: str = ""
    confirm_label: str = "Confirm"
    confirm_busy: bool = False
    confirm_danger: bool = True
    _confirm_action: str = ""
    _confirm_target: str = ""

    def _ask(self, action: str, target: str, title: str, body: str, label: str, danger: bool = True) -> None:
        self.confirm_danger = danger
        self._confirm_action = action
        self._confirm_target = target
        self.confirm_title = title
        self.confirm_body = body
        self.confirm_label = label
        self.confirm_busy = False
        self.confirm_open = True

    @rx.event
    def confirm_cancel(self):
        self.confirm_open = False
        self.confirm_busy = False

    @rx.event
    def set_confirm_open(self, value: bool):
        self.confirm_open = value

    @rx.event
    async def confirm_yes(self):
        self.confirm_busy = True
        yield
        result = await self._on_confirm(self._confirm_action, self._confirm_target)
        self.confirm_busy = False
        self.confirm_open = False
        if result is not None:
            yield result

    async def _on_confirm(self, action: str, target: str):  # pragma: no cover - overridden
        return None


class FormMixin(rx.State, mixin=True):
    """A dialog with a form: open flag, busy flag, per-field errors returned by the API."""

    form_open: bool = False
    form_busy: bool = False
    form_error: str = ""
    field_errors: dict[str, str] = {}

    def _reset_form(self) -> None:
        self.form_busy = False
        self.form_error = ""
        self.field_errors = {}

    def _start_submit(self) -> None:
        self.form_busy = True
        self.form_error = ""
        self.field_errors = {}

    def _form_success(
        self,
        res: GqlResult,
        key: str,
        success: str | tuple[str, ...],
        fallback: str,
        known: set[str] | frozenset[str] = frozenset(),
    ) -> dict[str, Any] | None:
        """The success member (``success``: its __typename, or several) the form's mutation ``key``
        returned, or None once the form shows why not: the error member's messages
        (``_apply_result_errors``), or the request's error when no member came back."""
        result = res.get(key)
        if not result:
            self.form_error = result_error(res, key, fallback)
            return None
        if result.get("__typename") not in ((success,) if isinstance(success, str) else success):
            self._apply_result_errors(result, fallback, known)
            return None
        return result

    @rx.event
    def set_form_open(self, value: bool):
        self.form_open = value
        if not value:
            self._reset_form()

    def _apply_result_errors(
        self, result: dict[str, Any] | None, fallback: str, known: set[str] | frozenset[str] = frozenset()
    ) -> None:
        """Map a ValidationError / ConflictError / NotFoundError union member to the form.

        Errors on fields the form shows (``known``) go beside those fields; anything else (a
        conflict, a missing object, an error on a field the form does not show) goes on top.
        """
        result = result or {}
        errors: dict[str, str] = {}
        others: list[str] = []
        for f in result.get("fields") or []:
            name = str(f.get("field") or "").split(".")[-1]  # "input.email" -> "email"
            message = str(f.get("message") or f.get("code") or "Invalid value")
            if name in known:
                errors.setdefault(name, message)
            else:
                others.append(message)
        self.field_errors = errors
        if others:
            self.form_error = " ".join(others)
        elif errors:
            self.form_error = ""
        else:
            self.form_error = str(result.get("message") or "") or fallback

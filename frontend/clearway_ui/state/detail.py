"""``DetailPageMixin``: the state of a page about one object at ``/<section>/<id>``, shown in tabs.

The page state (a substate of ``AuthState``) sets ``SECTION`` and ``FIRST_TAB`` and implements
``_fetch`` (load the object; may return a redirect) and, if it keeps anything per object,
``_forget_object`` (called when the URL names another object) and ``_after_load``.
"""
from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx


class DetailPageMixin(rx.State, mixin=True):
    SECTION: ClassVar[str] = ""  # the first part of the path: "routing" in /routing/<id>
    FIRST_TAB: ClassVar[str] = ""

    page_id: str = ""
    page_loaded: bool = False
    not_found: bool = False
    load_error: str = ""
    tab: str = ""

    # ---- hooks supplied by the page state -------------------------------------------------------
    async def _fetch(self) -> Any:  # pragma: no cover - overridden
        return None

    def _forget_object(self) -> None:
        """Another object: forget what was shown of the previous one."""

    def _after_load(self) -> None:
        """After every load of the object."""

    # ---- helpers ----------------------------------------------------------------------------------
    def _route_id(self) -> str:
        parts = [p for p in (self.router.url.path or "").split("/") if p]
        return parts[1] if len(parts) >= 2 and parts[0] == self.SECTION else ""

    def _not_loaded(self, res: Any, fallback: str, forbidden: str = "") -> None:
        """The object did not come back: a load error, or not found (unknown, or out of the caller's reach)."""
        if res.transport_error or res.forbidden or (res.errors and res.data is None):
            self.load_error = (forbidden if forbidden and res.forbidden else res.first_error() or fallback)
        else:
            self.not_found = True

    def _loaded_ok(self) -> None:
        self.not_found = False
        self.load_error = ""

    # ---- events -----------------------------------------------------------------------------------
    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        page_id = self._route_id()
        if page_id != self.page_id:
            # another object: never show the previous one's data
            self.page_id = page_id
            self.page_loaded = False
            self.not_found = False
            self.tab = self.FIRST_TAB
            self._forget_object()
        yield
        redirect = await self._fetch()
        self.page_loaded = True
        self._after_load()
        if redirect is not None:
            yield redirect

    @rx.event
    def set_tab(self, value: str):
        self.tab = value

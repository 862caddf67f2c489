"""State for secrets shown once (API keys, webhook signing secrets) and their rotation with a
grace period; the dialogs are in components/secrets.py."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

import reflex as rx

from .results import result_error
from .util import fmt_dt


# vars of SecretRevealMixin that never reach the state store (disk or Redis): see __getstate__
_SECRET_VARS = {"secret_value": "", "secret_open": False}


class SecretRevealMixin(rx.State, mixin=True):
    """Shows a secret (API key, webhook signing secret) exactly once, in a dialog.

    * The value lives in ``secret_value`` only while the dialog is open: closing the dialog
      clears it, and so does the page's on_load (a reload never shows it again).
    * ``__getstate__`` blanks it whenever Reflex serialises the state (the on-disk / Redis state
      store), so the secret exists only in this process's memory and in the one delta that
      carries it to the browser. It is never part of a table row.
    """

    secret_open: bool = False
    secret_value: str = ""
    secret_title: str = ""
    secret_note: str = ""

    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: the parent returns the live instance dict
        for name, blank in _SECRET_VARS.items():
            if name in state:
                state[name] = blank
        return state

    def _reveal(self, title: str, value: str, note: str) -> None:
        self.secret_title = title
        self.secret_note = note
        self.secret_value = value
        self.secret_open = True

    def _forget_secret(self) -> None:
        self.secret_open = False
        self.secret_value = ""
        self.secret_note = ""

    @rx.event
    def set_secret_open(self, value: bool):
        if not value:
            self._forget_secret()

    @rx.event
    def close_secret(self):
        self._forget_secret()


DEFAULT_GRACE = "86400"  # seconds, as the grace dialog's radio value


def grace_until(seconds: int) -> str:
    """When a grace period that starts now ends, as shown to the user."""
    return fmt_dt((datetime.now(timezone.utc) + timedelta(seconds=seconds)).isoformat())


class Rotation(NamedTuple):
    """The mutation that rotates a secret: it takes ``$id`` and ``$graceSeconds``."""

    document: str
    root: str  # its field in the response
    created: str  # the __typename of its success member
    failed: str  # the message when the API gives none


class RotateWithGraceMixin(rx.State, mixin=True):
    """The "rotate with a grace period" dialog over a table's rows (TableMixin, SecretRevealMixin).

    ``open_rotate(row id)`` opens it; ``rotate()`` runs the substate's ``_rotation()`` mutation.
    A refusal stays inside the dialog; a success closes it, hands the result to ``_rotated()``
    (which reveals the new secret) and reloads the table with ``_fetch()``.
    """

    rotate_open: bool = False
    rotate_busy: bool = False
    rotate_grace: str = DEFAULT_GRACE
    rotate_error: str = ""
    rotate_label: str = ""  # what is rotated (a key's name, an endpoint's URL)
    _rotate_id: str = ""

    def _forget_rotation(self) -> None:
        """On a page load: no rotate dialog open and no secret (SecretRevealMixin) still shown."""
        self._forget_secret()
        self.rotate_open = False

    def _rotation(self) -> Rotation:  # pragma: no cover - overridden
        raise NotImplementedError

    def _rotate_label(self, row: dict[str, Any]) -> str:
        return str(row.get("name") or "")

    def _rotated(self, result: dict[str, Any], grace: int) -> None:  # pragma: no cover - overridden
        return None

    @rx.event
    def open_rotate(self, row_id: str):
        row = self._find_row(row_id)
        if row is None:
            return
        self._rotate_id = row_id
        self.rotate_label = self._rotate_label(row)
        self.rotate_grace = DEFAULT_GRACE
        self.rotate_error = ""
        self.rotate_busy = False
        self.rotate_open = True

    @rx.event
    def set_rotate_open(self, value: bool):
        self.rotate_open = value

    @rx.event
    def set_rotate_grace(self, value: str):
        self.rotate_grace = value

    @rx.event
    async def rotate(self):
        self.rotate_busy = True
        self.rotate_error = ""
        yield
        try:
            grace = int(self.rotate_grace)
        except ValueError:
            grace = int(DEFAULT_GRACE)
        rotation = self._rotation()
        res = await self._gql(rotation.document, {"id": self._rotate_id, "graceSeconds": grace})
        self.rotate_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = res.get(rotation.root) or {}
        if result.get("__typename") != rotation.created:
            self.rotate_error = result_error(res, rotation.root, rotation.failed, with_fields=True)
            return
        self.rotate_open = False
        self._rotated(result, grace)
        if (redirect := await self._refetch()) is not None:
            yield redirect

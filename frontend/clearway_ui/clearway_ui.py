"""The Clearway back-office Reflex app."""
from __future__ import annotations

import reflex as rx

from .components import theme as T
from . import pages  # noqa: F401  (registers every @rx.page)

app = rx.App(style=T.GLOBAL_STYLE)

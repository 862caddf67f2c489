"""State of /access/outbox: the emails the product would have sent (no SMTP)."""
from __future__ import annotations

import re
from typing import Any

import reflex as rx

from ..gql import queries as Q
from .base import AuthState
from .list_dialogs import ListMixin
from .lookups import fetch_all_nodes
from .util import fmt_dt, fmt_relative, humanize

URL_RE = re.compile(r"https?://\S+")


def _preview(body: str, limit: int = 96) -> str:
    text = " ".join(body.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def email_row(e: dict[str, Any]) -> dict[str, Any]:
    body = e.get("body") or ""
    links = URL_RE.findall(body)
    return {
        "id": str(e.get("id") or ""),
        "to": e.get("to") or "",
        "subject": e.get("subject") or "",
        "category": str(e.get("category") or ""),
        "category_label": humanize(e.get("category")),
        "preview": _preview(body),
        "created": e.get("createdAt") or "",
        "created_label": fmt_relative(e.get("createdAt")),
        "created_title": fmt_dt(e.get("createdAt")),
        "_body": body,
        "_links": links,
    }


class OutboxState(AuthState, ListMixin):
    to_filter: str = ""
    server_total: int = 0
    open_id: str = ""
    open_to: str = ""
    open_subject: str = ""
    open_category: str = ""
    open_created: str = ""
    open_body: str = ""
    open_links: list[str] = []

    async def _fetch(self):
        nodes, total, res = await fetch_all_nodes(
            self._gql, Q.OUTBOX_EMAILS, "outboxEmails", {"to": self.to_filter.strip() or None}
        )
        if nodes is not None:
            self.server_total = total
        return self._take_list(res, nodes, email_row, "Could not load the outbox.")

    @rx.event
    async def load(self):
        self.open_id = ""
        async for update in self._load_list("created", True):
            yield update

    @rx.event
    async def set_to_filter(self, value: str):
        self.to_filter = value
        self.page = 0
        async for update in self._load_rows():
            yield update

    @rx.event
    def open_email(self, email_id: str):
        row = self._find_row(email_id)
        if row is None:
            return
        self.open_id = email_id
        self.open_to = row["to"]
        self.open_subject = row["subject"]
        self.open_category = row["category_label"]
        self.open_created = row["created_title"]
        self.open_body = row["_body"]
        self.open_links = list(row["_links"])

    @rx.event
    def set_email_open(self, value: bool):
        if not value:
            self.open_id = ""

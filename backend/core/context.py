"""Per-request (or per-job) context: who acts, from where. Read by audit and logging."""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    type: str  # user | api_key | system | guest | anonymous
    id: str | None = None
    label: str | None = None


SYSTEM = Actor("system", None, "system")
ANONYMOUS = Actor("anonymous", None, "anonymous")

actor_var: ContextVar[Actor] = ContextVar("actor", default=SYSTEM)
client_ip_var: ContextVar[str | None] = ContextVar("client_ip", default=None)


def current_actor() -> Actor:
    return actor_var.get()


def current_request_id() -> str | None:
    try:
        from backend.core.observability import request_id_var
    except ImportError:  # pragma: no cover - during bootstrap
        return None
    return request_id_var.get()

"""The audit trail: one function writes it; secrets never reach it."""
from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from backend.audit.models import AuditEvent
from backend.core import clock
from backend.core.context import client_ip_var, current_actor, current_request_id

MASK = "***"
# Counts events written in the current unit of work, so the mutation runner can
# guarantee that every mutation leaves at least one audit event.
recorded_count: ContextVar[list[int] | None] = ContextVar("audit_recorded_count", default=None)
_SECRET_MARKERS = ("password", "secret", "token", "hash", "credential", "api_key", "private", "otp", "totp")


def is_secret_key(key: str) -> bool:
    k = key.lower()
    return any(m in k for m in _SECRET_MARKERS)


def mask(value: Any) -> Any:
    """Mask every value whose key names a secret, recursively."""
    if isinstance(value, dict):
        return {k: (MASK if is_secret_key(str(k)) and v is not None else mask(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask(v) for v in value]
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if hasattr(value, "value") and not isinstance(value, (str, int, float, bool)):
        return value.value  # enums
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    """{field: {"before": x, "after": y}} for changed fields, secrets masked."""
    before = mask(_jsonable(before or {}))
    after = mask(_jsonable(after or {}))
    out: dict[str, Any] = {}
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key), after.get(key)
        if b != a:
            out[key] = {"before": b, "after": a}
    return out


async def record(
    action: str,
    *,
    target_type: str | None = None,
    target_id: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    outcome: str = "ok",
    extra: dict[str, Any] | None = None,
    tenant_id: str | None = None,
) -> AuditEvent:
    """Append one audit event in the current tenant scope (and current DB transaction, if any)."""
    actor = current_actor()
    changes: dict[str, Any] = diff(before, after)
    if extra:
        changes["_context"] = mask(_jsonable(extra))
    event = AuditEvent(
        occurred_at=clock.now(),
        actor_type=actor.type,
        actor_id=actor.id,
        actor_label=actor.label,
        action=action,
        outcome=outcome,
        target_type=target_type,
        target_id=target_id,
        diff=changes or None,
        ip=client_ip_var.get(),
        request_id=current_request_id(),
    )
    if tenant_id is not None:
        event.tenant_id = tenant_id
    await event.save()
    counter = recorded_count.get()
    if counter is not None:
        counter[0] += 1
    return event


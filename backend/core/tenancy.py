"""The one place that scopes operational data to a tenant.

Every model holding a tenant's data inherits :class:`TenantScoped`. Its manager adds
``tenant_id = <current scope>`` to every query, and ``save()`` stamps new rows with it.
No resolver or service filters by tenant by hand.

The scope lives in a context variable set once per request (from the session or API key)
or per job. Scope ``tenant_id=None`` is the platform scope of the system operator: it sees
only rows that belong to no tenant, i.e. none of a tenant's data. Code that must cross
tenants on purpose (login lookup, the operator's usage counts, scheduled jobs) says so
with :func:`system_scope`. Without any scope, queries on scoped models fail closed.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator

from tortoise import fields
from tortoise.manager import Manager
from backend.core.entity import Entity, EntityMeta
from tortoise.queryset import QuerySet


class TenantScopeMissing(RuntimeError):
    """A scoped model was queried outside any tenant scope: a programming error."""


@dataclass(frozen=True)
class Scope:
    tenant_id: str | None
    system: bool = False


_scope: ContextVar[Scope | None] = ContextVar("tenant_scope", default=None)


def current_scope() -> Scope:
    scope = _scope.get()
    if scope is None:
        raise TenantScopeMissing("no tenant scope is active")
    return scope


def current_tenant_id() -> str | None:
    return current_scope().tenant_id


def enter_scope(tenant_id: str | None) -> object:
    """Set the scope for the rest of the current context (a request). Returns a reset token."""
    return _scope.set(Scope(tenant_id))


def leave_scope(token: object) -> None:
    _scope.reset(token)  # type: ignore[arg-type]


@contextmanager
def tenant_scope(tenant_id: str | None) -> Iterator[None]:
    token = _scope.set(Scope(tenant_id))
    try:
        yield
    finally:
        _scope.reset(token)


@contextmanager
def system_scope() -> Iterator[None]:
    """Cross-tenant access, on purpose. Keep these blocks small and obvious."""
    token = _scope.set(Scope(None, system=True))
    try:
        yield
    finally:
        _scope.reset(token)


class TenantManager(Manager):
    def get_queryset(self) -> QuerySet:
        qs = QuerySet(self._model)
        scope = current_scope()
        if scope.system:
            return qs
        if scope.tenant_id is None:
            return qs.filter(tenant_id__isnull=True)
        return qs.filter(tenant_id=scope.tenant_id)


class _TenantScopedMeta(EntityMeta):
    """Gives every concrete subclass the scoping manager, whatever its own ``Meta`` says."""

    def __new__(mcs, name, bases, attrs):  # noqa: N804
        cls = super().__new__(mcs, name, bases, attrs)
        manager = TenantManager()
        manager._model = cls
        cls._meta.manager = manager
        return cls


class TenantScoped(Entity, metaclass=_TenantScopedMeta):
    """Abstract base of every row of a tenant's operational data."""

    tenant_id = fields.CharField(max_length=40, null=True, db_index=True)

    class Meta:
        abstract = True

    async def save(self, *args, **kwargs) -> None:  # type: ignore[override]
        scope = current_scope()
        if not scope.system:
            if self._saved_in_db:
                if self.tenant_id != scope.tenant_id:
                    raise TenantScopeMissing("refusing to save a row of another tenant")
            elif self.tenant_id is None:
                self.tenant_id = scope.tenant_id
            elif self.tenant_id != scope.tenant_id:
                raise TenantScopeMissing("refusing to create a row for another tenant")
        await super().save(*args, **kwargs)

    async def delete(self, *args, **kwargs) -> None:  # type: ignore[override]
        scope = current_scope()
        if not scope.system and self.tenant_id != scope.tenant_id:
            raise TenantScopeMissing("refusing to delete a row of another tenant")
        await super().delete(*args, **kwargs)

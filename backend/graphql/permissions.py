"""Permission classes for fields and mutations, all from the one catalogue (backend.access.permissions.Perm).

Usage:  @strawberry.field(permission_classes=[needs(Perm.ACCESS_READ)])
A denied field returns a FORBIDDEN error for that field (never another tenant's data).
Denied mutations are audited.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from backend.access.permissions import Perm


class _Audited(BasePermission):
    error_extensions = {"code": "FORBIDDEN"}
    message = "You do not have permission to do this"

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if not info.context.principal.is_authenticated:
            from backend.graphql.common import ForbiddenGraphQLError

            raise ForbiddenGraphQLError("Sign in first", "UNAUTHENTICATED")
        ok = self.check(info.context.principal)
        if not ok and info._raw_info.parent_type.name == "Mutation" and info.context.principal.is_authenticated:
            from backend.audit import service as audit

            await audit.record(f"graphql.{info.field_name}", outcome="denied", extra={"reason": self.message})
        return ok

    def check(self, principal) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError


class IsAuthenticated(_Audited):
    message = "Sign in first"
    error_extensions = {"code": "UNAUTHENTICATED"}

    def check(self, principal) -> bool:
        return principal.is_authenticated


class IsTenantMember(_Audited):
    message = "Only members of a tenant can do this"

    def check(self, principal) -> bool:
        return principal.is_tenant_member


class IsOperator(_Audited):
    message = "Only the system operator can do this"

    def check(self, principal) -> bool:
        return principal.is_operator


@lru_cache(maxsize=None)
def needs(perm: Perm) -> type[BasePermission]:
    """Tenant-context permission: the caller must belong to a tenant and hold `perm` there."""

    class _Needs(_Audited):
        message = f"Missing permission {perm.value}"

        def check(self, principal) -> bool:
            return principal.has(perm)

    _Needs.__name__ = f"Needs_{perm.name}"
    return _Needs


@lru_cache(maxsize=None)
def needs_anywhere(perm: Perm) -> type[BasePermission]:
    """The caller holds `perm` in the tenant or in at least one merchant context; services narrow further."""

    class _NeedsAnywhere(_Audited):
        message = f"Missing permission {perm.value}"

        def check(self, principal) -> bool:
            return principal.has_anywhere(perm)

    _NeedsAnywhere.__name__ = f"NeedsAnywhere_{perm.name}"
    return _NeedsAnywhere


@lru_cache(maxsize=None)
def needs_either(tenant_perm: Perm, context_perm: Perm) -> type[BasePermission]:
    """`tenant_perm` in the tenant context, or `context_perm` in at least one merchant context (services narrow)."""

    class _Either(_Audited):
        message = f"Missing permission {tenant_perm.value} or {context_perm.value}"

        def check(self, principal) -> bool:
            return principal.has(tenant_perm) or principal.has_anywhere(context_perm)

    _Either.__name__ = f"NeedsEither_{tenant_perm.name}_{context_perm.name}"
    return _Either


@lru_cache(maxsize=None)
def integrator(perm: Perm) -> type[BasePermission]:
    """Only an integrator's API key (holding `perm`, see access.principal.INTEGRATOR_PERMS) may call this.

    Back-office users, whatever their roles, are refused: they create sandbox payments with
    createTestDeposit and change payments with overrideTransaction (transactions.override)."""

    class _Integrator(_Audited):
        message = ("Only an integrator's API key can do this; back-office users use createTestDeposit "
                   "and overrideTransaction")

        def check(self, principal) -> bool:
            return principal.kind == "api_key" and principal.merchant_id is not None and principal.has(perm)

    _Integrator.__name__ = f"Integrator_{perm.name}"
    return _Integrator

"""Who is calling, and what they may do. Built once per request by the auth middleware."""
from __future__ import annotations

from dataclasses import dataclass, field

from backend.access.models import AccessGrant, ContextType, RoleAssignment, User, UserKind
from backend.access.permissions import Perm
from backend.core.context import Actor


@dataclass
class Principal:
    kind: str  # user | operator | api_key | anonymous
    tenant_id: str | None = None
    user: User | None = None
    # Permissions held in the tenant context (platform roles).
    tenant_perms: frozenset[str] = frozenset()
    # Permissions held in a merchant-group or merchant context: {(context_type, id): perms}.
    context_perms: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    granted_merchant_ids: frozenset[str] = frozenset()
    granted_group_ids: frozenset[str] = frozenset()
    api_key_id: str | None = None
    merchant_id: str | None = None  # for API keys
    api_key_label: str | None = None  # the key's visible prefix
    environment: str | None = None  # sandbox | production (API keys)

    @property
    def is_authenticated(self) -> bool:
        return self.kind != "anonymous"

    @property
    def is_operator(self) -> bool:
        return self.kind == "operator"

    @property
    def is_tenant_member(self) -> bool:
        return self.tenant_id is not None and self.kind in ("user", "api_key")

    def has(self, perm: Perm | str) -> bool:
        """Permission in the tenant context (platform roles)."""
        code = perm.value if isinstance(perm, Perm) else perm
        return self.is_tenant_member and code in self.tenant_perms

    def has_anywhere(self, perm: Perm | str) -> bool:
        code = perm.value if isinstance(perm, Perm) else perm
        return self.has(code) or any(code in perms for perms in self.context_perms.values())

    def has_in_context(self, perm: Perm | str, context_type: ContextType, context_id: str | None, group_of_merchant: str | None = None) -> bool:
        """Permission for a merchant-group or merchant context (or inherited from the group / tenant)."""
        code = perm.value if isinstance(perm, Perm) else perm
        if self.has(code):
            return True
        if context_id and code in self.context_perms.get((context_type.value, context_id), frozenset()):
            return True
        if context_type == ContextType.MERCHANT and group_of_merchant:
            return code in self.context_perms.get((ContextType.MERCHANT_GROUP.value, group_of_merchant), frozenset())
        return False

    def all_permissions(self) -> list[str]:
        perms = set(self.tenant_perms)
        for p in self.context_perms.values():
            perms |= p
        return sorted(perms)

    def actor(self) -> Actor:
        if self.user is not None:
            return Actor("user", self.user.id, self.user.email)
        if self.api_key_id:
            return Actor("api_key", self.api_key_id, self.api_key_label or self.api_key_id)
        return Actor("anonymous", None, "anonymous")


ANONYMOUS_PRINCIPAL = Principal(kind="anonymous")


async def principal_for_user(user: User) -> Principal:
    """Load a user's permissions. Runs inside the user's tenant scope."""
    if user.kind == UserKind.OPERATOR:
        return Principal(kind="operator", tenant_id=None, user=user)
    tenant_perms: set[str] = set()
    context_perms: dict[tuple[str, str], set[str]] = {}
    for ra in await RoleAssignment.filter(user_id=user.id).prefetch_related("role"):
        perms = set(ra.role.permissions)
        if ra.context_type == ContextType.TENANT:
            tenant_perms |= perms
        elif ra.context_id:
            context_perms.setdefault((ra.context_type.value, ra.context_id), set()).update(perms)
    grants = await AccessGrant.filter(user_id=user.id).values("merchant_id", "merchant_group_id")
    return Principal(
        kind="user",
        tenant_id=user.tenant_id,
        user=user,
        tenant_perms=frozenset(tenant_perms),
        context_perms={k: frozenset(v) for k, v in context_perms.items()},
        granted_merchant_ids=frozenset(g["merchant_id"] for g in grants if g["merchant_id"]),
        granted_group_ids=frozenset(g["merchant_group_id"] for g in grants if g["merchant_group_id"]),
    )


# What an integrator's API key may do, always limited to the key's own merchant.
INTEGRATOR_PERMS = frozenset({Perm.TRANSACTIONS_CREATE.value, Perm.TRANSACTIONS_READ.value, Perm.MERCHANTS_READ.value})


def principal_for_api_key(key) -> Principal:
    return Principal(kind="api_key", tenant_id=key.tenant_id, tenant_perms=INTEGRATOR_PERMS, api_key_id=key.id,
                     merchant_id=key.merchant_id, api_key_label=key.prefix,
                     environment=key.environment.value if hasattr(key.environment, "value") else key.environment)

"""Which merchants a caller reaches, and with which permission: the one check every merchant-level action uses."""
from __future__ import annotations

from tortoise.expressions import Q

from backend.access.models import ContextType
from backend.access.permissions import Perm
from backend.access.principal import Principal
from backend.core.errors import Forbidden, NotFound
from backend.merchants.models import Merchant


def reachable_merchants(principal: Principal):
    """Merchants the caller reaches: all with merchants.access_all; else through grants and role contexts; API keys: their own."""
    qs = Merchant.all()
    if principal.kind == "api_key":
        return qs.filter(id=principal.merchant_id)
    if principal.has(Perm.MERCHANTS_ACCESS_ALL):
        return qs
    ids = set(principal.granted_merchant_ids) | {cid for (ct, cid) in principal.context_perms if ct == "merchant"}
    groups = set(principal.granted_group_ids) | {cid for (ct, cid) in principal.context_perms if ct == "merchant_group"}
    return qs.filter(Q(id__in=list(ids) or [""]) | Q(merchant_group_id__in=list(groups) or [""]))


async def merchant_with(principal: Principal, perm: Perm, merchant_id: str) -> Merchant:
    """The merchant, if the caller reaches it and holds `perm` for it; NotFound when it is out of reach."""
    merchant = await reachable_merchants(principal).get_or_none(id=merchant_id)
    if merchant is None:
        if await Merchant.exists(id=merchant_id):  # of this tenant, but outside the caller's reach: refuse (audited)
            raise Forbidden("This merchant is outside your access", "OUTSIDE_OWN_CONTEXT")
        raise NotFound("Merchant")
    platform_ok = principal.has(perm)
    context_ok = principal.has_in_context(perm, ContextType.MERCHANT, merchant.id, merchant.merchant_group_id)
    if not (platform_ok or context_ok):
        raise Forbidden(f"Missing permission {perm.value} for this merchant")
    return merchant


def can(principal: Principal, perm: Perm, merchant: Merchant) -> bool:
    return principal.has(perm) or principal.has_in_context(perm, ContextType.MERCHANT, merchant.id, merchant.merchant_group_id)


async def people_with(perm: Perm, merchant: Merchant) -> list:
    """Active users of the merchant's tenant who may use `perm` on it: the same check as merchant_with (they reach the
    merchant and hold the permission at tenant level, for its group or for the merchant itself). Runs in a tenant scope."""
    from backend.access.models import Role, RoleAssignment, User, UserKind
    from backend.access.principal import principal_for_user

    role_ids = [r.id for r in await Role.all() if perm.value in (r.permissions or [])]
    holder_ids = set(await RoleAssignment.filter(role_id__in=role_ids or [""]).values_list("user_id", flat=True))
    people = []
    for user in await User.filter(id__in=list(holder_ids) or [""], is_active=True).exclude(kind=UserKind.OPERATOR).order_by("email"):
        principal = await principal_for_user(user)
        if can(principal, perm, merchant) and await reachable_merchants(principal).filter(id=merchant.id).exists():
            people.append(user)
    return people

"""Dispute notifications: an email in the outbox to each merchant user who works the merchant's disputes
(disputes.manage in the merchant's or its group's context)."""
from __future__ import annotations

from backend.access.models import ContextType, RoleAssignment, User, UserKind
from backend.access.permissions import Perm
from backend.merchants.models import Merchant
from backend.notifications.service import queue_email


async def recipients(merchant_id: str) -> list[str]:
    merchant = await Merchant.get_or_none(id=merchant_id)
    contexts = [(ContextType.MERCHANT, merchant_id)]
    if merchant is not None and merchant.merchant_group_id:
        contexts.append((ContextType.MERCHANT_GROUP, merchant.merchant_group_id))
    emails: set[str] = set()
    for ctype, cid in contexts:
        for ra in await RoleAssignment.filter(context_type=ctype, context_id=cid).prefetch_related("role", "user"):
            user: User = ra.user
            if Perm.DISPUTES_MANAGE.value in (ra.role.permissions or []) and user.is_active and user.kind == UserKind.MERCHANT:
                emails.add(user.email)
    return sorted(emails)


async def merchant_users(dispute, subject: str, body: str) -> int:
    """Queue one email per recipient in the caller's transaction. How many were queued."""
    to = await recipients(dispute.merchant_id)
    for email in to:
        await queue_email(to=email, subject=subject, body=body, category="dispute", related_type="dispute", related_id=dispute.id)
    return len(to)

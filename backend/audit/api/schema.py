from __future__ import annotations

from datetime import datetime
from typing import Optional

import strawberry
from strawberry.scalars import JSON

from backend.access.permissions import Perm
from backend.audit.models import AuditEvent as AuditEventModel
from backend.graphql.common import Connection, keyset_page
from backend.graphql.permissions import IsOperator, needs


@strawberry.type
class AuditEvent:
    id: strawberry.ID
    occurred_at: datetime
    actor_type: str
    actor_id: Optional[str]
    actor_label: Optional[str]
    action: str
    outcome: str
    target_type: Optional[str]
    target_id: Optional[str]
    diff: Optional[JSON]
    ip: Optional[str]
    request_id: Optional[str]

    @classmethod
    def from_model(cls, e: AuditEventModel) -> "AuditEvent":
        return cls(id=e.id, occurred_at=e.occurred_at, actor_type=e.actor_type, actor_id=e.actor_id, actor_label=e.actor_label,
                   action=e.action, outcome=e.outcome, target_type=e.target_type, target_id=e.target_id, diff=e.diff,
                   ip=e.ip, request_id=e.request_id)


async def search_audit(
    first: int = 50,
    after: Optional[str] = None,
    action: Optional[str] = None,
    actor_id: Optional[str] = None,
    target_type: Optional[str] = None,
    target_id: Optional[str] = None,
    outcome: Optional[str] = None,
    since: Optional[datetime] = None,
    until: Optional[datetime] = None,
) -> Connection[AuditEvent]:
    """Search the audit trail of the caller's scope (a tenant's, or the operator's own), newest first."""
    qs = AuditEventModel.all()
    if action:
        qs = qs.filter(action__istartswith=action)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if since:
        qs = qs.filter(occurred_at__gte=since)
    if until:
        qs = qs.filter(occurred_at__lt=until)
    return await keyset_page(qs, first=first, after=after, to_node=AuditEvent.from_model)


@strawberry.type
class AuditQuery:
    audit_events: Connection[AuditEvent] = strawberry.field(
        resolver=search_audit, permission_classes=[needs(Perm.AUDIT_READ)], description="Search the tenant's audit trail, newest first."
    )
    platform_audit_events: Connection[AuditEvent] = strawberry.field(
        resolver=search_audit, permission_classes=[IsOperator],
        description="The system operator's own audit trail (tenant management, operator logins).",
    )

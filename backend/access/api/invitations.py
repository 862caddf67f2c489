"""GraphQL for invitations and the email outbox."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Optional

import strawberry
from strawberry.types import Info

from backend.access import invitations, models
from backend.access.api.types import ContextType, DeleteResult, User, UserPayload, UserResult
from backend.access.permissions import Perm
from backend.core import clock
from backend.graphql.common import Connection, ConflictError, DeletePayload, NotFoundError, ValidationError, keyset_page, run_mutation
from backend.graphql.permissions import needs, needs_anywhere, needs_either
from backend.notifications.models import OutboxEmail as OutboxEmailModel


@strawberry.type
class Invitation:
    id: strawberry.ID
    email: str
    name: str
    role_id: strawberry.ID
    context_type: ContextType
    context_id: Optional[strawberry.ID]
    expires_at: datetime
    accepted_at: Optional[datetime]
    revoked_at: Optional[datetime]
    created_at: datetime

    @strawberry.field(description="PENDING, ACCEPTED, REVOKED or EXPIRED.")
    def status(self) -> str:
        if self.accepted_at:
            return "ACCEPTED"
        if self.revoked_at:
            return "REVOKED"
        return "EXPIRED" if self.expires_at <= clock.now() else "PENDING"

    @classmethod
    def from_model(cls, i: models.Invitation) -> "Invitation":
        return cls(id=i.id, email=i.email, name=i.name, role_id=i.role_id, context_type=i.context_type, context_id=i.context_id,
                   expires_at=i.expires_at, accepted_at=i.accepted_at, revoked_at=i.revoked_at, created_at=i.created_at)


@strawberry.type
class OutboxEmail:
    id: strawberry.ID
    to: str
    subject: str
    body: str
    category: str
    related_type: Optional[str]
    related_id: Optional[str]
    created_at: datetime


@strawberry.type
class InvitationPayload:
    invitation: Invitation


InvitationResult = Annotated[InvitationPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("InvitationResult")]


@strawberry.input
class InviteUserInput:
    email: str
    role_id: strawberry.ID
    context_type: ContextType
    context_id: Optional[strawberry.ID] = None
    name: str = ""


@strawberry.type
class InvitationQuery:
    @strawberry.field(permission_classes=[needs_either(Perm.ACCESS_READ, Perm.MERCHANT_USERS_MANAGE)],
                      description="Invitations. Merchant admins see only those of the contexts they manage.")
    async def invitations(self, info: Info, context_type: Optional[ContextType] = None,
                          context_id: Optional[strawberry.ID] = None) -> list[Invitation]:
        from backend.access import service

        qs = service.narrow_to_contexts(models.Invitation.all(), await service.managed_contexts(info.context.principal))
        if context_type:
            qs = qs.filter(context_type=context_type)
        if context_id:
            qs = qs.filter(context_id=context_id)
        return [Invitation.from_model(i) for i in await qs.order_by("-id").limit(500)]

    @strawberry.field(permission_classes=[needs(Perm.ACCESS_READ)], description="Emails the product would send (no SMTP needed).")
    async def outbox_emails(self, first: int = 50, after: Optional[str] = None, to: Optional[str] = None) -> Connection[OutboxEmail]:
        qs = OutboxEmailModel.all()
        if to:
            qs = qs.filter(to__icontains=to)
        return await keyset_page(qs, first=first, after=after, to_node=lambda e: OutboxEmail(
            id=e.id, to=e.to, subject=e.subject, body=e.body, category=e.category, related_type=e.related_type,
            related_id=e.related_id, created_at=e.created_at))


@strawberry.type
class InvitationMutation:
    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.MERCHANT_USERS_MANAGE)],
                         description="Invite someone by email into a context with a role; the email goes to the outbox.")
    async def invite_user(self, info: Info, input: InviteUserInput) -> InvitationResult:
        async def work():
            inv = await invitations.invite(info.context.principal, email=input.email, name=input.name, role_id=input.role_id,
                                           context_type=input.context_type, context_id=input.context_id)
            return InvitationPayload(invitation=Invitation.from_model(inv))
        return await run_mutation("invitation.create", work, target_type="invitation")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.MERCHANT_USERS_MANAGE)],
                         description="Revoke a pending invitation (tenant staff, or a merchant admin in its own context).")
    async def revoke_invitation(self, info: Info, id: strawberry.ID) -> DeleteResult:
        async def work():
            return DeletePayload(id=(await invitations.revoke(id, info.context.principal)).id)
        return await run_mutation("invitation.revoke", work, target_type="invitation")

    @strawberry.mutation(description="Public: accept an invitation with its token and choose a password.")
    async def accept_invitation(self, token: str, name: str, password: str) -> UserResult:
        async def work():
            return UserPayload(user=User.from_model(await invitations.accept(token, name=name, password=password)))
        return await run_mutation("invitation.accept", work, target_type="user")

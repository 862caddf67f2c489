"""GraphQL types of disputes."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Optional

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.disputes import models, states
from backend.graphql.common import ConflictError, MinorUnits, NotFoundError, ValidationError

DisputeStatus = strawberry.enum(states.DisputeStatus, name="DisputeStatus")
DisputeOutcome = strawberry.enum(states.DisputeOutcome, name="DisputeOutcome")


@strawberry.type(description="An evidence file; its type was detected from its content.")
class DisputeEvidence:
    id: strawberry.ID
    filename: str
    file_type: str = strawberry.field(description="pdf | jpg | png | docx")
    content_type: str
    size: int
    sha256: str
    description: str
    uploaded_by: Optional[str]
    created_at: datetime

    @strawberry.field(description="GET it with your session: /disputes/evidence/{id} on the API.")
    def download_path(self) -> str:
        return f"/disputes/evidence/{self.id}"

    @classmethod
    def from_model(cls, e: models.DisputeEvidence) -> "DisputeEvidence":
        return cls(id=e.id, filename=e.filename, file_type=e.file_type, content_type=e.content_type, size=e.size, sha256=e.sha256,
                   description=e.description, uploaded_by=e.uploaded_by, created_at=e.created_at)


@strawberry.type(description="A message of the thread between the merchant and tenant staff.")
class DisputeMessage:
    id: strawberry.ID
    author_label: str
    author_side: str = strawberry.field(description="merchant | staff")
    body: str
    created_at: datetime

    @classmethod
    def from_model(cls, m: models.DisputeMessage) -> "DisputeMessage":
        return cls(id=m.id, author_label=m.author_label, author_side=m.author_side, body=m.body, created_at=m.created_at)


@strawberry.type
class DisputeTimelineEntry:
    id: strawberry.ID
    kind: str
    message: str
    data: JSON
    actor_type: Optional[str]
    actor_label: Optional[str]
    at: datetime


@strawberry.type(description="A payer's dispute of a settled payment (SPEC §11).")
class Dispute:
    id: strawberry.ID
    merchant_id: strawberry.ID
    transaction_id: strawberry.ID
    amount: MinorUnits = strawberry.field(description="Held from the merchant's funds while the dispute is open.")
    currency: str
    reason: str
    status: DisputeStatus
    outcome: Optional[DisputeOutcome]
    merchant_loss: Optional[MinorUnits] = strawberry.field(description="What the resolution charged back (lost: all; split: part).")
    resolution_note: str
    opened_at: datetime
    escalate_at: datetime = strawberry.field(description="When the dispute escalates by itself unless resolved (48 h after opening).")
    escalated_at: Optional[datetime]
    resolved_at: Optional[datetime]
    opened_by: Optional[str]
    updated_at: datetime
    version: int

    @strawberry.field(description="The statuses this dispute may move to next (the one transition table).")
    def allowed_transitions(self) -> list[DisputeStatus]:
        return sorted(states.allowed(self.status), key=list(states.DisputeStatus).index)

    @strawberry.field(description="You may open, move and resolve disputes of this merchant (tenant staff with disputes.manage).")
    def can_resolve(self, info: Info) -> bool:
        return info.context.principal.has(Perm.DISPUTES_MANAGE)

    @strawberry.field(description="You may add evidence and messages (disputes.manage for this merchant).")
    async def can_work(self, info: Info) -> bool:
        from backend.merchants.models import Merchant
        from backend.merchants.reach import can

        m = await Merchant.get_or_none(id=self.merchant_id)
        return m is not None and can(info.context.principal, Perm.DISPUTES_MANAGE, m)

    @strawberry.field
    async def merchant_name(self) -> str:
        from backend.merchants.models import Merchant

        m = await Merchant.get_or_none(id=self.merchant_id)
        return m.name if m else ""

    @strawberry.field(description="Evidence files, oldest first.")
    async def evidence(self) -> list[DisputeEvidence]:
        return [DisputeEvidence.from_model(e) for e in await models.DisputeEvidence.filter(dispute_id=self.id).order_by("created_at", "id")]

    @strawberry.field(description="The thread, oldest first.")
    async def messages(self) -> list[DisputeMessage]:
        return [DisputeMessage.from_model(m) for m in await models.DisputeMessage.filter(dispute_id=self.id).order_by("created_at", "id")]

    @strawberry.field(description="The dispute's timeline, oldest first.")
    async def timeline(self) -> list[DisputeTimelineEntry]:
        rows = await models.DisputeEvent.filter(dispute_id=self.id).order_by("at", "id")
        return [DisputeTimelineEntry(id=e.id, kind=e.kind, message=e.message, data=e.data, actor_type=e.actor_type,
                                     actor_label=e.actor_label, at=e.at) for e in rows]

    @classmethod
    def from_model(cls, d: models.Dispute) -> "Dispute":
        return cls(id=d.id, merchant_id=d.merchant_id, transaction_id=d.transaction_id, amount=d.amount, currency=d.currency,
                   reason=d.reason, status=d.status, outcome=d.outcome, merchant_loss=d.merchant_loss,
                   resolution_note=d.resolution_note, opened_at=d.opened_at, escalate_at=d.escalate_at,
                   escalated_at=d.escalated_at, resolved_at=d.resolved_at, opened_by=d.opened_by, updated_at=d.updated_at,
                   version=d.version)


@strawberry.type
class DisputePayload:
    dispute: Dispute


@strawberry.type
class DisputeMessagePayload:
    dispute_message: DisputeMessage


@strawberry.type
class DisputeEvidencePayload:
    evidence: DisputeEvidence


DisputeResult = Annotated[DisputePayload | ValidationError | NotFoundError | ConflictError, strawberry.union("DisputeResult")]
DisputeMessageResult = Annotated[DisputeMessagePayload | ValidationError | NotFoundError | ConflictError,
                                 strawberry.union("DisputeMessageResult")]
DisputeEvidenceResult = Annotated[DisputeEvidencePayload | ValidationError | NotFoundError | ConflictError,
                                  strawberry.union("DisputeEvidenceResult")]


@strawberry.input
class OpenDisputeInput:
    transaction_id: strawberry.ID
    amount: MinorUnits = strawberry.field(description="At most what the payment settled minus its refunds.")
    reason: str


@strawberry.input
class ResolveDisputeInput:
    id: strawberry.ID
    outcome: DisputeOutcome
    merchant_loss: Optional[MinorUnits] = strawberry.field(default=None, description="SPLIT only: what the merchant loses.")
    note: Optional[str] = None

"""GraphQL for disputes: the workbench's list and detail, opening, moving, resolving, the thread and evidence upload.

Who may do what: reading needs disputes.read for the dispute's merchant; evidence and messages need
disputes.manage for that merchant (merchant users and tenant staff); opening, moving and resolving need
disputes.manage in the tenant context (tenant staff) and the merchant in reach.
"""
from __future__ import annotations

from typing import Optional

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from backend.access.models import UserKind
from backend.access.permissions import Perm
from backend.disputes import evidence, models, service
from backend.disputes.api.types import (Dispute, DisputeEvidence, DisputeEvidenceResult, DisputeEvidencePayload, DisputeMessage,
                                        DisputeMessagePayload, DisputeMessageResult, DisputePayload, DisputeResult, DisputeStatus,
                                        OpenDisputeInput, ResolveDisputeInput)
from backend.graphql.common import Connection, keyset_page, run_mutation
from backend.graphql.permissions import needs, needs_anywhere
from backend.merchants.reach import can, merchant_with, reachable_merchants
from backend.payments.service import get as get_payment


async def readable_merchant_ids(principal) -> list[str]:
    return [m.id for m in await reachable_merchants(principal) if can(principal, Perm.DISPUTES_READ, m)]


async def dispute_for(info: Info, dispute_id: str, perm: Perm) -> models.Dispute:
    d = await service.get(dispute_id)
    await merchant_with(info.context.principal, perm, d.merchant_id)
    return d


def side(info: Info) -> str:
    user = info.context.principal.user
    return "merchant" if user is not None and user.kind == UserKind.MERCHANT else "staff"


async def audited(action: str, d: models.Dispute, **after) -> None:
    from backend.audit import service as audit

    await audit.record(action, target_type="dispute", target_id=d.id, after={"merchant_id": d.merchant_id, **after})


@strawberry.type
class DisputeQuery:
    @strawberry.field(permission_classes=[needs_anywhere(Perm.DISPUTES_READ)],
                      description="Disputes of the merchants you may read, newest first (keyset paginated); "
                                  "filter by status and merchant.")
    async def disputes(self, info: Info, status: Optional[list[DisputeStatus]] = None, merchant_id: Optional[strawberry.ID] = None,
                       transaction_id: Optional[strawberry.ID] = None, oldest_first: bool = False, first: int = 20,
                       after: Optional[str] = None) -> Connection[Dispute]:
        ids = await readable_merchant_ids(info.context.principal)
        if merchant_id:
            ids = [i for i in ids if i == merchant_id]
        qs = models.Dispute.filter(merchant_id__in=ids or [""])
        if status:
            qs = qs.filter(status__in=[s.value for s in status])
        if transaction_id:
            qs = qs.filter(transaction_id=transaction_id)
        return await keyset_page(qs, first=min(max(first, 1), 100), after=after, to_node=Dispute.from_model,
                                 descending=not oldest_first)

    @strawberry.field(permission_classes=[needs_anywhere(Perm.DISPUTES_READ)],
                      description="Whether you may open, move and resolve disputes (disputes.manage as tenant staff).")
    def can_open_disputes(self, info: Info) -> bool:
        return info.context.principal.has(Perm.DISPUTES_MANAGE)

    @strawberry.field(permission_classes=[needs_anywhere(Perm.DISPUTES_READ)])
    async def dispute(self, info: Info, id: strawberry.ID) -> Optional[Dispute]:
        d = await models.Dispute.get_or_none(id=id)
        if d is None or d.merchant_id not in await readable_merchant_ids(info.context.principal):
            return None
        return Dispute.from_model(d)


@strawberry.type
class DisputeMutation:
    @strawberry.mutation(permission_classes=[needs(Perm.DISPUTES_MANAGE)],
                         description="Open a dispute on a settled (or partly refunded) payment; holds the amount.")
    async def open_dispute(self, info: Info, input: OpenDisputeInput) -> DisputeResult:
        async def work():
            txn = await get_payment(input.transaction_id)
            await merchant_with(info.context.principal, Perm.DISPUTES_MANAGE, txn.merchant_id)
            d = await service.open_dispute(txn, input.amount, input.reason)
            await audited("dispute.open", d, transaction_id=txn.id, amount=d.amount, currency=d.currency)
            return DisputePayload(dispute=Dispute.from_model(d))
        return await run_mutation("dispute.open", work, target_type="dispute")

    @strawberry.mutation(permission_classes=[needs(Perm.DISPUTES_MANAGE)],
                         description="Move to UNDER_REVIEW, PENDING_INFO or ESCALATED, as the transition table allows.")
    async def move_dispute(self, info: Info, id: strawberry.ID, status: DisputeStatus, note: Optional[str] = None) -> DisputeResult:
        async def work():
            await dispute_for(info, id, Perm.DISPUTES_MANAGE)
            d = await service.move(id, status, note)
            await audited("dispute.move", d, status=d.status.value)
            return DisputePayload(dispute=Dispute.from_model(d))
        return await run_mutation("dispute.move", work, target_type="dispute")

    @strawberry.mutation(permission_classes=[needs(Perm.DISPUTES_MANAGE)],
                         description="Resolve: WON releases the hold, LOST charges it back, SPLIT charges back merchantLoss.")
    async def resolve_dispute(self, info: Info, input: ResolveDisputeInput) -> DisputeResult:
        async def work():
            await dispute_for(info, input.id, Perm.DISPUTES_MANAGE)
            d = await service.resolve(input.id, input.outcome, input.merchant_loss, input.note)
            await audited("dispute.resolve", d, outcome=d.outcome.value, merchant_loss=d.merchant_loss)
            return DisputePayload(dispute=Dispute.from_model(d))
        return await run_mutation("dispute.resolve", work, target_type="dispute")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.DISPUTES_MANAGE)])
    async def post_dispute_message(self, info: Info, dispute_id: strawberry.ID, body: str) -> DisputeMessageResult:
        async def work():
            await dispute_for(info, dispute_id, Perm.DISPUTES_MANAGE)
            msg = await service.add_message(dispute_id, body, side(info))
            await audited("dispute.message", await service.get(dispute_id), message_id=msg.id)
            return DisputeMessagePayload(dispute_message=DisputeMessage.from_model(msg))
        return await run_mutation("dispute.message", work, target_type="dispute_message")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.DISPUTES_MANAGE)],
                         description="Upload evidence (GraphQL multipart request; send the header GraphQL-Require-Preflight: 1). "
                                     "PDF, JPG, PNG or DOCX, at most 10 MB; the type is checked from the content.")
    async def upload_dispute_evidence(self, info: Info, dispute_id: strawberry.ID, file: Upload,
                                      description: Optional[str] = None) -> DisputeEvidenceResult:
        async def work():
            await dispute_for(info, dispute_id, Perm.DISPUTES_MANAGE)
            ev = await evidence.add(dispute_id, file, description)
            await audited("dispute.evidence", await service.get(dispute_id), evidence_id=ev.id, file_type=ev.file_type, size=ev.size,
                          sha256=ev.sha256)
            return DisputeEvidencePayload(evidence=DisputeEvidence.from_model(ev))
        return await run_mutation("dispute.evidence", work, target_type="dispute_evidence")

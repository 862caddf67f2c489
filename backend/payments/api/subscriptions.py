"""GraphQL subscriptions for payments: a transaction's timeline, live (graphql-transport-ws over /graphql).

Fed from Redis pub/sub (backend.core.live), so a subscriber on one API process sees what any other process or
worker recorded. Access is decided when subscribing, by the same rule as the `transaction` query: signed in,
transactions.read somewhere, and the transaction's merchant within reach. A transaction of another tenant (or out
of reach) is answered exactly like an unknown id: NOT_FOUND, and no event ever. Before each live entry the caller
is checked again (session not revoked, key not revoked, tenant active: backend.access.recheck); when that fails
the subscription ends with UNAUTHENTICATED.
"""
from __future__ import annotations

from datetime import datetime
from typing import AsyncGenerator, Optional

import strawberry
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.access.principal import Principal
from backend.access.recheck import caller_still_valid
from backend.core import live
from backend.core.errors import DomainError, NotFound, Unauthenticated
from backend.graphql.permissions import needs_anywhere
from backend.merchants.reach import reachable_merchants
from backend.payments import models, timeline
from backend.payments.api.schema import TimelineEntry


async def reachable_transaction(principal: Principal, txn_id: str) -> Optional[models.Transaction]:
    """The transaction if the caller may read it (the `transaction` query's rule), else None."""
    t = await models.Transaction.get_or_none(id=txn_id)
    if t is None or not await reachable_merchants(principal).filter(id=t.merchant_id).exists():
        return None
    return t


def _entry(e: models.TimelineEvent) -> TimelineEntry:
    return TimelineEntry(id=e.id, kind=e.kind, message=e.message, data=e.data, actor_type=e.actor_type, at=e.at)


def _entry_from_payload(p: dict) -> TimelineEntry:
    return TimelineEntry(id=p["id"], kind=p["kind"], message=p["message"], data=p.get("data") or {},
                         actor_type=p.get("actor_type"), at=datetime.fromisoformat(p["at"]))


class LiveUnavailableError(DomainError):
    def __init__(self) -> None:
        super().__init__("LIVE_UNAVAILABLE", "Live updates are unavailable right now; poll instead")


@strawberry.type
class PaymentSubscription:
    @strawberry.subscription(
        permission_classes=[needs_anywhere(Perm.TRANSACTIONS_READ)],
        description="The transaction's timeline entries as they are recorded (by any API process or worker). "
                    "With replay: true, the entries recorded so far come first, so a late subscriber misses nothing.")
    async def transaction_timeline(self, info: Info, id: strawberry.ID,
                                   replay: bool = False) -> AsyncGenerator[TimelineEntry, None]:
        principal = info.context.principal
        session_id = getattr(info.context.request.state, "session_id", None)
        txn = await reachable_transaction(principal, str(id))
        if txn is None:
            raise NotFound("Transaction")
        try:
            async with live.listen(timeline.channel(txn.id)) as messages:
                seen: set[str] = set()
                if replay:  # subscribed first, then read: an entry recorded in between arrives twice and is sent once
                    for e in await models.TimelineEvent.filter(transaction_id=txn.id).order_by("at", "id"):
                        seen.add(e.id)
                        yield _entry(e)
                async for payload in messages:
                    if payload.get("transaction_id") != txn.id or payload.get("id") in seen:
                        continue
                    if not await caller_still_valid(principal, session_id):
                        raise Unauthenticated("Your session has ended; sign in again")
                    yield _entry_from_payload(payload)
        except live.LiveUnavailable:
            raise LiveUnavailableError() from None

"""The transaction timeline: every step appends an event; subscribers get it live over Redis pub/sub after commit."""
from __future__ import annotations

from backend.core import clock, live
from backend.core.context import current_actor
from backend.core.unit_of_work import after_commit
from backend.payments.models import TimelineEvent, Transaction


def channel(txn_id: str) -> str:
    return f"clearway:txn:{txn_id}:timeline"


async def record(txn: Transaction, kind: str, message: str, data: dict | None = None) -> TimelineEvent:
    actor = current_actor()
    event = await TimelineEvent.create(transaction_id=txn.id, kind=kind, message=message, data=data or {},
                                       actor_type=actor.type, actor_id=actor.id, at=clock.now())

    async def publish() -> None:  # best effort (backend.core.live): the event is stored, subscribers can replay it
        await live.publish(channel(txn.id), {"id": event.id, "transaction_id": txn.id, "kind": kind, "message": message,
                                             "data": event.data, "actor_type": event.actor_type, "at": event.at.isoformat()})

    await after_commit(publish)
    return event

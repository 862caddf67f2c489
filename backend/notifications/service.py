from __future__ import annotations

from backend.notifications.models import OutboxEmail


async def queue_email(*, to: str, subject: str, body: str, category: str, related_type: str | None = None,
                      related_id: str | None = None) -> OutboxEmail:
    """Write an email to the outbox in the caller's transaction."""
    return await OutboxEmail.create(to=to, subject=subject, body=body, category=category,
                                    related_type=related_type, related_id=related_id)

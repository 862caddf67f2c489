"""Simulated providers: take a payment request, then answer later with a signed callback (an arq job).

card (sim_card), virtual account (sim_va), e-wallet (sim_ewallet) and QR (sim_qr) all answer the same
way; what they answer comes from the scenario (see catalogue). A provider that "never answers" just
records the request: the payment then expires through the scheduled job.
"""
from __future__ import annotations

import time
import uuid
from contextvars import ContextVar

import orjson

from backend.core import clock
from backend.core.config import get_settings
from backend.core.unit_of_work import after_commit
from backend.payments import timeline
from backend.payments.models import PaymentAttempt, Transaction
from backend.payments.simulator import signing
from backend.payments.simulator.catalogue import Scenario

JOB = "provider_answer"
# When set (demo seeding), answers are collected here instead of queued, and the caller delivers them in-process.
inline_answers: ContextVar[list | None] = ContextVar("inline_answers", default=None)


async def request(txn: Transaction, attempt: PaymentAttempt, scenario: Scenario) -> None:
    """Send the payment to the simulated provider; its answer arrives as a signed callback (after commit)."""
    attempt.status = "sent"
    attempt.provider_reference = f"{txn.provider or 'sim'}_{uuid.uuid4().hex[:16]}"
    settings = get_settings()
    delay = settings.sim_late_seconds if scenario.late else settings.sim_delay_seconds
    answers = scenario.outcome != "none"
    await timeline.record(txn, "provider_request", f"Sent to {txn.provider} ({attempt.method})",
                          {"provider": txn.provider, "attempt_id": attempt.id, "provider_reference": attempt.provider_reference,
                           "scenario": scenario.code, "answers_in_seconds": delay if answers else None})
    if not answers:
        await attempt.save(update_fields=["status", "provider_reference", "updated_at"])
        return
    answer = {
        "event_id": f"pev_{uuid.uuid4().hex}",  # fixed now: a retried delivery is the same provider event
        "tenant_id": txn.tenant_id, "provider": txn.provider, "transaction_reference": txn.id,
        "provider_reference": attempt.provider_reference, "status": scenario.outcome, "reason": scenario.reason,
        "amount": txn.amount + (1 if scenario.mismatch else 0), "currency": txn.currency,
        "occurred_at": int(clock.now().timestamp() + delay),
    }
    attempt.answer = answer
    await attempt.save(update_fields=["status", "provider_reference", "answer", "updated_at"])

    collected = inline_answers.get()
    if collected is not None:
        collected.append(answer)
        return

    async def send() -> None:
        await enqueue_answer(attempt.id, answer, delay)

    await after_commit(send)


async def enqueue_answer(attempt_id: str, answer: dict, delay: float) -> None:
    """Queue the provider's answer; the job id makes a second enqueue of the same answer a no-op."""
    from backend.core.queue import enqueue

    await enqueue(JOB, answer, _defer_by=max(delay, 0), _job_id=f"provider:{attempt_id}")


async def redeliver_lost(grace_seconds: float = 60, limit: int = 200) -> int:
    """Attempts whose provider answer was never delivered (e.g. the API died between commit and queueing).

    Runs in a tenant scope from a scheduled job; the transaction must still be pending and without any callback.
    """
    from datetime import timedelta

    from backend.payments.models import ProviderCallback, TxnStatus

    cutoff = clock.now().timestamp() - grace_seconds
    count = 0
    for attempt in await PaymentAttempt.filter(status="sent", answer__not_isnull=True,
                                               updated_at__lte=clock.now() - timedelta(seconds=grace_seconds)).limit(limit):
        if attempt.answer.get("occurred_at", 0) > cutoff:
            continue  # a late answer that is not due yet
        if not await Transaction.filter(id=attempt.transaction_id, status=TxnStatus.PENDING).exists():
            await PaymentAttempt.filter(id=attempt.id).update(status="closed")  # finished otherwise (override, expiry)
            continue
        if not await ProviderCallback.filter(transaction_id=attempt.transaction_id).exists():
            await enqueue_answer(attempt.id, attempt.answer, 0)
            count += 1
    return count


def signed_callback(answer: dict, *, now: float | None = None) -> tuple[str, bytes, dict[str, str]]:
    """(url, body, headers) of the provider's callback for `answer` (built by the worker at send time)."""
    body = orjson.dumps({
        "event_id": answer["event_id"], "type": "payment.result", "transaction_reference": answer["transaction_reference"],
        "provider_reference": answer["provider_reference"], "status": answer["status"], "reason": answer["reason"],
        "amount": answer["amount"], "currency": answer["currency"], "occurred_at": answer.get("occurred_at") or int(now or time.time()),
    })
    url = f"{get_settings().callback_base_url.rstrip('/')}/callbacks/{answer['tenant_id']}/{answer['provider']}"
    return url, body, signing.sign_headers(answer["tenant_id"], answer["provider"], body, int(now or time.time()))

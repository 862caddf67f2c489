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
    await attempt.save(update_fields=["status", "provider_reference", "updated_at"])
    settings = get_settings()
    delay = settings.sim_late_seconds if scenario.late else settings.sim_delay_seconds
    answers = scenario.outcome != "none"
    await timeline.record(txn, "provider_request", f"Sent to {txn.provider} ({attempt.method})",
                          {"provider": txn.provider, "attempt_id": attempt.id, "provider_reference": attempt.provider_reference,
                           "scenario": scenario.code, "answers_in_seconds": delay if answers else None})
    if not answers:
        return
    answer = {
        "event_id": f"pev_{uuid.uuid4().hex}",  # fixed now: a retried delivery is the same provider event
        "tenant_id": txn.tenant_id, "provider": txn.provider, "transaction_reference": txn.id,
        "provider_reference": attempt.provider_reference, "status": scenario.outcome, "reason": scenario.reason,
        "amount": txn.amount + (1 if scenario.mismatch else 0), "currency": txn.currency,
    }

    collected = inline_answers.get()
    if collected is not None:
        collected.append(answer)
        return

    async def send() -> None:
        from backend.core.queue import enqueue

        await enqueue(JOB, answer, _defer_by=delay, _job_id=f"provider:{attempt.id}")

    await after_commit(send)


def signed_callback(answer: dict, *, now: float | None = None) -> tuple[str, bytes, dict[str, str]]:
    """(url, body, headers) of the provider's callback for `answer` (built by the worker at send time)."""
    body = orjson.dumps({
        "event_id": answer["event_id"], "type": "payment.result", "transaction_reference": answer["transaction_reference"],
        "provider_reference": answer["provider_reference"], "status": answer["status"], "reason": answer["reason"],
        "amount": answer["amount"], "currency": answer["currency"], "occurred_at": int(now or time.time()),
    })
    url = f"{get_settings().callback_base_url.rstrip('/')}/callbacks/{answer['tenant_id']}/{answer['provider']}"
    return url, body, signing.sign_headers(answer["tenant_id"], answer["provider"], body, int(now or time.time()))

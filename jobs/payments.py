"""Payment jobs: a simulated provider answering with its signed callback."""
from __future__ import annotations

import httpx
from arq import Retry

from backend.core.observability import get_logger
from backend.payments.simulator.provider import signed_callback
from jobs.tenants import in_each_tenant, tenants_with

log = get_logger("clearway.jobs.provider")
RETRY_DELAYS = (2, 5, 15, 60, 300)  # like a real provider: it keeps trying when we don't answer


async def provider_answer(ctx: dict, answer: dict) -> int:
    """POST the provider's signed callback to Clearway's inbound endpoint (retried if we are down or answer 5xx)."""
    url, body, headers = signed_callback(answer)
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return _retry(ctx, answer, f"{type(exc).__name__}")
    if response.status_code >= 500:
        return _retry(ctx, answer, f"HTTP {response.status_code}")
    log.info("provider.callback_sent", transaction_id=answer["transaction_reference"], status=response.status_code)
    return response.status_code


def _retry(ctx: dict, answer: dict, why: str) -> int:
    tries = ctx.get("job_try", 1)
    log.warning("provider.callback_failed", transaction_id=answer["transaction_reference"], why=why, attempt=tries)
    if tries <= len(RETRY_DELAYS):
        raise Retry(defer=RETRY_DELAYS[tries - 1])
    return 0


async def redeliver_provider_answers(ctx: dict) -> int:
    """Provider answers lost between a commit and their queueing are queued again (each tenant in its own scope)."""
    from backend.payments.models import PaymentAttempt
    from backend.payments.simulator.provider import redeliver_lost

    def waiting():
        return PaymentAttempt.filter(status="sent", answer__not_isnull=True)

    total = await in_each_tenant(await tenants_with(waiting), redeliver_lost, transaction=False)
    if total:
        log.warning("provider.answers_requeued", count=total)
    return total

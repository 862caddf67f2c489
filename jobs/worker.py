"""arq worker: thin jobs (load -> call a service -> record). Run with `python -m backend worker`."""
from __future__ import annotations

import logging
import time

from arq.cron import cron
from arq.worker import func

from backend.core.config import get_settings
from backend.core.db import init_db
from backend.core.queue import HEARTBEAT_KEY, redis_settings
from backend.core.observability import configure_logging
from jobs.disputes import escalate_disputes
from jobs.exports import expire_exports, run_export
from jobs.ledger import release_funds
from jobs.payments import provider_answer, redeliver_provider_answers
from jobs.tenants import in_each_tenant, tenants_with
from jobs.webhooks import close_sender, deliver_webhook, deliver_webhooks, open_sender, sweep_webhooks



async def heartbeat(ctx: dict) -> None:
    """Platform health reads this key to show whether workers are alive."""
    await ctx["redis"].set(HEARTBEAT_KEY, str(time.time()), ex=120)


async def expire_payments(ctx: dict) -> int:
    """Pending payments past expires_at expire (each tenant in its own scope and transaction)."""
    from backend.core import clock
    from backend.payments.changes import expire_due
    from backend.payments.models import Transaction, TxnStatus

    def due():
        return Transaction.filter(status=TxnStatus.PENDING, expires_at__lte=clock.now())

    return await in_each_tenant(await tenants_with(due), expire_due)


async def startup(ctx: dict) -> None:
    configure_logging(get_settings().log_level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request (provider answers)
    # Keep tortoise's context in ctx: arq runs shutdown in another task (see RECIPES).
    ctx["db"] = await init_db()
    await open_sender(ctx)
    await heartbeat(ctx)


async def shutdown(ctx: dict) -> None:
    await close_sender(ctx)
    db = ctx.get("db")
    if db is not None:
        await db.close_connections()


class WorkerSettings:
    functions = [heartbeat, expire_payments, provider_answer, redeliver_provider_answers, release_funds, sweep_webhooks, escalate_disputes,
                 func(deliver_webhooks, keep_result=0, timeout=120, max_tries=3),
                 func(deliver_webhook, keep_result=0, timeout=60),
                 func(run_export, keep_result=3600, timeout=1800, max_tries=3)]
    max_tries = 6
    cron_jobs = [
        cron(heartbeat, second={0, 30}, run_at_startup=False),
        cron(expire_payments, second={15, 45}, run_at_startup=True),
        cron(redeliver_provider_answers, second={5}, run_at_startup=True),
        cron(release_funds, second={10, 40}, run_at_startup=True),
        cron(escalate_disputes, second={20, 50}, run_at_startup=True),
        cron(sweep_webhooks, second=set(range(0, 60, 5)), run_at_startup=True),
        cron(expire_exports, minute={7, 37}, second={25}, run_at_startup=True),
    ]
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = redis_settings()
    max_jobs = get_settings().worker_max_jobs
    poll_delay = get_settings().worker_poll_seconds
    health_check_interval = 30

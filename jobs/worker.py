"""arq worker: thin jobs (load -> call a service -> record). Run with `python -m backend worker`."""
from __future__ import annotations

import time

from arq.cron import cron
from arq.worker import func

from backend.core.config import get_settings
from backend.core.db import init_db
from backend.core.queue import HEARTBEAT_KEY, redis_settings
from backend.core.observability import configure_logging
from jobs.ledger import release_funds
from jobs.payments import provider_answer, redeliver_provider_answers
from jobs.webhooks import close_client, deliver_webhook, dispatch_webhook_event, sweep_webhooks



async def heartbeat(ctx: dict) -> None:
    """Platform health reads this key to show whether workers are alive."""
    await ctx["redis"].set(HEARTBEAT_KEY, str(time.time()), ex=120)


async def expire_payments(ctx: dict) -> int:
    """Pending payments past expires_at expire (each tenant in its own scope and transaction)."""
    from backend.core.tenancy import system_scope, tenant_scope
    from backend.core.unit_of_work import unit_of_work
    from backend.core import clock
    from backend.payments.changes import expire_due
    from backend.payments.models import Transaction, TxnStatus

    with system_scope():
        tenants = await Transaction.filter(status=TxnStatus.PENDING, expires_at__lte=clock.now()).distinct().values_list("tenant_id", flat=True)
    total = 0
    for tenant_id in tenants:
        with tenant_scope(tenant_id):
            async with unit_of_work():
                total += await expire_due()
    return total


async def startup(ctx: dict) -> None:
    configure_logging(get_settings().log_level)
    # Keep tortoise's context in ctx: arq runs shutdown in another task (see RECIPES).
    ctx["db"] = await init_db()
    await heartbeat(ctx)


async def shutdown(ctx: dict) -> None:
    await close_client(ctx)
    db = ctx.get("db")
    if db is not None:
        await db.close_connections()


class WorkerSettings:
    functions = [heartbeat, expire_payments, provider_answer, redeliver_provider_answers, release_funds, sweep_webhooks,
                 func(deliver_webhook, keep_result=0, timeout=60), func(dispatch_webhook_event, keep_result=0, timeout=60)]
    max_tries = 6
    cron_jobs = [
        cron(heartbeat, second={0, 30}, run_at_startup=False),
        cron(expire_payments, second={15, 45}, run_at_startup=True),
        cron(redeliver_provider_answers, second={5}, run_at_startup=True),
        cron(release_funds, second={10, 40}, run_at_startup=True),
        cron(sweep_webhooks, second=set(range(0, 60, 5)), run_at_startup=True),
    ]
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = redis_settings()
    health_check_interval = 30

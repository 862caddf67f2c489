"""An arq worker running only the dispute escalation cron, on its own queue, so that running it with a clock two days
ahead moves nothing else of the shared test database (no expiries, releases, webhook sweeps). Same startup and job as
jobs.worker. Run: python -m arq tests.disputes.escalation_worker.WorkerSettings"""
from __future__ import annotations

from arq.cron import cron

from backend.core.queue import redis_settings
from jobs.disputes import escalate_disputes
from jobs.worker import shutdown, startup


class WorkerSettings:
    functions = [escalate_disputes]
    cron_jobs = [cron(escalate_disputes, second=set(range(0, 60, 3)), run_at_startup=True)]
    queue_name = "clearway:test:disputes"
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = redis_settings()

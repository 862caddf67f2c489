"""An arq worker running only the export retention cron, on its own queue, so that running it with a clock days ahead
moves nothing else of the shared test database. Same startup and job as jobs.worker.
Run: python -m arq tests.exports.retention_worker.WorkerSettings"""
from __future__ import annotations

from arq.cron import cron

from backend.core.queue import redis_settings
from jobs.exports import expire_exports
from jobs.worker import shutdown, startup


class WorkerSettings:
    functions = [expire_exports]
    cron_jobs = [cron(expire_exports, second=set(range(0, 60, 3)), run_at_startup=True)]
    queue_name = "clearway:test:exports-retention"
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = redis_settings()

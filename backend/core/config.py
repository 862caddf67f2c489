"""Settings from the environment. One object, read once."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=lambda: _env("DATABASE_URL", "sqlite://var/clearway.sqlite3"))
    redis_url: str = field(default_factory=lambda: _env("REDIS_URL", "redis://127.0.0.1:6379/0"))
    secret_key: str = field(default_factory=lambda: _env("CLEARWAY_SECRET_KEY", "dev-insecure-secret-key-change-me"))
    vault_key: str = field(default_factory=lambda: _env("CLEARWAY_VAULT_KEY", ""))
    log_level: str = field(default_factory=lambda: _env("LOG_LEVEL", "INFO"))
    # Cookies: Secure only when served over https (production).
    cookie_secure: bool = field(default_factory=lambda: _env("CLEARWAY_COOKIE_SECURE", "0") == "1")
    access_ttl_seconds: int = field(default_factory=lambda: int(_env("CLEARWAY_ACCESS_TTL", "900")))
    refresh_ttl_seconds: int = field(default_factory=lambda: int(_env("CLEARWAY_REFRESH_TTL", str(14 * 24 * 3600))))
    lockout_threshold: int = 5
    lockout_seconds: int = 15 * 60
    graphql_max_depth: int = 12
    api_public_url: str = field(default_factory=lambda: _env("CLEARWAY_PUBLIC_URL", "http://127.0.0.1:8400"))
    # Where simulated providers send their callbacks (the API as the worker reaches it).
    callback_base_url: str = field(default_factory=lambda: _env("CLEARWAY_CALLBACK_URL", _env("CLEARWAY_PUBLIC_URL", "http://127.0.0.1:8400")))
    sim_delay_seconds: float = field(default_factory=lambda: float(_env("CLEARWAY_SIM_DELAY_SECONDS", "2")))
    sim_late_seconds: float = field(default_factory=lambda: float(_env("CLEARWAY_SIM_LATE_SECONDS", "90")))
    # arq worker: jobs run at once per process, and how often an idle worker looks at the queue (arq's defaults, 10 and
    # 0.5 s, cap webhook deliveries at about 20/s and add up to half a second to every delivery's first attempt).
    worker_max_jobs: int = field(default_factory=lambda: int(_env("CLEARWAY_WORKER_MAX_JOBS", "100")))
    worker_poll_seconds: float = field(default_factory=lambda: float(_env("CLEARWAY_WORKER_POLL_SECONDS", "0.05")))
    # Webhook receivers: connections at once to one receiver (host and port) per worker, and how long a delivery waits
    # for one of them before it is handed to the next batch unsent (no attempt counted; the request timeout starts
    # only once a connection is free, so a slow receiver's backlog is never recorded as timeouts it did not cause).
    webhook_connections_per_host: int = field(default_factory=lambda: int(_env("CLEARWAY_WEBHOOK_CONNECTIONS_PER_HOST", "64")))
    webhook_connection_wait_seconds: float = field(
        default_factory=lambda: float(_env("CLEARWAY_WEBHOOK_CONNECTION_WAIT_SECONDS", "8")))
    # Export files (CSV, XLSX, PDF, JSON, compliance bundles); relative paths are under the repository root.
    exports_dir: str = field(default_factory=lambda: _env("CLEARWAY_EXPORTS_DIR", "var/exports"))
    # Export files are deleted this many days after they finished (the job row stays, marked expired).
    export_retention_days: float = field(default_factory=lambda: float(_env("CLEARWAY_EXPORT_RETENTION_DAYS", "7")))
    ui_url: str = field(default_factory=lambda: _env("CLEARWAY_UI_URL", "http://127.0.0.1:3000"))
    cors_origins: tuple[str, ...] = field(
        default_factory=lambda: tuple(
            o for o in _env("CLEARWAY_CORS_ORIGINS", "http://localhost:3000,http://127.0.0.1:3000").split(",") if o
        )
    )

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://", "asyncpg://"))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

"""Database: tortoise-orm configuration, start-up and migrations.

All domain models live in one tortoise app ("models"); migrations are tortoise's built-in
ones under ``backend/migrations`` and are applied at start (``python -m backend migrate``
and the API/worker start-up).
"""
from __future__ import annotations

import os
from typing import Any

from tortoise import Tortoise
from tortoise.context import TortoiseContext

from backend.core.config import get_settings

MODEL_MODULES = [
    "backend.tenants.models",
    "backend.access.models",
    "backend.merchants.models",
    "backend.audit.models",
    "backend.secrets.models",
    "backend.notifications.models",
    "backend.webhooks.models",
    "backend.routing.models",
    "backend.execution.models",
    "backend.payments.models",
    "backend.ledger.models",
    "backend.hosted_page.models",
    "backend.disputes.models",
    "backend.exports.models",
]


def db_url(url: str | None = None) -> str:
    url = url or get_settings().database_url
    if url.startswith("postgresql://"):
        url = "postgres://" + url[len("postgresql://") :]
    if url.startswith("sqlite://") and not url.startswith("sqlite:///") and url != "sqlite://:memory:":
        path = url[len("sqlite://") :]
        if os.path.dirname(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
    return url


def _sqlite_begin_immediate() -> None:
    """SQLite (the embedded default) runs the API and the worker as two processes on one file. tortoise opens
    transactions with a deferred BEGIN: a transaction that reads, then writes after the other process committed,
    fails at once with "database is locked" (its snapshot is stale, so SQLite does not wait on the busy timeout).
    BEGIN IMMEDIATE takes the write lock up front, so writers queue on the busy timeout (5 s) instead of failing.
    PostgreSQL is untouched."""
    import sqlite3

    from tortoise.backends.sqlite import client
    from tortoise.exceptions import TransactionManagementError

    if getattr(client.SqliteTransactionWrapper, "_clearway_immediate", False):
        return

    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc

    client.SqliteTransactionWrapper.begin = begin
    client.SqliteTransactionWrapper._clearway_immediate = True


_sqlite_begin_immediate()


def tortoise_config(url: str | None = None) -> dict[str, Any]:
    return {
        "connections": {"default": db_url(url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "backend.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# `tortoise -c backend.core.db.TORTOISE_ORM makemigrations` reads this.
TORTOISE_ORM = tortoise_config()


async def init_db(url: str | None = None, *, migrate: bool = True) -> TortoiseContext:
    """Initialise tortoise for this process; optionally apply pending migrations first."""
    config = tortoise_config(url)
    if migrate:
        await run_migrations(config)
    return await Tortoise.init(config=config, _enable_global_fallback=True)


async def run_migrations(config: dict[str, Any] | None = None) -> None:
    from tortoise.migrations.api import migrate as migrate_api

    config = config or tortoise_config()
    try:
        await migrate_api(config=config)
    finally:
        await Tortoise.close_connections()


async def close_db() -> None:
    await Tortoise.close_connections()


async def pending_model_changes() -> list[str]:
    """Names of migrations that `makemigrations` would write now (empty when migrations match the models)."""
    from tortoise.cli.cli import tortoise_cli_context
    from tortoise.migrations.autodetector import MigrationAutodetector

    config = tortoise_config("sqlite://:memory:")
    async with tortoise_cli_context(config) as ctx:
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    return [w.name for w in writers]

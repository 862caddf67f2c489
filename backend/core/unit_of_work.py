"""Work to do after the current database transaction commits (cache invalidation, notifications)."""
from __future__ import annotations

from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import AsyncIterator, Awaitable, Callable

from tortoise.transactions import in_transaction

_after_commit: ContextVar[list[Callable[[], Awaitable[None]]] | None] = ContextVar("after_commit", default=None)


async def after_commit(callback: Callable[[], Awaitable[None]]) -> None:
    """Run `callback` once the surrounding unit of work commits; at once when there is none."""
    pending = _after_commit.get()
    if pending is None:
        await callback()
    else:
        pending.append(callback)


@asynccontextmanager
async def unit_of_work() -> AsyncIterator[None]:
    """One transaction; after-commit callbacks run only if it committed."""
    pending: list[Callable[[], Awaitable[None]]] = []
    token = _after_commit.set(pending)
    try:
        async with in_transaction():
            yield
    finally:
        _after_commit.reset(token)
    for callback in pending:
        await callback()

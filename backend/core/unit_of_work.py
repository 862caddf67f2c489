"""Work to do after the current database transaction commits (cache invalidation, notifications)."""
from __future__ import annotations

from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import AsyncIterator, Awaitable, Callable

from tortoise.transactions import in_transaction

_after_commit: ContextVar[list[Callable[[], Awaitable[None]]] | None] = ContextVar("after_commit", default=None)
_after_rollback: ContextVar[list[Callable[[], Awaitable[None]]] | None] = ContextVar("after_rollback", default=None)


async def after_commit(callback: Callable[[], Awaitable[None]]) -> None:
    """Run `callback` once the surrounding unit of work commits; at once when there is none."""
    pending = _after_commit.get()
    if pending is None:
        await callback()
    else:
        pending.append(callback)


async def after_rollback(callback: Callable[[], Awaitable[None]]) -> None:
    """Run `callback` once the surrounding unit of work has rolled back (a refusal that must still be
    recorded, e.g. a routing rejection); at once when there is no unit of work."""
    pending = _after_rollback.get()
    if pending is None:
        await callback()
    else:
        pending.append(callback)


async def if_rolled_back(callback: Callable[[], Awaitable[None]]) -> bool:
    """Run `callback` if the surrounding unit of work rolls back (undo a side effect made outside the database, e.g. a
    stored file). False, and nothing registered, when there is no unit of work: the caller undoes it itself."""
    pending = _after_rollback.get()
    if pending is None:
        return False
    pending.append(callback)
    return True


@asynccontextmanager
async def unit_of_work() -> AsyncIterator[None]:
    """One transaction; after-commit callbacks run only if it committed, after-rollback ones only if it did not."""
    pending: list[Callable[[], Awaitable[None]]] = []
    rolled_back: list[Callable[[], Awaitable[None]]] = []
    token = _after_commit.set(pending)
    rb_token = _after_rollback.set(rolled_back)
    try:
        async with in_transaction():
            yield
    except BaseException:
        _after_commit.reset(token)
        _after_rollback.reset(rb_token)
        for callback in rolled_back:
            await _quietly(callback)
        raise
    _after_commit.reset(token)
    _after_rollback.reset(rb_token)
    for callback in pending:
        await callback()


async def _quietly(callback: Callable[[], Awaitable[None]]) -> None:
    """An after-rollback record must never hide the error that rolled the work back."""
    import logging

    try:
        await callback()
    except Exception:  # noqa: BLE001
        logging.getLogger("clearway.uow").exception("after-rollback callback failed")

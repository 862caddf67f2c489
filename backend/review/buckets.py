"""Time buckets computed by the database (GROUP BY a bucket key), for SQLite and PostgreSQL alike.

``Bucket("created_at", "hour")`` renders ``strftime('%Y-%m-%d %H:00', created_at)`` on SQLite (a text key in UTC,
"2026-11-23 17:00"; days "2026-11-23") and ``date_trunc('hour', created_at AT TIME ZONE 'UTC')`` on PostgreSQL (a UTC
timestamp: cheaper than formatting every row). :func:`key` turns either into the text key.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Iterator

from pypika_tortoise import SqlContext
from pypika_tortoise.terms import Function as PypikaFunction
from tortoise.expressions import Function

SIZES = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
_SQLITE = {"hour": "%Y-%m-%d %H:00", "day": "%Y-%m-%d"}
_PY = {"hour": "%Y-%m-%d %H:00", "day": "%Y-%m-%d"}


class _BucketTerm(PypikaFunction):
    def __init__(self, term: Any, unit: Any) -> None:
        super().__init__("BUCKET", term)
        self.unit = unit.value if hasattr(unit, "value") else str(unit)

    def get_function_sql(self, ctx: SqlContext) -> str:
        column = self.get_arg_sql(self.args[0], ctx)
        if ctx.dialect.value == "postgresql":
            return f"date_trunc('{self.unit}', {column} AT TIME ZONE 'UTC')"
        return f"strftime('{_SQLITE[self.unit]}', {column})"


class Bucket(Function):
    """The bucket key (text, UTC) of a datetime column. ``unit`` is "hour" or "day"."""

    database_func = _BucketTerm

    def __init__(self, field: str, unit: str) -> None:
        if unit not in SIZES:
            raise ValueError(f"unknown bucket unit {unit}")
        super().__init__(field)
        self.unit = unit

    def _get_function_field(self, field, *default_values):
        return _BucketTerm(field, self.unit)


def floor(at: datetime, unit: str) -> datetime:
    at = at.astimezone(timezone.utc)
    if unit == "day":
        return at.replace(hour=0, minute=0, second=0, microsecond=0)
    return at.replace(minute=0, second=0, microsecond=0)


def key_of(at: datetime, unit: str) -> str:
    return floor(at, unit).strftime(_PY[unit])


def key(value: Any, unit: str) -> str:
    """The bucket key of a row: the text SQLite returned, or PostgreSQL's (naive UTC) timestamp."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).strftime(_PY[unit])
    return str(value)


def starts(start: datetime, end: datetime, unit: str) -> Iterator[datetime]:
    """Every bucket start from the bucket holding `start` up to (excluding) `end`."""
    at, step = floor(start, unit), SIZES[unit]
    while at < end:
        yield at
        at += step

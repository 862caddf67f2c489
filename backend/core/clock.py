"""A controllable clock: production reads real UTC time; tests may freeze or shift it.

A process started with CLEARWAY_CLOCK_OFFSET_SECONDS runs that far ahead (tests start a worker "48 hours later"
this way); never set it in production.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

_START_OFFSET = timedelta(seconds=float(os.environ.get("CLEARWAY_CLOCK_OFFSET_SECONDS") or 0))
_offset = _START_OFFSET
_frozen: datetime | None = None


def now() -> datetime:
    if _frozen is not None:
        return _frozen
    return datetime.now(timezone.utc) + _offset


def freeze(at: datetime | None) -> None:
    global _frozen
    _frozen = at


def advance(delta: timedelta) -> None:
    global _offset, _frozen
    if _frozen is not None:
        _frozen = _frozen + delta
    else:
        _offset += delta


def reset() -> None:
    global _offset, _frozen
    _offset = _START_OFFSET
    _frozen = None

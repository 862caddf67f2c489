"""Opaque, time-ordered identifiers with a type prefix: ``usr_01J...``.

Time-ordered so that ordering by id is ordering by creation (keyset pagination),
random enough to be unguessable across tenants.
"""
from __future__ import annotations

import os
import threading
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case


def _b32(value: int, length: int) -> str:
    out = []
    for _ in range(length):
        out.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(out))


_last = [0, 0]  # (millis, random) of the previous id in this process
_lock = threading.Lock()


def new_id(prefix: str) -> str:
    """Monotonic within a process (like ULID): ids made in the same millisecond still sort in creation order."""
    millis = int(time.time() * 1000)
    with _lock:
        if millis <= _last[0]:
            millis, rand = _last[0], (_last[1] + 1) % (1 << 80)
        else:
            rand = int.from_bytes(os.urandom(10), "big") >> 1  # headroom for increments within the millisecond
        _last[0], _last[1] = millis, rand
    return f"{prefix}_{_b32(millis, 10)}{_b32(rand, 16)}"


def id_at(prefix: str, when, rng) -> str:
    """An id that sorts at `when` (a datetime) instead of now: for rows generated with a past creation time."""
    return f"{prefix}_{_b32(int(when.timestamp() * 1000), 10)}{_b32(rng.getrandbits(79), 16)}"

"""Text checks shared by every interface: PostgreSQL text cannot hold the NUL character, so input carrying one is
refused up front as bad input (never a database error, never a partial write)."""
from __future__ import annotations

from typing import Any

NUL = "\x00"


def nul_fields(value: Any, path: str = "") -> list[str]:
    """The dotted paths of every string (or mapping key) inside `value` that contains a NUL character."""
    if isinstance(value, str):
        return [path or "(value)"] if NUL in value else []
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and NUL in key:
                found.append(where)
            found += nul_fields(item, where)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found += nul_fields(item, f"{path}.{i}" if path else str(i))
    return found


def nul_message(fields: list[str]) -> str:
    return "Text must not contain the NUL character (\\u0000): " + ", ".join(fields[:5])

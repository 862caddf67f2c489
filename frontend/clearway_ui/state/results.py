"""What a page shows after a mutation whose result is a union (success member | ValidationError |
ConflictError | NotFoundError).

A mutation either returns a member of its union, or nothing (GraphQL error, API unreachable):
the message to show comes from the member when there is one, else from the request.
"""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import GqlResult


def result_typename(res: GqlResult, key: str) -> str:
    """The ``__typename`` of the union member the mutation ``key`` returned ("" when none)."""
    return str((res.get(key) or {}).get("__typename") or "")


def result_error(res: GqlResult, key: str, default: str, *, with_fields: bool = False) -> str:
    """The error message for a mutation ``key`` that did not return its success member.

    The member's ``message`` (with ``with_fields``: first the messages of its invalid fields,
    for a dialog that has no field to put them beside), else the request's first error, else
    ``default``.
    """
    result: dict[str, Any] = res.get(key) or {}
    if with_fields:
        fields = " ".join(str(f.get("message")) for f in result.get("fields") or [])
        if fields:
            return fields
    return str(result.get("message") or "") or res.first_error() or default


def result_toast(res: GqlResult, key: str, success_type: str, success: str, default: str) -> Any:
    """A success toast when the mutation ``key`` returned ``success_type``, else an error toast."""
    if result_typename(res, key) == success_type:
        return rx.toast.success(success)
    return rx.toast.error(result_error(res, key, default))

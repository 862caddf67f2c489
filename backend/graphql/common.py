"""Shared GraphQL building blocks: error result types, keyset connections, the mutation runner."""
from __future__ import annotations

import base64
from typing import Any, Awaitable, Callable, Generic, NewType, TypeVar

import strawberry
from strawberry.types import Info

from backend.audit import service as audit
from backend.core.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from backend.core.unit_of_work import unit_of_work

T = TypeVar("T")


@strawberry.type(description="A problem with one input field.")
class FieldError:
    field: str
    code: str
    message: str


@strawberry.type(description="The input was not valid; nothing was saved.")
class ValidationError:
    code: str
    message: str
    fields: list[FieldError]


@strawberry.type(description="The object does not exist (or is not yours to see).")
class NotFoundError:
    code: str
    message: str


@strawberry.type(description="The request conflicts with the current state; nothing was changed.")
class ConflictError:
    code: str
    message: str


@strawberry.type
class DeletePayload:
    id: strawberry.ID


ErrorTypes = (ValidationError, NotFoundError, ConflictError)


class ForbiddenGraphQLError(Exception):
    def __init__(self, message: str, code: str = "FORBIDDEN"):
        super().__init__(message)
        self.extensions = {"code": code}


def error_result(exc: DomainError) -> Any:
    if isinstance(exc, ValidationFailed):
        return ValidationError(
            code=exc.code,
            message=exc.message,
            fields=[FieldError(field=p.field, code=p.code, message=p.message) for p in exc.problems],
        )
    if isinstance(exc, NotFound):
        return NotFoundError(code=exc.code, message=exc.message)
    if isinstance(exc, Conflict):
        return ConflictError(code=exc.code, message=exc.message)
    return ConflictError(code=exc.code, message=exc.message)


async def run_mutation(action: str, work: Callable[[], Awaitable[T]], *, target_type: str | None = None) -> T | Any:
    """Run a mutation as one database transaction with its audit events.

    Expected failures become result-union members and leave nothing written. A refusal
    (Forbidden) is audited after the rollback and surfaces as a FORBIDDEN error.
    Every successful mutation leaves at least one audit event.
    """
    counter = [0]
    token = audit.recorded_count.set(counter)
    try:
        async with unit_of_work():
            result = await work()
            if counter[0] == 0:
                await audit.record(action, target_type=target_type,
                                   target_id=str(getattr(result, "id", "") or "") or None)
        return result
    except Forbidden as exc:
        await audit.record(action, target_type=target_type, outcome="denied", extra={"reason": exc.code})
        raise ForbiddenGraphQLError(exc.message, exc.code) from None
    except DomainError as exc:
        return error_result(exc)
    finally:
        audit.recorded_count.reset(token)


# ---------------------------------------------------------------- keyset connections

@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    if not cursor:
        return None
    try:
        pad = "=" * (-len(cursor) % 4)
        return base64.urlsafe_b64decode(cursor + pad).decode()
    except Exception:
        raise ValidationFailed.on("after", "CURSOR_INVALID", "The cursor is not valid") from None


MAX_PAGE = 200


async def keyset_page(queryset, *, first: int, after: str | None, to_node: Callable[[Any], Any], descending: bool = True) -> Connection:
    """Page a queryset by its time-ordered primary key (id); fetch first+1 rows to know if more exist."""
    first = max(1, min(first, MAX_PAGE))
    total = await queryset.count()
    after_id = decode_cursor(after)
    qs = queryset
    if after_id:
        qs = qs.filter(id__lt=after_id) if descending else qs.filter(id__gt=after_id)
    rows = await qs.order_by("-id" if descending else "id").limit(first + 1)
    has_next = len(rows) > first
    rows = rows[:first]
    edges = [Edge(cursor=encode_cursor(r.id), node=to_node(r)) for r in rows]
    return Connection(edges=edges, page_info=PageInfo(has_next_page=has_next, end_cursor=edges[-1].cursor if edges else None), total_count=total)


def principal(info: Info):
    return info.context.principal


def _parse_minor_units(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or (isinstance(value, str) and not value.lstrip("-").isdigit()):
        raise ValueError("an amount is an integer in minor units, e.g. 1050 for 10.50")
    return int(value)


MinorUnits = strawberry.scalar(NewType("MinorUnits", int), serialize=int, parse_value=_parse_minor_units,
                               description="An integer amount in minor units (e.g. cents); may exceed 32 bits.")

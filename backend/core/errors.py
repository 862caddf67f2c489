"""Domain errors. Services raise these; the API layers turn them into result unions / HTTP codes.

Every error carries a stable ``code`` (each domain has an enum of codes in its ``errors.py``).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass
class FieldProblem:
    field: str
    code: str
    message: str


class DomainError(Exception):
    """Base of expected failures. Never a 500."""

    kind = "domain"

    def __init__(self, code: str | Enum, message: str):
        self.code = code.value if isinstance(code, Enum) else code
        self.message = message
        super().__init__(f"{self.code}: {message}")


class ValidationFailed(DomainError):
    kind = "validation"

    def __init__(self, problems: list[FieldProblem] | FieldProblem, message: str = "Invalid input", code: str = "VALIDATION_FAILED"):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__(code, message)

    @classmethod
    def on(cls, field: str, code: str | Enum, message: str) -> "ValidationFailed":
        code_s = code.value if isinstance(code, Enum) else code
        return cls([FieldProblem(field, code_s, message)], message=message)


class NotFound(DomainError):
    kind = "not_found"

    def __init__(self, what: str, code: str | Enum = "NOT_FOUND"):
        super().__init__(code, f"{what} not found")


class Conflict(DomainError):
    kind = "conflict"


class Forbidden(DomainError):
    kind = "forbidden"

    def __init__(self, message: str = "You do not have permission to do this", code: str | Enum = "FORBIDDEN"):
        super().__init__(code, message)


class Unauthenticated(DomainError):
    kind = "unauthenticated"

    def __init__(self, message: str = "Authentication required", code: str | Enum = "UNAUTHENTICATED"):
        super().__init__(code, message)


class Problems:
    """Collects field problems; raise all at once so the caller sees every issue."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field: str, code: str | Enum, message: str) -> None:
        self.items.append(FieldProblem(field, code.value if isinstance(code, Enum) else code, message))

    def raise_if_any(self, message: str = "Invalid input") -> None:
        if self.items:
            raise ValidationFailed(self.items, message=message)

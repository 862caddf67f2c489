"""Per-request GraphQL context: the principal resolved by the session middleware, and dataloaders."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from strawberry.dataloader import DataLoader

from backend.access.principal import ANONYMOUS_PRINCIPAL, Principal


@dataclass
class Context:
    request: Request
    response: Response | None
    principal: Principal
    loaders: dict[str, DataLoader] = field(default_factory=dict)

    def loader(self, name: str, load_fn: Any) -> DataLoader:
        """A DataLoader per request, created on first use."""
        if name not in self.loaders:
            self.loaders[name] = DataLoader(load_fn=load_fn)
        return self.loaders[name]


def principal_from(request: Request) -> Principal:
    return getattr(request.state, "principal", None) or ANONYMOUS_PRINCIPAL

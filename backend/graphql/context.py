"""Per-request GraphQL context: the principal resolved by the session middleware, and dataloaders."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.dataloader import DataLoader

from backend.access.principal import ANONYMOUS_PRINCIPAL, Principal


@dataclass
class Context:
    request: Request
    response: Response | None
    principal: Principal
    loaders: dict[str, DataLoader] = field(default_factory=dict)

    def loader(self, name: str, load_fn: Any) -> DataLoader:
        """A DataLoader per request, created on first use. On a websocket the context lives as long as the connection
        and serves every event of its subscriptions: there the loader batches but does not cache (no stale rows)."""
        if name not in self.loaders:
            self.loaders[name] = DataLoader(load_fn=load_fn, cache=not isinstance(self.request, WebSocket))
        return self.loaders[name]


def principal_from(request: Request) -> Principal:
    return getattr(request.state, "principal", None) or ANONYMOUS_PRINCIPAL


def grouped(model: Any, key: str, *order: str) -> Callable[[list[str]], Awaitable[list[list[Any]]]]:
    """A batch function for `loader`: the rows of `model` whose `key` is one of the keys, one list per key, in `order`."""
    async def load(keys: list[str]) -> list[list[Any]]:
        by_key: dict[str, list[Any]] = defaultdict(list)
        for row in await model.filter(**{f"{key}__in": list(set(keys))}).order_by(*order):
            by_key[getattr(row, key)].append(row)
        return [by_key.get(k, []) for k in keys]
    return load


def by_id(model: Any) -> Callable[[list[str]], Awaitable[list[Any]]]:
    """A batch function for `loader`: the row of `model` with each id (None when missing)."""
    async def load(keys: list[str]) -> list[Any]:
        rows = {row.id: row for row in await model.filter(id__in=list(set(keys)))}
        return [rows.get(k) for k in keys]
    return load

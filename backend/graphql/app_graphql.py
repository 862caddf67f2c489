"""The /graphql endpoint: strawberry's ASGI app with our context (principal from the session middleware)."""
from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from backend.graphql.context import Context, principal_from
from backend.graphql.schema import schema


class ClearwayGraphQL(GraphQL):
    async def get_context(self, request: Request | WebSocket, response: Response | None = None) -> Any:
        return Context(request=request, response=response, principal=principal_from(request))


def graphql_app() -> ClearwayGraphQL:
    return ClearwayGraphQL(schema, graphql_ide="graphiql")

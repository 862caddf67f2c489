"""The /graphql endpoint: strawberry's ASGI app with our context (principal from the session middleware).

HTTP (GET/POST) for queries and mutations (multipart POST for uploads, see backend.graphql.uploads); websockets speaking graphql-transport-ws for subscriptions. The
websocket's principal is resolved once at the upgrade by the same session middleware (session cookies or a
Bearer key), and every subscription checks its permissions when it starts.
"""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from backend.graphql.context import Context, principal_from
from backend.graphql.schema import schema
from backend.graphql.uploads import guard_multipart


class ClearwayGraphQL(GraphQL):
    def encode_json(self, data: object) -> str | bytes:
        """orjson (a page of 50 transactions is ~1,000 values; the stdlib encoder cost ~1 ms of it), the stdlib for what
        orjson refuses (e.g. integers beyond 64 bits inside a JSON scalar). Text, not bytes: strawberry sends bytes over
        a websocket as binary frames, which graphql-transport-ws clients do not read."""
        try:
            return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS).decode()
        except TypeError:
            return json.dumps(data, separators=(",", ":"))

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket | None = None) -> Any:
        if isinstance(request, WebSocket):  # no HTTP response to set a status on
            response = None
        return Context(request=request, response=response, principal=principal_from(request))


def graphql_app():
    """Strawberry's app with multipart uploads on (GraphQL multipart request spec), behind the CSRF and size guard."""
    return guard_multipart(ClearwayGraphQL(schema, graphql_ide="graphiql", subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
                                           connection_init_wait_timeout=timedelta(seconds=10), multipart_uploads_enabled=True))

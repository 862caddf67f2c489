"""Starlette app factory: /graphql, /healthz, /metrics, the integrators' REST API with its docs under /api/v1,
provider callbacks (/callbacks), the guests' hosted payment page (/pay)."""
from __future__ import annotations

import contextlib
import time

import redis.asyncio as aioredis
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, Router

from backend.access.http import SessionMiddleware
from backend.core.config import get_settings
from backend.core.db import close_db, init_db
from backend.core.observability import RequestIdMiddleware, configure_logging, get_logger, metrics_endpoint
from backend.graphql.app_graphql import graphql_app

log = get_logger("clearway.app")


async def healthz(request: Request) -> JSONResponse:
    checks: dict[str, dict] = {}
    ok = True
    started = time.perf_counter()
    try:
        from tortoise import connections

        await connections.get("default").execute_query("SELECT 1")
        checks["database"] = {"ok": True}
    except Exception as exc:  # report, don't raise
        ok = False
        checks["database"] = {"ok": False, "error": type(exc).__name__}
    try:
        client = request.app.state.redis
        await client.ping()
        checks["redis"] = {"ok": True}
    except Exception as exc:
        ok = False
        checks["redis"] = {"ok": False, "error": type(exc).__name__}
    checks["duration_ms"] = round((time.perf_counter() - started) * 1000, 2)  # type: ignore[assignment]
    return JSONResponse({"status": "ok" if ok else "degraded", "checks": checks}, status_code=200 if ok else 503)


def rest_routes() -> list:
    """The integrators' REST API (API-key authenticated by the session middleware)."""
    from backend.merchants.api import rest as merchants_rest
    from backend.payments.api import rest as payments_rest

    return [*merchants_rest.routes, *payments_rest.routes]


def hosted_routes() -> list:
    """The guests' hosted payment page at /pay/{token} (anonymous: the link token opens that one payment only)."""
    from backend.hosted_page.http import hosted_routes as routes

    return routes()


def docs_routes() -> list:
    """/api/v1/openapi.json, /api/v1/docs (Swagger UI) and its static assets: public, no API key."""
    from backend.payments.api import openapi

    return openapi.routes()


def callback_routes() -> list:
    from backend.payments.api import callbacks_http

    return callbacks_http.routes


def webhook_receiver_routes() -> list:
    from backend.webhooks import receiver_http

    return receiver_http.routes


def dispute_routes() -> list:
    from backend.disputes import http as disputes_http

    return disputes_http.routes
def export_routes() -> list:
    from backend.exports import http as exports_http

    return exports_http.routes


def create_app(*, database_url: str | None = None, migrate: bool = True) -> Starlette:
    settings = get_settings()
    configure_logging(settings.log_level)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        await init_db(database_url, migrate=migrate)
        app.state.redis = aioredis.from_url(settings.redis_url, socket_connect_timeout=2, socket_timeout=2)
        log.info("api.started", database=settings.database_url.split("://")[0])
        try:
            yield
        finally:
            await app.state.redis.aclose()
            await close_db()

    gql = graphql_app()
    routes = [
        Route("/graphql", gql, methods=["GET", "POST"]),
        Route("/healthz", healthz),
        Route("/metrics", metrics_endpoint),
        Mount("/api/v1", app=Router(routes=[*rest_routes(), *docs_routes()])),
        *callback_routes(),
        *webhook_receiver_routes(),
        *dispute_routes(),
        *export_routes(),
        *hosted_routes(),
    ]
    middleware = [
        Middleware(RequestIdMiddleware),
        Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_credentials=True,
                   allow_methods=["*"], allow_headers=["*"]),
        Middleware(SessionMiddleware),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    from starlette.routing import WebSocketRoute

    app.router.routes.append(WebSocketRoute("/graphql", gql))
    return app

"""Observability: structured JSON logs, request ids, Prometheus metrics.

Wiring (done in backend/app.py):

    from backend.core.observability import RequestIdMiddleware, configure_logging, metrics_endpoint
    configure_logging(settings.log_level)
    app = Starlette(routes=[..., Route("/metrics", metrics_endpoint)],
                    middleware=[Middleware(RequestIdMiddleware)])
    # or wrap the finished ASGI app: app = RequestIdMiddleware(app)

* ``configure_logging(level)`` routes structlog *and* stdlib logging (uvicorn, arq, tortoise) through
  one JSON renderer on stdout: one JSON object per line, with ``timestamp``, ``level``, ``logger``,
  ``event`` and any context bound with ``structlog.contextvars`` (``request_id`` among them).
* ``RequestIdMiddleware`` is pure ASGI (streaming and websockets are untouched). Per HTTP request it
  takes ``X-Request-ID`` from the request (when it looks sane) or generates one, stores it in
  ``request_id_var`` and in structlog's contextvars, echoes it as the ``X-Request-ID`` response
  header, counts/times the request in Prometheus and writes one ``http_request`` access log line.
* ``metrics_endpoint`` serves the Prometheus text exposition format (for ``GET /metrics``).

Metrics are per process (each uvicorn/arq process exposes its own); ``route`` is the route template
(``/payments/{id}``), never the raw path, so label cardinality stays bounded.
"""
from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from typing import Any, Awaitable, Callable, MutableMapping

import structlog
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest

__all__ = [
    "REQUEST_ID_HEADER",
    "RequestIdMiddleware",
    "configure_logging",
    "get_logger",
    "http_request_duration_seconds",
    "http_requests_total",
    "metrics_endpoint",
    "new_request_id",
    "request_id_var",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REQUEST_ID_HEADER = "X-Request-ID"
_HEADER_KEY = REQUEST_ID_HEADER.lower().encode("latin-1")
# Accept caller-provided ids only if short and made of harmless characters (they end up in logs).
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

access_log = structlog.get_logger("clearway.access")


def get_logger(name: str | None = None) -> Any:
    return structlog.get_logger(name)


def new_request_id() -> str:
    return uuid.uuid4().hex


# --------------------------------------------------------------------------------------- logging

_configured = False


def configure_logging(level: str | int = "INFO", *, json: bool = True) -> None:
    """Send structlog and stdlib logging through one renderer on stdout (JSON by default).

    Idempotent: calling it again only changes the level. ``json=False`` gives a console renderer
    (handy in a terminal); production and ``./clearway up`` use JSON.
    """
    global _configured
    if isinstance(level, str):
        level = logging.getLevelName(level.upper())
        if not isinstance(level, int):
            level = logging.INFO

    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Any = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()

    structlog.configure(
        processors=[
            *shared,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder()],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter)
    handler.set_name("clearway")

    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if h.get_name() != "clearway"]
    root.addHandler(handler)
    root.setLevel(level)

    # uvicorn/arq install their own handlers; make them propagate to ours instead.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "arq", "arq.worker", "tortoise"):
        lg = logging.getLogger(name)
        lg.handlers = []
        lg.propagate = True
    # We write our own access line (with request id and duration); silence uvicorn's duplicate.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    _configured = True


# --------------------------------------------------------------------------------------- metrics


def _counter(registry: CollectorRegistry) -> Counter:
    return Counter(
        "http_requests_total", "HTTP requests handled", ("method", "route", "status"), registry=registry
    )


def _histogram(registry: CollectorRegistry) -> Histogram:
    return Histogram(
        "http_request_duration_seconds",
        "HTTP request duration in seconds (until the response is complete)",
        ("method", "route"),
        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
        registry=registry,
    )


def _get_or_create(name: str, factory: Callable[[CollectorRegistry], Any]) -> Any:
    # Survives re-import of this module (test reloaders) without "Duplicated timeseries".
    existing = REGISTRY._names_to_collectors.get(name)  # noqa: SLF001 - no public lookup API
    return existing if existing is not None else factory(REGISTRY)


http_requests_total: Counter = _get_or_create("http_requests_total", _counter)
http_request_duration_seconds: Histogram = _get_or_create("http_request_duration_seconds", _histogram)


async def metrics_endpoint(request: Any) -> Any:
    """Starlette endpoint: Prometheus text exposition of the default registry."""
    from starlette.responses import Response

    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


# ------------------------------------------------------------------------------------ middleware


def _route_template(scope: Scope) -> str:
    """Template of the matched route ('/merchants/{id}'), or 'unmatched' (bounded cardinality)."""
    route = scope.get("route")
    if route is None:
        return "unmatched"
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return "unmatched"
    # Inside a Mount, the router stores the innermost route; its prefix is in root_path.
    app_root = scope.get("app_root_path", "") or ""
    root = scope.get("root_path", "") or ""
    prefix = root[len(app_root):] if root.startswith(app_root) else root
    from starlette.routing import Mount  # local: keep module import light

    if isinstance(route, Mount):  # a mounted plain ASGI app (e.g. GraphQL): prefix is the mount
        return prefix or path or "/"
    return (prefix + path) or "/"


def _loggable_path(path: str) -> str:
    """The path for the access log. A hosted payment page's link token is a credential: it is never logged."""
    if path.startswith("/pay/") and not path.startswith("/pay/static/"):
        tail = path[len("/pay/"):].split("/", 1)
        return "/pay/{token}" + (f"/{tail[1]}" if len(tail) > 1 else "")
    if path.startswith("/exports/download/"):  # an export's download token, likewise
        return "/exports/download/{token}"
    return path


class RequestIdMiddleware:
    """Pure ASGI middleware: request id, access log, Prometheus metrics. Websockets pass through."""

    def __init__(self, app: ASGIApp, *, header_name: str = REQUEST_ID_HEADER, skip_paths: tuple[str, ...] = ()) -> None:
        self.app = app
        self.header_key = header_name.lower().encode("latin-1")
        self.skip_paths = frozenset(skip_paths)  # e.g. ("/healthz",) to keep probes out of the log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        request_id = None
        for key, value in scope.get("headers", ()):
            if key == self.header_key:
                candidate = value.decode("latin-1").strip()
                if _VALID_REQUEST_ID.match(candidate):
                    request_id = candidate
                break
        if request_id is None:
            request_id = new_request_id()

        token = request_id_var.set(request_id)
        log_tokens = structlog.contextvars.bind_contextvars(request_id=request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        status_code = 500
        response_started = False
        started = time.perf_counter()
        header_value = request_id.encode("latin-1")

        async def send_wrapper(message: Message) -> None:
            nonlocal status_code, response_started
            if message["type"] == "http.response.start":
                status_code = message["status"]
                response_started = True
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != self.header_key]
                headers.append((self.header_key, header_value))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except BaseException:
            if not response_started:
                status_code = 500  # what the server will answer (or nothing, on disconnect)
            raise
        finally:
            duration = time.perf_counter() - started
            method = scope.get("method", "")
            route = _route_template(scope)
            try:
                http_requests_total.labels(method, route, str(status_code)).inc()
                http_request_duration_seconds.labels(method, route).observe(duration)
                if scope.get("path") not in self.skip_paths:
                    emit = access_log.error if status_code >= 500 else access_log.info
                    emit(
                        "http_request",
                        method=method,
                        path=_loggable_path(scope.get("path", "")),
                        route=route,
                        status=status_code,
                        duration_ms=round(duration * 1000, 2),
                        request_id=request_id,
                        client=(scope.get("client") or (None,))[0],
                    )
            finally:
                structlog.contextvars.reset_contextvars(**log_tokens)
                request_id_var.reset(token)

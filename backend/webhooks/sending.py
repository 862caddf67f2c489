"""Sending one webhook request: resolve the target, vet every address, connect to the vetted one (pinned), POST once.

DNS rebinding: a name may resolve to a public address when the URL is saved and to 169.254.169.254 (or a private
address) a moment later. So at send time the name is resolved once, every address it resolves to is checked with the
same rules as the URL (`urls.address_problem`), and the connection goes to the checked address: the HTTP client never
resolves the name itself. The URL is unchanged, so the Host header, TLS SNI and certificate verification still use the
name. Connections are pooled per vetted address (one aiohttp session each, whose resolver answers only that address),
so a connection opened for one address is never reused for another, whatever the name resolves to later.

aiohttp (C-accelerated HTTP parser) costs ~0.1 ms of CPU per request here, httpx/httpcore ~2 to 3 ms: at hundreds
of deliveries per second the client is most of a worker's CPU (bench/README.md, "Webhook delivery").
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Awaitable, Callable
from urllib.parse import urlsplit

import ssl

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from backend.core.config import get_settings

TIMEOUT_SECONDS = 10.0
EXCERPT_BYTES = 2048
MAX_RESPONSE_BYTES = 64 * 1024
MAX_POOLS = 256  # vetted addresses with an open pool; the least recently used one is closed beyond that
# Connections at once to one receiver (host and port), whatever the number of batch jobs sending to it: a backlog of
# thousands goes through these, reused, instead of a burst of hundreds (settings.webhook_connections_per_host, 64).
# A request first waits for one of them, at most settings.webhook_connection_wait_seconds (8): if none frees up it is
# not sent (Outcome.sent False: no attempt recorded, the next batch takes it); its TIMEOUT_SECONDS start once it has
# one. Wait + timeout stay under the lease (delivery.LEASE), so a batch never outlives it.
CONNECTIONS_PER_ADDRESS = 200

Resolver = Callable[[str, int], Awaitable[list[str]]]


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host (A and AAAA), in its order of preference."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


@dataclass
class Outcome:
    status: int | None
    excerpt: str
    duration_ms: int
    error: str | None
    sent: bool = True  # False: no connection to the receiver freed up in time, nothing was sent (not an attempt)

    @property
    def ok(self) -> bool:
        return self.sent and self.error is None


NOT_SENT = Outcome(None, "", 0, None, sent=False)


class _PinnedResolver(AbstractResolver):
    """aiohttp's resolver hook: every name resolves to the one vetted address (TLS still verifies the name)."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.family = socket.AF_INET6 if ":" in address else socket.AF_INET

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[ResolveResult]:
        return [ResolveResult(hostname=host, host=self.address, port=port, family=self.family, proto=0,
                              flags=socket.AI_NUMERICHOST)]

    async def close(self) -> None:
        pass


def _ssl_context() -> ssl.SSLContext:
    """Certificate and host name verification on (the CA bundle of certifi when installed, else the system's)."""
    try:
        import certifi

        return ssl.create_default_context(cafile=certifi.where())
    except ImportError:  # pragma: no cover
        return ssl.create_default_context()


class Sender:
    """The worker's webhook HTTP client: resolves, vets, pins. `resolver` is injectable (tests, split-horizon DNS)."""

    def __init__(self, resolver: Resolver | None = None) -> None:
        self.resolver = resolver or system_resolver
        self._clients: OrderedDict[str, aiohttp.ClientSession] = OrderedDict()
        self._closing: set[asyncio.Task] = set()
        self._ssl_context: ssl.SSLContext | None = None  # one for every pool: building one reads the CA bundle (~0.1 s of CPU)
        settings = get_settings()
        self.connections_per_host = settings.webhook_connections_per_host
        self.connection_wait = settings.webhook_connection_wait_seconds
        self._slots: dict[tuple[str, int], asyncio.Semaphore] = {}  # per receiver (host, port)

    async def __aenter__(self) -> "Sender":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), OrderedDict()
        for client in clients:
            await client.close()

    @staticmethod
    async def _close_later(client: aiohttp.ClientSession) -> None:
        await asyncio.sleep(TIMEOUT_SECONDS + 1)  # a request that took it just before it was dropped may still run
        await client.close()

    def _client(self, address: str) -> aiohttp.ClientSession:
        client = self._clients.get(address)
        if client is None:
            if self._ssl_context is None:
                self._ssl_context = _ssl_context()
            connector = aiohttp.TCPConnector(resolver=_PinnedResolver(address), use_dns_cache=False, ssl=self._ssl_context,
                                             limit=CONNECTIONS_PER_ADDRESS, limit_per_host=self.connections_per_host,
                                             keepalive_timeout=5.0)
            client = self._clients[address] = aiohttp.ClientSession(
                connector=connector, auto_decompress=False, trust_env=False, skip_auto_headers=("Accept",),
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS + 1))
            while len(self._clients) > MAX_POOLS:
                _, old = self._clients.popitem(last=False)
                closing = asyncio.get_running_loop().create_task(self._close_later(old))
                self._closing.add(closing)
                closing.add_done_callback(self._closing.discard)
        else:
            self._clients.move_to_end(address)
        return client

    async def addresses(self, url: str) -> list[str]:
        """The addresses the URL's host stands for: the literal address itself, or what the resolver answers."""
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        return await self.resolver(host, parts.port or (443 if parts.scheme == "https" else 80))

    async def post(self, url: str, body: bytes, headers: dict[str, str],
                   vet: Callable[[str], str | None]) -> Outcome:
        """POST once within TIMEOUT_SECONDS overall (resolution included): redirects not followed (3xx fails), the
        response read capped. `vet(address)` returns why an address is refused (then nothing is sent: every address
        the name resolves to must pass), or None. NOT_SENT when no connection to the receiver freed up in time."""
        parts = urlsplit(url)
        key = ((parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80))
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = asyncio.Semaphore(self.connections_per_host)
        try:
            async with asyncio.timeout(self.connection_wait):
                await slot.acquire()
        except TimeoutError:
            return NOT_SENT
        try:
            return await self._post(url, body, headers, vet)
        finally:
            slot.release()

    async def _post(self, url: str, body: bytes, headers: dict[str, str], vet: Callable[[str], str | None]) -> Outcome:
        started = time.perf_counter()
        status: int | None = None
        excerpt = b""
        error: str | None = None
        try:
            async with asyncio.timeout(TIMEOUT_SECONDS):
                try:
                    addresses = await self.addresses(url)
                except (OSError, UnicodeError) as exc:
                    addresses, error = [], f"connection: the name did not resolve ({exc})"[:300]
                if not addresses and error is None:
                    error = "connection: the name did not resolve"
                for address in addresses:
                    problem = vet(address)
                    if problem:
                        error = f"forbidden_target: {problem} ({address})"
                        break
                if error is None:
                    async with self._client(addresses[0]).post(url, data=body, headers=headers, allow_redirects=False,
                                                               compress=None, chunked=None) as response:
                        status = response.status
                        size = 0
                        while chunk := await response.content.readany():
                            if len(excerpt) < EXCERPT_BYTES:
                                excerpt += chunk[: EXCERPT_BYTES - len(excerpt)]
                            size += len(chunk)
                            if size > MAX_RESPONSE_BYTES:
                                error = f"response_too_large: the response body exceeds {MAX_RESPONSE_BYTES // 1024} KB"
                                response.close()  # the connection is dropped, not reused
                                break
        except (TimeoutError, aiohttp.ServerTimeoutError):
            error = f"timeout: no complete answer within {TIMEOUT_SECONDS:g} s"
        except aiohttp.ClientError as exc:
            error = f"connection: {type(exc).__name__}: {exc}"[:300]
        except Exception as exc:  # never let one bad receiver hurt the worker
            error = f"error: {type(exc).__name__}: {exc}"[:300]
        if error is None and status is not None:
            if 300 <= status < 400:
                error = f"redirect: HTTP {status} (redirects are not followed)"
            elif not 200 <= status < 300:
                error = f"http_status: HTTP {status}"
        duration = int((time.perf_counter() - started) * 1000)
        return Outcome(status, excerpt.decode("utf-8", "replace"), duration, error)

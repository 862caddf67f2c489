"""How simulated providers sign their callbacks, and how Clearway checks them.

Header ``Sim-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">``. Each tenant has
one secret per simulated provider, derived from the platform secret (a real provider's secret would
sit in the SUB MID's vaulted credentials).
"""
from __future__ import annotations

import hashlib
import hmac

from backend.core.config import get_settings

HEADER = "sim-signature"
WINDOW_SECONDS = 300


def provider_secret(tenant_id: str, provider: str) -> bytes:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"simulator:{tenant_id}:{provider}".encode(), hashlib.sha256).digest()


def signature(tenant_id: str, provider: str, timestamp: int, body: bytes) -> str:
    return hmac.new(provider_secret(tenant_id, provider), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign_headers(tenant_id: str, provider: str, body: bytes, timestamp: int) -> dict[str, str]:
    return {HEADER: f"t={timestamp},v1={signature(tenant_id, provider, timestamp, body)}", "content-type": "application/json"}


def parse(header: str | None) -> tuple[int, str] | None:
    """(timestamp, signature) from the header, or None when malformed."""
    if not header:
        return None
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        return int(parts["t"]), parts["v1"]
    except (KeyError, ValueError):
        return None


def verify(tenant_id: str, provider: str, header: str | None, body: bytes) -> int | None:
    """The signed timestamp when the signature is right, else None."""
    parsed = parse(header)
    if parsed is None:
        return None
    timestamp, sig = parsed
    return timestamp if hmac.compare_digest(signature(tenant_id, provider, timestamp, body), sig) else None

"""Standard Webhooks signing — the one place that signs (and verifies) merchant webhooks.

Headers: ``webhook-id``, ``webhook-timestamp`` (unix seconds) and ``webhook-signature``:
``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`` keyed with the base64-decoded part of
``whsec_<base64>``. During a rotation grace period every valid secret signs, space-separated, so a
receiver holding either secret accepts the message (https://www.standardwebhooks.com/).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import time

PREFIX = "whsec_"
TOLERANCE_SECONDS = 5 * 60


def _key(secret: str) -> bytes:
    return base64.b64decode(secret[len(PREFIX):] if secret.startswith(PREFIX) else secret)


def signature(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(_key(secret), f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def sign_headers(secrets: list[str], msg_id: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The three Standard Webhooks headers; one v1 signature per valid secret (current first)."""
    ts = int(time.time()) if timestamp is None else int(timestamp)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(ts),
        "webhook-signature": " ".join(signature(s, msg_id, ts, body) for s in secrets),
    }


def verify(secrets: list[str], headers: dict[str, str], body: bytes, *, now: float | None = None,
           tolerance: int = TOLERANCE_SECONDS) -> bool:
    """True when one of the header's v1 signatures matches one of `secrets` and the timestamp is recent."""
    h = {k.lower(): v for k, v in headers.items()}
    msg_id, ts, sigs = h.get("webhook-id"), h.get("webhook-timestamp"), h.get("webhook-signature", "")
    if not msg_id or not ts or not sigs:
        return False
    try:
        ts_int = int(ts)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - ts_int) > tolerance:
        return False
    given = [s for s in sigs.split(" ") if s.startswith("v1,")]
    for secret in secrets:
        try:
            expected = signature(secret, msg_id, ts_int, body)
        except (ValueError, TypeError):
            continue
        if any(hmac.compare_digest(expected, g) for g in given):
            return True
    return False

"""Webhook URL checks, including the SSRF guard (link-local and cloud metadata are never allowed)."""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from backend.webhooks.errors import WebhookError as E

METADATA_HOSTS = {"metadata.google.internal", "metadata", "instance-data"}


RECEIVER_PATH = "/webhook-receiver/"


def is_own_receiver(url: str) -> bool:
    """The product's built-in receiver (POST /webhook-receiver/{endpoint_id}) at its own configured base URL."""
    from backend.core.config import get_settings

    s = get_settings()
    url = (url or "").strip()
    if ".." in url or "%2e" in url.lower() or "@" in url or "\\" in url:
        return False
    return any(base and url.startswith(base.rstrip("/") + RECEIVER_PATH)
               for base in {s.api_public_url, s.callback_base_url})


def check_url(url: str, *, allow_private: bool) -> tuple[E, str] | None:
    """Return (code, message) when the URL may not be used, else None.

    The product's own receiver is allowed explicitly, even on a private address; link-local and metadata never are."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return E.URL_INVALID, "Enter a valid http(s) URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return E.URL_INVALID, "Enter a valid http(s) URL"
    host = parts.hostname.lower().rstrip(".")
    if host in METADATA_HOSTS:
        return E.URL_FORBIDDEN_TARGET, "Cloud metadata addresses are never allowed"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if ip is not None:
        if ip.is_link_local or ip.is_unspecified or ip.is_multicast or str(ip) in ("169.254.169.254", "fd00:ec2::254"):
            return E.URL_FORBIDDEN_TARGET, "Link-local, metadata and unspecified addresses are never allowed"
        if (ip.is_private or ip.is_loopback or ip.is_reserved) and not allow_private and not is_own_receiver(url):
            return E.URL_FORBIDDEN_TARGET, "Private network targets are refused unless your tenant allows them"
    elif (host == "localhost" or host.endswith(".localhost") or host.endswith(".internal")) and not allow_private \
            and not is_own_receiver(url):
        return E.URL_FORBIDDEN_TARGET, "Private network targets are refused unless your tenant allows them"
    return None

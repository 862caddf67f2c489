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
    private_ok = allow_private or is_own_receiver(url)
    if ip is not None:
        problem = address_problem(str(ip), allow_private=private_ok)
        if problem:
            return E.URL_FORBIDDEN_TARGET, problem
    elif (host == "localhost" or host.endswith(".localhost") or host.endswith(".internal")) and not private_ok:
        return E.URL_FORBIDDEN_TARGET, PRIVATE_REFUSED
    return None


NEVER = "Link-local, metadata and unspecified addresses are never allowed"
PRIVATE_REFUSED = "Private network targets are refused unless your tenant allows them"
METADATA_ADDRESSES = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address):
    """The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, 6to4, NAT64), else the address itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip.sixtofour:
            return ip.sixtofour
        if ip in NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def address_problem(address: str, *, allow_private: bool) -> str | None:
    """Why a webhook may not go to this IP address (a literal in the URL, or what its name resolves to), else None.

    Link-local (cloud metadata), unspecified and multicast addresses never; any other non-public address (private,
    loopback, shared, reserved) only when allowed (the tenant's setting, or the product's own receiver)."""
    try:
        ip = _embedded_ipv4(ipaddress.ip_address(address.split("%", 1)[0]))
    except ValueError:
        return "Not an IP address"
    if ip.is_link_local or ip.is_unspecified or ip.is_multicast or ip in METADATA_ADDRESSES:
        return NEVER
    if not ip.is_global and not allow_private:
        return PRIVATE_REFUSED
    return None

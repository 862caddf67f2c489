"""Webhook endpoints (delivery arrives with the webhooks issue). Signing secrets live in the vault."""
from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from datetime import timedelta

from backend.audit import service as audit
from backend.core import clock
from backend.core.errors import NotFound, Problems
from backend.core.tenancy import current_tenant_id
from backend.merchants.models import Merchant
from backend.secrets import vault
from backend.secrets.models import Secret, SecretKind
from backend.tenants.models import Tenant
from backend.webhooks.errors import WebhookError as E
from backend.webhooks.events import EVENT_TYPES
from backend.webhooks.models import WebhookEndpoint
from backend.webhooks.urls import check_url

MAX_GRACE = timedelta(days=7)


def new_signing_secret() -> str:
    return "whsec_" + base64.b64encode(os.urandom(24)).decode()


def snapshot(e: WebhookEndpoint) -> dict:
    return {"url": e.url, "description": e.description, "event_types": sorted(e.event_types), "enabled": e.enabled}


@dataclass
class EndpointWithSecret:
    endpoint: WebhookEndpoint
    signing_secret: str  # shown once


async def _validate(p: Problems, url: str | None, event_types: list[str] | None) -> None:
    if url is not None:
        tenant = await Tenant.get(id=current_tenant_id())
        problem = check_url(url, allow_private=tenant.allow_private_webhook_targets)
        if problem:
            p.add("url", problem[0], problem[1])
    if event_types is not None:
        unknown = sorted(set(event_types) - set(EVENT_TYPES))
        if unknown:
            p.add("eventTypes", E.UNKNOWN_EVENT_TYPE, f"Unknown event types: {', '.join(unknown)}")


async def create_endpoint(*, merchant_id: str, url: str, description: str, event_types: list[str], enabled: bool) -> EndpointWithSecret:
    p = Problems()
    await _validate(p, url, event_types)
    p.raise_if_any()
    if not await Merchant.exists(id=merchant_id):
        raise NotFound("Merchant")
    value = new_signing_secret()
    endpoint = WebhookEndpoint(merchant_id=merchant_id, url=url.strip(), description=description or "",
                               event_types=sorted(set(event_types)), enabled=enabled, secret_id="")
    secret = await vault.store(SecretKind.WEBHOOK_SIGNING, "webhook_endpoint", endpoint.id, value)
    endpoint.secret_id = secret.id
    await endpoint.save()
    await audit.record("webhook_endpoint.create", target_type="webhook_endpoint", target_id=endpoint.id, after=snapshot(endpoint))
    return EndpointWithSecret(endpoint, value)


async def get_endpoint(endpoint_id: str) -> WebhookEndpoint:
    e = await WebhookEndpoint.get_or_none(id=endpoint_id)
    if e is None:
        raise NotFound("Webhook endpoint")
    return e


async def update_endpoint(endpoint_id: str, *, url: str | None, description: str | None, event_types: list[str] | None,
                          enabled: bool | None) -> WebhookEndpoint:
    e = await get_endpoint(endpoint_id)
    before = snapshot(e)
    p = Problems()
    await _validate(p, url, event_types)
    p.raise_if_any()
    if url is not None:
        e.url = url.strip()
    if description is not None:
        e.description = description
    if event_types is not None:
        e.event_types = sorted(set(event_types))
    if enabled is not None:
        if enabled and not e.enabled:  # enabled again: the banner goes, failures count from zero
            e.failing_since = e.disabled_at = e.disabled_reason = None
        e.enabled = enabled
    await e.save()
    await audit.record("webhook_endpoint.update", target_type="webhook_endpoint", target_id=e.id, before=before, after=snapshot(e))
    return e


async def delete_endpoint(endpoint_id: str) -> str:
    e = await get_endpoint(endpoint_id)
    before = snapshot(e)
    await Secret.filter(id=e.secret_id).delete()
    await e.delete()
    await audit.record("webhook_endpoint.delete", target_type="webhook_endpoint", target_id=endpoint_id, before=before)
    return endpoint_id


async def rotate_secret(endpoint_id: str, grace: timedelta) -> EndpointWithSecret:
    """New signing secret; the old one keeps signing alongside until the grace period ends."""
    if grace < timedelta(0) or grace > MAX_GRACE:
        from backend.core.errors import ValidationFailed

        raise ValidationFailed.on("graceSeconds", E.GRACE_OUT_OF_RANGE, "Grace period must be between 0 and 7 days")
    e = await get_endpoint(endpoint_id)
    secret = await Secret.get(id=e.secret_id)
    value = new_signing_secret()
    await vault.replace(secret, value, keep_previous_until=clock.now() + grace if grace else None)
    await audit.record("webhook_endpoint.rotate_secret", target_type="webhook_endpoint", target_id=e.id,
                       after={"grace_seconds": int(grace.total_seconds())})
    return EndpointWithSecret(e, value)

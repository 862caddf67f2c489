"""Merchant groups, merchants, brands and provider access."""
from __future__ import annotations

import re

from backend.audit import service as audit
from backend.core.errors import Conflict, NotFound, Problems, ValidationFailed
from backend.core.money import is_currency
from backend.merchants.errors import MerchantError as E
from backend.merchants.models import Brand, Merchant, MerchantGroup, MerchantStatus, ProviderAccess, SimulatedProvider

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


async def create_merchant_group(*, name: str) -> MerchantGroup:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed.on("name", E.NAME_REQUIRED, "Name is required")
    if await MerchantGroup.exists(name=name):
        raise ValidationFailed.on("name", E.NAME_TAKEN, "A merchant group with this name already exists")
    group = await MerchantGroup.create(name=name)
    await audit.record("merchant_group.create", target_type="merchant_group", target_id=group.id, after={"name": name})
    return group


async def get_merchant(merchant_id: str) -> Merchant:
    m = await Merchant.get_or_none(id=merchant_id)
    if m is None:
        raise NotFound("Merchant")
    return m


async def create_merchant(*, name: str, merchant_group_id: str | None) -> Merchant:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed.on("name", E.NAME_REQUIRED, "Name is required")
    if merchant_group_id and not await MerchantGroup.exists(id=merchant_group_id):
        raise NotFound("Merchant group")
    if await Merchant.exists(name=name):
        raise ValidationFailed.on("name", E.NAME_TAKEN, "A merchant with this name already exists")
    merchant = await Merchant.create(name=name, merchant_group_id=merchant_group_id)
    await audit.record("merchant.create", target_type="merchant", target_id=merchant.id,
                       after={"name": name, "merchant_group": merchant_group_id})
    return merchant


async def update_merchant(merchant_id: str, *, name: str | None, merchant_group_id: str | None, status: MerchantStatus | None,
                          clear_group: bool = False) -> Merchant:
    m = await get_merchant(merchant_id)
    before = {"name": m.name, "merchant_group": m.merchant_group_id, "status": m.status}
    if name is not None:
        name = name.strip()
        if not name:
            raise ValidationFailed.on("name", E.NAME_REQUIRED, "Name is required")
        if name != m.name and await Merchant.exists(name=name):
            raise ValidationFailed.on("name", E.NAME_TAKEN, "A merchant with this name already exists")
        m.name = name
    if merchant_group_id is not None:
        if not await MerchantGroup.exists(id=merchant_group_id):
            raise NotFound("Merchant group")
        m.merchant_group_id = merchant_group_id
    elif clear_group:
        m.merchant_group_id = None
    if status is not None:
        m.status = status
    await m.save()
    await audit.record("merchant.update", target_type="merchant", target_id=m.id, before=before,
                       after={"name": m.name, "merchant_group": m.merchant_group_id, "status": m.status})
    return m


def _check_brand(p: Problems, name: str | None, color: str | None, currency: str | None, logo_url: str | None) -> None:
    if name is not None and not name.strip():
        p.add("name", E.NAME_REQUIRED, "Name is required")
    if color is not None and not COLOR_RE.match(color):
        p.add("color", E.COLOR_INVALID, "Use a hex colour like #4f46e5")
    if currency is not None and not is_currency(currency):
        p.add("defaultCurrency", E.CURRENCY_UNKNOWN, "Use an ISO 4217 currency code, e.g. EUR")
    if logo_url and not re.match(r"^(https?://|/)\S+$", logo_url):
        p.add("logoUrl", E.LOGO_URL_INVALID, "Use an http(s) URL or a path")


def brand_snapshot(b: Brand) -> dict:
    return {"name": b.name, "logo_url": b.logo_url, "color": b.color, "default_currency": b.default_currency}


async def create_brand(*, merchant_id: str, name: str, color: str, default_currency: str, logo_url: str | None) -> Brand:
    p = Problems()
    default_currency = (default_currency or "").upper()
    _check_brand(p, name, color, default_currency, logo_url)
    p.raise_if_any()
    await get_merchant(merchant_id)
    if await Brand.exists(merchant_id=merchant_id, name=name.strip()):
        raise ValidationFailed.on("name", E.NAME_TAKEN, "This merchant already has a brand with this name")
    brand = await Brand.create(merchant_id=merchant_id, name=name.strip(), color=color, default_currency=default_currency,
                               logo_url=logo_url or None)
    await audit.record("brand.create", target_type="brand", target_id=brand.id, after=brand_snapshot(brand))
    return brand


async def update_brand(brand_id: str, *, name: str | None, color: str | None, default_currency: str | None,
                       logo_url: str | None) -> Brand:
    brand = await Brand.get_or_none(id=brand_id)
    if brand is None:
        raise NotFound("Brand")
    before = brand_snapshot(brand)
    default_currency = default_currency.upper() if default_currency else None
    p = Problems()
    _check_brand(p, name, color, default_currency, logo_url)
    p.raise_if_any()
    if name is not None and name.strip() != brand.name and await Brand.exists(merchant_id=brand.merchant_id, name=name.strip()):
        raise ValidationFailed.on("name", E.NAME_TAKEN, "This merchant already has a brand with this name")
    for attr, val in (("name", name.strip() if name else None), ("color", color), ("default_currency", default_currency),
                      ("logo_url", logo_url)):
        if val is not None:
            setattr(brand, attr, val or None if attr == "logo_url" else val)
    await brand.save()
    await audit.record("brand.update", target_type="brand", target_id=brand.id, before=before, after=brand_snapshot(brand))
    return brand


async def grant_provider(merchant_id: str, provider: SimulatedProvider) -> ProviderAccess:
    await get_merchant(merchant_id)
    if await ProviderAccess.exists(merchant_id=merchant_id, provider=provider):
        raise Conflict(E.PROVIDER_ALREADY_GRANTED, "This merchant already has access to this provider")
    pa = await ProviderAccess.create(merchant_id=merchant_id, provider=provider)
    await audit.record("provider_access.grant", target_type="merchant", target_id=merchant_id, after={"provider": provider})
    return pa


async def revoke_provider(access_id: str) -> str:
    pa = await ProviderAccess.get_or_none(id=access_id)
    if pa is None:
        raise NotFound("Provider access")
    await pa.delete()
    await audit.record("provider_access.revoke", target_type="merchant", target_id=pa.merchant_id, before={"provider": pa.provider})
    return access_id

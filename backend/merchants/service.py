"""Merchant groups and merchants (the foundation keeps them minimal; merchant setup extends them)."""
from __future__ import annotations

from backend.audit import service as audit
from backend.core.errors import NotFound, ValidationFailed
from backend.merchants.errors import MerchantError as E
from backend.merchants.models import Merchant, MerchantGroup


async def create_merchant_group(*, name: str) -> MerchantGroup:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed.on("name", E.NAME_REQUIRED, "Name is required")
    if await MerchantGroup.exists(name=name):
        raise ValidationFailed.on("name", E.NAME_TAKEN, "A merchant group with this name already exists")
    group = await MerchantGroup.create(name=name)
    await audit.record("merchant_group.create", target_type="merchant_group", target_id=group.id, after={"name": name})
    return group


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

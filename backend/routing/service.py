"""Payment methods and their first-level blueprints (targets: MASTER MID GROUPs)."""
from __future__ import annotations

from backend.audit import service as audit
from backend.core.errors import FieldProblem, NotFound, Problems, ValidationFailed
from backend.core.money import is_currency
from backend.execution.models import MasterMid, MasterMidGroup
from backend.merchants.models import Brand
from backend.routing import versions
from backend.routing.cache import invalidate_after_commit
from backend.routing.errors import RoutingError as E
from backend.routing.models import PaymentMethod, PaymentMethodType, RoutingBlueprint, VersionStatus


def snapshot(pm: PaymentMethod) -> dict:
    return {"name": pm.name, "type": pm.type, "currencies": pm.currencies, "min_amount": pm.min_amount,
            "max_amount": pm.max_amount, "enabled": pm.enabled}


def _check(p: Problems, name, currencies, min_amount, max_amount) -> None:
    if name is not None and not name.strip():
        p.add("name", E.NAME_REQUIRED, "Name is required")
    if currencies is not None:
        if not currencies:
            p.add("currencies", E.CURRENCIES_REQUIRED, "Accept at least one currency")
        bad = [c for c in currencies if not is_currency(c)]
        if bad:
            p.add("currencies", E.CURRENCY_UNKNOWN, f"Unknown currency: {', '.join(bad)}")
    for field, v in (("minAmount", min_amount), ("maxAmount", max_amount)):
        if v is not None and v < 1:
            p.add(field, E.AMOUNT_INVALID, "Amounts are positive integers in minor units")
    if min_amount is not None and max_amount is not None and min_amount > max_amount:
        p.add("maxAmount", E.MIN_GREATER_THAN_MAX, "Maximum is below minimum")


async def get_method(method_id: str) -> PaymentMethod:
    pm = await PaymentMethod.get_or_none(id=method_id)
    if pm is None:
        raise NotFound("Payment method")
    return pm


async def create_method(*, brand_id: str, name: str, type: PaymentMethodType, currencies: list[str], min_amount: int,
                        max_amount: int, enabled: bool) -> PaymentMethod:
    currencies = sorted({c.upper() for c in currencies})
    p = Problems()
    _check(p, name, currencies, min_amount, max_amount)
    p.raise_if_any()
    brand = await Brand.get_or_none(id=brand_id)
    if brand is None:
        raise NotFound("Brand")
    if await PaymentMethod.exists(brand_id=brand_id, name=name.strip()):
        raise ValidationFailed.on("name", E.NAME_TAKEN, "This brand already has a payment method with this name")
    pm = await PaymentMethod.create(brand_id=brand_id, merchant_id=brand.merchant_id, name=name.strip(), type=type,
                                    currencies=currencies, min_amount=min_amount, max_amount=max_amount, enabled=enabled)
    await audit.record("payment_method.create", target_type="payment_method", target_id=pm.id, after=snapshot(pm))
    return pm


async def update_method(method_id: str, *, name=None, currencies=None, min_amount=None, max_amount=None, enabled=None) -> PaymentMethod:
    pm = await get_method(method_id)
    before = snapshot(pm)
    currencies = sorted({c.upper() for c in currencies}) if currencies is not None else None
    p = Problems()
    _check(p, name, currencies, min_amount if min_amount is not None else pm.min_amount,
           max_amount if max_amount is not None else pm.max_amount)
    p.raise_if_any()
    for attr, v in (("name", name.strip() if name else None), ("currencies", currencies), ("min_amount", min_amount),
                    ("max_amount", max_amount), ("enabled", enabled)):
        if v is not None:
            setattr(pm, attr, v)
    await pm.save()
    await audit.record("payment_method.update", target_type="payment_method", target_id=pm.id, before=before, after=snapshot(pm))
    await invalidate_after_commit(pm.tenant_id)
    return pm


async def _check_targets(bp: RoutingBlueprint, doc: dict) -> list[FieldProblem]:
    pm = await PaymentMethod.get(id=bp.payment_method_id)
    out: list[FieldProblem] = []
    ids = {t for r in doc.get("rules", []) for t in r.get("targets", [])} | set(doc.get("fallback", []))
    groups = {g.id for g in await MasterMidGroup.filter(id__in=list(ids))}
    enabled = {m.group_id for m in await MasterMid.filter(group_id__in=list(groups), enabled=True)}

    def check(path: str, targets: list[str]) -> None:
        for t in targets:
            if t not in groups:
                out.append(FieldProblem(path, E.TARGET_NOT_FOUND.value, f"MASTER MID GROUP {t} does not exist"))
            elif t not in enabled:
                out.append(FieldProblem(path, E.TARGET_DISABLED.value, f"MASTER MID GROUP {t} has no enabled MASTER MID"))

    for i, rule in enumerate(doc.get("rules", [])):
        check(f"rules[{i}].targets", rule.get("targets", []))
    if not doc.get("fallback"):
        out.append(FieldProblem("fallback", E.FALLBACK_REQUIRED.value, "Set a fallback route"))
    check("fallback", doc.get("fallback", []))
    out += versions.static_reachability(doc, min_amount=pm.min_amount, max_amount=pm.max_amount, currencies=pm.currencies)
    return out


async def draft(method_id: str) -> RoutingBlueprint:
    await get_method(method_id)
    return await versions.draft_for(RoutingBlueprint, "payment_method_id", method_id)


async def update_draft(blueprint_id: str, document: dict) -> RoutingBlueprint:
    return await versions.update_draft(RoutingBlueprint, blueprint_id, document)


async def publish(blueprint_id: str) -> RoutingBlueprint:
    return await versions.publish(RoutingBlueprint, "payment_method_id", blueprint_id, _check_targets)


async def diff(a_id: str, b_id: str) -> dict:
    a = await RoutingBlueprint.get_or_none(id=a_id)
    b = await RoutingBlueprint.get_or_none(id=b_id)
    if a is None or b is None:
        raise NotFound("Blueprint version")
    return versions.diff_documents(a.document, b.document)


async def published(method_id: str) -> RoutingBlueprint | None:
    return await RoutingBlueprint.filter(payment_method_id=method_id, status=VersionStatus.PUBLISHED).first()

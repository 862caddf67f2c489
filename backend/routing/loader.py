"""Builds the routing engine's snapshot from the database, and caches compiled routings per process.

The cache is keyed by (tenant, payment method, published|draft) and dropped whenever the tenant's
routing generation (bumped in Redis after every publish or execution-layer change) moves.
"""
from __future__ import annotations

from backend.core.errors import DomainError, NotFound
from backend.core.tenancy import current_tenant_id
from backend.execution.models import ExecutionBlueprint, MasterMid, MasterMidGroup, SubMid, SubMidGroup
from backend.routing import engine
from backend.routing.cache import generation
from backend.routing.errors import RoutingError as E
from backend.routing.models import PaymentMethod, RoutingBlueprint, VersionStatus


class NoPublishedRouting(DomainError):
    def __init__(self) -> None:
        super().__init__(E.NO_PUBLISHED_ROUTING, "This payment method has no published routing; publish a blueprint first")


async def _blueprint(method_id: str, use_draft: bool) -> RoutingBlueprint | None:
    if use_draft:
        draft = await RoutingBlueprint.filter(payment_method_id=method_id, status=VersionStatus.DRAFT).first()
        if draft is not None:
            return draft
    return await RoutingBlueprint.filter(payment_method_id=method_id, status=VersionStatus.PUBLISHED).first()


def _targets(doc: dict) -> list[str]:
    ids = [t for r in doc.get("rules", []) for t in r.get("targets", [])] + list(doc.get("fallback", []))
    return list(dict.fromkeys(ids))


async def load_snapshot(method_id: str, *, use_draft: bool = False) -> engine.RoutingSnapshot:
    pm = await PaymentMethod.get_or_none(id=method_id)
    if pm is None:
        raise NotFound("Payment method")
    bp = await _blueprint(method_id, use_draft)
    if bp is None:
        raise NoPublishedRouting()
    group_ids = _targets(bp.document)
    groups = {g.id: g for g in await MasterMidGroup.filter(id__in=group_ids)}
    mids = await MasterMid.filter(group_id__in=list(groups)).order_by("position", "name")
    exec_bps = {b.master_mid_id: b for b in await ExecutionBlueprint.filter(
        master_mid_id__in=[m.id for m in mids], status=VersionStatus.PUBLISHED)}
    sub_group_ids = list(dict.fromkeys(t for b in exec_bps.values() for t in _targets(b.document)))
    sub_groups = await SubMidGroup.filter(id__in=sub_group_ids)
    members: dict[str, list[SubMid]] = {}
    for m in await SubMid.filter(group_id__in=sub_group_ids).order_by("position", "name"):
        members.setdefault(m.group_id, []).append(m)

    def mid_snap(m: MasterMid) -> engine.MasterMidSnap:
        xb = exec_bps.get(m.id)
        return engine.MasterMidSnap(id=m.id, name=m.name, enabled=m.enabled, provider=m.provider,
                                    settlement_currency=m.settlement_currency, fees=m.fees,
                                    document=xb.document if xb else None, version=xb.version if xb else None)

    return engine.RoutingSnapshot(
        method=engine.MethodSnap(id=pm.id, name=pm.name, enabled=pm.enabled, currencies=list(pm.currencies),
                                 min_amount=pm.min_amount, max_amount=pm.max_amount, document=bp.document, version=bp.version),
        master_mid_groups={gid: (groups[gid].name, [mid_snap(m) for m in mids if m.group_id == gid]) for gid in group_ids if gid in groups},
        sub_mid_groups={g.id: engine.SubMidGroupSnap(
            id=g.id, name=g.name, strategy=g.strategy.value,
            members=[engine.SubMidSnap(id=s.id, name=s.name, kind=s.kind.value, position=s.position, weight=s.weight,
                                       enabled=s.enabled, velocity=s.velocity, conversion_fee_bps=s.conversion_fee_bps)
                     for s in members.get(g.id, [])]) for g in sub_groups},
    )


_cache: dict[tuple[str | None, str, bool], tuple[int, object]] = {}


async def compiled_for(method_id: str, *, use_draft: bool = False):
    """The compiled routing of a payment method, rebuilt only when the tenant's routing generation moved."""
    tenant_id = current_tenant_id()
    gen = await generation(tenant_id)
    key = (tenant_id, method_id, use_draft)
    hit = _cache.get(key)
    if hit is not None and hit[0] == gen and gen >= 0:
        return hit[1]
    compiled = engine.compile_routing(await load_snapshot(method_id, use_draft=use_draft))
    _cache[key] = (gen, compiled)
    return compiled

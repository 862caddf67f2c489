"""The execution layer: MASTER MID GROUPs, MASTER MIDs (fees), second-level blueprints, SUB MID GROUPs and members."""
from __future__ import annotations

from typing import Any

from backend.audit import service as audit
from backend.core.errors import FieldProblem, NotFound, Problems, ValidationFailed
from backend.core.money import is_currency
from backend.execution.errors import ExecutionError as E
from backend.execution.models import ExecutionBlueprint, MasterMid, MasterMidGroup, MemberKind, Strategy, SubMid, SubMidGroup
from backend.merchants.models import SimulatedProvider
from backend.routing import versions
from backend.routing.cache import invalidate_after_commit
from backend.secrets import vault
from backend.secrets.models import Secret, SecretKind


async def _get(model, obj_id: str, what: str):
    obj = await model.get_or_none(id=obj_id)
    if obj is None:
        raise NotFound(what)
    return obj


def _name(p: Problems, name: str | None) -> None:
    if name is not None and not name.strip():
        p.add("name", E.NAME_REQUIRED, "Name is required")


# ---------------------------------------------------------------- MASTER MID GROUPs and MASTER MIDs

async def create_master_mid_group(name: str) -> MasterMidGroup:
    p = Problems()
    _name(p, name)
    p.raise_if_any()
    if await MasterMidGroup.exists(name=name.strip()):
        raise ValidationFailed.on("name", E.NAME_TAKEN, "A MASTER MID GROUP with this name already exists")
    g = await MasterMidGroup.create(name=name.strip())
    await audit.record("master_mid_group.create", target_type="master_mid_group", target_id=g.id, after={"name": g.name})
    return g


def _check_fees(p: Problems, fees: dict[str, Any] | None) -> None:
    if fees is None:
        return
    for currency, fee in fees.items():
        if not is_currency(currency):
            p.add("fees", E.CURRENCY_UNKNOWN, f"Unknown currency {currency}")
            continue
        ok = isinstance(fee, dict) and all(isinstance(fee.get(k, 0), int) and fee.get(k, 0) >= 0 for k in ("percent_bps", "fixed"))
        if not ok or fee.get("percent_bps", 0) > 10_000:
            p.add("fees", E.FEE_INVALID, f"Fee for {currency}: percent_bps 0–10000 and fixed ≥ 0, integers")


def master_mid_snapshot(m: MasterMid) -> dict:
    return {"name": m.name, "group": m.group_id, "provider": m.provider, "settlement_currency": m.settlement_currency,
            "fees": m.fees, "enabled": m.enabled, "position": m.position}


async def create_master_mid(*, group_id: str, name: str, provider: str, settlement_currency: str, fees: dict, enabled: bool,
                            position: int = 0) -> MasterMid:
    settlement_currency = (settlement_currency or "").upper()
    p = Problems()
    _name(p, name)
    if provider not in {sp.value for sp in SimulatedProvider}:
        p.add("provider", E.PROVIDER_UNKNOWN, "Choose a simulated provider")
    if not is_currency(settlement_currency):
        p.add("settlementCurrency", E.CURRENCY_UNKNOWN, "Use an ISO 4217 currency")
    _check_fees(p, fees)
    p.raise_if_any()
    await _get(MasterMidGroup, group_id, "MASTER MID GROUP")
    if await MasterMid.exists(name=name.strip()):
        raise ValidationFailed.on("name", E.NAME_TAKEN, "A MASTER MID with this name already exists")
    m = await MasterMid.create(group_id=group_id, name=name.strip(), provider=provider, settlement_currency=settlement_currency,
                               fees=fees or {}, enabled=enabled, position=position)
    await audit.record("master_mid.create", target_type="master_mid", target_id=m.id, after=master_mid_snapshot(m))
    await invalidate_after_commit(m.tenant_id)
    return m


async def update_master_mid(mid_id: str, *, name=None, fees=None, enabled=None, settlement_currency=None, position=None) -> MasterMid:
    m = await _get(MasterMid, mid_id, "MASTER MID")
    before = master_mid_snapshot(m)
    p = Problems()
    _name(p, name)
    _check_fees(p, fees)
    if settlement_currency is not None and not is_currency(settlement_currency.upper()):
        p.add("settlementCurrency", E.CURRENCY_UNKNOWN, "Use an ISO 4217 currency")
    p.raise_if_any()
    for attr, v in (("name", name.strip() if name else None), ("fees", fees), ("enabled", enabled), ("position", position),
                    ("settlement_currency", settlement_currency.upper() if settlement_currency else None)):
        if v is not None:
            setattr(m, attr, v)
    await m.save()
    await audit.record("master_mid.update", target_type="master_mid", target_id=m.id, before=before, after=master_mid_snapshot(m))
    await invalidate_after_commit(m.tenant_id)
    return m


# ---------------------------------------------------------------- SUB MID GROUPs and members

async def create_sub_mid_group(*, master_mid_id: str, name: str, strategy: Strategy) -> SubMidGroup:
    p = Problems()
    _name(p, name)
    p.raise_if_any()
    await _get(MasterMid, master_mid_id, "MASTER MID")
    if await SubMidGroup.exists(master_mid_id=master_mid_id, name=name.strip()):
        raise ValidationFailed.on("name", E.NAME_TAKEN, "This MASTER MID already has a SUB MID GROUP with this name")
    g = await SubMidGroup.create(master_mid_id=master_mid_id, name=name.strip(), strategy=strategy)
    await audit.record("sub_mid_group.create", target_type="sub_mid_group", target_id=g.id, after={"name": g.name, "strategy": strategy})
    await invalidate_after_commit(g.tenant_id)
    return g


def _check_velocity(p: Problems, velocity: list[dict] | None) -> None:
    for i, v in enumerate(velocity or []):
        w, c, a = v.get("window_seconds"), v.get("max_count"), v.get("max_amount")
        ok = isinstance(w, int) and w > 0 and (c is None or (isinstance(c, int) and c >= 0)) and \
            (a is None or (isinstance(a, int) and a >= 0)) and (c is not None or a is not None)
        if not ok:
            p.add(f"velocity[{i}]", E.VELOCITY_INVALID, "A window needs window_seconds > 0 and a max count and/or max amount (integers ≥ 0)")


def sub_mid_snapshot(s: SubMid) -> dict:
    return {"name": s.name, "kind": s.kind, "position": s.position, "weight": s.weight, "enabled": s.enabled,
            "velocity": s.velocity, "conversion_fee_bps": s.conversion_fee_bps, "credentials": s.credentials_secret_id}


async def _check_weights(group: SubMidGroup, changing: SubMid | None = None, new_weight: int | None = None, new_enabled=None) -> None:
    if group.strategy != Strategy.WEIGHT:
        return
    members = await SubMid.filter(group_id=group.id)
    total = 0
    for m in members:
        w, en = m.weight, m.enabled
        if changing is not None and m.id == changing.id:
            w = new_weight if new_weight is not None else w
            en = new_enabled if new_enabled is not None else en
        total += w if en else 0
    if changing is not None and changing.id not in {m.id for m in members}:
        total += (new_weight or 0) if (new_enabled is None or new_enabled) else 0
    if total <= 0:
        raise ValidationFailed.on("weight", E.WEIGHTS_SUM_ZERO, "The weights of the enabled members of a weight group must sum above 0")


async def add_sub_mid(*, group_id: str, name: str, kind: MemberKind, position: int, weight: int, enabled: bool,
                      velocity: list[dict], conversion_fee_bps: int, credentials: str | None) -> SubMid:
    p = Problems()
    _name(p, name)
    if weight < 0:
        p.add("weight", E.WEIGHT_INVALID, "Weight must be 0 or more")
    if not 0 <= conversion_fee_bps <= 10_000:
        p.add("conversionFeeBps", E.FEE_INVALID, "Conversion fee is 0–10000 basis points")
    _check_velocity(p, velocity)
    p.raise_if_any()
    group = await _get(SubMidGroup, group_id, "SUB MID GROUP")
    if await SubMid.exists(group_id=group_id, name=name.strip()):
        raise ValidationFailed.on("name", E.NAME_TAKEN, "This group already has a member with this name")
    member = SubMid(group_id=group_id, name=name.strip(), kind=kind, position=position, weight=weight, enabled=enabled,
                    velocity=velocity or [], conversion_fee_bps=conversion_fee_bps)
    await _check_weights(group, member, weight, enabled)
    if credentials:
        member.credentials_secret_id = (await vault.store(SecretKind.PROVIDER_CREDENTIALS, "sub_mid", member.id, credentials)).id
    await member.save()
    await audit.record("sub_mid.create", target_type="sub_mid", target_id=member.id, after=sub_mid_snapshot(member))
    await invalidate_after_commit(member.tenant_id)
    return member


async def update_sub_mid(member_id: str, *, name=None, position=None, weight=None, enabled=None, velocity=None,
                         conversion_fee_bps=None) -> SubMid:
    member = await _get(SubMid, member_id, "SUB MID")
    before = sub_mid_snapshot(member)
    p = Problems()
    _name(p, name)
    if weight is not None and weight < 0:
        p.add("weight", E.WEIGHT_INVALID, "Weight must be 0 or more")
    if conversion_fee_bps is not None and not 0 <= conversion_fee_bps <= 10_000:
        p.add("conversionFeeBps", E.FEE_INVALID, "Conversion fee is 0–10000 basis points")
    _check_velocity(p, velocity)
    p.raise_if_any()
    group = await SubMidGroup.get(id=member.group_id)
    await _check_weights(group, member, weight, enabled)
    for attr, v in (("name", name.strip() if name else None), ("position", position), ("weight", weight), ("enabled", enabled),
                    ("velocity", velocity), ("conversion_fee_bps", conversion_fee_bps)):
        if v is not None:
            setattr(member, attr, v)
    await member.save()
    await audit.record("sub_mid.update", target_type="sub_mid", target_id=member.id, before=before, after=sub_mid_snapshot(member))
    await invalidate_after_commit(member.tenant_id)
    return member


async def replace_credentials(member_id: str, credentials: str) -> SubMid:
    """Replace a SUB MID's provider credentials; the value is never shown again (only a hint)."""
    if not credentials:
        raise ValidationFailed.on("credentials", E.NAME_REQUIRED, "Enter the new credentials")
    member = await _get(SubMid, member_id, "SUB MID")
    secret = await Secret.get_or_none(id=member.credentials_secret_id) if member.credentials_secret_id else None
    if secret is None:
        secret = await vault.store(SecretKind.PROVIDER_CREDENTIALS, "sub_mid", member.id, credentials)
        member.credentials_secret_id = secret.id
        await member.save(update_fields=["credentials_secret_id"])
    else:
        await vault.replace(secret, credentials)
    await audit.record("sub_mid.replace_credentials", target_type="sub_mid", target_id=member.id, after={"hint": secret.hint})
    return member


# ---------------------------------------------------------------- second-level blueprints

async def _check_targets(bp: ExecutionBlueprint, doc: dict) -> list[FieldProblem]:
    out: list[FieldProblem] = []
    groups = {g.id: g for g in await SubMidGroup.filter(master_mid_id=bp.master_mid_id)}
    members = await SubMid.filter(group_id__in=list(groups), enabled=True)
    live = {m.group_id for m in members if groups[m.group_id].strategy == Strategy.SEQUENCE or m.weight > 0}

    def check(path: str, targets: list[str]) -> None:
        for t in targets:
            if t not in groups:
                out.append(FieldProblem(path, "TARGET_NOT_FOUND", f"SUB MID GROUP {t} does not belong to this MASTER MID"))
            elif t not in live:
                out.append(FieldProblem(path, "TARGET_DISABLED", f"SUB MID GROUP {groups[t].name} has no enabled member"))

    for i, rule in enumerate(doc.get("rules", [])):
        check(f"rules[{i}].targets", rule.get("targets", []))
    if not doc.get("fallback"):
        out.append(FieldProblem("fallback", "FALLBACK_REQUIRED", "Set a fallback route"))
    check("fallback", doc.get("fallback", []))
    return out + versions.static_reachability(doc)


async def draft(master_mid_id: str) -> ExecutionBlueprint:
    await _get(MasterMid, master_mid_id, "MASTER MID")
    return await versions.draft_for(ExecutionBlueprint, "master_mid_id", master_mid_id)


async def update_draft(blueprint_id: str, document: dict) -> ExecutionBlueprint:
    return await versions.update_draft(ExecutionBlueprint, blueprint_id, document)


async def publish(blueprint_id: str) -> ExecutionBlueprint:
    return await versions.publish(ExecutionBlueprint, "master_mid_id", blueprint_id, _check_targets)



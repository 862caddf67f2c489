"""Versioned blueprints, shared by both levels: draft -> published -> archived.

A new draft starts from the published version. Publishing validates the draft (every problem
listed, with its path), then switches the active version atomically and bumps the routing
generation so every process drops its compiled cache.
"""
from __future__ import annotations

import copy
from typing import Any, Awaitable, Callable

from backend.audit import service as audit
from backend.core import clock
from backend.core.context import current_actor
from backend.core.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from backend.routing.errors import RoutingError as E
from backend.routing.cache import invalidate_after_commit
from backend.routing.models import VersionStatus
from backend.routing.rules import validate_document

EMPTY = {"rules": [], "fallback": []}

Checker = Callable[[Any, dict], Awaitable[list[FieldProblem]]]


async def draft_for(model, owner_field: str, owner_id: str):
    """The owner's draft; created from the published version (or empty) when there is none."""
    draft = await model.filter(**{owner_field: owner_id}, status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    latest = await model.filter(**{owner_field: owner_id}).order_by("-version").first()
    published = await model.filter(**{owner_field: owner_id}, status=VersionStatus.PUBLISHED).first()
    doc = copy.deepcopy(published.document) if published else copy.deepcopy(EMPTY)
    draft = await model.create(**{owner_field: owner_id}, version=(latest.version + 1) if latest else 1, document=doc,
                               created_by=current_actor().id)
    await audit.record(f"{model._meta.db_table}.draft", target_type=model._meta.db_table, target_id=draft.id,
                       after={"version": draft.version, "from_version": published.version if published else None})
    return draft


async def update_draft(model, blueprint_id: str, document: dict):
    bp = await model.get_or_none(id=blueprint_id)
    if bp is None:
        raise NotFound("Blueprint")
    if bp.status != VersionStatus.DRAFT:
        raise Conflict(E.NOT_A_DRAFT, f"Version {bp.version} is {bp.status.value}; edit the draft instead")
    problems = validate_document(document)
    if problems:
        raise ValidationFailed(problems, message="The blueprint has problems; nothing was saved")
    before = bp.document
    bp.document = {"rules": document.get("rules", []), "fallback": document.get("fallback", [])}
    await bp.save(update_fields=["document"])
    await invalidate_after_commit(bp.tenant_id)  # sandbox traffic and previews route on the draft
    await audit.record(f"{model._meta.db_table}.update_draft", target_type=model._meta.db_table, target_id=bp.id,
                       before={"document": before}, after={"document": bp.document})
    return bp


async def publish(model, owner_field: str, blueprint_id: str, check: Checker):
    bp = await model.get_or_none(id=blueprint_id)
    if bp is None:
        raise NotFound("Blueprint")
    if bp.status != VersionStatus.DRAFT:
        raise Conflict(E.NOT_A_DRAFT, f"Version {bp.version} is already {bp.status.value}")
    problems = validate_document(bp.document) or await check(bp, bp.document)
    if problems:
        raise ValidationFailed(problems, message=f"Version {bp.version} cannot be published: {len(problems)} problem(s)")
    owner_id = getattr(bp, f"{owner_field}")
    previous = await model.filter(**{owner_field: owner_id}, status=VersionStatus.PUBLISHED).first()
    await model.filter(**{owner_field: owner_id}, status=VersionStatus.PUBLISHED).update(status=VersionStatus.ARCHIVED)
    switched = await model.filter(id=bp.id, status=VersionStatus.DRAFT).update(
        status=VersionStatus.PUBLISHED, published_at=clock.now(), published_by=current_actor().id)
    if switched != 1:  # someone published it in between
        raise Conflict(E.NOT_A_DRAFT, "This version was published by someone else meanwhile")
    await audit.record(f"{model._meta.db_table}.publish", target_type=model._meta.db_table, target_id=bp.id,
                       before={"published_version": previous.version if previous else None}, after={"published_version": bp.version})
    await invalidate_after_commit(bp.tenant_id)
    return await model.get(id=bp.id)



def diff_documents(a: dict, b: dict) -> dict:
    """What changed from version a to version b: rules added, removed, changed (by rule id), fallback."""
    ra = {r.get("id"): r for r in a.get("rules", [])}
    rb = {r.get("id"): r for r in b.get("rules", [])}
    order_a = [r.get("id") for r in a.get("rules", [])]
    order_b = [r.get("id") for r in b.get("rules", [])]
    changed = []
    for rid in rb:
        if rid in ra and ra[rid] != rb[rid]:
            fields = sorted(k for k in set(ra[rid]) | set(rb[rid]) if ra[rid].get(k) != rb[rid].get(k))
            changed.append({"id": rid, "fields": fields, "before": ra[rid], "after": rb[rid]})
    common_a = [r for r in order_a if r in rb]
    common_b = [r for r in order_b if r in ra]
    return {
        "added": [rb[r] for r in order_b if r not in ra],
        "removed": [ra[r] for r in order_a if r not in rb],
        "changed": changed,
        "reordered": common_a != common_b,
        "fallback": None if a.get("fallback") == b.get("fallback") else {"before": a.get("fallback"), "after": b.get("fallback")},
    }


def static_reachability(document: dict, *, min_amount: int | None = None, max_amount: int | None = None,
                        currencies: list[str] | None = None) -> list[FieldProblem]:
    """Rules that can never match: after an unconditional rule, or disjoint from the method's limits and currencies."""
    out: list[FieldProblem] = []
    catch_all_at = None
    for i, rule in enumerate(document.get("rules", [])):
        conds = rule.get("conditions", [])
        if catch_all_at is not None:
            out.append(FieldProblem(f"rules[{i}]", E.RULE_UNREACHABLE.value,
                                    f"Rule {rule.get('id')} can never match: rule {catch_all_at} before it matches everything"))
            continue
        if not conds:
            catch_all_at = rule.get("id")
            continue
        if rule.get("match", "all") != "all":
            continue
        for j, c in enumerate(conds):
            path = f"rules[{i}].conditions[{j}]"
            if c.get("type") == "amount_range" and (min_amount is not None or max_amount is not None):
                lo, hi = c.get("min"), c.get("max")
                if (hi is not None and min_amount is not None and hi < min_amount) or \
                   (lo is not None and max_amount is not None and lo > max_amount):
                    out.append(FieldProblem(path, E.RULE_NEVER_MATCHES.value,
                                            f"Amount range never overlaps the method's limits {min_amount}–{max_amount}"))
            if c.get("type") == "currency" and currencies:
                if not set(c.get("in", [])) & set(currencies):
                    out.append(FieldProblem(path, E.RULE_NEVER_MATCHES.value,
                                            f"None of these currencies is accepted by the method ({', '.join(currencies)})"))
    return out

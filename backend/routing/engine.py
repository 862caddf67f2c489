"""The routing engine: pure Python over a snapshot of one payment method's two-level routing.

No database and no I/O here (velocity is asked of a gate passed in). The loader builds a
:class:`RoutingSnapshot` from the published versions; :func:`compile_routing` compiles it once (cached
by the loader); :func:`decide` routes a payment, consuming velocity through the gate (or only peeking,
for previews); :func:`decide_sync` is the same walk without a gate. :func:`evaluate_uncompiled`
interprets the JSON documents on every call: the benchmark's baseline and the tests' cross-check.

The walk: payment method checks (DISABLED, CURRENCY, LIMIT fail the decision) -> first-level rules,
first match wins -> its MASTER MID GROUPs in order, each group's MASTER MIDs in order (rejected when
disabled, without a fee for the currency, or without a published execution blueprint) -> that MASTER
MID's second-level rules -> its SUB MID GROUPs -> members by strategy (sequence: by position; weight:
weighted order, deterministic per payment id) -> disabled members rejected, velocity asked. When no
rule matches or every target rejects, the level's fallback targets are tried. Candidates are produced
lazily, so a velocity refusal simply moves on to the next one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from hashlib import blake2b
from typing import Any, Callable, Iterable, Iterator

from backend.core import clock
from backend.routing.decision import Candidate, Decision, Trace
from backend.routing.matcher import InterpretedLevel
from backend.routing.ruleindex import CompiledLevel

__all__ = ["PaymentSample", "SubMidSnap", "SubMidGroupSnap", "MasterMidSnap", "MethodSnap", "RoutingSnapshot",
           "CompiledRouting", "Candidate", "Decision", "Trace", "compile_routing", "decide", "decide_sync",
           "evaluate_uncompiled", "weighted_order"]


# ---------------------------------------------------------------- input snapshot


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


@dataclass
class PaymentSample:
    """The payment attributes routing looks at. Normalised on creation: currency and country upper case,
    card brand lower case, BIN digits only, blanks -> None, metadata values as text, ``at`` in UTC
    (naive = UTC; None = now from the controllable clock)."""

    id: str
    amount: int
    currency: str
    country: str | None = None
    card_bin: str | None = None
    card_brand: str | None = None
    customer_segment: str | None = None
    user_reference: str | None = None
    metadata: dict = field(default_factory=dict)
    at: datetime | None = None
    minute: int = field(init=False, repr=False, compare=False)  # UTC minute of day, for time windows

    def __post_init__(self) -> None:
        self.currency = (self.currency or "").strip().upper()
        self.country = (self.country or "").strip().upper() or None
        self.card_brand = (self.card_brand or "").strip().lower() or None
        self.card_bin = "".join(ch for ch in (self.card_bin or "") if ch.isdigit()) or None
        self.customer_segment = self.customer_segment or None
        self.user_reference = self.user_reference or None
        self.metadata = {str(k): _text(v) for k, v in (self.metadata or {}).items() if v is not None}
        at = self.at or clock.now()
        self.at = at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
        self.minute = self.at.hour * 60 + self.at.minute


@dataclass
class SubMidSnap:
    id: str
    name: str
    kind: str = "sub_mid"  # sub_mid | aggregator
    position: int = 0
    weight: int = 1
    enabled: bool = True
    velocity: list[dict] = field(default_factory=list)  # [{"window_seconds", "max_count", "max_amount"}]
    conversion_fee_bps: int = 0


@dataclass
class SubMidGroupSnap:
    id: str
    name: str
    strategy: str  # sequence | weight
    members: list[SubMidSnap] = field(default_factory=list)


@dataclass
class MasterMidSnap:
    id: str
    name: str
    enabled: bool
    provider: str
    settlement_currency: str
    fees: dict  # {"EUR": {"percent_bps": 250, "fixed": 30}}
    document: dict | None  # its published second-level blueprint; None when it has none
    version: int | None = None


@dataclass
class MethodSnap:
    id: str
    name: str
    enabled: bool
    currencies: list[str]
    min_amount: int | None
    max_amount: int | None
    document: dict
    version: int | None = None


@dataclass
class RoutingSnapshot:
    method: MethodSnap
    master_mid_groups: dict[str, tuple[str, list[MasterMidSnap]]]  # group id -> (name, ordered MASTER MIDs)
    sub_mid_groups: dict[str, SubMidGroupSnap]


# ---------------------------------------------------------------- member order


def weighted_order(payment_id: str, group_id: str, members: list[SubMidSnap]) -> Iterator[SubMidSnap]:
    """Members (positive weights, in position order) in a weighted order, deterministic per payment id.

    Draw k picks one of the members left with probability weight / (their total weight), from the
    stable hash blake2b(f"{payment_id}:{group_id}") (then f"...:{k}" for the k-th draw). Lazy: the
    later draws are only made when an earlier member was refused.
    """
    remaining = list(members)
    k = 0
    while len(remaining) > 1:
        total = 0
        for m in remaining:
            total += m.weight
        seed = f"{payment_id}:{group_id}:{k}" if k else f"{payment_id}:{group_id}"
        r = int.from_bytes(blake2b(seed.encode(), digest_size=16).digest(), "big") % total
        for i, m in enumerate(remaining):
            r -= m.weight
            if r < 0:
                break
        yield remaining.pop(i)
        k += 1
    yield from remaining


def _ordered_members(group: SubMidGroupSnap, payment_id: str, trace: Trace,
                     by_position: list[SubMidSnap] | None = None) -> Iterable[SubMidSnap]:
    """Members to offer, in order; disabled ones (and, by weight, zero weights) are recorded and left out."""
    members = by_position if by_position is not None else sorted(group.members, key=lambda m: m.position)
    out = []
    weighted = group.strategy == "weight"
    for m in members:
        if not m.enabled:
            trace.reject(2, "sub_mid", m.id, m.name, "DISABLED", f"SUB MID {m.name} is disabled")
        elif not weighted or m.weight > 0:
            out.append(m)
    if not out:
        trace.reject(2, "sub_mid_group", group.id, group.name, "NO_MEMBER",
                     f"SUB MID GROUP {group.name} has no enabled member" + (" with a weight above 0" if weighted else ""))
    return weighted_order(payment_id, group.id, out) if weighted else out


# ---------------------------------------------------------------- the walk (shared by compiled and interpreted)


class _Walk:
    """Routing over a snapshot; subclasses decide how a level is matched and how members are prepared."""

    def __init__(self, snapshot: RoutingSnapshot):
        self.snapshot = snapshot
        self.method = snapshot.method

    def level1(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def level2(self, mid: MasterMidSnap):  # pragma: no cover - overridden
        raise NotImplementedError

    def members(self, group: SubMidGroupSnap, payment_id: str, trace: Trace) -> Iterable[SubMidSnap]:
        return _ordered_members(group, payment_id, trace)

    def candidates(self, p: PaymentSample, trace: Trace | None = None) -> Iterator[Candidate]:
        """Candidate (MASTER MID, SUB MID) pairs in order, lazily; facts go to ``trace``."""
        trace = trace if trace is not None else Trace()
        if not self._method_accepts(p, trace):
            return
        level = self.level1()
        m = self.method
        matched = level.first_match(p)
        trace.evaluated(1, (m.id, m.name), level, matched)
        tried: set[str] = set()
        if matched is not None:
            rid, name, targets = level.rule(matched)
            trace.first_rule = (rid, name)
            yield from self._mid_groups(p, trace, targets, (rid, name), tried)
        if level.fallback:
            trace.fallback_tried = True
            yield from self._mid_groups(p, trace, level.fallback, None, tried)
        trace.fail("NO_ROUTE", "No route accepted this payment: " + (
            "every target was rejected" if matched is not None or level.fallback else "no rule matched and there is no fallback"))

    def _method_accepts(self, p: PaymentSample, trace: Trace) -> bool:
        m = self.method
        problem = None
        if not m.enabled:
            problem = ("DISABLED", f"Payment method {m.name} is disabled")
        elif p.currency not in m.currencies:
            problem = ("CURRENCY", f"Currency {p.currency} is not accepted by {m.name} ({', '.join(m.currencies)})")
        elif m.min_amount is not None and p.amount < m.min_amount:
            problem = ("LIMIT", f"Amount {p.amount} is below the minimum {m.min_amount} of {m.name}")
        elif m.max_amount is not None and p.amount > m.max_amount:
            problem = ("LIMIT", f"Amount {p.amount} is above the maximum {m.max_amount} of {m.name}")
        if problem is None:
            return True
        trace.reject(1, "payment_method", m.id, m.name, *problem)
        trace.fail(*problem)
        return False

    def _mid_groups(self, p, trace: Trace, targets, rule, tried: set[str]) -> Iterator[Candidate]:
        groups = self.snapshot.master_mid_groups
        for gid in targets:
            if gid in tried:
                continue
            tried.add(gid)
            entry = groups.get(gid)
            if entry is None or not entry[1]:
                name = entry[0] if entry else gid
                trace.reject(1, "master_mid_group", gid, name, "NO_MEMBER",
                             f"MASTER MID GROUP {name} " + ("has no MASTER MIDs" if entry else "was not found"))
                continue
            gname, mids = entry
            for mid in mids:
                if not mid.enabled:
                    trace.reject(1, "master_mid", mid.id, mid.name, "DISABLED", f"MASTER MID {mid.name} is disabled")
                elif p.currency not in mid.fees:
                    trace.reject(1, "master_mid", mid.id, mid.name, "CURRENCY",
                                 f"MASTER MID {mid.name} has no processing fee for {p.currency}")
                elif mid.document is None:
                    trace.reject(1, "master_mid", mid.id, mid.name, "NO_BLUEPRINT",
                                 f"MASTER MID {mid.name} has no published execution blueprint")
                else:
                    yield from self._second_level(p, trace, mid, gid, gname, rule)

    def _second_level(self, p, trace: Trace, mid: MasterMidSnap, gid: str, gname: str, rule) -> Iterator[Candidate]:
        level = self.level2(mid)
        matched = level.first_match(p)
        trace.evaluated(2, (mid.id, mid.name), level, matched)
        tried: set[str] = set()

        def offer(targets, second_rule):
            for sgid in targets:
                if sgid in tried:
                    continue
                tried.add(sgid)
                group = self.snapshot.sub_mid_groups.get(sgid)
                if group is None:
                    trace.reject(2, "sub_mid_group", sgid, sgid, "NO_MEMBER", f"SUB MID GROUP {sgid} was not found")
                    continue
                for sub in self.members(group, p.id, trace):
                    yield Candidate(mid, sub, gid, gname, rule, rule is None, second_rule, second_rule is None, group)

        if matched is not None:
            rid, name, targets = level.rule(matched)
            yield from offer(targets, (rid, name))
        if level.fallback:
            yield from offer(level.fallback, None)


class CompiledRouting(_Walk):
    """A snapshot compiled once: both levels' rules as closures with bitset indexes, members pre-sorted."""

    def __init__(self, snapshot: RoutingSnapshot):
        super().__init__(snapshot)
        self._level1 = CompiledLevel(snapshot.method.document or {})
        self._levels2: dict[str, CompiledLevel] = {}
        for _, mids in snapshot.master_mid_groups.values():
            for mid in mids:
                if mid.document is not None and mid.id not in self._levels2:
                    self._levels2[mid.id] = CompiledLevel(mid.document)
        self._by_position = {gid: sorted(g.members, key=lambda m: m.position) for gid, g in snapshot.sub_mid_groups.items()}

    def level1(self) -> CompiledLevel:
        return self._level1

    def level2(self, mid: MasterMidSnap) -> CompiledLevel:
        return self._levels2[mid.id]

    def members(self, group: SubMidGroupSnap, payment_id: str, trace: Trace) -> Iterable[SubMidSnap]:
        return _ordered_members(group, payment_id, trace, self._by_position.get(group.id))


class _Interpreted(_Walk):
    """Reads the JSON documents on every call (no compilation, no index)."""

    def level1(self) -> InterpretedLevel:
        return InterpretedLevel(self.method.document or {})

    def level2(self, mid: MasterMidSnap) -> InterpretedLevel:
        return InterpretedLevel(mid.document or {})


def compile_routing(snapshot: RoutingSnapshot) -> CompiledRouting:
    return CompiledRouting(snapshot)


# ---------------------------------------------------------------- decisions

VelocityOk = Callable[[SubMidSnap, PaymentSample], bool]


def _velocity_message(sub: SubMidSnap, result: Any) -> str:
    return getattr(result, "message", None) or f"SUB MID {sub.name} is over its velocity limits"


def _decide_walk(walk: _Walk, p: PaymentSample, velocity_ok: VelocityOk | None) -> Decision:
    trace = Trace()
    for c in walk.candidates(p, trace):
        if velocity_ok is not None and c.sub_mid.velocity and not velocity_ok(c.sub_mid, p):
            trace.reject(2, "sub_mid", c.sub_mid.id, c.sub_mid.name, "VELOCITY", _velocity_message(c.sub_mid, None))
            continue
        return Decision(walk.method, p, trace, c)
    return Decision(walk.method, p, trace, None)


def decide_sync(compiled: CompiledRouting, payment: PaymentSample, velocity_ok: VelocityOk | None = None) -> Decision:
    """The pure path: no velocity unless ``velocity_ok(sub_mid, payment)`` is given (called for members with limits)."""
    return _decide_walk(compiled, payment, velocity_ok)


def evaluate_uncompiled(snapshot: RoutingSnapshot, payment: PaymentSample, velocity_ok: VelocityOk | None = None) -> Decision:
    """The same decision as ``decide_sync(compile_routing(snapshot), ...)``, interpreting the documents directly."""
    return _decide_walk(_Interpreted(snapshot), payment, velocity_ok)


async def decide(compiled: CompiledRouting, payment: PaymentSample, gate=None, consume: bool = True) -> Decision:
    """Route a payment. For each candidate SUB MID with velocity limits, ``gate.consume`` (or ``gate.peek``
    when consume=False, i.e. a preview) is awaited; a refusal is recorded (VELOCITY) and the next
    candidate is tried. The first accepted candidate wins."""
    trace = Trace()
    for c in compiled.candidates(payment, trace):
        sub = c.sub_mid
        if gate is not None and sub.velocity:
            ask = gate.consume if consume else gate.peek
            result = await ask(sub.id, sub.velocity, payment.amount, payment.id)
            if not result:
                trace.reject(2, "sub_mid", sub.id, sub.name, "VELOCITY", _velocity_message(sub, result))
                continue
        return Decision(compiled.method, payment, trace, c)
    return Decision(compiled.method, payment, trace, None)

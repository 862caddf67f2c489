"""Routing engine benchmark: one in-process decision over a 200-rule two-level blueprint.

    python bench/routing_bench.py [--payments 5000] [--passes 4] [--seed 7]

Builds a snapshot with 200 first-level rules (mixed conditions: amounts, currencies, countries, BINs,
brands, segments, user-reference patterns, time windows, metadata; all/any) targeting 10 MASTER MID
GROUPs of 2 MASTER MIDs, each MASTER MID with a 10-rule execution blueprint (200 second-level rules)
routing into sequence and weight SUB MID GROUPs. Most payments match one of the last rules. Times
``decide_sync`` (no velocity) per decision, compiled and uncompiled (``evaluate_uncompiled``), and
prints p50 / p99 in microseconds with the ratio; also the cost of rendering the full trace
(``to_dict()``: every rule's evaluation with its reason), which is done once per stored payment.
Target: compiled p99 <= 50 us. Not a test: figures only.
"""
from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.routing.engine import (MasterMidSnap, MethodSnap, PaymentSample, RoutingSnapshot, SubMidGroupSnap,  # noqa: E402
                                    SubMidSnap, compile_routing, decide_sync, evaluate_uncompiled)

CURRENCIES = ["EUR", "USD", "GBP", "IDR"]
COUNTRIES = ["DE", "FR", "NL", "ES", "IT", "US", "GB", "ID", "SG", "PL"]
RARE_COUNTRIES = ["IS", "MT", "LU", "CY", "EE"]
BRANDS = ["visa", "mastercard", "amex", "jcb"]
SEGMENTS = ["new", "regular", "vip"]
RARE_SEGMENTS = ["staff", "partner", "test"]
COMMON_BINS = ["4", "42", "51", "55", "37", "35"]
PATTERNS = [r"^ORD-\d{6}$", r"^SUB-", r"-(EU|US)$", r"^INV-\d+-[A-Z]{2}$", r"\d{4}$"]
FEES = {c: {"percent_bps": 180 + 20 * i, "fixed": 25 * (i + 1)} for i, c in enumerate(CURRENCIES)}


def rare_condition(rng: random.Random, i: int) -> dict:
    """A condition few payments meet: what keeps the early rules from matching."""
    kind = rng.choice(["bin", "country", "segment", "metadata", "amount", "reference"])
    if kind == "bin":
        return {"type": "card_bin", "prefixes": [f"{rng.randint(400000, 599999)}", f"{rng.randint(400000, 599999)}"]}
    if kind == "country":
        return {"type": "country", "in": rng.sample(RARE_COUNTRIES, 2)}
    if kind == "segment":
        return {"type": "customer_segment", "in": [rng.choice(RARE_SEGMENTS)]}
    if kind == "metadata":
        return {"type": "metadata", "key": "campaign", "value": f"cmp-{i}"}
    if kind == "reference":
        return {"type": "user_reference", "pattern": rf"^VIP-{i:03d}-\d+$"}
    lo = rng.randint(5_000_000, 9_000_000)
    return {"type": "amount_range", "min": lo, "max": lo + rng.randint(1, 500_000)}


def common_condition(rng: random.Random) -> dict:
    kind = rng.choice(["amount", "currency", "country", "brand", "bin", "segment", "time", "metadata", "reference"])
    if kind == "amount":
        lo = rng.choice([None, 100, 1_000, 5_000, 20_000])
        return {"type": "amount_range", "min": lo, "max": rng.choice([None, 50_000, 200_000, 1_000_000]) if lo else 500_000}
    if kind == "currency":
        return {"type": "currency", "in": rng.sample(CURRENCIES, rng.randint(2, 3))}
    if kind == "country":
        return {"type": "country", "in": rng.sample(COUNTRIES, rng.randint(3, 7))}
    if kind == "brand":
        return {"type": "card_brand", "in": rng.sample(BRANDS, rng.randint(2, 3))}
    if kind == "bin":
        return {"type": "card_bin", "prefixes": rng.sample(COMMON_BINS, rng.randint(2, 4))}
    if kind == "segment":
        return {"type": "customer_segment", "in": rng.sample(SEGMENTS, 2)}
    if kind == "time":
        start = rng.randrange(24)
        return {"type": "time_window", "start": f"{start:02d}:00", "end": f"{(start + rng.randint(8, 20)) % 24:02d}:30"}
    if kind == "metadata":
        return {"type": "metadata", "key": "channel", "value": rng.choice(["app", "web", "pos"])}
    return {"type": "user_reference", "pattern": rng.choice(PATTERNS)}


def document(rng: random.Random, n: int, targets: list[str], late: int, prefix: str) -> dict:
    """n rules: the first n - late each carry a rare condition; the last `late` only common ones."""
    rules = []
    for i in range(n):
        conds = [common_condition(rng) for _ in range(rng.randint(1, 3))]
        match = "all"
        if i < n - late:
            conds.insert(rng.randrange(len(conds) + 1), rare_condition(rng, i))
        elif rng.random() < 0.3:
            match = "any"
        rules.append({"id": f"{prefix}{i}", "name": f"{prefix.upper()} rule {i}", "match": match, "conditions": conds,
                      "targets": rng.sample(targets, rng.randint(1, 2))})
    return {"rules": rules, "fallback": [targets[0]]}


def build_snapshot(rng: random.Random) -> RoutingSnapshot:
    mmgs, smgs = {}, {}
    for g in range(10):
        mids = []
        for k in range(2):
            mid_id = f"mmid_{g}_{k}"
            sgs = []
            for j, strategy in enumerate(["weight", "sequence", "weight"]):
                sg = f"smg_{g}_{k}_{j}"
                members = [SubMidSnap(f"smid_{g}_{k}_{j}_{m}", f"Sub {g}.{k}.{j}.{m}", position=m, weight=rng.randint(1, 5),
                                      velocity=[{"window_seconds": 3600, "max_count": 1000, "max_amount": None}],
                                      conversion_fee_bps=150) for m in range(rng.randint(2, 4))]
                smgs[sg] = SubMidGroupSnap(sg, f"Pool {g}.{k}.{j}", strategy, members)
                sgs.append(sg)
            mids.append(MasterMidSnap(mid_id, f"MID {g}.{k}", True, "sim_card", "EUR", FEES,
                                      document(rng, 10, sgs, late=3, prefix=f"x{g}{k}_"), 1))
        mmgs[f"mmg_{g}"] = (f"Acquirers {g}", mids)
    method = MethodSnap("pm_bench", "Cards", True, CURRENCIES, 100, 10_000_000,
                        document(rng, 200, list(mmgs), late=25, prefix="r"), 7)
    return RoutingSnapshot(method, mmgs, smgs)


def payment(rng: random.Random, i: int) -> PaymentSample:
    rare = rng.random() < 0.03
    return PaymentSample(
        id=f"pay_{i:06d}", amount=rng.choice([rng.randint(100, 60_000), rng.randint(60_000, 900_000)]),
        currency=rng.choice(CURRENCIES), country=rng.choice(RARE_COUNTRIES if rare else COUNTRIES),
        card_bin=f"{rng.choice(['4', '5', '3'])}{rng.randint(10000, 99999)}", card_brand=rng.choice(BRANDS),
        customer_segment=rng.choice(RARE_SEGMENTS if rare else SEGMENTS),
        user_reference=rng.choice([f"ORD-{rng.randint(100000, 999999)}", f"SUB-{i}-EU", f"INV-{i}-US", f"R{i}"]),
        metadata={"channel": rng.choice(["app", "web", "pos"]), **({"campaign": f"cmp-{rng.randrange(200)}"} if rare else {})},
        at=datetime(2024, 5, 6, rng.randrange(24), rng.randrange(60), tzinfo=timezone.utc))


def timings(fn, payments: list[PaymentSample], passes: int) -> list[float]:
    for p in payments[:500]:  # warm up
        fn(p)
    gc.collect()
    out = []
    clock = time.perf_counter_ns
    for _ in range(passes):
        for p in payments:
            t = clock()
            fn(p)
            out.append((clock() - t) / 1000)
    return out


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--payments", type=int, default=5000)
    ap.add_argument("--passes", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    snap = build_snapshot(rng)
    t = time.perf_counter()
    compiled = compile_routing(snap)
    compile_ms = (time.perf_counter() - t) * 1000
    payments = [payment(rng, i) for i in range(args.payments)]

    # sanity: same answers, and where the payments land
    matched = Counter()
    for p in payments[:1000]:
        a, b = decide_sync(compiled, p), evaluate_uncompiled(snap, p)
        assert a.to_dict() == b.to_dict(), p.id
        rule = a.matched_rule
        matched["fallback" if rule is None else ("late (rule >= 175)" if int(rule["id"][1:]) >= 175 else "early (rule < 175)")] += 1
    n2 = sum(len(m.document["rules"]) for _, mids in snap.master_mid_groups.values() for m in mids)
    print(f"blueprint: {len(snap.method.document['rules'])} first-level rules, {n2} second-level rules over "
          f"{sum(len(m) for _, m in snap.master_mid_groups.values())} MASTER MIDs, {len(snap.sub_mid_groups)} SUB MID GROUPs")
    print(f"compile: {compile_ms:.1f} ms; first-level match of 1000 samples: {dict(matched)}")
    print(f"python {sys.version.split()[0]}; {args.payments} payments x {args.passes} passes\n")

    compiled_t = timings(lambda p: decide_sync(compiled, p), payments, args.passes)
    uncompiled_t = timings(lambda p: evaluate_uncompiled(snap, p), payments, max(1, args.passes // 2))
    traced_t = timings(lambda p: decide_sync(compiled, p).to_dict(), payments, max(1, args.passes // 2))

    rows = [("compiled   decide_sync", compiled_t), ("uncompiled evaluate_uncompiled", uncompiled_t),
            ("compiled   decide_sync + to_dict() (full trace)", traced_t)]
    print(f"{'':48} {'p50 µs':>9} {'p99 µs':>9} {'mean µs':>9}")
    for name, ts in rows:
        print(f"{name:48} {pct(ts, 0.50):9.1f} {pct(ts, 0.99):9.1f} {statistics.fmean(ts):9.1f}")
    p50_ratio = pct(uncompiled_t, 0.50) / pct(compiled_t, 0.50)
    p99_ratio = pct(uncompiled_t, 0.99) / pct(compiled_t, 0.99)
    print(f"\nratio uncompiled / compiled: p50 {p50_ratio:.1f}x, p99 {p99_ratio:.1f}x")
    p99 = pct(compiled_t, 0.99)
    print(f"target compiled p99 <= 50 µs: {'met' if p99 <= 50 else 'NOT met'} ({p99:.1f} µs)")


if __name__ == "__main__":
    main()

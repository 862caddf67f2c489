"""The journal's hash chain: every entry of a tenant carries sha256(prev_hash || canonical entry + postings).

The chain makes the ledger tamper-evident: changing, removing or reordering any entry (or one of its postings)
breaks every hash after it, and :func:`verify` finds the first break. Compliance bundles record the head hash at
build time (backend.exports.bundle), so a bundle also pins the ledger as it stood.

Serialisation: :func:`lock_head` takes the tenant's one ``ledger_heads`` row with SELECT ... FOR UPDATE in the
caller's database transaction (PostgreSQL; SQLite writes are serialised anyway), so two postings of one tenant
chain one after the other and never fork. The head row is created on first use with INSERT ... ON CONFLICT DO
NOTHING (two first postings at once both end up locking the same row); creating it adopts, in order, any entries
written before the chain existed.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

import orjson

from backend.core import clock
from backend.core.tenancy import current_tenant_id
from backend.ledger.models import JournalEntry, LedgerHead, Posting

GENESIS = "0" * 64
VERIFY_BATCH = 1000


def _ts(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _value(v) -> str:
    return getattr(v, "value", v)


def canonical(entry: JournalEntry, postings: list[Posting]) -> bytes:
    """The bytes an entry's hash covers: its fields and its postings (sorted by id), as sorted-key JSON."""
    doc = {
        "id": entry.id, "tenant_id": entry.tenant_id, "sequence": entry.sequence, "kind": _value(entry.kind),
        "event_key": entry.event_key, "merchant_id": entry.merchant_id, "transaction_id": entry.transaction_id,
        "description": entry.description, "available_at": _ts(entry.available_at), "created_at": _ts(entry.created_at),
        "postings": [{"id": p.id, "account": _value(p.account), "merchant_id": p.merchant_id,
                      "transaction_id": p.transaction_id, "currency": p.currency, "debit": int(p.debit),
                      "credit": int(p.credit)} for p in sorted(postings, key=lambda p: p.id)],
    }
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)


def entry_hash(prev_hash: str, entry: JournalEntry, postings: list[Posting]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(entry, postings)).hexdigest()


def _normalise(entry: JournalEntry) -> None:
    """Microsecond UTC datetimes, as the database gives them back (the hash must match what verify reads)."""
    for name in ("created_at", "available_at"):
        value = getattr(entry, name)
        if value is not None:
            setattr(entry, name, value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc))


async def lock_head() -> LedgerHead:
    """The current tenant's chain head, locked for the rest of the caller's transaction (created on first use)."""
    tenant_id = current_tenant_id()
    created = await LedgerHead.filter().exists()
    if not created:
        await LedgerHead.bulk_create([LedgerHead(tenant_id=tenant_id, length=0, head_hash=GENESIS, updated_at=clock.now())],
                                     ignore_conflicts=True)
    head = await LedgerHead.filter().select_for_update().get()
    if head.length == 0:
        await _adopt_unchained(head)
    return head


async def _adopt_unchained(head: LedgerHead) -> None:
    """Entries written before the chain existed join it in creation order (once, under the head's lock)."""
    while True:
        batch = await JournalEntry.filter(hash="").order_by("created_at", "id").limit(VERIFY_BATCH)
        if not batch:
            return
        postings = await _postings_of([e.id for e in batch])
        for entry in batch:
            await append(head, entry, postings.get(entry.id, []), save_entry=False)
            await JournalEntry.filter(id=entry.id).update(sequence=entry.sequence, prev_hash=entry.prev_hash, hash=entry.hash)


async def append(head: LedgerHead, entry: JournalEntry, postings: list[Posting], *, save_entry: bool = True) -> None:
    """Chain `entry` (not saved yet) after the locked head; saves the entry, its postings and the head."""
    _normalise(entry)
    entry.tenant_id = head.tenant_id  # what save() would stamp: the hash covers it
    entry.sequence = head.length + 1
    entry.prev_hash = head.head_hash
    entry.hash = entry_hash(head.head_hash, entry, postings)
    if save_entry:
        await entry.save()
        for p in postings:
            p.entry_id = entry.id
            await p.save()
    head.length = entry.sequence
    head.head_hash = entry.hash
    head.updated_at = clock.now()
    await head.save(update_fields=["length", "head_hash", "updated_at"])


async def _postings_of(entry_ids: list[str]) -> dict[str, list[Posting]]:
    out: dict[str, list[Posting]] = {}
    for p in await Posting.filter(entry_id__in=entry_ids or [""]):
        out.setdefault(p.entry_id, []).append(p)
    return out


@dataclass(frozen=True)
class HeadInfo:
    length: int
    head_hash: str


async def head() -> HeadInfo:
    """The current tenant's chain head as committed (no lock): what a compliance bundle records."""
    row = await LedgerHead.filter().first()
    return HeadInfo(0, GENESIS) if row is None else HeadInfo(int(row.length), row.head_hash)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries_checked: int
    head_hash: str
    broken_entry_id: str | None = None
    reason: str | None = None


async def verify() -> ChainReport:
    """Recompute the current tenant's chain from the first entry; the first entry whose hash, link or position
    does not match (or a head that does not match the last entry) makes the report fail."""
    prev, expected_seq, checked, last_seq = GENESIS, 1, 0, 0
    unchained = await JournalEntry.filter(hash="").count()
    while True:
        batch = await JournalEntry.filter(sequence__gt=last_seq).exclude(hash="").order_by("sequence").limit(VERIFY_BATCH)
        if not batch:
            break
        postings = await _postings_of([e.id for e in batch])
        for entry in batch:
            if entry.sequence != expected_seq:
                return ChainReport(False, checked, prev, entry.id, f"entry at position {entry.sequence}, expected {expected_seq}")
            if entry.prev_hash != prev:
                return ChainReport(False, checked, prev, entry.id, "previous hash does not match the entry before it")
            if entry_hash(prev, entry, postings.get(entry.id, [])) != entry.hash:
                return ChainReport(False, checked, prev, entry.id, "entry or postings changed after they were chained")
            prev, expected_seq, checked, last_seq = entry.hash, expected_seq + 1, checked + 1, entry.sequence
    current = await head()
    if current.head_hash != prev or current.length != checked:
        return ChainReport(False, checked, prev, None, "the chain head does not match the last entry")
    if unchained and checked:
        return ChainReport(False, checked, prev, None, f"{unchained} entries are outside the chain")
    return ChainReport(True, checked, prev)

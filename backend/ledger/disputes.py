"""Ledger postings of disputes (SPEC §10, §11). Uses service.post(); adds no other way to write entries.

Open       Dr merchant_pending (or merchant_available once released) amount / Cr dispute_hold amount
Won        Dr dispute_hold amount / Cr merchant_pending|available amount           (the hold goes back)
Lost       Dr dispute_hold amount / Cr provider_receivable amount                   (a chargeback: the provider
           takes the money back for the payer, so it owes us that much less — the mirror of a refund)
Split      Dr dispute_hold amount / Cr provider_receivable loss / Cr merchant_pending|available amount − loss

The hold stays among the merchant's accounts (MERCHANT_ACCOUNTS), so a payment's merchant funds are
unchanged while a dispute is open; a lost or split dispute lowers them by what was charged back.
"""
from __future__ import annotations

from tortoise.functions import Sum

from backend.ledger.models import Account, EntryKind, JournalEntry, Posting
from backend.ledger.service import UnbalancedEntry, cr, dr, post, release_key

A = Account


async def _bucket(txn_id: str) -> Account:
    """Where the payment's merchant funds sit now: pending until released, then available (as refunds do)."""
    return A.MERCHANT_AVAILABLE if await JournalEntry.exists(event_key=release_key(txn_id)) else A.MERCHANT_PENDING


def _positive(amount: int, what: str) -> None:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise UnbalancedEntry(f"{what} is a positive amount in minor units, got {amount!r}")


async def post_hold(*, dispute_id: str, merchant_id: str, transaction_id: str, currency: str, amount: int) -> JournalEntry:
    _positive(amount, "a dispute hold")
    lines = [dr(await _bucket(transaction_id), currency, amount), cr(A.DISPUTE_HOLD, currency, amount)]
    return await post(EntryKind.DISPUTE_HOLD, f"{dispute_id}:hold", merchant_id=merchant_id, transaction_id=transaction_id,
                      lines=lines, description=f"Dispute {dispute_id} opened: {amount} {currency} held")


async def post_resolution(*, dispute_id: str, merchant_id: str, transaction_id: str, currency: str, amount: int,
                          merchant_loss: int, outcome: str) -> JournalEntry:
    """Release the hold: `merchant_loss` goes to the payer's side (provider_receivable), the rest back to the merchant."""
    _positive(amount, "a dispute hold")
    if not isinstance(merchant_loss, int) or isinstance(merchant_loss, bool) or not 0 <= merchant_loss <= amount:
        raise UnbalancedEntry(f"a dispute's loss is between 0 and the held {amount}, got {merchant_loss!r}")
    lines = [dr(A.DISPUTE_HOLD, currency, amount), cr(A.PROVIDER_RECEIVABLE, currency, merchant_loss),
             cr(await _bucket(transaction_id), currency, amount - merchant_loss)]
    return await post(EntryKind.DISPUTE_RELEASE, f"{dispute_id}:resolution", merchant_id=merchant_id,
                      transaction_id=transaction_id, lines=lines,
                      description=f"Dispute {dispute_id} {outcome}: {merchant_loss} {currency} charged back, "
                                  f"{amount - merchant_loss} {currency} released")


async def held_per_transaction() -> dict[tuple[str, str], int]:
    """What dispute_hold holds per (payment, currency) in the current scope."""
    rows = await Posting.filter(account=A.DISPUTE_HOLD, transaction_id__not_isnull=True) \
        .annotate(d=Sum("debit"), c=Sum("credit")).group_by("transaction_id", "currency").values("transaction_id", "currency", "d", "c")
    return {(r["transaction_id"], r["currency"]): int(r["c"] or 0) - int(r["d"] or 0) for r in rows}


async def charged_back() -> dict[tuple[str, str], int]:
    """What resolved disputes took from merchants per (payment, currency), from the disputes themselves (not the
    ledger), for the invariant check: a payment's merchant funds are settled − refunded − fees − charged back."""
    from backend.disputes.models import Dispute
    from backend.disputes.states import DisputeStatus

    out: dict[tuple[str, str], int] = {}
    for d in await Dispute.filter(status=DisputeStatus.RESOLVED, merchant_loss__gt=0).values("transaction_id", "currency", "merchant_loss"):
        key = (d["transaction_id"], d["currency"])
        out[key] = out.get(key, 0) + int(d["merchant_loss"])
    return out


async def hold_mismatches() -> list[tuple[str, str, int, int]]:
    """Payments whose dispute_hold differs from the amount of their open dispute: (payment, currency, expected, actual)."""
    from backend.disputes.models import Dispute

    expected: dict[tuple[str, str], int] = {}
    for d in await Dispute.filter(open_key__not_isnull=True).values("transaction_id", "currency", "amount"):
        expected[(d["transaction_id"], d["currency"])] = int(d["amount"])
    actual = {k: v for k, v in (await held_per_transaction()).items() if v}
    return [(t, c, expected.get((t, c), 0), actual.get((t, c), 0)) for t, c in sorted(set(expected) | set(actual))
            if expected.get((t, c), 0) != actual.get((t, c), 0)]

"""The one place that decides and applies transaction status changes.

pending    -> settlement | failed | expired | cancelled
settlement -> refunded | partially_refunded
partially_refunded -> refunded (and partially_refunded again, for a further partial refund)
failed, expired, cancelled, refunded are final.

Changes are compare-and-set on (status, version): of two concurrent changes from the same state,
exactly one wins; the other gets INVALID_TRANSITION / CONCURRENT_UPDATE with the current status.
"""
from __future__ import annotations

from backend.core import clock
from backend.core.errors import Conflict
from backend.payments.errors import PaymentError as E
from backend.payments.models import Transaction, TxnStatus

S = TxnStatus
ALLOWED: dict[TxnStatus, frozenset[TxnStatus]] = {
    S.PENDING: frozenset({S.SETTLEMENT, S.FAILED, S.EXPIRED, S.CANCELLED}),
    S.SETTLEMENT: frozenset({S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset({S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.FAILED: frozenset(),
    S.EXPIRED: frozenset(),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}
FINAL = frozenset(s for s, nxt in ALLOWED.items() if not nxt)


class InvalidTransition(Conflict):
    def __init__(self, current: TxnStatus, target: TxnStatus, code: E = E.INVALID_TRANSITION):
        self.current = current
        super().__init__(code, f"Cannot change a {current.value} transaction to {target.value} (current status: {current.value})")


def check(current: TxnStatus, target: TxnStatus) -> None:
    if target not in ALLOWED[current]:
        raise InvalidTransition(current, target)


async def apply(txn: Transaction, target: TxnStatus, **changes) -> Transaction:
    """Move `txn` to `target` (plus column changes) if nobody changed it meanwhile."""
    check(txn.status, target)
    updated = await Transaction.filter(id=txn.id, status=txn.status, version=txn.version).update(
        status=target, version=txn.version + 1, updated_at=clock.now(), **changes)
    if updated != 1:
        fresh = await Transaction.get(id=txn.id)
        if target not in ALLOWED[fresh.status]:
            raise InvalidTransition(fresh.status, target)
        raise InvalidTransition(fresh.status, target, E.CONCURRENT_UPDATE)
    txn.status, txn.version = target, txn.version + 1
    for k, v in changes.items():
        setattr(txn, k, v)
    return txn

"""Dispute states and the one table of allowed transitions (SPEC §11).

OPENED        the payer's claim arrived; the merchant's funds for it are held
UNDER_REVIEW  tenant staff work it (evidence, messages)
PENDING_INFO  waiting for the merchant to answer or add evidence
ESCALATED     not resolved 48 h after opening (the scheduled job), or sent up by hand
RESOLVED      final: won, lost or split; the hold is released or debited

Every status change, by a person or by the escalation job, goes through :func:`check_move`.
"""
from __future__ import annotations

from datetime import timedelta
from enum import Enum


class DisputeStatus(str, Enum):
    OPENED = "opened"
    UNDER_REVIEW = "under_review"
    PENDING_INFO = "pending_info"
    ESCALATED = "escalated"
    RESOLVED = "resolved"


class DisputeOutcome(str, Enum):
    WON = "won"  # the merchant keeps the money: the hold goes back to the merchant
    LOST = "lost"  # the payer gets the money back: the hold is debited (a chargeback)
    SPLIT = "split"  # part each: `merchant_loss` is debited, the rest released


S = DisputeStatus
TRANSITIONS: dict[DisputeStatus, frozenset[DisputeStatus]] = {
    S.OPENED: frozenset({S.UNDER_REVIEW, S.PENDING_INFO, S.ESCALATED, S.RESOLVED}),
    S.UNDER_REVIEW: frozenset({S.PENDING_INFO, S.ESCALATED, S.RESOLVED}),
    S.PENDING_INFO: frozenset({S.UNDER_REVIEW, S.ESCALATED, S.RESOLVED}),
    S.ESCALATED: frozenset({S.UNDER_REVIEW, S.RESOLVED}),
    S.RESOLVED: frozenset(),
}
OPEN_STATUSES = frozenset(s for s in DisputeStatus if s != S.RESOLVED)
# The escalation job moves disputes still in these states this long after opening.
ESCALATE_AFTER = timedelta(hours=48)
AUTO_ESCALATE_FROM = frozenset({S.OPENED, S.UNDER_REVIEW, S.PENDING_INFO})


def allowed(current: DisputeStatus) -> frozenset[DisputeStatus]:
    return TRANSITIONS[DisputeStatus(current)]


def can_move(current: DisputeStatus, target: DisputeStatus) -> bool:
    return DisputeStatus(target) in allowed(current)

"""The ledger: a double-entry journal of every money-relevant event (SPEC §10).

A journal entry is one event (a payment settled, a refund, funds released to the merchant,
a dispute hold). Its postings move money between accounts; debits equal credits in every
currency of every entry. Entries are written once and never changed.
"""
from __future__ import annotations

from enum import Enum

from tortoise import fields

from backend.core.tenancy import TenantScoped


class Account(str, Enum):
    """Ledger accounts. `provider_receivable` is what providers owe us (debit-normal);
    the others are owed to merchants or earned by the tenant (credit-normal)."""

    PROVIDER_RECEIVABLE = "provider_receivable"
    MERCHANT_PENDING = "merchant_pending"
    MERCHANT_AVAILABLE = "merchant_available"
    FEES_PROCESSING = "fees_processing"
    FEES_CONVERSION = "fees_conversion"
    DISPUTE_HOLD = "dispute_hold"


DEBIT_NORMAL = frozenset({Account.PROVIDER_RECEIVABLE})
# Money that belongs to the merchant, wherever it currently sits.
MERCHANT_ACCOUNTS = frozenset({Account.MERCHANT_PENDING, Account.MERCHANT_AVAILABLE, Account.DISPUTE_HOLD})


class EntryKind(str, Enum):
    SETTLEMENT = "settlement"
    REFUND = "refund"
    RELEASE = "release"
    DISPUTE_HOLD = "dispute_hold"
    DISPUTE_RELEASE = "dispute_release"


class JournalEntry(TenantScoped):
    """One money-relevant event. `event_key` makes posting idempotent: one entry per event and tenant."""

    id_prefix = "jnl"
    merchant_id = fields.CharField(max_length=40, db_index=True)
    transaction_id = fields.CharField(max_length=40, null=True, db_index=True)
    kind = fields.CharEnumField(EntryKind, max_length=20)
    event_key = fields.CharField(max_length=120)
    description = fields.CharField(max_length=255, default="")
    # For settlements: when the merchant's pending funds become available (release delay per environment).
    available_at = fields.DatetimeField(null=True, db_index=True)
    created_at = fields.DatetimeField()
    # The tenant's hash chain (backend.ledger.chain): position in the chain, the previous entry's hash and
    # sha256(prev_hash || canonical entry + postings). Rows written before the chain existed carry "" / 0 until
    # the chain adopts them (in order) when the tenant's head row is first created.
    sequence = fields.BigIntField(default=0, db_default=0, db_index=True)
    prev_hash = fields.CharField(max_length=64, default="", db_default="")
    hash = fields.CharField(max_length=64, default="", db_default="")

    class Meta:
        table = "journal_entries"
        unique_together = (("tenant_id", "event_key"),)


class LedgerHead(TenantScoped):
    """The head of a tenant's journal hash chain: one row per tenant, locked (SELECT ... FOR UPDATE) by every
    posting so that entries are chained one after another even when payments settle concurrently."""

    id_prefix = "lgh"
    length = fields.BigIntField(default=0)
    head_hash = fields.CharField(max_length=64)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "ledger_heads"
        unique_together = (("tenant_id",),)


class Posting(TenantScoped):
    """One line of an entry: a debit or a credit (never both) to an account, in integer minor units."""

    id_prefix = "pst"
    entry = fields.ForeignKeyField("models.JournalEntry", related_name="postings", on_delete=fields.RESTRICT)
    account = fields.CharEnumField(Account, max_length=24)
    merchant_id = fields.CharField(max_length=40, db_index=True)
    transaction_id = fields.CharField(max_length=40, null=True, db_index=True)
    currency = fields.CharField(max_length=3)
    debit = fields.BigIntField(default=0)
    credit = fields.BigIntField(default=0)

    class Meta:
        table = "ledger_postings"

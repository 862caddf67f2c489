from __future__ import annotations

from tortoise import fields

from backend.core.tenancy import TenantScoped


class ThreeDSChallenge(TenantScoped):
    """The mock 3DS step of a card attempt: a 6-digit one-time code, 5 minutes, 3 tries, resend once a minute.

    Only the code's hash is checked. In the sandbox the page shows the code as a "simulated SMS"; for that
    the code is also kept encrypted (`code_sealed`, backend.core.crypto field encryption) and never logged.
    status: open | passed | failed | superseded
    """

    id_prefix = "tds"
    attempt_id = fields.CharField(max_length=40, unique=True)
    transaction_id = fields.CharField(max_length=40, db_index=True)
    code_hash = fields.CharField(max_length=64)
    code_sealed = fields.CharField(max_length=200)
    status = fields.CharField(max_length=12, default="open")
    expires_at = fields.DatetimeField()
    attempts_left = fields.IntField(default=3)
    last_sent_at = fields.DatetimeField()
    resends = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "threeds_challenges"

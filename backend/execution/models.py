from __future__ import annotations

from enum import Enum

from tortoise import fields

from backend.core.tenancy import TenantScoped
from backend.routing.models import BlueprintVersionBase


class Strategy(str, Enum):
    SEQUENCE = "sequence"  # try members in order
    WEIGHT = "weight"  # split by weights, deterministic per payment id


class MemberKind(str, Enum):
    SUB_MID = "sub_mid"
    AGGREGATOR = "aggregator"


class MasterMidGroup(TenantScoped):
    id_prefix = "mmg"
    name = fields.CharField(max_length=100)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "master_mid_groups"
        unique_together = (("tenant_id", "name"),)


class MasterMid(TenantScoped):
    """A provider account. Fees: {"EUR": {"percent_bps": 250, "fixed": 30}} (basis points + minor units)."""

    id_prefix = "mmid"
    group = fields.ForeignKeyField("models.MasterMidGroup", related_name="master_mids", on_delete=fields.RESTRICT)
    name = fields.CharField(max_length=100)
    provider = fields.CharField(max_length=20)  # a SimulatedProvider value
    settlement_currency = fields.CharField(max_length=3)
    fees = fields.JSONField(default=dict)
    position = fields.IntField(default=0, db_default=0)  # order of trial inside its MASTER MID GROUP
    enabled = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "master_mids"
        unique_together = (("tenant_id", "name"),)


class ExecutionBlueprint(BlueprintVersionBase):
    """Second level: one version of a MASTER MID's rules (targets = SUB MID GROUPs)."""

    id_prefix = "xbp"
    master_mid = fields.ForeignKeyField("models.MasterMid", related_name="blueprints", on_delete=fields.CASCADE)

    class Meta:
        table = "execution_blueprints"
        unique_together = (("master_mid_id", "version"),)


class SubMidGroup(TenantScoped):
    id_prefix = "smg"
    master_mid = fields.ForeignKeyField("models.MasterMid", related_name="sub_mid_groups", on_delete=fields.CASCADE)
    name = fields.CharField(max_length=100)
    strategy = fields.CharEnumField(Strategy, max_length=20, default=Strategy.SEQUENCE)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sub_mid_groups"
        unique_together = (("master_mid_id", "name"),)


class SubMid(TenantScoped):
    """A member of a SUB MID GROUP: a SUB MID or a SUB MID AGGREGATOR.

    velocity: [{"window_seconds": 3600, "max_count": 100, "max_amount": 5000000}, ...] (either max may be null)
    """

    id_prefix = "smid"
    group = fields.ForeignKeyField("models.SubMidGroup", related_name="members", on_delete=fields.CASCADE)
    name = fields.CharField(max_length=100)
    kind = fields.CharEnumField(MemberKind, max_length=20, default=MemberKind.SUB_MID)
    position = fields.IntField(default=0)
    weight = fields.IntField(default=1)
    enabled = fields.BooleanField(default=True)
    credentials_secret_id = fields.CharField(max_length=40, null=True)
    velocity = fields.JSONField(default=list)
    conversion_fee_bps = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sub_mids"
        unique_together = (("group_id", "name"),)

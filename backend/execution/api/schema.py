"""GraphQL for the execution layer: MASTER MID GROUPs, MASTER MIDs, SUB MID GROUPs, members, second-level blueprints."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Optional

import strawberry
from strawberry.scalars import JSON

from backend.access.permissions import Perm
from backend.execution import models, service
from backend.graphql.common import ConflictError, NotFoundError, ValidationError, run_mutation
from backend.graphql.permissions import needs
from backend.routing.api.schema import BlueprintPayload, BlueprintResult, BlueprintVersion
from backend.routing.models import VersionStatus
from backend.secrets.models import Secret

Strategy = strawberry.enum(models.Strategy, name="Strategy")
MemberKind = strawberry.enum(models.MemberKind, name="MemberKind")


@strawberry.type(description="A SUB MID or SUB MID AGGREGATOR. Credentials are never shown, only a masked hint.")
class SubMid:
    id: strawberry.ID
    group_id: strawberry.ID
    name: str
    kind: MemberKind
    position: int
    weight: int
    enabled: bool
    velocity: JSON
    conversion_fee_bps: int
    credentials_secret_id: strawberry.Private[Optional[str]]

    @strawberry.field
    async def credentials_hint(self) -> Optional[str]:
        if not self.credentials_secret_id:
            return None
        s = await Secret.get_or_none(id=self.credentials_secret_id)
        return s.hint if s else None

    @classmethod
    def from_model(cls, m: models.SubMid) -> "SubMid":
        return cls(id=m.id, group_id=m.group_id, name=m.name, kind=m.kind, position=m.position, weight=m.weight, enabled=m.enabled,
                   velocity=m.velocity, conversion_fee_bps=m.conversion_fee_bps, credentials_secret_id=m.credentials_secret_id)


@strawberry.type
class SubMidGroup:
    id: strawberry.ID
    master_mid_id: strawberry.ID
    name: str
    strategy: Strategy

    @strawberry.field
    async def members(self) -> list[SubMid]:
        return [SubMid.from_model(m) for m in await models.SubMid.filter(group_id=self.id).order_by("position", "name")]


@strawberry.type(description="A provider account with a processing fee per currency: {CUR: {percent_bps, fixed}}.")
class MasterMid:
    id: strawberry.ID
    group_id: strawberry.ID
    name: str
    provider: str
    settlement_currency: str
    fees: JSON
    enabled: bool
    position: int

    @strawberry.field
    async def sub_mid_groups(self) -> list[SubMidGroup]:
        rows = await models.SubMidGroup.filter(master_mid_id=self.id).order_by("name")
        return [SubMidGroup(id=g.id, master_mid_id=g.master_mid_id, name=g.name, strategy=g.strategy) for g in rows]

    @strawberry.field
    async def versions(self) -> list[BlueprintVersion]:
        return [BlueprintVersion.from_model(b) for b in await models.ExecutionBlueprint.filter(master_mid_id=self.id).order_by("-version")]

    @strawberry.field
    async def published(self) -> Optional[BlueprintVersion]:
        b = await models.ExecutionBlueprint.filter(master_mid_id=self.id, status=VersionStatus.PUBLISHED).first()
        return BlueprintVersion.from_model(b) if b else None

    @classmethod
    def from_model(cls, m: models.MasterMid) -> "MasterMid":
        return cls(id=m.id, group_id=m.group_id, name=m.name, provider=m.provider, settlement_currency=m.settlement_currency,
                   fees=m.fees, enabled=m.enabled, position=m.position)


@strawberry.type
class MasterMidGroup:
    id: strawberry.ID
    name: str
    created_at: datetime

    @strawberry.field
    async def master_mids(self) -> list[MasterMid]:
        return [MasterMid.from_model(m) for m in await models.MasterMid.filter(group_id=self.id).order_by("position", "name")]


@strawberry.type
class MasterMidGroupPayload:
    master_mid_group: MasterMidGroup


@strawberry.type
class MasterMidPayload:
    master_mid: MasterMid


@strawberry.type
class SubMidGroupPayload:
    sub_mid_group: SubMidGroup


@strawberry.type
class SubMidPayload:
    sub_mid: SubMid


def _union(name: str, payload):
    return Annotated[payload | ValidationError | NotFoundError | ConflictError, strawberry.union(name)]


MasterMidGroupResult = _union("MasterMidGroupResult", MasterMidGroupPayload)
MasterMidResult = _union("MasterMidResult", MasterMidPayload)
SubMidGroupResult = _union("SubMidGroupResult", SubMidGroupPayload)
SubMidResult = _union("SubMidResult", SubMidPayload)


@strawberry.input
class MasterMidInput:
    group_id: strawberry.ID
    name: str
    provider: str
    settlement_currency: str
    fees: JSON
    enabled: bool = True
    position: int = 0


@strawberry.input
class UpdateMasterMidInput:
    name: Optional[str] = None
    settlement_currency: Optional[str] = None
    fees: Optional[JSON] = None
    enabled: Optional[bool] = None
    position: Optional[int] = None


@strawberry.input
class SubMidInput:
    group_id: strawberry.ID
    name: str
    kind: MemberKind = models.MemberKind.SUB_MID
    position: int = 0
    weight: int = 1
    enabled: bool = True
    velocity: Optional[JSON] = None
    conversion_fee_bps: int = 0
    credentials: Optional[str] = None


@strawberry.input
class UpdateSubMidInput:
    name: Optional[str] = None
    position: Optional[int] = None
    weight: Optional[int] = None
    enabled: Optional[bool] = None
    velocity: Optional[JSON] = None
    conversion_fee_bps: Optional[int] = None


@strawberry.type
class ExecutionQuery:
    @strawberry.field(permission_classes=[needs(Perm.ROUTING_READ)])
    async def master_mid_groups(self) -> list[MasterMidGroup]:
        return [MasterMidGroup(id=g.id, name=g.name, created_at=g.created_at) for g in await models.MasterMidGroup.all().order_by("name")]

    @strawberry.field(permission_classes=[needs(Perm.ROUTING_READ)])
    async def master_mid(self, id: strawberry.ID) -> Optional[MasterMid]:
        m = await models.MasterMid.get_or_none(id=id)
        return MasterMid.from_model(m) if m else None


@strawberry.type
class ExecutionMutation:
    @strawberry.mutation(permission_classes=[needs(Perm.EXECUTION_MANAGE)])
    async def create_master_mid_group(self, name: str) -> MasterMidGroupResult:
        async def work():
            g = await service.create_master_mid_group(name)
            return MasterMidGroupPayload(master_mid_group=MasterMidGroup(id=g.id, name=g.name, created_at=g.created_at))
        return await run_mutation("master_mid_group.create", work, target_type="master_mid_group")

    @strawberry.mutation(permission_classes=[needs(Perm.EXECUTION_MANAGE)])
    async def create_master_mid(self, input: MasterMidInput) -> MasterMidResult:
        async def work():
            m = await service.create_master_mid(group_id=input.group_id, name=input.name, provider=input.provider,
                                                settlement_currency=input.settlement_currency, fees=input.fees, enabled=input.enabled,
                                                position=input.position)
            return MasterMidPayload(master_mid=MasterMid.from_model(m))
        return await run_mutation("master_mid.create", work, target_type="master_mid")

    @strawberry.mutation(permission_classes=[needs(Perm.EXECUTION_MANAGE)])
    async def update_master_mid(self, id: strawberry.ID, input: UpdateMasterMidInput) -> MasterMidResult:
        async def work():
            m = await service.update_master_mid(id, name=input.name, fees=input.fees, enabled=input.enabled,
                                                settlement_currency=input.settlement_currency, position=input.position)
            return MasterMidPayload(master_mid=MasterMid.from_model(m))
        return await run_mutation("master_mid.update", work, target_type="master_mid")

    @strawberry.mutation(permission_classes=[needs(Perm.EXECUTION_MANAGE)])
    async def create_sub_mid_group(self, master_mid_id: strawberry.ID, name: str, strategy: Strategy) -> SubMidGroupResult:
        async def work():
            g = await service.create_sub_mid_group(master_mid_id=master_mid_id, name=name, strategy=strategy)
            return SubMidGroupPayload(sub_mid_group=SubMidGroup(id=g.id, master_mid_id=g.master_mid_id, name=g.name, strategy=g.strategy))
        return await run_mutation("sub_mid_group.create", work, target_type="sub_mid_group")

    @strawberry.mutation(permission_classes=[needs(Perm.EXECUTION_MANAGE)], description="Add a SUB MID or aggregator; credentials go to the vault.")
    async def add_sub_mid(self, input: SubMidInput) -> SubMidResult:
        async def work():
            m = await service.add_sub_mid(group_id=input.group_id, name=input.name, kind=input.kind, position=input.position,
                                          weight=input.weight, enabled=input.enabled, velocity=input.velocity or [],
                                          conversion_fee_bps=input.conversion_fee_bps, credentials=input.credentials)
            return SubMidPayload(sub_mid=SubMid.from_model(m))
        return await run_mutation("sub_mid.create", work, target_type="sub_mid")

    @strawberry.mutation(permission_classes=[needs(Perm.EXECUTION_MANAGE)])
    async def update_sub_mid(self, id: strawberry.ID, input: UpdateSubMidInput) -> SubMidResult:
        async def work():
            m = await service.update_sub_mid(id, name=input.name, position=input.position, weight=input.weight, enabled=input.enabled,
                                             velocity=input.velocity, conversion_fee_bps=input.conversion_fee_bps)
            return SubMidPayload(sub_mid=SubMid.from_model(m))
        return await run_mutation("sub_mid.update", work, target_type="sub_mid")

    @strawberry.mutation(permission_classes=[needs(Perm.SECRETS_ROTATE)], description="Replace provider credentials; never shown again.")
    async def replace_sub_mid_credentials(self, id: strawberry.ID, credentials: str) -> SubMidResult:
        async def work():
            return SubMidPayload(sub_mid=SubMid.from_model(await service.replace_credentials(id, credentials)))
        return await run_mutation("sub_mid.replace_credentials", work, target_type="sub_mid")

    @strawberry.mutation(permission_classes=[needs(Perm.EXECUTION_MANAGE)])
    async def execution_draft(self, master_mid_id: strawberry.ID) -> BlueprintResult:
        async def work():
            return BlueprintPayload(blueprint=BlueprintVersion.from_model(await service.draft(master_mid_id)))
        return await run_mutation("execution_blueprints.draft", work, target_type="execution_blueprint")

    @strawberry.mutation(permission_classes=[needs(Perm.EXECUTION_MANAGE)])
    async def update_execution_draft(self, id: strawberry.ID, document: JSON) -> BlueprintResult:
        async def work():
            return BlueprintPayload(blueprint=BlueprintVersion.from_model(await service.update_draft(id, document)))
        return await run_mutation("execution_blueprints.update_draft", work, target_type="execution_blueprint")

    @strawberry.mutation(permission_classes=[needs(Perm.ROUTING_PUBLISH)])
    async def publish_execution(self, id: strawberry.ID) -> BlueprintResult:
        async def work():
            return BlueprintPayload(blueprint=BlueprintVersion.from_model(await service.publish(id)))
        return await run_mutation("execution_blueprints.publish", work, target_type="execution_blueprint")

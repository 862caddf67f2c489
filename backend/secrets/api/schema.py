"""GraphQL for API keys and the vault. A key's value appears once, in the payload that created it."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Optional

import strawberry
from strawberry.types import Info

from backend.access.permissions import Perm
from backend.graphql.common import ConflictError, NotFoundError, ValidationError, run_mutation
from backend.graphql.permissions import needs, needs_anywhere
from backend.merchants.reach import merchant_with
from backend.secrets import api_keys, models, vault

ApiKeyEnvironment = strawberry.enum(models.ApiKeyEnvironment, name="ApiKeyEnvironment")


@strawberry.type
class ApiKey:
    id: strawberry.ID
    merchant_id: strawberry.ID
    name: str
    environment: ApiKeyEnvironment
    prefix: str
    last_used_at: Optional[datetime]
    expires_at: Optional[datetime]
    revoked_at: Optional[datetime]
    rotated_to_id: Optional[strawberry.ID]
    created_at: datetime

    @strawberry.field(description="ACTIVE, EXPIRING (in a rotation grace period or with an expiry), EXPIRED or REVOKED.")
    def status(self) -> str:
        from backend.core import clock

        if self.revoked_at:
            return "REVOKED"
        if self.expires_at and self.expires_at <= clock.now():
            return "EXPIRED"
        return "EXPIRING" if self.expires_at else "ACTIVE"

    @classmethod
    def from_model(cls, k: models.ApiKey) -> "ApiKey":
        return cls(id=k.id, merchant_id=k.merchant_id, name=k.name, environment=k.environment, prefix=k.prefix,
                   last_used_at=k.last_used_at, expires_at=k.expires_at, revoked_at=k.revoked_at,
                   rotated_to_id=k.rotated_to_id, created_at=k.created_at)


@strawberry.type(description="The new key. `secret` is shown this once and can never be read again.")
class ApiKeyCreated:
    api_key: ApiKey
    secret: str


@strawberry.type
class ApiKeyPayload:
    api_key: ApiKey


@strawberry.type
class VaultReencrypted:
    secrets_reencrypted: int
    primary_key_id: str


ApiKeyCreatedResult = Annotated[ApiKeyCreated | ValidationError | NotFoundError | ConflictError, strawberry.union("ApiKeyCreatedResult")]
ApiKeyResult = Annotated[ApiKeyPayload | ValidationError | NotFoundError | ConflictError, strawberry.union("ApiKeyResult")]


@strawberry.input
class CreateApiKeyInput:
    merchant_id: strawberry.ID
    name: str
    environment: ApiKeyEnvironment = models.ApiKeyEnvironment.SANDBOX
    expires_at: Optional[datetime] = None


async def _key_for(info: Info, key_id: str) -> models.ApiKey:
    key = await api_keys.get(key_id)
    await merchant_with(info.context.principal, Perm.API_KEYS_MANAGE, key.merchant_id)
    return key


@strawberry.type
class SecretsMutation:
    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.API_KEYS_MANAGE)])
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> ApiKeyCreatedResult:
        async def work():
            await merchant_with(info.context.principal, Perm.API_KEYS_MANAGE, input.merchant_id)
            issued = await api_keys.create(merchant_id=input.merchant_id, name=input.name, environment=input.environment,
                                           expires_at=input.expires_at)
            return ApiKeyCreated(api_key=ApiKey.from_model(issued.api_key), secret=issued.plaintext)
        return await run_mutation("api_key.create", work, target_type="api_key")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.API_KEYS_MANAGE)],
                         description="Issue a successor key; the old one keeps working for the grace period, then is refused.")
    async def rotate_api_key(self, info: Info, id: strawberry.ID, grace_seconds: int = 86400) -> ApiKeyCreatedResult:
        async def work():
            await _key_for(info, id)
            issued = await api_keys.rotate(id, timedelta(seconds=grace_seconds))
            return ApiKeyCreated(api_key=ApiKey.from_model(issued.api_key), secret=issued.plaintext)
        return await run_mutation("api_key.rotate", work, target_type="api_key")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.API_KEYS_MANAGE)])
    async def revoke_api_key(self, info: Info, id: strawberry.ID) -> ApiKeyResult:
        async def work():
            await _key_for(info, id)
            return ApiKeyPayload(api_key=ApiKey.from_model(await api_keys.revoke(id)))
        return await run_mutation("api_key.revoke", work, target_type="api_key")

    @strawberry.mutation(permission_classes=[needs(Perm.SECRETS_ROTATE)],
                         description="Re-encrypt every secret of the tenant under the primary vault key (after a vault key rotation).")
    async def reencrypt_secrets(self) -> VaultReencrypted:
        async def work():
            n = await vault.reencrypt()
            return VaultReencrypted(secrets_reencrypted=n, primary_key_id=vault.keyring().primary)
        return await run_mutation("secret.reencrypt", work, target_type="vault")

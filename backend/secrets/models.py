from __future__ import annotations

from enum import Enum

from tortoise import fields

from backend.core.tenancy import TenantScoped


class SecretKind(str, Enum):
    WEBHOOK_SIGNING = "webhook_signing"
    PROVIDER_CREDENTIALS = "provider_credentials"
    BUNDLE_SIGNING = "bundle_signing"  # the platform's Ed25519 key signing compliance bundles (backend.exports.signing)


class Secret(TenantScoped):
    """A vault entry. The value is encrypted (AES-256-GCM) under a vault key named by key_id; only `hint` is ever shown."""

    id_prefix = "sec"
    kind = fields.CharEnumField(SecretKind, max_length=40)
    owner_type = fields.CharField(max_length=40)
    owner_id = fields.CharField(max_length=40, db_index=True)
    key_id = fields.CharField(max_length=40)
    ciphertext = fields.TextField()
    hint = fields.CharField(max_length=40)
    version = fields.IntField(default=1)
    # The previous value stays usable until previous_valid_until (e.g. webhook signing during rotation).
    previous_key_id = fields.CharField(max_length=40, null=True)
    previous_ciphertext = fields.TextField(null=True)
    previous_valid_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "secrets"


class ApiKeyEnvironment(str, Enum):
    SANDBOX = "sandbox"
    PRODUCTION = "production"


class ApiKey(TenantScoped):
    """An integrator's key for one merchant. Only a SHA-256 of the key is stored; `prefix` is shown."""

    id_prefix = "key"
    merchant = fields.ForeignKeyField("models.Merchant", related_name="api_keys", on_delete=fields.CASCADE)
    name = fields.CharField(max_length=100)
    environment = fields.CharEnumField(ApiKeyEnvironment, max_length=20)
    prefix = fields.CharField(max_length=32, unique=True)
    key_hash = fields.CharField(max_length=64)
    last_used_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    rotated_to_id = fields.CharField(max_length=40, null=True)
    created_by = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "api_keys"

"""The secret vault: encrypted at rest, masked hints, replace with grace, key rotation by re-encryption."""
from __future__ import annotations

import base64
import os

import pytest

from backend.core.config import get_settings
from backend.core.tenancy import tenant_scope
from backend.secrets import vault
from backend.secrets.models import Secret, SecretKind


@pytest.fixture
def vault_keys():
    """Set CLEARWAY_VAULT_KEY for this process; restore afterwards."""
    old = os.environ.get("CLEARWAY_VAULT_KEY")

    def use(spec: str) -> None:
        os.environ["CLEARWAY_VAULT_KEY"] = spec
        get_settings.cache_clear()

    yield use
    if old is None:
        os.environ.pop("CLEARWAY_VAULT_KEY", None)
    else:
        os.environ["CLEARWAY_VAULT_KEY"] = old
    get_settings.cache_clear()


def _k() -> str:
    return base64.b64encode(os.urandom(32)).decode()


async def test_encrypted_at_rest_and_reencrypted_on_key_rotation(db, vault_keys):
    a, b = _k(), _k()
    vault_keys(f"a:{a}")
    with tenant_scope("ten_vault_test"):
        s = await vault.store(SecretKind.PROVIDER_CREDENTIALS, "sub_mid", "smd_1", "super-secret-credential-9876")
        row = await Secret.get(id=s.id)
        assert "super-secret" not in row.ciphertext and row.key_id == "a" and row.hint == "…9876"
        assert vault.reveal(row) == "super-secret-credential-9876"

        vault_keys(f"b:{b},a:{a}")  # new primary first; the old key still decrypts
        assert vault.reveal(await Secret.get(id=s.id)) == "super-secret-credential-9876"
        assert await vault.reencrypt() >= 1
        row = await Secret.get(id=s.id)
        assert row.key_id == "b"
        vault_keys(f"b:{b}")  # the old key can now be removed
        assert vault.reveal(row) == "super-secret-credential-9876"
        vault_keys(f"a:{a}")
        with pytest.raises(vault.VaultKeyMissing):
            vault.reveal(row)


async def test_ciphertext_is_bound_to_its_row(db, vault_keys):
    vault_keys(f"a:{_k()}")
    with tenant_scope("ten_vault_test"):
        s1 = await vault.store(SecretKind.WEBHOOK_SIGNING, "webhook_endpoint", "whe_1", "whsec_one")
        s2 = await vault.store(SecretKind.WEBHOOK_SIGNING, "webhook_endpoint", "whe_2", "whsec_two")
        s2.ciphertext = s1.ciphertext
        with pytest.raises(Exception):
            vault.reveal(s2)


async def test_replace_keeps_previous_during_grace(db, vault_keys):
    from datetime import timedelta

    from backend.core import clock

    vault_keys(f"a:{_k()}")
    with tenant_scope("ten_vault_test"):
        s = await vault.store(SecretKind.WEBHOOK_SIGNING, "webhook_endpoint", "whe_3", "whsec_old_value")
        await vault.replace(s, "whsec_new_value", keep_previous_until=clock.now() + timedelta(hours=1))
        assert vault.reveal_all_valid(s) == ["whsec_new_value", "whsec_old_value"]
        clock.advance(timedelta(hours=1, seconds=1))
        try:
            assert vault.reveal_all_valid(s) == ["whsec_new_value"]
        finally:
            clock.reset()

"""The secret vault: everything that holds a secret stores it here.

Values are encrypted with AES-256-GCM under a vault key from the environment
(``CLEARWAY_VAULT_KEY``: ``kid:base64-32-bytes[,kid:...]``, the first is the primary;
a plain passphrase is accepted for development). Old keys stay listed to decrypt until
:func:`reencrypt` has moved every secret to the primary key. After creation only a masked
``hint`` is shown; audit events name the secret, never its value.
"""
from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from backend.audit import service as audit
from backend.core import clock
from backend.core.config import get_settings
from backend.secrets.models import Secret, SecretKind


class VaultKeyMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    primary: str

    @classmethod
    def parse(cls, spec: str, fallback_material: str = "") -> "Keyring":
        keys: dict[str, bytes] = {}
        primary = ""
        for part in [p.strip() for p in (spec or "").split(",") if p.strip()]:
            kid, sep, material = part.partition(":")
            if not sep:
                kid, material = "k1", part
            try:
                raw = base64.b64decode(material, validate=True)
            except Exception:
                raw = b""
            if len(raw) != 32:
                raw = hashlib.sha256(material.encode()).digest()
            keys[kid] = raw
            primary = primary or kid
        if not keys:
            keys["dev"] = hashlib.sha256(b"clearway-vault:" + fallback_material.encode()).digest()
            primary = "dev"
        return cls(keys=keys, primary=primary)

    def encrypt(self, plaintext: str, aad: str) -> tuple[str, str]:
        nonce = os.urandom(12)
        ct = AESGCM(self.keys[self.primary]).encrypt(nonce, plaintext.encode(), aad.encode())
        return self.primary, base64.b64encode(nonce + ct).decode()

    def decrypt(self, key_id: str, blob: str, aad: str) -> str:
        if key_id not in self.keys:
            raise VaultKeyMissing(f"vault key {key_id!r} is not configured")
        raw = base64.b64decode(blob)
        return AESGCM(self.keys[key_id]).decrypt(raw[:12], raw[12:], aad.encode()).decode()


def keyring() -> Keyring:
    s = get_settings()
    return Keyring.parse(s.vault_key, s.secret_key)


def make_hint(value: str) -> str:
    """A masked hint: the value's own prefix up to '_' (e.g. whsec_) and its last 4 characters."""
    head = value[: value.index("_") + 1] if "_" in value[:12] else ""
    return f"{head}…{value[-4:]}" if len(value) > 8 else "…"


def _aad(secret: Secret) -> str:
    # Binds the ciphertext to its row: a ciphertext copied onto another secret does not decrypt.
    return f"{secret.id}:{secret.kind.value if hasattr(secret.kind, 'value') else secret.kind}"


async def store(kind: SecretKind, owner_type: str, owner_id: str, value: str) -> Secret:
    ring = keyring()
    secret = Secret(kind=kind, owner_type=owner_type, owner_id=owner_id, key_id="", ciphertext="", hint=make_hint(value))
    secret.key_id, secret.ciphertext = ring.encrypt(value, _aad(secret))
    await secret.save()
    await audit.record("secret.create", target_type="secret", target_id=secret.id,
                       after={"kind": kind, "owner_type": owner_type, "owner_id": owner_id, "hint": secret.hint})
    return secret


def reveal(secret: Secret) -> str:
    """Internal use only (signing, provider calls). Never return this through an API."""
    return keyring().decrypt(secret.key_id, secret.ciphertext, _aad(secret))


def reveal_all_valid(secret: Secret) -> list[str]:
    """The current value, plus the previous one while its grace period lasts."""
    values = [reveal(secret)]
    if secret.previous_ciphertext and secret.previous_valid_until and secret.previous_valid_until > clock.now():
        values.append(keyring().decrypt(secret.previous_key_id or "", secret.previous_ciphertext, _aad(secret)))
    return values


async def replace(secret: Secret, value: str, *, keep_previous_until: datetime | None = None) -> Secret:
    before = {"hint": secret.hint, "version": secret.version}
    if keep_previous_until is not None:
        secret.previous_key_id, secret.previous_ciphertext = secret.key_id, secret.ciphertext
        secret.previous_valid_until = keep_previous_until
    else:
        secret.previous_key_id = secret.previous_ciphertext = secret.previous_valid_until = None
    secret.key_id, secret.ciphertext = keyring().encrypt(value, _aad(secret))
    secret.hint = make_hint(value)
    secret.version += 1
    await secret.save()
    await audit.record("secret.replace", target_type="secret", target_id=secret.id, before=before,
                       after={"hint": secret.hint, "version": secret.version,
                              "previous_valid_until": keep_previous_until})
    return secret


async def reencrypt() -> int:
    """Move every secret of the current scope to the primary vault key. Returns how many changed."""
    ring = keyring()
    changed = 0
    for secret in await Secret.filter(key_id__not=ring.primary):
        value = ring.decrypt(secret.key_id, secret.ciphertext, _aad(secret))
        secret.key_id, secret.ciphertext = ring.encrypt(value, _aad(secret))
        if secret.previous_ciphertext and secret.previous_key_id != ring.primary:
            prev = ring.decrypt(secret.previous_key_id or "", secret.previous_ciphertext, _aad(secret))
            secret.previous_key_id, secret.previous_ciphertext = ring.encrypt(prev, _aad(secret))
        await secret.save()
        changed += 1
    await audit.record("secret.reencrypt", target_type="vault", after={"primary_key_id": ring.primary, "secrets": changed})
    return changed

"""Small crypto helpers: token generation and hashing, constant-time compare, field encryption.

Field encryption here protects low-level per-user secrets (TOTP seeds). Merchant secrets
(webhook signing secrets, provider credentials) go through the secret vault.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet

from backend.core.config import get_settings


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _fernet() -> Fernet:
    settings = get_settings()
    material = (settings.vault_key or settings.secret_key).encode()
    key = base64.urlsafe_b64encode(hashlib.sha256(b"clearway-field-encryption:" + material).digest())
    return Fernet(key)


def encrypt_field(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt_field(value: str) -> str:
    return _fernet().decrypt(value.encode()).decode()

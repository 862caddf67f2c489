"""The platform's dedicated Ed25519 key that signs compliance bundles, and the offline verification.

The key comes from ``CLEARWAY_BUNDLE_SIGNING_KEY`` (base64 of the 32-byte Ed25519 private key) when set; otherwise
it is generated once and kept in the vault as a platform secret (no tenant), encrypted like every other secret.
Its public key is public: GraphQL ``bundleSigningKey`` and ``python -m backend bundle-public-key`` show it.
Verification (:func:`verify_bundle`) needs only the ZIP and the public key: no database, no network.
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
import zipfile
from dataclasses import dataclass

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ENV = "CLEARWAY_BUNDLE_SIGNING_KEY"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.sig"
OWNER = ("platform", "bundle-signing")


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint(public: Ed25519PublicKey) -> str:
    return "ed25519:" + hashlib.sha256(_raw_public(public)).hexdigest()[:32]


def public_b64(public: Ed25519PublicKey) -> str:
    return base64.b64encode(_raw_public(public)).decode()


def public_pem(public: Ed25519PublicKey) -> str:
    return public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


def _from_b64(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text.strip(), validate=True))


async def signing_key() -> Ed25519PrivateKey:
    """The bundle signing key: from the setting, else the vault's (created on first use, in the platform scope)."""
    if os.environ.get(ENV):
        return _from_b64(os.environ[ENV])
    from backend.core.tenancy import tenant_scope
    from backend.secrets import vault
    from backend.secrets.models import Secret, SecretKind

    def first():
        return Secret.filter(kind=SecretKind.BUNDLE_SIGNING, owner_type=OWNER[0], owner_id=OWNER[1]).order_by("id").first()

    with tenant_scope(None):
        secret = await first()
        if secret is None:
            raw = Ed25519PrivateKey.generate().private_bytes_raw()
            await vault.store(SecretKind.BUNDLE_SIGNING, OWNER[0], OWNER[1], "ed25519_" + base64.b64encode(raw).decode())
            secret = await first()  # two processes creating it at once both settle on the oldest
        return _from_b64(vault.reveal(secret).removeprefix("ed25519_"))


def load_public_key(value: str) -> Ed25519PublicKey:
    """A public key given as a file (PEM, or base64 of the raw 32 bytes) or as the base64 text itself."""
    text = value
    if os.path.exists(value):
        with open(value, "rb") as fh:
            data = fh.read()
        if b"BEGIN PUBLIC KEY" in data:
            from cryptography.hazmat.primitives.serialization import load_pem_public_key

            key = load_pem_public_key(data)
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError("the PEM file does not hold an Ed25519 public key")
            return key
        text = data.decode().strip()
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip(), validate=True))
    except Exception:
        raise ValueError("the public key is neither a PEM file nor base64 of 32 raw Ed25519 bytes") from None


def sign(key: Ed25519PrivateKey, manifest: bytes) -> bytes:
    """The detached signature file's content: base64 of the Ed25519 signature over the manifest's exact bytes."""
    return base64.b64encode(key.sign(manifest)) + b"\n"


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str
    manifest: dict | None = None


def _sha256(zf: zipfile.ZipFile, name: str) -> str:
    h = hashlib.sha256()
    with zf.open(name) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify_bundle(path: str | io.BytesIO, public: Ed25519PublicKey) -> Verdict:
    """Check a compliance bundle offline: the signature over manifest.json, then every file's sha256, and that the
    ZIP holds exactly the files the manifest lists. The first problem found is the reason."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return Verdict(False, f"not a readable ZIP file: {exc}")
    with zf:
        names = set(zf.namelist())
        if MANIFEST not in names or SIGNATURE not in names:
            return Verdict(False, f"the bundle has no {MANIFEST} or no {SIGNATURE}")
        try:
            manifest_bytes = zf.read(MANIFEST)
            signature = base64.b64decode(zf.read(SIGNATURE).strip(), validate=True)
        except Exception as exc:  # a corrupted member (CRC error) or a signature that is not base64
            return Verdict(False, f"cannot read the manifest or its signature: {exc}")
        try:
            public.verify(signature, manifest_bytes)
        except InvalidSignature:
            return Verdict(False, "the signature over manifest.json does not verify with this public key")
        manifest = orjson.loads(manifest_bytes)
        listed = {f["name"]: f for f in manifest.get("files", [])}
        extra = sorted(names - set(listed) - {MANIFEST, SIGNATURE})
        if extra:
            return Verdict(False, f"files not listed in the manifest: {', '.join(extra)}", manifest)
        for name, entry in sorted(listed.items()):
            if name not in names:
                return Verdict(False, f"{name}: listed in the manifest but missing from the bundle", manifest)
            try:
                digest = _sha256(zf, name)
            except Exception as exc:
                return Verdict(False, f"{name}: cannot be read ({exc})", manifest)
            if digest != entry.get("sha256"):
                return Verdict(False, f"{name}: sha256 {digest} differs from the manifest's {entry.get('sha256')}", manifest)
        return Verdict(True, f"signature valid; {len(listed)} files match their sha256", manifest)

"""Compliance bundle: a ZIP of evidence files with manifest.json (sha256 and size of every file, the ledger's chain
head at build time, tenant, time) and manifest.json.sig, a detached Ed25519 signature over the manifest's bytes.
Verify offline with ``python -m backend verify-bundle <zip> --public-key <file|base64>`` (exports.signing)."""
from __future__ import annotations

import hashlib
import os
import zipfile

import orjson

from backend.core import clock
from backend.exports import signing
from backend.ledger import chain

FORMAT = "clearway.compliance-bundle/1"


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


async def manifest_for(parts: list[tuple[str, str]], *, tenant_id: str, export_id: str, transaction_id: str | None,
                       criteria: dict) -> tuple[bytes, bytes]:
    """(manifest.json bytes, signature file bytes) for the named files (name in the ZIP, path on disk)."""
    head = await chain.head()
    key = await signing.signing_key()
    manifest = {
        "format": FORMAT,
        "tenant_id": tenant_id,
        "export_id": export_id,
        "transaction_id": transaction_id,
        "filter": criteria,
        "created_at": clock.now().isoformat().replace("+00:00", "Z"),
        "ledger": {"head_hash": head.head_hash, "entries": head.length},
        "signing_key": {"algorithm": "Ed25519", "fingerprint": signing.fingerprint(key.public_key()),
                        "public_key": signing.public_b64(key.public_key())},
        "files": [{"name": name, "sha256": file_sha256(path), "size": os.path.getsize(path)} for name, path in parts],
    }
    body = orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    return body, signing.sign(key, body)


def write_zip(path: str, parts: list[tuple[str, str]], manifest: bytes, signature: bytes) -> None:
    """Stream the files into the ZIP (1 MB at a time), then the manifest and its signature."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, src in parts:
            with open(src, "rb") as fh, zf.open(name, "w", force_zip64=True) as out:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    out.write(chunk)
        zf.writestr(signing.MANIFEST, manifest)
        zf.writestr(signing.SIGNATURE, signature)

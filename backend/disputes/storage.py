"""Evidence files: what they are (detected from their bytes, never from the name) and where they are kept.

Accepted: PDF, JPG, PNG, DOCX (a ZIP holding [Content_Types].xml and word/document.xml); at most 10 MB.
Storage: a directory on disk by default (CLEARWAY_EVIDENCE_DIR, default var/evidence), or an S3-compatible
bucket with CLEARWAY_EVIDENCE_STORAGE=s3 (CLEARWAY_EVIDENCE_S3_BUCKET, CLEARWAY_EVIDENCE_S3_ENDPOINT for a
non-AWS server, credentials from the usual AWS_* variables). Keys are ours (tenant/dispute/evidence id), never
the uploader's file name.
"""
from __future__ import annotations

import asyncio
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
READ_CHUNK = 256 * 1024


@dataclass(frozen=True)
class FileType:
    code: str  # pdf | jpg | png | docx
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("pdf", "PDF", "application/pdf", (".pdf",))
JPG = FileType("jpg", "JPG", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileType("png", "PNG", "image/png", (".png",))
DOCX = FileType("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
ACCEPTED = (PDF, JPG, PNG, DOCX)
BY_EXTENSION = {ext: t for t in ACCEPTED for ext in t.extensions}

# What refused content looks like, to say so in the refusal.
_KNOWN_OTHERS = ((b"MZ", "a Windows executable"), (b"\x7fELF", "a Linux executable"), (b"\xcf\xfa\xed\xfe", "a macOS executable"),
                 (b"#!", "a script"), (b"GIF8", "a GIF image"), (b"Rar!", "a RAR archive"), (b"\x1f\x8b", "a gzip archive"),
                 (b"<", "an HTML or XML document"), (b"\xd0\xcf\x11\xe0", "an old Office (OLE) document"))


class ContentRefused(ValueError):
    """The bytes are not an accepted evidence type; the message says what they look like."""


def detect(data: bytes) -> FileType:
    """The file's type from its content, or ContentRefused with what it seems to be instead."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPG
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError):
            raise ContentRefused("the file is a damaged ZIP archive, not a DOCX document") from None
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            return DOCX
        raise ContentRefused("the file is a ZIP archive, not a DOCX document")
    for magic, what in _KNOWN_OTHERS:
        if data.startswith(magic):
            raise ContentRefused(f"the file's content is {what}")
    raise ContentRefused("the file's content is not a PDF, JPG, PNG or DOCX")


# ------------------------------------------------------------------------------ stores

class LocalStore:
    kind = "local"

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("evidence key outside the evidence directory")
        return path

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        def write() -> None:
            path = self._path(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)  # never a half-written file under the final name
        await asyncio.to_thread(write)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._path(key).read_bytes)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)


class S3Store:
    kind = "s3"

    def __init__(self, bucket: str, endpoint_url: str | None = None, region: str | None = None):
        import boto3

        self.bucket = bucket
        self.client = boto3.client("s3", endpoint_url=endpoint_url or None, region_name=region or "us-east-1")

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(self.client.put_object, Bucket=self.bucket, Key=key, Body=data, ContentType=content_type)

    async def get(self, key: str) -> bytes:
        def read() -> bytes:
            return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        return await asyncio.to_thread(read)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.client.delete_object, Bucket=self.bucket, Key=key)


_stores: dict[tuple, LocalStore | S3Store] = {}


def store(kind: str | None = None) -> LocalStore | S3Store:
    """The configured store (read from the environment when called), or the one named `kind` (to read old files)."""
    kind = kind or os.environ.get("CLEARWAY_EVIDENCE_STORAGE", "local")
    if kind == "s3":
        key = ("s3", os.environ.get("CLEARWAY_EVIDENCE_S3_BUCKET", "clearway-evidence"),
               os.environ.get("CLEARWAY_EVIDENCE_S3_ENDPOINT"), os.environ.get("CLEARWAY_EVIDENCE_S3_REGION"))
        if key not in _stores:
            _stores[key] = S3Store(key[1], key[2], key[3])
        return _stores[key]
    if kind != "local":
        raise ValueError(f"unknown evidence storage {kind!r} (local or s3)")
    return LocalStore(os.environ.get("CLEARWAY_EVIDENCE_DIR", "var/evidence"))

"""Small real files of each evidence type, a disguised executable, and the multipart upload the UI also sends."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

import httpx
import orjson

UPLOAD = """mutation($id: ID!, $file: Upload!, $d: String) { uploadDisputeEvidence(disputeId: $id, file: $file, description: $d) {
  __typename ... on DisputeEvidencePayload { evidence { id filename fileType contentType size sha256 downloadPath } }
  ... on ValidationError { code message fields { field code message } } ... on ConflictError { code message }
  ... on NotFoundError { code message } } }"""


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf(text: str = "Proof of delivery") -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"% " + text.encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")


JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"This program cannot be run in DOS mode." + b"\x00" * 200


def docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    return buf.getvalue()


def plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "not a document")
    return buf.getvalue()


async def upload(http: httpx.AsyncClient, dispute_id: str, filename: str, data: bytes, *, description: str | None = None,
                 preflight: bool = True, content_type: str = "application/octet-stream") -> httpx.Response:
    operations = {"query": UPLOAD, "variables": {"id": dispute_id, "file": None, "d": description}}
    headers = {"GraphQL-Require-Preflight": "1"} if preflight else {}
    return await http.post("/graphql", data={"operations": orjson.dumps(operations).decode(), "map": '{"0": ["variables.file"]}'},
                           files={"0": (filename, data, content_type)}, headers=headers)

"""Evidence upload through GraphQL multipart on the real API server: accepted types detected from content, refusals
with reasons (disguised executables, wrong names, too large, empty, no CSRF header), downloads for permitted users only;
and the S3-compatible store against a local moto server."""
from __future__ import annotations

import hashlib
import os
import socket

import httpx
import pytest

from backend.disputes.storage import MAX_EVIDENCE_BYTES
from tests.disputes.conftest import DISPUTE, RESOLVE, opened, settled
from tests.disputes.files import EXE, JPG, docx, pdf, plain_zip, png, upload


async def test_accepted_types_are_detected_from_content_and_downloadable(dispute_shop, stranger):
    admin, mu = dispute_shop["admin"], dispute_shop["merchant_user"]
    d = (await opened(admin, await settled(dispute_shop["one"]), 1_000))["id"]
    files = {"delivery.pdf": (pdf(), "pdf"), "parcel.PNG": (png(), "png"), "photo.jpeg": (JPG, "jpg"),
             "letter.docx": (docx(), "docx"), "no-extension": (pdf("bare"), "pdf")}
    for name, (data, kind) in files.items():
        r = await upload(mu.http, d, name, data, description=f"{kind} evidence")
        res = r.json()["data"]["uploadDisputeEvidence"]
        assert res["__typename"] == "DisputeEvidencePayload", res
        ev = res["evidence"]
        assert ev["fileType"] == kind and ev["size"] == len(data) and ev["sha256"] == hashlib.sha256(data).hexdigest()
        assert ev["filename"] == name

    detail = (await admin.data(DISPUTE, id=d))["dispute"]
    assert [e["fileType"] for e in detail["evidence"]] == ["pdf", "png", "jpg", "docx", "pdf"]
    assert sum(1 for e in detail["timeline"] if e["kind"] == "evidence") == 5
    first = detail["evidence"][0]
    for who in (admin, mu):  # staff and the merchant user download the same bytes
        got = await who.http.get(first["downloadPath"])
        assert got.status_code == 200 and got.content == pdf() and got.headers["content-type"] == "application/pdf"
        assert "attachment" in got.headers["content-disposition"]
    assert (await stranger.http.get(first["downloadPath"])).status_code == 404  # another tenant
    async with httpx.AsyncClient(base_url=str(admin.http.base_url)) as fresh:  # no session
        assert (await fresh.get(first["downloadPath"])).status_code == 401


@pytest.mark.parametrize("name,data,code,words", [
    ("invoice.pdf", EXE, "EVIDENCE_TYPE_REFUSED", "Windows executable"),
    ("setup.exe", EXE, "EVIDENCE_TYPE_REFUSED", "Windows executable"),
    ("scan.pdf", png(), "EVIDENCE_NAME_MISMATCH", "content is a PNG"),
    ("letter.docx", plain_zip(), "EVIDENCE_TYPE_REFUSED", "ZIP archive, not a DOCX"),
    ("page.pdf", b"<html><script>alert(1)</script></html>", "EVIDENCE_TYPE_REFUSED", "HTML"),
    ("notes.txt", b"just some text", "EVIDENCE_TYPE_REFUSED", "not a PDF, JPG, PNG or DOCX"),
    ("empty.pdf", b"", "EVIDENCE_EMPTY", "empty"),
    ("big.pdf", b"%PDF-1.4\n" + b"0" * (MAX_EVIDENCE_BYTES - 8), "EVIDENCE_TOO_LARGE", "at most 10 MB"),
])
async def test_bad_uploads_are_refused_with_a_reason_and_nothing_is_stored(dispute_shop, name, data, code, words):
    admin = dispute_shop["admin"]
    d = (await opened(admin, await settled(dispute_shop["one"]), 1_000))["id"]
    r = await upload(admin.http, d, name, data)
    assert r.status_code == 200, r.text
    res = r.json()["data"]["uploadDisputeEvidence"]
    assert res["__typename"] == "ValidationError" and res["fields"][0]["field"] == "file", res
    assert res["fields"][0]["code"] == code and words in res["fields"][0]["message"], res
    assert (await admin.data(DISPUTE, id=d))["dispute"]["evidence"] == []


async def test_oversized_requests_and_requests_without_the_csrf_header_are_refused_before_reading(dispute_shop):
    admin = dispute_shop["admin"]
    d = (await opened(admin, await settled(dispute_shop["one"]), 1_000))["id"]
    r = await upload(admin.http, d, "huge.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))
    assert r.status_code == 413 and r.json()["errors"][0]["extensions"]["code"] == "EVIDENCE_TOO_LARGE"
    assert "at most 10 MB" in r.json()["errors"][0]["message"]
    r = await upload(admin.http, d, "ok.pdf", pdf(), preflight=False)  # what a cross-site form post would look like
    assert r.status_code == 400 and r.json()["errors"][0]["extensions"]["code"] == "PREFLIGHT_REQUIRED"
    assert (await admin.data(DISPUTE, id=d))["dispute"]["evidence"] == []


async def test_no_evidence_on_resolved_disputes_nor_without_disputes_manage(dispute_shop, make_client):
    admin = dispute_shop["admin"]
    d = (await opened(admin, await settled(dispute_shop["one"]), 1_000))["id"]
    assert (await admin.data(RESOLVE, i={"id": d, "outcome": "WON"}))["resolveDispute"]["__typename"] == "DisputePayload"
    res = (await upload(admin.http, d, "late.pdf", pdf())).json()["data"]["uploadDisputeEvidence"]
    assert res["__typename"] == "ConflictError" and res["code"] == "DISPUTE_RESOLVED"
    anonymous = make_client()
    r = await upload(anonymous.http, d, "x.pdf", pdf())
    assert r.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# ------------------------------------------------------------------------------ S3-compatible storage

@pytest.fixture
def moto_s3():
    """A local S3-compatible server (moto) on a free loopback port, with a bucket; the store is switched to s3."""
    from moto.server import ThreadedMotoServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    env = {"CLEARWAY_EVIDENCE_STORAGE": "s3", "CLEARWAY_EVIDENCE_S3_ENDPOINT": f"http://127.0.0.1:{port}",
           "CLEARWAY_EVIDENCE_S3_BUCKET": "evidence-test", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "us-east-1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    import boto3

    client = boto3.client("s3", endpoint_url=env["CLEARWAY_EVIDENCE_S3_ENDPOINT"], region_name="us-east-1")
    client.create_bucket(Bucket="evidence-test")
    yield client
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    server.stop()


async def test_evidence_goes_to_s3_compatible_storage_when_configured(dispute_shop, moto_s3, app_client):
    """The app in this process (its store reads the environment this test set) against the moto server."""
    admin = dispute_shop["admin"]
    d = (await opened(admin, await settled(dispute_shop["one"]), 1_000))["id"]
    session = dict(admin.http.cookies)
    app_client.cookies.update(session)
    r = await upload(app_client, d, "receipt.png", png(3, 3))
    ev = r.json()["data"]["uploadDisputeEvidence"]["evidence"]
    keys = [o["Key"] for o in moto_s3.list_objects_v2(Bucket="evidence-test").get("Contents", [])]
    assert keys == [f"{dispute_shop['tenant_id']}/{d}/{ev['id']}.png"]
    assert moto_s3.get_object(Bucket="evidence-test", Key=keys[0])["Body"].read() == png(3, 3)
    got = await app_client.get(ev["downloadPath"])
    assert got.status_code == 200 and got.content == png(3, 3) and ev["fileType"] == "png"

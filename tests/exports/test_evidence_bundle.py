"""Per-transaction evidence with a real worker: the JSON evidence (webhook payloads and responses, retry history,
overrides, final status), the PDF receipt rendered to PNG and read back by OCR, and the signed compliance bundle
verified offline by the documented command, which fails once one byte is changed."""
from __future__ import annotations

import difflib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.exports.conftest import SIGNING_KEY, export_file, pay
from tests.webhooks.helpers import deliveries, wait_for

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "var" / "test-artifacts"


async def _settled_with_webhooks(shop) -> str:
    txn = await pay(shop, 1234, "EUR", order_id="ORD-RECEIPT-1")

    async def delivered():
        got = [d for d in await deliveries(shop["admin"], shop["endpoint_id"], "SUCCEEDED") if d["transactionId"] == txn]
        return got if len(got) >= 2 else None  # payment.created and the settlement event
    assert await wait_for(delivered, timeout=30), "the worker delivered the webhooks to the built-in receiver"
    return txn


async def test_evidence_json_holds_payloads_responses_retries_and_final_status(hooked_shop, worker):
    txn = await _settled_with_webhooks(hooked_shop)
    job, content = await export_file(hooked_shop["admin"], "EVIDENCE_JSON", transaction_id=txn)
    doc = json.loads(content)
    assert job["transactionId"] == txn and job["fileName"] == f"evidence-{txn}.json"
    assert doc["schema"] == "clearway.evidence/1" and doc["tenant_id"] == hooked_shop["tenant_id"]
    assert doc["transaction"]["id"] == txn and doc["transaction"]["amount_display"] == "12.34 EUR"
    assert doc["final_status"] == "settlement" and doc["routing_path"]
    [override] = doc["simulation_result_logs"]
    assert (override["action"], override["previous_status"], override["new_status"]) == ("approve", "pending", "settlement")
    assert {w["event_type"] for w in doc["webhooks"]} >= {"payment.created"}
    for w in doc["webhooks"]:
        assert w["payload"] and w["status"] == "succeeded"
        attempt = w["attempts"][-1]
        assert attempt["response_status"] == 200 and attempt["request_body"] and "webhook-signature" in attempt["request_headers"]
        assert w["retry_history"][-1]["outcome"] == "succeeded"
    assert [e["kind"] for e in doc["ledger"]][:1] == ["settlement"] and len(doc["ledger"][0]["hash"]) == 64


def _ocr(png: Path) -> str:
    out = subprocess.run(["tesseract", str(png), "-", "--psm", "3"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


async def test_pdf_receipt_renders_and_reads_back(hooked_shop, worker):
    if not (shutil.which("pdftoppm") and shutil.which("tesseract")):
        pytest.skip("poppler-utils and tesseract-ocr are not installed (./clearway test installs them as root)")
    txn = await _settled_with_webhooks(hooked_shop)
    job, content = await export_file(hooked_shop["admin"], "RECEIPT_PDF", transaction_id=txn)
    assert content.startswith(b"%PDF-") and job["fileName"] == f"receipt-{txn}.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "receipt.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / "receipt")], check=True)
    png = next(ARTIFACTS.glob("receipt-*1.png"))
    text = _ocr(png)
    for expected in ("Clearway payment receipt", "12.34 EUR", "SETTLEMENT", "ORD-RECEIPT-1", "Override timeline",
                     "paid at the counter", "Webhooks"):
        assert expected in text, f"{expected!r} not read from the rendered receipt: {text[:600]}"
    # The transaction id as OCR reads it (it may take a 0 for an O or a 9 for an S in a monospace-less font)
    read_ids = [w.strip('",.') for w in text.split() if w.startswith("txn_")]
    assert read_ids and max(difflib.SequenceMatcher(None, txn, w).ratio() for w in read_ids) >= 0.9, (txn, read_ids)


async def test_compliance_bundle_verifies_offline_and_fails_after_tampering(hooked_shop, worker, db, tmp_path):
    from backend.core.tenancy import tenant_scope
    from backend.ledger import chain

    txn = await _settled_with_webhooks(hooked_shop)
    job, content = await export_file(hooked_shop["admin"], "COMPLIANCE_BUNDLE", transaction_id=txn)
    from backend.ledger.models import JournalEntry
    key = (await hooked_shop["admin"].data(SIGNING_KEY))["bundleSigningKey"]
    assert key["algorithm"] == "Ed25519" and key["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(content)
    with zipfile.ZipFile(bundle) as zf:
        names = sorted(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        evidence = json.loads(zf.read("evidence.json"))
        tx_rows = zf.read("transactions.csv").decode().splitlines()
        hooks = zf.read("webhook-log.csv").decode().splitlines()
    assert names == ["evidence.json", "manifest.json", "manifest.json.sig", "receipt.pdf", "transactions.csv", "webhook-log.csv"]
    with tenant_scope(hooked_shop["tenant_id"]):  # the head at build time: the chain's entry at that position
        assert (await chain.verify()).ok
        at_build = await JournalEntry.get(sequence=manifest["ledger"]["entries"])
        assert manifest["ledger"]["head_hash"] == at_build.hash and manifest["ledger"]["entries"] >= 1
    assert manifest["tenant_id"] == hooked_shop["tenant_id"] and manifest["transaction_id"] == txn and manifest["created_at"]
    assert manifest["signing_key"]["fingerprint"] == key["fingerprint"]
    assert {f["name"] for f in manifest["files"]} == {"evidence.json", "receipt.pdf", "transactions.csv", "webhook-log.csv"}
    assert evidence["transaction"]["id"] == txn and len(tx_rows) == 2 and tx_rows[1].startswith(txn)
    assert len(hooks) >= 3 and all(txn in line for line in hooks[1:])

    def verify(path: Path, public_key: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "backend", "verify-bundle", str(path), "--public-key", public_key],
                              cwd=ROOT, capture_output=True, text=True, env={**os.environ, "DATABASE_URL": "sqlite://:memory:"})

    pem = tmp_path / "bundle-signing.pem"
    pem.write_text(key["publicKeyPem"])
    for public in (key["publicKey"], str(pem)):
        ok = verify(bundle, public)
        assert ok.returncode == 0 and ok.stdout.startswith("OK: signature valid; 4 files match"), ok.stdout + ok.stderr

    # One byte of one file changed (a ZIP rewritten with correct CRCs, as a forger would): the sha256 no longer matches
    changed = tmp_path / "changed.zip"
    _rewrite(bundle, changed, "transactions.csv", lambda b: b.replace(b"1234", b"1235", 1))
    bad = verify(changed, key["publicKey"])
    assert bad.returncode == 1 and "INVALID: transactions.csv: sha256" in bad.stderr, bad.stderr
    # The manifest changed to match: its signature no longer verifies
    forged = tmp_path / "forged.zip"
    _rewrite(bundle, forged, "manifest.json", lambda b: b.replace(b'"entries": ', b'"entries": 1', 1))
    bad = verify(forged, key["publicKey"])
    assert bad.returncode == 1 and "signature over manifest.json does not verify" in bad.stderr
    # A raw byte flipped inside the ZIP file itself
    raw = bytearray(content)
    at = raw.index(b"receipt.pdf") + 200
    raw[at] ^= 0x01
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(bytes(raw))
    bad = verify(flipped, key["publicKey"])
    assert bad.returncode == 1 and bad.stderr.startswith("INVALID:"), bad.stderr
    # Another key does not verify it
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from backend.exports.signing import public_b64

    stranger = verify(bundle, public_b64(Ed25519PrivateKey.generate().public_key()))
    assert stranger.returncode == 1 and "does not verify" in stranger.stderr
    assert verify(bundle, "not-a-key").returncode == 2

    # A bundle of a filtered list: the two CSVs, signed the same way
    _, listed = await export_file(hooked_shop["admin"], "COMPLIANCE_BUNDLE", {"search": txn})
    (tmp_path / "list.zip").write_bytes(listed)
    with zipfile.ZipFile(tmp_path / "list.zip") as zf:
        assert sorted(zf.namelist()) == ["manifest.json", "manifest.json.sig", "transactions.csv", "webhook-log.csv"]
        assert json.loads(zf.read("manifest.json"))["filter"] == {"search": txn}
    ok = verify(tmp_path / "list.zip", key["publicKey"])
    assert ok.returncode == 0 and "2 files match" in ok.stdout, ok.stdout + ok.stderr


def _rewrite(src: Path, dst: Path, name: str, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == name:
                new = change(data)
                assert new != data
                data = new
            zout.writestr(info.filename, data)

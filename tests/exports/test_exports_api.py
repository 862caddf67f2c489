"""Bulk exports through GraphQL with a real arq worker: filtered CSV and XLSX, download tokens (single use, short-lived,
one file: 403 otherwise), bad input, permissions, and tenant isolation (through the API and by construction)."""
from __future__ import annotations

import hashlib
import re
import zipfile
from datetime import timedelta
from io import BytesIO

import httpx

from backend.exports.writers import TXN_HEADER
from tests.exports.conftest import CREATE_EXPORT as CREATE_EXPORT_Q, DOWNLOAD, EXPORT, create_export, csv_rows, export_file, finished, pay
from tests.support import CREATE_TENANT, CREATE_USER, unique


async def test_filtered_csv_export_runs_on_the_worker_and_downloads_once(shop, worker):
    eur_small = await pay(shop, 1000, "EUR", order_id="=HYPERLINK(1)")
    eur_big = await pay(shop, 2500, "EUR")
    await pay(shop, 3000, "USD")
    await pay(shop, 1500, "EUR", approve=False)  # still pending
    job, content = await export_file(shop["admin"], "TRANSACTIONS_CSV",
                                     {"currency": "eur", "statuses": ["settlement"], "merchantIds": [shop["merchant"]["id"]]})
    rows = csv_rows(content)
    assert content.decode().splitlines()[0].split(",") == TXN_HEADER
    assert [r["transaction_id"] for r in rows] == [eur_small, eur_big]  # oldest first, only what the filter selects
    assert [(r["amount_minor"], r["amount"], r["currency"], r["status"]) for r in rows] == \
        [("1000", "10.00", "EUR", "settlement"), ("2500", "25.00", "EUR", "settlement")]
    assert rows[0]["order_id"] == "'=HYPERLINK(1)"  # a formula-like cell is defused
    assert job["rowsDone"] == job["rowsTotal"] == 2 and job["progress"] == 1.0
    assert job["sha256"] == hashlib.sha256(content).hexdigest() and job["fileSize"] == len(content)
    assert job["fileName"].endswith(".csv") and job["filter"]["currency"] == "EUR"

    amount_range, content = await export_file(shop["admin"], "TRANSACTIONS_CSV", {"amountMin": 1500, "amountMax": 3000})
    assert sorted(int(r["amount_minor"]) for r in csv_rows(content)) == [1500, 2500, 3000]
    _, content = await export_file(shop["admin"], "TRANSACTIONS_CSV", {"search": eur_big})
    assert [r["transaction_id"] for r in csv_rows(content)] == [eur_big]


async def test_xlsx_export_holds_the_same_rows(shop, worker):
    ids = [await pay(shop, 1000 + i) for i in range(3)]
    job, content = await export_file(shop["admin"], "TRANSACTIONS_XLSX", {"merchantIds": [shop["merchant"]["id"]]})
    assert job["fileName"].endswith(".xlsx") and job["rowsDone"] == 3
    with zipfile.ZipFile(BytesIO(content)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    cells = re.findall(r"<t[^>]*>([^<]*)</t>", sheet)  # constant_memory mode writes inline strings
    assert cells[:len(TXN_HEADER)] == TXN_HEADER
    assert all(i in cells for i in ids)


async def test_download_tokens_are_single_use_short_lived_and_for_one_file(shop, worker, db):
    from backend.core.tenancy import system_scope
    from backend.exports.models import DownloadToken

    await pay(shop, 1200)
    admin = shop["admin"]
    one = await finished(admin, (await create_export(admin, "TRANSACTIONS_CSV"))["export"]["id"])
    two = await finished(admin, (await create_export(admin, "WEBHOOK_LOG"))["export"]["id"])
    async with httpx.AsyncClient(base_url=admin.base_url) as http:
        link = (await admin.data(DOWNLOAD, id=one["id"]))["createExportDownload"]
        link["url"] = link["path"]
        other_file = link["url"].replace(one["id"], two["id"])
        assert (await http.get(other_file)).status_code == 403  # this token opens export one only
        first = await http.get(link["url"])
        assert first.status_code == 200 and first.headers["content-disposition"].startswith("attachment")
        assert first.headers["cache-control"] == "no-store"
        reused = await http.get(link["url"])
        assert reused.status_code == 403 and reused.json()["error"]["code"] == "DOWNLOAD_FORBIDDEN"

        late = (await admin.data(DOWNLOAD, id=two["id"]))["createExportDownload"]
        late["url"] = late["path"]
        with system_scope():
            token = await DownloadToken.filter(export_id=two["id"]).order_by("-created_at").first()
            await DownloadToken.filter(id=token.id).update(expires_at=token.expires_at - timedelta(minutes=6))
        assert (await http.get(late["url"])).status_code == 403  # expired (5 minutes)
        assert (await http.get(late["url"].split("?")[0][:-4] + "AAAA")).status_code == 403  # unknown
    running = (await create_export(admin, "TRANSACTIONS_CSV"))["export"]
    if running["status"] != "SUCCEEDED":  # a file not made yet has no link
        early = (await admin.data(DOWNLOAD, id=running["id"]))["createExportDownload"]
        assert early["__typename"] in ("ConflictError", "ExportDownload")


async def test_bad_input_and_missing_permission(shop, make_client):
    admin = shop["admin"]
    bad = await create_export(admin, "TRANSACTIONS_CSV", {"currency": "EURO", "amountMin": -1, "statuses": ["nope"],
                                                          "createdFrom": "yesterday", "colour": "red"})
    assert bad["__typename"] == "ValidationError"
    assert sorted(f["field"] for f in bad["fields"]) == ["filter.amountMin", "filter.colour", "filter.createdFrom",
                                                        "filter.currency", "filter.statuses"]
    one = await create_export(admin, "RECEIPT_PDF")
    assert one["__typename"] == "ValidationError" and one["fields"][0]["field"] == "transactionId"
    missing = await create_export(admin, "EVIDENCE_JSON", transaction_id="txn_nope")
    assert missing["__typename"] == "NotFoundError"

    email = f"{unique('u')}@example.com"
    made = await admin.data(CREATE_USER, i={"email": email, "name": "No roles", "password": "long-enough-pw", "kind": "PLATFORM"})
    assert made["createUser"]["__typename"] == "UserPayload"
    nobody = make_client()
    assert (await nobody.login(email, "long-enough-pw"))["__typename"] == "LoginSuccess"
    body = await nobody.q("""mutation { createExport(input: {kind: TRANSACTIONS_CSV}) { __typename } }""")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def _other_tenant(operator, make_client):
    slug = unique("t")
    body = await operator.data(CREATE_TENANT, i={"name": f"Other {slug}", "slug": slug, "plan": "PRO",
                                                  "adminEmail": f"admin-{slug}@example.com", "adminName": "Admin",
                                                  "adminPassword": "s3cret-password"})
    other = make_client()
    assert (await other.login(f"admin-{slug}@example.com", "s3cret-password"))["__typename"] == "LoginSuccess"
    return body["createTenant"]["tenant"]["id"], other


async def test_another_tenants_data_cannot_be_exported(shop, worker, operator, make_client):
    txn = await pay(shop, 4200)
    mine = await finished(shop["admin"], (await create_export(shop["admin"], "TRANSACTIONS_CSV"))["export"]["id"])
    _, other = await _other_tenant(operator, make_client)
    assert (await create_export(other, "TRANSACTIONS_CSV", {"merchantIds": [shop["merchant"]["id"]]}))["__typename"] \
        == "NotFoundError"
    for kind in ("EVIDENCE_JSON", "RECEIPT_PDF", "COMPLIANCE_BUNDLE"):
        assert (await create_export(other, kind, transaction_id=txn))["__typename"] == "NotFoundError"
    assert (await other.data(EXPORT, id=mine["id"]))["export"] is None
    assert (await other.data(DOWNLOAD, id=mine["id"]))["createExportDownload"]["__typename"] == "NotFoundError"
    # Their own export of everything they reach, searching for the other tenant's payment: nothing
    job, content = await export_file(other, "TRANSACTIONS_CSV", {"search": txn})
    assert csv_rows(content) == [] and job["rowsTotal"] == 0


async def test_isolation_holds_by_construction_even_with_a_forged_job(shop, operator, make_client, db):
    """A job of tenant B naming tenant A's merchant and transaction (which no API would create) still reads nothing of
    A: every row comes through the tenant-scoped models."""
    from backend.core.tenancy import tenant_scope
    from backend.exports import runner
    from backend.exports.models import ExportJob, ExportKind, ExportStatus

    txn = await pay(shop, 777)
    other_id, _ = await _other_tenant(operator, make_client)
    with tenant_scope(other_id):
        forged = await ExportJob.create(kind=ExportKind.TRANSACTIONS_CSV, criteria={}, merchant_ids=[shop["merchant"]["id"]])
        done = await runner.run(forged.id)
        assert done.status == ExportStatus.SUCCEEDED and done.rows_done == 0
        with open(done.file_path, encoding="utf-8") as fh:
            assert fh.read().strip().split(",") == TXN_HEADER  # the header only
        evidence = await ExportJob.create(kind=ExportKind.EVIDENCE_JSON, merchant_ids=[shop["merchant"]["id"]], transaction_id=txn)
        failed = await runner.run(evidence.id)
        assert failed.status == ExportStatus.FAILED and failed.error == "Transaction not found"
    with tenant_scope(shop["tenant_id"]):  # the same forged job in the right tenant does find the row
        real = await ExportJob.create(kind=ExportKind.TRANSACTIONS_CSV, criteria={"search": txn}, merchant_ids=[shop["merchant"]["id"]])
        assert (await runner.run(real.id)).rows_done == 1


async def test_a_merchant_user_exports_only_their_merchant(shop, tenant, api_url, worker, make_client):
    from tests.payments.conftest import open_shop
    from tests.support import ASSIGN_ROLE, CREATE_ROLE

    admin = shop["admin"]
    other = await open_shop(tenant, api_url)  # a second merchant of the same tenant
    mine, theirs = await pay(shop, 1111), await pay(other, 2222)
    role = (await admin.data(CREATE_ROLE, i={"name": unique("exporter"), "kind": "MERCHANT",
                                              "permissions": ["transactions.read", "exports.create"]}))["createRole"]["role"]
    email = f"{unique('mu')}@example.com"
    user = (await admin.data(CREATE_USER, i={"email": email, "name": "Exporter", "password": "long-enough-pw",
                                             "kind": "MERCHANT"}))["createUser"]["user"]
    assigned = await admin.data(ASSIGN_ROLE, i={"userId": user["id"], "roleId": role["id"], "contextType": "MERCHANT",
                                                "contextId": shop["merchant"]["id"]})
    assert assigned["assignRole"]["__typename"] == "RoleAssignmentPayload", assigned
    clerk = make_client()
    assert (await clerk.login(email, "long-enough-pw"))["__typename"] == "LoginSuccess"

    job, content = await export_file(clerk, "TRANSACTIONS_CSV")
    ids = {r["transaction_id"] for r in csv_rows(content)}
    assert mine in ids and theirs not in ids and {r["merchant_id"] for r in csv_rows(content)} == {shop["merchant"]["id"]}
    refused = await clerk.q(CREATE_EXPORT_Q, i={"kind": "TRANSACTIONS_CSV", "filter": {"merchantIds": [other["merchant"]["id"]]}})
    assert refused["errors"][0]["extensions"]["code"] == "OUTSIDE_OWN_CONTEXT"
    refused = await clerk.q(CREATE_EXPORT_Q, i={"kind": "RECEIPT_PDF", "transactionId": theirs})
    assert refused["errors"][0]["extensions"]["code"] == "OUTSIDE_OWN_CONTEXT"
    # the admin's export is not the clerk's to see or download
    admins = (await create_export(admin, "TRANSACTIONS_CSV"))["export"]
    assert (await clerk.data(EXPORT, id=admins["id"]))["export"] is None
    assert (await clerk.data(EXPORT, id=job["id"]))["export"]["createdByLabel"] == email
    for c in other["clients"]:
        await c.aclose()


async def test_xlsx_rolls_over_to_a_new_sheet_at_the_row_limit(shop, db, monkeypatch):
    """Excel holds 1,048,576 rows a sheet: past that the export goes on in a new sheet (limit lowered here to 3)."""
    from backend.core.tenancy import tenant_scope
    from backend.exports import runner, writers
    from backend.exports.models import ExportJob, ExportKind

    ids = [await pay(shop, 500 + i, approve=False) for i in range(5)]
    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 3)
    with tenant_scope(shop["tenant_id"]):
        job = await ExportJob.create(kind=ExportKind.TRANSACTIONS_XLSX, criteria={}, merchant_ids=[shop["merchant"]["id"]])
        done = await runner.run(job.id)
    assert done.rows_done == 5
    with zipfile.ZipFile(done.file_path) as zf:
        sheets = sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))
        cells = [re.findall(r"<t[^>]*>([^<]*)</t>", zf.read(n).decode()) for n in sheets]
    assert len(sheets) == 3  # header + 2 rows, header + 2 rows, header + 1 row
    assert all(c[:len(TXN_HEADER)] == TXN_HEADER for c in cells)
    assert [i for c in cells for i in c if i.startswith("txn_")] == ids

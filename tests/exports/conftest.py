"""Exports test fixtures: a routed shop with a webhook endpoint on the built-in receiver, and GraphQL helpers."""
from __future__ import annotations

import asyncio
import csv
import io

import httpx
import pytest

from tests.payments.conftest import shop  # noqa: F401  (re-exported fixture)
from tests.webhooks.helpers import CREATE as CREATE_ENDPOINT

UPDATE_ENDPOINT = """mutation($id: ID!, $i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $i) { __typename } }"""
APPROVE = """mutation($id: ID!, $r: String!) { overrideTransaction(id: $id, action: APPROVE, reason: $r) { __typename } }"""
CREATE_EXPORT = """mutation($i: CreateExportInput!) { createExport(input: $i) { __typename
  ... on ExportPayload { export { id kind status } }
  ... on ValidationError { code message fields { field code message } } ... on NotFoundError { code message }
  ... on ConflictError { code message } } }"""
EXPORT = """query($id: ID!) { export(id: $id) { id kind status rowsDone rowsTotal progress fileName fileSize sha256 error
  transactionId filter createdByLabel } }"""
DOWNLOAD = """mutation($id: ID!) { createExportDownload(exportId: $id) { __typename
  ... on ExportDownload { url path expiresAt } ... on NotFoundError { code } ... on ConflictError { code message } } }"""
SIGNING_KEY = """{ bundleSigningKey { algorithm publicKey publicKeyPem fingerprint } }"""


async def pay(shop, amount: int, currency: str = "EUR", order_id: str | None = None, approve: bool = True) -> str:
    r = await shop["sandbox"].post("/payments", json={"payment_method_id": shop["pm"]["id"], "amount": amount,
                                                      "currency": currency, "order_id": order_id})
    assert r.status_code == 201, r.text
    txn_id = r.json()["transaction_id"]
    if approve:
        res = await shop["admin"].data(APPROVE, id=txn_id, r="paid at the counter (test)")
        assert res["overrideTransaction"]["__typename"] == "OverridePayload", res
    return txn_id


async def builtin_endpoint(admin, api_url: str, merchant_id: str) -> str:
    """A webhook endpoint of the merchant on the product's own receiver (deliveries succeed with 200)."""
    res = (await admin.data(CREATE_ENDPOINT, m=merchant_id, i={"url": api_url + "/webhook-receiver/pending"}))
    ep = res["createWebhookEndpoint"]["webhookEndpoint"]["id"]
    done = await admin.data(UPDATE_ENDPOINT, id=ep, i={"url": f"{api_url}/webhook-receiver/{ep}"})
    assert done["updateWebhookEndpoint"]["__typename"] == "WebhookEndpointPayload", done
    return ep


async def create_export(client, kind: str, filter: dict | None = None, transaction_id: str | None = None) -> dict:
    res = (await client.data(CREATE_EXPORT, i={"kind": kind, "filter": filter, "transactionId": transaction_id}))["createExport"]
    return res


async def finished(client, export_id: str, timeout: float = 60.0) -> dict:
    """Poll the export until it succeeded or failed (the real worker runs it)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        job = (await client.data(EXPORT, id=export_id))["export"]
        if job["status"] in ("SUCCEEDED", "FAILED") or asyncio.get_running_loop().time() > deadline:
            return job
        await asyncio.sleep(0.25)


async def export_file(client, kind: str, filter: dict | None = None, transaction_id: str | None = None) -> tuple[dict, bytes]:
    """Create an export, wait for it, download its file once."""
    res = await create_export(client, kind, filter, transaction_id)
    assert res["__typename"] == "ExportPayload", res
    job = await finished(client, res["export"]["id"])
    assert job["status"] == "SUCCEEDED", job
    link = (await client.data(DOWNLOAD, id=job["id"]))["createExportDownload"]
    assert link["__typename"] == "ExportDownload", link
    async with httpx.AsyncClient() as http:
        r = await http.get(client.base_url + link["path"])
    assert r.status_code == 200, r.text
    return job, r.content


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


@pytest.fixture
async def hooked_shop(shop, api_url):
    """The shop with a webhook endpoint on the built-in receiver."""
    shop["endpoint_id"] = await builtin_endpoint(shop["admin"], api_url, shop["merchant"]["id"])
    return shop

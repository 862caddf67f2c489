"""webhookEndpoints / webhookEndpoint: endpoints across the merchants the caller reaches, never another tenant's."""
from __future__ import annotations

from tests.payments.test_subscriptions import other_tenant_admin
from tests.support import new_merchant
from tests.webhooks.helpers import create_endpoint

LIST = "query($m: ID) { webhookEndpoints(merchantId: $m) { id merchantId merchantName viewerCanManage failingSince disabledReason } }"
ONE = "query($id: ID!) { webhookEndpoint(id: $id) { id url merchantName viewerCanManage } }"


async def test_endpoints_across_merchants_and_never_another_tenants(tenant, api_url, operator, make_client):
    admin = tenant["admin"]
    m1, m2 = await new_merchant(admin), await new_merchant(admin)
    e1, _ = await create_endpoint(admin, m1["id"], api_url + "/webhook-receiver/pending")
    e2, _ = await create_endpoint(admin, m2["id"], api_url + "/webhook-receiver/pending")
    mine = (await admin.data(LIST))["webhookEndpoints"]
    ids = [e["id"] for e in mine]
    assert ids.index(e2) < ids.index(e1)  # newest first
    row = next(e for e in mine if e["id"] == e1)
    assert (row["merchantId"], row["merchantName"], row["viewerCanManage"]) == (m1["id"], m1["name"], True)
    assert [e["id"] for e in (await admin.data(LIST, m=m2["id"]))["webhookEndpoints"]] == [e2]
    assert (await admin.data(ONE, id=e1))["webhookEndpoint"]["merchantName"] == m1["name"]

    other = await other_tenant_admin(operator, make_client)
    assert not {e1, e2} & {e["id"] for e in (await other.data(LIST))["webhookEndpoints"]}
    assert (await other.data(LIST, m=m1["id"]))["webhookEndpoints"] == []
    assert (await other.data(ONE, id=e1))["webhookEndpoint"] is None
    assert (await other.data(ONE, id="whe_doesnotexist"))["webhookEndpoint"] is None
    refused = await operator.raw(LIST)
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"

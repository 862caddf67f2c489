"""Transaction.viewerCan.export / readDisputes are per transaction: a merchant user holding exports.create and
disputes.read on merchant one only, and transactions.read on both, may export and see disputes of one's payments only
(the UI's Download menu and Disputes card follow these flags, not the user's tenant-wide permission list)."""
from __future__ import annotations

from tests.exports.conftest import create_export
from tests.ledger.conftest import ledger_shop  # noqa: F401  (fixture)
from tests.ledger.test_ledger_api import pay
from tests.support import ASSIGN_ROLE, CREATE_ROLE, CREATE_USER, GQL, unique

CAN = "query($id: ID!) { transaction(id: $id) { id viewerCan { export readDisputes openDispute } } }"


async def _role(admin, perms: list[str]) -> str:
    res = await admin.data(CREATE_ROLE, i={"name": unique("r"), "kind": "MERCHANT", "permissions": perms})
    return res["createRole"]["role"]["id"]


async def test_export_and_dispute_flags_follow_the_transactions_merchant(ledger_shop, api_url):
    admin, one, two = ledger_shop["admin"], ledger_shop["one"], ledger_shop["two"]
    txn_one, txn_two = await pay(one, 1_000, "EUR"), await pay(two, 1_000, "EUR")
    email = f"mu-{unique()}@example.com"
    user = (await admin.data(CREATE_USER, i={"email": email, "name": "M", "password": "long-enough-pw", "kind": "MERCHANT"}))["createUser"]["user"]
    full, read_only = await _role(admin, ["transactions.read", "exports.create", "disputes.read"]), await _role(admin, ["transactions.read"])
    for role, merchant in ((full, one), (read_only, two)):
        ra = await admin.data(ASSIGN_ROLE, i={"userId": user["id"], "roleId": role, "contextType": "MERCHANT",
                                              "contextId": merchant["merchant"]["id"]})
        assert ra["assignRole"]["__typename"] == "RoleAssignmentPayload", ra
    c = GQL(api_url)
    try:
        assert (await c.login(email, "long-enough-pw"))["__typename"] == "LoginSuccess"
        assert "exports.create" in (await c.data("{ me { permissions } }"))["me"]["permissions"]
        on_one = (await c.data(CAN, id=txn_one))["transaction"]["viewerCan"]
        on_two = (await c.data(CAN, id=txn_two))["transaction"]["viewerCan"]
        assert on_one == {"export": True, "readDisputes": True, "openDispute": False}
        assert on_two == {"export": False, "readDisputes": False, "openDispute": False}
        # the flags say what the server does
        assert (await create_export(c, "EVIDENCE_JSON", transaction_id=txn_one))["__typename"] == "ExportPayload"
        refused = await c.q("""mutation($i: CreateExportInput!) { createExport(input: $i) { __typename } }""",
                            i={"kind": "EVIDENCE_JSON", "transactionId": txn_two})
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", refused
        everything = (await admin.data(CAN, id=txn_two))["transaction"]["viewerCan"]
        assert all(everything.values()), everything
    finally:
        await c.close()

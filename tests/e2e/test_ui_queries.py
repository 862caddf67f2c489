"""Every GraphQL document the UI sends (every module of frontend/clearway_ui/gql/) is valid
against the checked-in schema.graphql.

No browser and no server: this catches a schema change that would break a page before anyone
opens it. (Kept next to the browser tests because the UI's tests live here; not marked e2e.)
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "frontend"))

import importlib  # noqa: E402
import pkgutil  # noqa: E402

import clearway_ui.gql as gql_package  # noqa: E402

# Every module of clearway_ui/gql holding documents (client.py and live.py are transport); queries.py unprefixed.
MODULES = {info.name: importlib.import_module(f"clearway_ui.gql.{info.name}")
           for info in pkgutil.iter_modules(gql_package.__path__) if info.name not in ("client", "live")}

DOCUMENTS = {
    f"{'' if mod_name == 'queries' else mod_name + '.'}{name}": text
    for mod_name, module in MODULES.items()
    for name, text in vars(module).items()
    if name.isupper()
    and isinstance(text, str)
    and any(f"{kind} " in text for kind in ("query", "mutation", "subscription"))
}


@pytest.fixture(scope="module")
def schema():
    return build_schema((ROOT / "schema.graphql").read_text())


def test_documents_found():
    assert {"LOGIN", "ME", "USERS", "CREATE_USER", "CREATE_ROLE", "TENANTS", "AUDIT_EVENTS"} <= set(DOCUMENTS)
    assert {"routing.PAYMENT_METHODS", "routing.UPDATE_ROUTING_DRAFT", "routing.ROUTING_PREVIEW",
            "routing.MASTER_MID", "routing.PUBLISH_EXECUTION"} <= set(DOCUMENTS)
    assert {"payments.TRANSACTIONS", "payments.TRANSACTION", "payments.OVERRIDE_TRANSACTION",
            "payments.CREATE_TEST_DEPOSIT", "payments.SIMULATOR_TEST_INPUTS", "payments.DEV_METHODS",
            "payments.TRANSACTION_TIMELINE"} <= set(DOCUMENTS)
    assert {"webhooks.WEBHOOK_ENDPOINTS", "webhooks.WEBHOOK_ENDPOINT", "webhooks.WEBHOOK_DELIVERIES",
            "webhooks.WEBHOOK_DELIVERY_LOG", "webhooks.RESEND_WEBHOOK_EVENT", "webhooks.RESEND_FAILED_WEBHOOKS",
            "webhooks.SEND_TEST_WEBHOOK", "webhooks.ENABLE_WEBHOOK_ENDPOINT"} <= set(DOCUMENTS)
    assert {"review.OPERATIONAL_REVIEW", "review.REVIEW_MERCHANTS"} <= set(DOCUMENTS)
    assert {"disputes.DISPUTES", "disputes.DISPUTE", "disputes.OPEN_DISPUTE", "disputes.RESOLVE_DISPUTE",
            "disputes.UPLOAD_DISPUTE_EVIDENCE", "disputes.TXN_DISPUTES"} <= set(DOCUMENTS)
    assert {"exports.EXPORTS", "exports.CREATE_EXPORT", "exports.CREATE_EXPORT_DOWNLOAD", "exports.EXPORT"} <= set(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_is_valid(schema, name):
    errors = validate(schema, parse(DOCUMENTS[name]))
    assert not errors, f"{name}: " + "; ".join(e.message for e in errors)

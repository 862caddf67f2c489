"""Every GraphQL document the UI sends (gql/queries.py, gql/routing.py, gql/payments.py, gql/exports.py) is valid
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

from clearway_ui.gql import exports as X  # noqa: E402
from clearway_ui.gql import queries as Q  # noqa: E402
from clearway_ui.gql import payments as P  # noqa: E402
from clearway_ui.gql import routing as R  # noqa: E402

PREFIX = {Q: "", R: "routing.", P: "payments.", X: "exports."}

DOCUMENTS = {
    f"{PREFIX[module]}{name}": text
    for module in (Q, R, P, X)
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
    assert {"exports.EXPORTS", "exports.CREATE_EXPORT", "exports.CREATE_EXPORT_DOWNLOAD", "exports.EXPORT"} <= set(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_is_valid(schema, name):
    errors = validate(schema, parse(DOCUMENTS[name]))
    assert not errors, f"{name}: " + "; ".join(e.message for e in errors)

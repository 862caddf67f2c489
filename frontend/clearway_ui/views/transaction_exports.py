"""Download buttons of the transaction page (JSON evidence, PDF receipt, compliance bundle): one menu in the header."""
from __future__ import annotations

import reflex as rx

from ..state.transaction import TransactionState
from ..state.transaction_exports import TransactionExportsState as X

ITEMS = [("EVIDENCE_JSON", "JSON evidence", "file-json", "Transaction, routing, overrides, webhook payloads and responses"),
         ("RECEIPT_PDF", "PDF receipt", "file-text", "A receipt to hand to QA"),
         ("COMPLIANCE_BUNDLE", "Compliance bundle", "file-archive", "Signed ZIP: evidence, receipt, CSV, webhook log")]


def export_buttons() -> rx.Component:
    return rx.cond(
        TransactionState.can_export,  # exports.create on this transaction's merchant (viewerCan.export)
        rx.menu.root(
            rx.menu.trigger(rx.button(
                rx.cond(X.busy_kind != "", rx.spinner(size="1"), rx.icon("download", size=14)),
                rx.cond(X.busy_kind != "", "Preparing…", "Download"), rx.icon("chevron-down", size=12),
                variant="soft", color_scheme="gray", disabled=X.busy_kind != "", data_testid="txn-download")),
            rx.menu.content(*[
                rx.menu.item(rx.hstack(rx.icon(icon, size=15), rx.vstack(rx.text(label, size="2", weight="medium"),
                                                                        rx.text(hint, size="1", color="#64748b"),
                                                                        spacing="0"), spacing="2", align="center"),
                             on_select=X.export(kind), height="auto", padding_y="8px",
                             data_testid=f"txn-download-{kind.lower()}")
                for kind, label, icon, hint in ITEMS]),
        ),
    )

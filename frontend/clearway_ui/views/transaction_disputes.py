"""The Disputes card of the transaction page: this payment's disputes (links to the workbench) and Open dispute."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.disputes import dispute_status_badge, outcome_badge
from ..components.forms import form_dialog, text_field
from ..components.payments import card, card_title
from ..state.transaction import TransactionState
from ..state.transaction_disputes import TxnDisputesState as S


def _row(r: Any) -> rx.Component:
    return rx.link(
        rx.hstack(
            dispute_status_badge(r["status"], r["status_label"]),
            outcome_badge(r["outcome"], r["outcome_label"]),
            rx.text(r["amount_label"], size="2", weight="medium", font_variant_numeric="tabular-nums"),
            rx.text(r["reason"], size="2", color=T.MUTED, overflow="hidden", text_overflow="ellipsis", white_space="nowrap",
                    flex="1", min_width="0"),
            rx.text("opened " + r["opened_rel"], size="1", color=T.MUTED, white_space="nowrap"),
            rx.icon("chevron-right", size=14, color=T.MUTED),
            spacing="3", align="center", width="100%", padding_y="6px",
        ),
        href="/disputes/" + r["id"], underline="none", color=T.TEXT, data_testid="txn-dispute",
    )


def _open_dialog() -> rx.Component:
    return form_dialog(
        S, "Open dispute",
        rx.text("The payer disputes this payment. The amount (at most ", S.disputable_label, ") is held from the merchant's "
                "funds until the dispute is resolved; unresolved disputes escalate after 48 hours."),
        rx.vstack(
            text_field(S, "Disputed amount (" + S.currency + ")", "amount", value=S.o_amount, on_change=S.set_o_amount),
            text_field(S, "Reason", "reason", value=S.o_reason, on_change=S.set_o_reason,
                       placeholder="e.g. Goods not received", hint="What the payer claims (shown to the merchant)."),
            spacing="3", width="100%",
        ),
        on_submit=S.submit, submit_label="Open dispute", testid="open-dispute-dialog",
    )


def disputes_card() -> rx.Component:
    """Shown to users with disputes.read on the payment's merchant; remounted per transaction (key) so it loads that payment's disputes."""
    return rx.cond(
        TransactionState.can_read_disputes,  # disputes.read on this payment's merchant (viewerCan.readDisputes)
        rx.box(
            card(
                card_title(
                    "Disputes", "scale",
                    rx.cond(S.can_open & (S.disputable > 0),
                            rx.button(rx.icon("scale", size=14), "Open dispute", size="2", variant="soft", color_scheme="red",
                                      on_click=S.start, data_testid="open-dispute")),
                    sub=rx.cond(S.rows.length() > 0, S.rows.length().to_string() + " on this payment",
                                "Payers' disputes of this payment"),
                ),
                rx.cond(S.rows.length() > 0, rx.vstack(rx.foreach(S.rows, _row), spacing="0", width="100%"),
                        rx.text(rx.cond(S.disputable > 0, "No disputes. A settled payment can be disputed for up to ",
                                        "No disputes."), rx.cond(S.disputable > 0, S.disputable_label, ""),
                                size="2", color=T.MUTED)),
                padding="14px 18px",
            ),
            _open_dialog(),
            key=TransactionState.txn.id,
            on_mount=S.load,
            margin_bottom="18px",
            width="100%",
            data_testid="txn-disputes",
        ),
    )

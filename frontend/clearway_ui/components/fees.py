"""Fee table editor (per currency: percent in basis points + fixed minor units) and fee chips."""
from __future__ import annotations

from typing import Any

import reflex as rx

from . import theme as T
from .blueprint import small_error


def fee_chip(chip: Any) -> rx.Component:
    return rx.hstack(
        rx.text(chip.currency, size="1", weight="bold", color="#4338ca"),
        rx.text(chip.text, size="1", color="#334155", white_space="nowrap"),
        spacing="1",
        align="center",
        padding="2px 8px",
        border_radius="6px",
        background="#f1f5f9",
        data_testid="fee-chip",
    )


def fee_editor(S: Any, editable: Any = True, on_touch: Any = None) -> rx.Component:
    """Rows of FeeRowsMixin.fee_rows; ``on_touch`` runs after each edit (e.g. to mark the form dirty)."""
    editable = rx.Var.create(editable)

    def chain(ev: Any) -> Any:
        return [ev, on_touch] if on_touch is not None else ev

    def row(r: Any) -> rx.Component:
        return rx.hstack(
            rx.input(value=r.currency, on_change=lambda v: chain(S.fee_set(r.key, "currency", v)), placeholder="EUR",
                     width="90px", max_length=3, disabled=~editable, data_testid="fee-currency",
                     font_family="ui-monospace, SFMono-Regular, Menlo, monospace"),
            rx.input(value=r.percent_bps, on_change=lambda v: chain(S.fee_set(r.key, "percent_bps", v)),
                     placeholder="250", width="130px", disabled=~editable, data_testid="fee-percent",
                     input_mode="numeric"),
            rx.input(value=r.fixed, on_change=lambda v: chain(S.fee_set(r.key, "fixed", v)), placeholder="25",
                     width="130px", disabled=~editable, data_testid="fee-fixed", input_mode="numeric"),
            rx.cond(
                editable,
                rx.icon_button(rx.icon("x", size=14), size="1", variant="ghost", color_scheme="gray",
                               on_click=chain(S.fee_remove(r.key)), aria_label="Remove currency",
                               type="button", data_testid="fee-remove"),
            ),
            spacing="2",
            align="center",
            data_testid="fee-row",
        )

    return rx.vstack(
        rx.hstack(
            rx.text("Currency", size="1", weight="medium", color=T.MUTED, width="90px"),
            rx.text("Percent (bps)", size="1", weight="medium", color=T.MUTED, width="130px"),
            rx.text("Fixed (minor units)", size="1", weight="medium", color=T.MUTED, width="130px"),
            spacing="2",
        ),
        rx.cond(
            S.fee_rows.length() == 0,
            rx.text("No fees: payments in a currency without a fee are rejected by this MASTER MID.", size="2",
                    color="#b45309"),
        ),
        rx.foreach(S.fee_rows, row),
        small_error(S.fee_error, "fee-error"),
        rx.hstack(
            rx.cond(editable, rx.button(rx.icon("plus", size=14), "Add currency", size="1", variant="soft",
                                        on_click=chain(S.fee_add), type="button", data_testid="fee-add")),
            rx.text("100 bps = 1%. Fee = amount × percent + fixed, in the payment's currency.", size="1",
                    color=T.MUTED),
            spacing="3",
            align="center",
        ),
        spacing="2",
        width="100%",
    )

"""Developer tab: quick test deposit (result card with the hosted-page link shown once), the
merchant's latest transactions, readiness steps 10-11, and the simulator's test cards and magic amounts."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.forms import field_error
from ..components.payments import MONO, amount_text, card, card_title, method_icon, txn_status_badge
from ..state.merchant_developer import DeveloperState as D
from .merchant_common import section_title


def _label(text: str) -> rx.Component:
    return rx.text(text, as_="label", size="2", weight="medium", color=T.TEXT)


def _select(name: str, options: Any, value: Any, on_change: Any, placeholder: str, disabled: Any = False) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder=placeholder, width="100%", data_testid=f"select-{name}"),
        rx.select.content(
            rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["id"])),
            position="popper",
            max_height="320px",
        ),
        value=value,
        on_change=on_change,
        disabled=disabled,
        name=name,
    )


def _field(label: str, control: rx.Component, name: str, hint: Any = None) -> rx.Component:
    return rx.vstack(
        _label(label),
        control,
        field_error(D, name),
        rx.text(hint, size="1", color=T.MUTED) if hint is not None else rx.fragment(),
        spacing="1",
        width="100%",
        align="stretch",
    )


def deposit_form() -> rx.Component:
    has_error = lambda n: D.field_errors.get(n, "") != ""  # noqa: E731
    form = rx.form(rx.vstack(
        rx.cond(
            D.form_error != "",
            rx.callout(D.form_error, icon="circle-alert", color_scheme="red", variant="surface", size="1",
                       width="100%", data_testid="form-error"),
        ),
        _field("Payment method", _select("paymentMethodId", D.methods, D.d_method, D.set_d_method,
                                         "Choose a payment method…"), "paymentMethodId"),
        rx.grid(
            _field(
                "Amount",
                rx.input(
                    rx.input.slot(rx.text(D.d_currency, size="1", color=T.MUTED, weight="medium"), side="right"),
                    value=D.d_amount,
                    on_change=D.set_d_amount,
                    placeholder="25.00",
                    input_mode="decimal",
                    width="100%",
                    color_scheme=rx.cond(has_error("amount"), "red", "indigo"),
                    variant=rx.cond(has_error("amount"), "soft", "surface"),
                    name="amount",
                    data_testid="input-amount",
                ),
                "amount",
                D.amount_hint,
            ),
            _field("Currency", rx.select(D.currencies, value=D.d_currency, on_change=D.set_d_currency,
                                         placeholder="Currency", width="100%", data_testid="select-currency"),
                   "currency"),
            columns="minmax(0, 2fr) minmax(0, 1fr)",
            spacing="3",
            width="100%",
        ),
        _field("Scenario", _select("scenario", D.scenario_options, D.d_scenario, D.set_d_scenario,
                                   "Choose what the provider does…"), "scenario", D.scenario_hint),
        _field("Order ID (optional)", rx.input(value=D.d_order, on_change=D.set_d_order, placeholder="ORDER-1001",
                                               name="orderId", width="100%", font_family=MONO,
                                               data_testid="input-orderId"),
               "orderId"),
        rx.cond(
            D.method_unpublished,
            rx.callout("This payment method has no published routing: sandbox deposits use its draft.",
                       icon="info", color_scheme="amber", variant="surface", size="1", width="100%"),
        ),
        rx.hstack(
            rx.text("Sandbox only: no real money moves.", size="1", color=T.MUTED),
            rx.spacer(),
            rx.button(
                rx.cond(D.form_busy, rx.spinner(size="1"), rx.icon("zap", size=15)),
                "Create test deposit",
                type="submit",
                disabled=D.form_busy | (D.d_method == ""),
                data_testid="create-deposit",
            ),
            align="center",
            width="100%",
            padding_top="4px",
        ),
        spacing="4",
        width="100%",
    ), on_submit=D.create_deposit, reset_on_submit=False, no_validate=True,
        custom_attrs={"method": "post"}, width="100%")
    return card(
        card_title("Quick test deposit", "flask-conical",
                   sub="A sandbox payment the simulated provider pays the way you choose."),
        rx.cond(
            D.can_create_deposit,
            rx.cond(
                D.methods.length() == 0,
                rx.callout(
                    rx.hstack(rx.text("This merchant has no payment method yet."),
                              rx.link("Create one in Routing", href="/routing?merchant=" + D.mid), spacing="2"),
                    icon="info", color_scheme="amber", variant="surface", size="1", width="100%",
                    data_testid="no-methods",
                ),
                form,
            ),
            rx.callout("Creating test deposits needs the transactions.create permission.", icon="lock",
                       color_scheme="gray", variant="surface", size="1", width="100%"),
        ),
        data_testid="deposit-form",
    )


def result_card() -> rx.Component:
    dep = D.dep
    return rx.cond(
        dep.id != "",
        rx.box(
            rx.hstack(
                rx.center(rx.icon("circle-check-big", size=18, color="#15803d"), width="34px", height="34px",
                          border_radius="999px", background="#dcfce7", flex_shrink="0"),
                rx.vstack(
                    rx.hstack(
                        rx.text("Test deposit created", size="3", weight="bold", color=T.TEXT),
                        txn_status_badge(dep.status, dep.status_label, testid="deposit-status"),
                        spacing="2",
                        align="center",
                    ),
                    rx.text(dep.amount + " · " + dep.method + " · " + dep.scenario_label, size="2", color=T.MUTED),
                    spacing="1",
                ),
                rx.spacer(),
                rx.icon_button(rx.icon("x", size=14), size="1", variant="ghost", color_scheme="gray",
                               on_click=D.dismiss_result, aria_label="Dismiss", data_testid="deposit-dismiss"),
                spacing="3",
                align="start",
                width="100%",
            ),
            rx.hstack(
                rx.link(
                    rx.button(rx.icon("arrow-left-right", size=14), "Open transaction", size="2",
                              variant="soft"),
                    href="/transactions/" + dep.id,
                    data_testid="deposit-transaction-link",
                ),
                rx.cond(
                    D.dep_payment_url != "",
                    rx.link(
                        rx.button(rx.icon("external-link", size=14), "Open payment page", size="2",
                                  variant="outline"),
                        href=D.dep_payment_url,
                        is_external=True,
                        data_testid="deposit-payment-link",
                    ),
                ),
                rx.code(dep.id, size="1", variant="ghost", color_scheme="gray", data_testid="deposit-id"),
                spacing="3",
                align="center",
                wrap="wrap",
                padding_left="46px",
                padding_top="10px",
            ),
            rx.cond(
                D.dep_payment_url != "",
                rx.hstack(
                    rx.icon("eye-off", size=13, color="#b45309"),
                    rx.text("The payment page link carries the payment's secret token and is shown only now. "
                            "It is gone once you leave this page.", size="1", color="#92400e"),
                    spacing="2",
                    align="center",
                    padding_left="46px",
                    padding_top="10px",
                    data_testid="deposit-shown-once",
                ),
            ),
            rx.cond(
                dep.status == "PENDING",
                rx.hstack(
                    rx.box(width="7px", height="7px", border_radius="999px", background="#d97706",
                           class_name="cw-pulse"),
                    rx.text(rx.cond(dep.scenario == "guest", "Waiting for someone to pay on the payment page.",
                                    rx.cond(dep.scenario == "challenge",
                                            "Waiting for the 3DS code on the payment page.",
                                            "Waiting for the provider's callback…")),
                            size="1", color=T.MUTED),
                    spacing="2",
                    align="center",
                    padding_left="46px",
                    padding_top="8px",
                ),
            ),
            padding="16px 18px",
            width="100%",
            border="1px solid #bbf7d0",
            border_radius="12px",
            background="linear-gradient(135deg, #f0fdf4 0%, #ffffff 70%)",
            data_testid="deposit-result",
        ),
    )


def _recent_row(r: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.link(
                rx.vstack(
                    rx.text(r.id, size="2", weight="medium", color="#4338ca", font_family=MONO, white_space="nowrap"),
                    rx.text(r.created_rel, size="1", color=T.MUTED, title=r.created_abs),
                    spacing="0",
                ),
                href="/transactions/" + r.id,
                underline="none",
                data_testid="recent-link",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(rx.hstack(method_icon(r.method_type, 14, T.MUTED), rx.text(r.method, size="2"), spacing="2",
                                align="center"), vertical_align="middle"),
        rx.table.cell(txn_status_badge(r.status, r.status_label), vertical_align="middle"),
        rx.table.cell(amount_text(r.amount, size="2", weight="medium"), text_align="right", vertical_align="middle"),
        data_testid="recent-row",
    )


def _th(label: str, align: str = "left", width: str | None = None) -> rx.Component:
    return rx.table.column_header_cell(
        rx.text(label, size="1", weight="medium", color=T.MUTED, letter_spacing="0.03em"),
        text_align=align, background="#f8fafc", white_space="nowrap", width=width,
    )


def recent_card() -> rx.Component:
    live = rx.cond(
        D.polling,
        rx.hstack(rx.box(width="7px", height="7px", border_radius="999px", background="#16a34a",
                         class_name="cw-pulse"),
                  rx.text("Live", size="1", color="#166534", weight="medium"), spacing="1", align="center",
                  data_testid="recent-live"),
    )
    return rx.box(
        rx.hstack(
            rx.center(rx.icon("arrow-left-right", size=15, color="#4f46e5"), width="30px", height="30px",
                      border_radius="8px", background="#eef2ff", flex_shrink="0"),
            rx.vstack(
                rx.text("Recent transactions", size="3", weight="bold", color=T.TEXT),
                rx.text("The latest 10 of this merchant; pending ones refresh by themselves.", size="1",
                        color=T.MUTED),
                spacing="0",
            ),
            rx.spacer(),
            live,
            rx.icon_button(rx.icon("refresh-cw", size=14), size="1", variant="ghost", color_scheme="gray",
                           on_click=D.refresh_recent, aria_label="Refresh", data_testid="recent-refresh"),
            rx.link(rx.hstack(rx.text("All transactions", size="2"), rx.icon("arrow-right", size=13), spacing="1",
                              align="center"),
                    href=D.all_transactions_href, data_testid="all-transactions", white_space="nowrap"),
            spacing="3",
            align="center",
            width="100%",
            padding="16px 18px 12px 18px",
        ),
        rx.cond(
            D.recent_forbidden,
            rx.text("Your roles do not include transactions.read for this merchant.", size="2", color=T.MUTED,
                    padding="0 18px 18px 18px"),
            rx.cond(
                D.recent.length() == 0,
                rx.center(
                    rx.vstack(
                        rx.icon("inbox", size=22, color=T.MUTED),
                        rx.text("No transactions yet", size="2", weight="medium"),
                        rx.text("Create a test deposit above: it shows up here.", size="1", color=T.MUTED),
                        align="center",
                        spacing="1",
                    ),
                    padding="28px",
                    border_top=f"1px solid {T.BORDER}",
                    data_testid="recent-empty",
                ),
                rx.table.root(
                    rx.table.header(rx.table.row(_th("Transaction"), _th("Method"), _th("Status", width="150px"),
                                                 _th("Amount", "right"))),
                    rx.table.body(rx.foreach(D.recent, _recent_row)),
                    variant="ghost",
                    size="2",
                    width="100%",
                    data_testid="recent-table",
                ),
            ),
        ),
        width="100%",
        overflow="hidden",
        **T.CARD_STYLE,
    )


def _verify_step(step: Any) -> rx.Component:
    done = step["done"].to(bool)
    return rx.hstack(
        rx.cond(
            done,
            rx.center(rx.icon("check", size=14, color="white", stroke_width=3), width="26px", height="26px",
                      border_radius="999px", background="#16a34a", flex_shrink="0"),
            rx.center(rx.text(step["n"], size="1", weight="bold", color="#d97706", font_size="11px"), width="26px",
                      height="26px", border_radius="999px", border="2px dashed #d97706", flex_shrink="0"),
        ),
        rx.vstack(
            rx.text(step["title"], size="2", weight="medium", color=rx.cond(done, T.MUTED, T.TEXT)),
            rx.cond(~done, rx.text(step["hint"], size="1", color=T.MUTED)),
            spacing="0",
            flex="1",
        ),
        rx.cond(done, rx.badge("Done", color_scheme="green", variant="soft", radius="full"),
                rx.badge("Missing", color_scheme="amber", variant="soft", radius="full")),
        spacing="3",
        align="start",
        width="100%",
        data_testid="dev-readiness-step",
        data_key=step["key"].to(str),
        data_done=rx.cond(done, "true", "false"),
    )


def verify_card() -> rx.Component:
    return card(
        card_title("Readiness: test and verify", "list-checks"),
        rx.vstack(rx.foreach(D.verify_steps, _verify_step), spacing="3", width="100%"),
        data_testid="dev-readiness",
    )


def cards_card() -> rx.Component:
    return card(
        card_title("Test cards", "credit-card", sub="Any future expiry (e.g. 12/39) and any CVC."),
        rx.vstack(
            rx.foreach(
                D.cards,
                lambda c: rx.hstack(
                    rx.vstack(
                        rx.hstack(
                            rx.text(c.number, size="2", weight="medium", font_family=MONO, white_space="nowrap"),
                            rx.icon_button(rx.icon("copy", size=12), size="1", variant="ghost", color_scheme="gray",
                                           on_click=[rx.set_clipboard(c.raw), rx.toast.success("Card number copied")],
                                           aria_label="Copy card number"),
                            spacing="1",
                            align="center",
                        ),
                        rx.text(c.description, size="1", color=T.MUTED),
                        spacing="0",
                        min_width="0",
                    ),
                    rx.spacer(),
                    rx.badge(c.scenario, color_scheme=rx.match(c.tone, ("green", "green"), ("red", "red"),
                                                                ("amber", "amber"), ("orange", "orange"), "gray"),
                             variant="soft", size="1", white_space="nowrap"),
                    align="center",
                    width="100%",
                    padding_y="7px",
                    border_bottom=f"1px solid {T.BORDER}",
                    data_testid="test-card",
                ),
            ),
            spacing="0",
            width="100%",
        ),
        data_testid="test-cards",
    )


def magic_card() -> rx.Component:
    return card(
        card_title("Magic amounts", "wand-sparkles",
                   sub="Virtual account, e-wallet and QR decide by the last three digits of the amount in minor units."),
        rx.vstack(
            rx.foreach(
                D.magic,
                lambda m: rx.hstack(
                    rx.center(rx.text("…" + m.ends_with, size="2", weight="bold", font_family=MONO, color="#4338ca"),
                              padding="2px 8px", border_radius="6px", background="#eef2ff", flex_shrink="0"),
                    rx.vstack(rx.text(m.description, size="2"), rx.text(m.example, size="1", color=T.MUTED),
                              spacing="0", min_width="0"),
                    rx.spacer(),
                    rx.badge(m.scenario, color_scheme=rx.match(m.tone, ("green", "green"), ("red", "red"),
                                                                ("amber", "amber"), ("orange", "orange"), "gray"),
                             variant="soft", size="1", white_space="nowrap"),
                    spacing="3",
                    align="center",
                    width="100%",
                    padding_y="7px",
                    border_bottom=f"1px solid {T.BORDER}",
                    data_testid="magic-amount",
                ),
            ),
            rx.text("Any other amount succeeds once paid.", size="1", color=T.MUTED, padding_top="8px"),
            spacing="0",
            width="100%",
        ),
        data_testid="magic-amounts",
    )


def developer_tab() -> rx.Component:
    return rx.box(
        section_title(
            "Developer",
            "Try this merchant end to end in the sandbox: create a test deposit, watch the provider answer, "
            "open its transaction.",
        ),
        rx.cond(
            D.dev_error != "",
            rx.callout(D.dev_error, icon="triangle-alert", color_scheme="red", variant="surface", size="1",
                       width="100%", margin_bottom="12px"),
        ),
        rx.box(
            rx.vstack(deposit_form(), result_card(), recent_card(), spacing="4", width="100%"),
            rx.vstack(verify_card(), cards_card(), magic_card(), spacing="4", width="100%"),
            display="grid",
            grid_template_columns="minmax(0, 1.45fr) minmax(320px, 1fr)",
            gap="20px",
            width="100%",
            align_items="start",
        ),
        data_testid="developer-tab",
    )

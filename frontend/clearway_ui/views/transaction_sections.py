"""The sections of /transactions/[txn_id]: overview, timeline, routing path, attempts, provider
callbacks, overrides (history + controls). The route module (pages/transaction_detail.py) puts
them together."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.forms import field_error
from ..components.payments import (
    MONO,
    amount_text,
    card,
    card_title,
    id_code,
    json_view,
    kv_row,
    timeline_icon,
    txn_env_badge,
    txn_status_badge,
    verdict_badge,
)
from ..state.transaction import TransactionState as S

TONES = {"indigo": ("#eef2ff", "#4f46e5"), "amber": ("#fef3c7", "#b45309"), "green": ("#dcfce7", "#15803d"),
         "red": ("#fee2e2", "#b91c1c")}


def _dash(value: Any) -> Any:
    return rx.cond(value != "", value, "—")


def _th(label: str, width: str | None = None, align: str = "left") -> rx.Component:
    return rx.table.column_header_cell(
        rx.text(label, size="1", weight="medium", color=T.MUTED, letter_spacing="0.03em"),
        width=width, text_align=align, background="#f8fafc", white_space="nowrap",
    )


def simple_table(headers: list[rx.Component], body: rx.Component, testid: str) -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*headers)),
            rx.table.body(body),
            variant="ghost",
            size="2",
            width="100%",
            data_testid=testid,
        ),
        width="100%",
        overflow_x="auto",
        **T.CARD_STYLE,
    )


def empty_card(icon: str, title: str, body: Any, testid: str) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(rx.icon(icon, size=22, color=T.MUTED), width="44px", height="44px", border_radius="12px",
                      background="#f1f5f9"),
            rx.text(title, size="3", weight="medium", color=T.TEXT),
            rx.text(body, size="2", color=T.MUTED, text_align="center", max_width="440px"),
            align="center",
            spacing="2",
        ),
        padding_y="44px",
        width="100%",
        data_testid=testid,
        **T.CARD_STYLE,
    )


def _when(rel: Any, abs_: Any) -> rx.Component:
    return rx.vstack(
        rx.text(rel, size="2", color=T.TEXT, white_space="nowrap"),
        rx.text(abs_, size="1", color=T.MUTED, white_space="nowrap"),
        spacing="0",
    )


def status_change(from_status: Any, from_label: Any, to_status: Any, to_label: Any) -> rx.Component:
    return rx.hstack(
        txn_status_badge(from_status, from_label, testid="change-from"),
        rx.icon("arrow-right", size=13, color=T.MUTED),
        txn_status_badge(to_status, to_label, testid="change-to"),
        spacing="1",
        align="center",
    )


# ---------------------------------------------------------------------------------------------
# Overview
# ---------------------------------------------------------------------------------------------


def _payment_card() -> rx.Component:
    t = S.txn
    return card(
        card_title("Payment", "banknote"),
        kv_row("Amount", amount_text(t.amount, size="2", weight="bold"), "ov-amount"),
        kv_row("Refunded", amount_text(t.refunded, size="2", color=rx.cond(t.refunded_minor > 0, "#6d28d9", T.TEXT)),
               "ov-refunded"),
        kv_row("Processing fee", amount_text(t.processing_fee, size="2")),
        kv_row("Conversion fee", amount_text(t.conversion_fee, size="2")),
        kv_row("Total fees", amount_text(t.total_fees, size="2", weight="medium")),
        kv_row("Order ID", rx.cond(t.order_id != "", id_code(t.order_id, "ov-order-id"),
                                   rx.text("—", size="2", color=T.MUTED))),
        kv_row("User reference", rx.cond(t.user_reference != "", id_code(t.user_reference),
                                         rx.text("—", size="2", color=T.MUTED))),
        kv_row("Environment", txn_env_badge(t.environment)),
        data_testid="overview-payment",
    )


def _routing_card() -> rx.Component:
    t = S.txn
    return card(
        card_title("Method and route", "route",
                   rx.button("Routing path", rx.icon("arrow-right", size=13), size="1", variant="ghost",
                             on_click=S.set_tab("routing"))),
        kv_row("Payment method", rx.hstack(
            rx.text(_dash(t.method_name), size="2", weight="medium"),
            rx.cond(t.method_id != "", id_code(t.method_id)),
            spacing="2", align="center", wrap="wrap")),
        kv_row("Provider", rx.cond(t.provider != "", rx.badge(t.provider, variant="surface", color_scheme="gray"),
                                   rx.text("—", size="2", color=T.MUTED)), "ov-provider"),
        kv_row("Matched rule", rx.text(_dash(S.trace.matched_rule), size="2")),
        kv_row("MASTER MID", rx.hstack(
            rx.text(_dash(S.trace.master_mid), size="2", weight="medium"),
            rx.cond(t.master_mid_id != "", id_code(t.master_mid_id, "ov-master-mid")),
            spacing="2", align="center", wrap="wrap")),
        kv_row("SUB MID", rx.hstack(
            rx.text(_dash(S.trace.sub_mid), size="2", weight="medium"),
            rx.cond(t.sub_mid_id != "", id_code(t.sub_mid_id, "ov-sub-mid")),
            spacing="2", align="center", wrap="wrap")),
        data_testid="overview-route",
    )


def _customer_card() -> rx.Component:
    return card(
        card_title("Customer", "user-round", sub="Personal data is masked unless your role may read it."),
        rx.cond(
            S.txn.customer.length() == 0,
            rx.text("No customer details were sent with this payment.", size="2", color=T.MUTED),
            rx.vstack(
                rx.foreach(S.txn.customer, lambda kv: kv_row(kv.label, rx.text(kv.value, size="2", font_family=MONO,
                                                                              word_break="break-all"))),
                spacing="0",
                width="100%",
            ),
        ),
        data_testid="overview-customer",
    )


def _dates_card() -> rx.Component:
    t = S.txn
    return card(
        card_title("Dates", "calendar-clock"),
        kv_row("Created", _when(t.created_rel, t.created_abs)),
        kv_row("Updated", _when(t.updated_rel, t.updated_abs)),
        kv_row("Expires", rx.cond(
            t.expires_rel != "",
            rx.vstack(rx.text(t.expires_rel, size="2", color="#b45309", white_space="nowrap"),
                      rx.text(t.expires_abs, size="1", color=T.MUTED), spacing="0"),
            rx.text("— (only pending payments expire)", size="2", color=T.MUTED))),
        data_testid="overview-dates",
    )


def _latest_card() -> rx.Component:
    return card(
        card_title("Latest activity", "history",
                   rx.button("Full timeline", rx.icon("arrow-right", size=13), size="1", variant="ghost",
                             on_click=S.set_tab("timeline"))),
        rx.vstack(
            rx.foreach(
                S.latest,
                lambda e: rx.hstack(
                    rx.center(timeline_icon(e.icon, 13), width="24px", height="24px", border_radius="999px",
                              background=e.bg, color=e.fg, flex_shrink="0"),
                    rx.text(e.message, size="2", color=T.TEXT, flex="1", min_width="0", truncate=True),
                    rx.text(e.at_rel, size="1", color=T.MUTED, white_space="nowrap", title=e.at_abs),
                    spacing="2",
                    align="center",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
    )


def _posting_row(p: Any) -> rx.Component:
    top = rx.cond(p.first, "1px solid #e2e8f0", "none")
    return rx.table.row(
        rx.table.cell(rx.text(p.entry, size="2", weight="medium"), border_top=top),
        rx.table.cell(rx.text(p.account, size="2"), border_top=top),
        rx.table.cell(amount_text(p.debit, size="2"), text_align="right", border_top=top),
        rx.table.cell(amount_text(p.credit, size="2"), text_align="right", border_top=top),
    )


def ledger_postings_section() -> rx.Component:
    """The transaction's double-entry journal (SPEC §10): every entry balances; shown with ledger.read."""
    return rx.cond(
        S.show_ledger,
        card(
            card_title("Ledger postings", "book-open", sub="Double-entry journal of this transaction: debits equal credits."),
            rx.cond(
                S.postings.length() == 0,
                rx.text("No postings: only settlements, refunds and fund releases move money.", size="2", color=T.MUTED),
                simple_table([_th("Entry", "160px"), _th("Account"), _th("Debit", "140px", "right"), _th("Credit", "140px", "right")],
                             rx.foreach(S.postings, _posting_row), "ledger-table"),
            ),
            data_testid="ledger-postings",
        ),
    )


def overview_section() -> rx.Component:
    return rx.vstack(
        rx.box(
            rx.vstack(_payment_card(), _routing_card(), spacing="4", width="100%"),
            rx.vstack(_dates_card(), _customer_card(), _latest_card(), spacing="4", width="100%"),
            display="grid",
            grid_template_columns="minmax(0, 1.25fr) minmax(0, 1fr)",
            gap="16px",
            width="100%",
            align_items="start",
        ),
        ledger_postings_section(),
        spacing="4",
        width="100%",
        data_testid="section-overview",
    )


# ---------------------------------------------------------------------------------------------
# Timeline (newest last)
# ---------------------------------------------------------------------------------------------


def _timeline_entry(e: Any, i: Any) -> rx.Component:
    last = S.timeline.length() - 1
    return rx.hstack(
        rx.vstack(
            rx.center(timeline_icon(e.icon, 16), width="34px", height="34px", border_radius="999px",
                      background=e.bg, color=e.fg, flex_shrink="0", box_shadow="0 0 0 4px white"),
            rx.cond(i < last, rx.box(width="2px", flex="1", min_height="18px", background="#e2e8f0")),
            spacing="0",
            align="center",
            align_self="stretch",
        ),
        rx.vstack(
            rx.hstack(
                rx.text(e.kind_label, size="1", weight="bold", color=e.fg, letter_spacing="0.04em",
                        text_transform="uppercase"),
                rx.cond(e.actor != "", rx.badge(e.actor, size="1", variant="surface", color_scheme="gray")),
                rx.spacer(),
                rx.text(e.at_rel, size="1", color=T.MUTED, white_space="nowrap"),
                rx.text("·", size="1", color="#cbd5e1"),
                rx.text(e.at_abs, size="1", color=T.MUTED, white_space="nowrap", font_family=MONO,
                        data_testid="timeline-at"),
                spacing="2",
                align="center",
                width="100%",
            ),
            rx.text(e.message, size="2", color=T.TEXT, weight="medium", data_testid="timeline-message"),
            rx.cond(
                (e.to_status != "") | (e.extra != ""),
                rx.hstack(
                    rx.cond(e.to_status != "", status_change(e.from_status, e.from_label, e.to_status, e.to_label)),
                    rx.cond(e.extra != "", rx.text(e.extra, size="1", color=T.MUTED)),
                    spacing="3",
                    align="center",
                    wrap="wrap",
                ),
            ),
            spacing="1",
            padding_bottom="18px",
            min_width="0",
            flex="1",
        ),
        spacing="4",
        align="start",
        width="100%",
        data_testid="timeline-entry",
        data_kind=e.kind,
    )


def timeline_section() -> rx.Component:
    return rx.cond(
        S.timeline.length() == 0,
        empty_card("history", "No events yet", "Every step of this payment is recorded here.", "timeline-empty"),
        card(
            card_title("Timeline", "history", rx.text("Oldest first", size="1", color=T.MUTED),
                       sub="Every step of this payment, as it happened."),
            rx.box(rx.foreach(S.timeline, _timeline_entry), padding_top="8px", data_testid="timeline"),
            padding="20px 24px",
            data_testid="section-timeline",
        ),
    )


# ---------------------------------------------------------------------------------------------
# Routing path
# ---------------------------------------------------------------------------------------------


def _tone(tone: Any, idx: int) -> Any:
    return rx.match(tone, *[(k, v[idx]) for k, v in TONES.items()], TONES["indigo"][idx])


def _path_step(step: Any, i: Any) -> rx.Component:
    last = S.trace.steps.length() - 1
    return rx.hstack(
        rx.vstack(
            rx.center(timeline_icon(step.icon, 15),
                      width="32px", height="32px", border_radius="999px", background=_tone(step.tone, 0),
                      color=_tone(step.tone, 1), flex_shrink="0", box_shadow="0 0 0 3px white"),
            rx.cond(i < last, rx.box(width="2px", flex="1", min_height="16px", background="#e2e8f0")),
            spacing="0",
            align="center",
            align_self="stretch",
        ),
        rx.vstack(
            rx.text(step.title, size="1", weight="medium", color=T.MUTED, letter_spacing="0.04em",
                    text_transform="uppercase"),
            rx.text(step.name, size="2", weight="bold", color=T.TEXT, data_testid="path-step-name"),
            rx.cond(step.meta != "", rx.text(step.meta, size="1", color=T.MUTED)),
            spacing="0",
            padding_bottom="14px",
            min_width="0",
        ),
        spacing="3",
        align="start",
        width="100%",
        data_testid="path-step",
        data_kind=step.kind,
    )


def _summary(label: str, value: Any, testid: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=T.MUTED),
        rx.text(_dash(value), size="2", weight="bold", color=T.TEXT, data_testid=testid, truncate=True),
        spacing="0",
        min_width="0",
        flex="1",
    )


def routing_section() -> rx.Component:
    t = S.trace
    path_card = card(
        card_title("Routing path", "route", rx.badge(t.source, variant="surface", color_scheme="gray"),
                   sub="How this payment was routed when it was created: rule, MASTER MID, SUB MID."),
        rx.hstack(
            _summary("Matched rule", t.matched_rule, "route-rule"),
            _summary("MASTER MID", t.master_mid, "route-master-mid"),
            _summary("SUB MID", t.sub_mid, "route-sub-mid"),
            rx.vstack(
                rx.text("Fallback used", size="1", color=T.MUTED),
                rx.cond(
                    S.route_fallback,
                    rx.badge("Yes", color_scheme="amber", variant="soft", data_testid="route-fallback"),
                    rx.badge("No", color_scheme="gray", variant="soft", data_testid="route-fallback"),
                ),
                spacing="1",
                flex="1",
            ),
            spacing="4",
            width="100%",
            padding="12px 14px",
            background="#f8fafc",
            border_radius="10px",
            margin_bottom="18px",
        ),
        rx.vstack(rx.foreach(t.steps, _path_step), spacing="0", width="100%", data_testid="routing-path"),
        data_testid="section-routing",
    )
    side = rx.vstack(
        card(
            card_title("Rejections on the way", "shield-x"),
            rx.cond(
                t.rejections.length() == 0,
                rx.text("None: every target on the way accepted the payment.", size="2", color=T.MUTED),
                rx.vstack(
                    rx.foreach(
                        t.rejections,
                        lambda r: rx.hstack(
                            rx.badge(r.code_label, color_scheme="orange", variant="soft", size="1", flex_shrink="0"),
                            rx.vstack(rx.text(r.what + " " + r.name, size="2", weight="medium"),
                                      rx.text(r.message, size="1", color=T.MUTED), spacing="0", min_width="0"),
                            spacing="2",
                            align="start",
                            width="100%",
                            padding="8px 10px",
                            border_radius="8px",
                            background="#fff7ed",
                            data_testid="route-rejection",
                        ),
                    ),
                    spacing="2",
                    width="100%",
                ),
            ),
        ),
        rx.cond(
            t.fees.length() > 0,
            card(
                card_title("Fees", "receipt", sub=t.fee_note),
                rx.vstack(
                    rx.foreach(
                        t.fees,
                        lambda f: rx.hstack(
                            rx.vstack(rx.text(f.label, size="2", weight="medium"),
                                      rx.text(f.detail, size="1", color=T.MUTED), spacing="0"),
                            rx.spacer(),
                            amount_text(f.amount, size="2"),
                            align="center",
                            width="100%",
                        ),
                    ),
                    rx.separator(size="4"),
                    rx.hstack(rx.text("Total", size="2", weight="bold"), rx.spacer(),
                              amount_text(t.fee_total, size="3", weight="bold"), align="center", width="100%"),
                    spacing="3",
                    width="100%",
                ),
            ),
        ),
        spacing="4",
        width="100%",
    )
    return rx.cond(
        S.has_routing,
        rx.box(path_card, side, display="grid", grid_template_columns="minmax(0, 1.4fr) minmax(0, 1fr)", gap="16px",
               width="100%", align_items="start"),
        empty_card("route", "No routing path recorded", "This transaction carries no routing decision.",
                   "routing-empty"),
    )


# ---------------------------------------------------------------------------------------------
# Attempts
# ---------------------------------------------------------------------------------------------


def attempts_section() -> rx.Component:
    def row(a: Any) -> rx.Component:
        return rx.table.row(
            rx.table.cell(_when(a.at_rel, a.at_abs), vertical_align="middle"),
            rx.table.cell(rx.vstack(rx.text(a.method_label, size="2", weight="medium"),
                                    rx.text(a.summary, size="1", color=T.MUTED, font_family=MONO), spacing="0"),
                          vertical_align="middle"),
            rx.table.cell(rx.text(a.scenario, size="2"), vertical_align="middle"),
            rx.table.cell(rx.text(a.source, size="2", color=T.MUTED), vertical_align="middle"),
            rx.table.cell(rx.badge(a.status, color_scheme=rx.match(a.status_color, ("green", "green"), ("red", "red"),
                                                                    ("amber", "amber"), ("blue", "blue"), "gray"),
                                   variant="soft", radius="full"), vertical_align="middle"),
            rx.table.cell(rx.cond(a.reference != "", id_code(a.reference), rx.text("—", color=T.MUTED)),
                          vertical_align="middle"),
            data_testid="attempt-row",
        )

    return rx.cond(
        S.attempts.length() == 0,
        empty_card("credit-card", "No payment attempts yet",
                   "A guest paying on the hosted page (or a test deposit) records an attempt here.", "attempts-empty"),
        simple_table(
            [_th("When", "190px"), _th("Method"), _th("Scenario"), _th("Source"), _th("Status", "120px"),
             _th("Provider reference")],
            rx.foreach(S.attempts, row),
            "attempts-table",
        ),
    )


# ---------------------------------------------------------------------------------------------
# Provider callbacks
# ---------------------------------------------------------------------------------------------


def _callback_row(c: Any) -> rx.Component:
    main = rx.table.row(
        rx.table.cell(_when(c.at_rel, c.at_abs), vertical_align="middle"),
        rx.table.cell(verdict_badge(c.verdict), vertical_align="middle"),
        rx.table.cell(rx.text(c.reported_status, size="2"), vertical_align="middle"),
        rx.table.cell(amount_text(c.reported, size="2"), vertical_align="middle"),
        rx.table.cell(
            rx.cond(
                c.signature_valid,
                rx.hstack(rx.icon("badge-check", size=14, color="#16a34a"), rx.text("Valid", size="2"), spacing="1",
                          align="center"),
                rx.hstack(rx.icon("badge-x", size=14, color="#dc2626"), rx.text("Invalid", size="2", color="#b91c1c"),
                          spacing="1", align="center"),
            ),
            vertical_align="middle",
        ),
        rx.table.cell(id_code(c.event_id), vertical_align="middle"),
        rx.table.cell(
            rx.button(rx.icon("file-json", size=13), "Payload", size="1", variant="soft", color_scheme="gray",
                      on_click=S.view_payload(c.id), data_testid="view-payload"),
            text_align="right",
            vertical_align="middle",
        ),
        background=rx.cond(c.suspicious, "#fef2f2", "transparent"),
        box_shadow=rx.cond(c.suspicious, "inset 3px 0 0 #dc2626", "none"),
        data_testid="callback-row",
        data_verdict=c.verdict,
    )
    detail = rx.cond(
        (c.reason != "") | (c.detail != ""),
        rx.table.row(
            rx.table.cell(
                rx.hstack(
                    rx.cond(c.suspicious, rx.icon("shield-alert", size=14, color="#b91c1c"),
                            rx.icon("info", size=14, color=T.MUTED)),
                    rx.cond(c.reason != "", rx.text(c.reason, size="2", weight="bold",
                                                    color=rx.cond(c.suspicious, "#991b1b", T.TEXT))),
                    rx.text(c.detail, size="2", color=rx.cond(c.suspicious, "#991b1b", T.MUTED)),
                    spacing="2",
                    align="center",
                ),
                col_span=7,
                padding_top="0",
            ),
            background=rx.cond(c.suspicious, "#fef2f2", "transparent"),
            box_shadow=rx.cond(c.suspicious, "inset 3px 0 0 #dc2626", "none"),
            data_testid="callback-detail",
        ),
    )
    return rx.fragment(main, detail)


def callbacks_section() -> rx.Component:
    banner = rx.cond(
        S.counts["suspicious"] > 0,
        rx.callout(
            S.counts["suspicious"].to_string() + " suspicious callback(s): refused and never applied. "
            "Check the reason before you override anything.",
            icon="shield-alert", color_scheme="red", variant="surface", size="1", width="100%",
            data_testid="suspicious-banner",
        ),
    )
    table = simple_table(
        [_th("Received", "190px"), _th("Verdict", "130px"), _th("Reported status"), _th("Reported amount"),
         _th("Signature", "110px"), _th("Provider event"), _th("", "100px", "right")],
        rx.foreach(S.callbacks, _callback_row),
        "callbacks-table",
    )
    return rx.cond(
        ~S.can_read_callbacks,
        empty_card("lock", "Raw callbacks need callbacks.read",
                   "Your roles do not include seeing raw provider callbacks. The timeline still shows what each "
                   "callback did.", "callbacks-forbidden"),
        rx.cond(
            S.callbacks.length() == 0,
            empty_card("inbox", "No provider callbacks yet",
                       rx.cond(S.is_pending, "The simulated provider answers a moment after the payment is sent.",
                               "No provider answered this payment."), "callbacks-empty"),
            rx.vstack(banner, table, spacing="3", width="100%", data_testid="section-callbacks"),
        ),
    )


# ---------------------------------------------------------------------------------------------
# Overrides: history + controls
# ---------------------------------------------------------------------------------------------


def _override_row(o: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_when(o.at_rel, o.at_abs), vertical_align="middle"),
        rx.table.cell(
            rx.vstack(
                rx.text(o.action_label, size="2", weight="bold", white_space="nowrap"),
                status_change(o.previous, o.previous_label, o.new, o.new_label),
                spacing="1",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(amount_text(o.amount, size="2"), vertical_align="middle"),
        rx.table.cell(
            rx.vstack(
                rx.text(o.reason, size="2", data_testid="override-reason"),
                rx.hstack(rx.icon("user-round", size=12, color=T.MUTED, flex_shrink="0"),
                          rx.text(o.actor, size="1", color=T.MUTED, word_break="break-all",
                                  data_testid="override-actor"),
                          spacing="1", align="center"),
                spacing="1",
            ),
            vertical_align="middle",
            min_width="160px",
        ),
        rx.table.cell(
            rx.tooltip(
                rx.icon_button(rx.icon("file-json", size=13), size="1", variant="ghost", color_scheme="gray",
                               on_click=S.view_snapshot(o.id), aria_label="Snapshot"),
                content="Payload snapshot before the override",
            ),
            text_align="right",
            vertical_align="middle",
        ),
        data_testid="override-row",
    )


def override_controls() -> rx.Component:
    body = rx.form(
        rx.vstack(
            rx.cond(
                S.form_error != "",
                rx.callout(S.form_error, icon="circle-alert", color_scheme="red", variant="surface", size="1",
                           width="100%", data_testid="form-error"),
            ),
            rx.vstack(
                rx.text("Action", as_="label", size="2", weight="medium"),
                rx.select.root(
                    rx.select.trigger(placeholder="Choose an action…", width="100%",
                                      data_testid="select-override-action"),
                    rx.select.content(
                        rx.foreach(S.action_options, lambda o: rx.select.item(o["label"], value=o["id"])),
                        position="popper",
                    ),
                    value=S.o_action,
                    on_change=S.set_o_action,
                ),
                field_error(S, "action"),
                rx.cond(S.action_hint != "", rx.text(S.action_hint, size="1", color=T.MUTED,
                                                     data_testid="override-hint")),
                spacing="1",
                width="100%",
            ),
            rx.cond(
                S.needs_amount,
                rx.vstack(
                    rx.text("Amount to refund", as_="label", size="2", weight="medium"),
                    rx.input(
                        rx.input.slot(rx.text(S.txn.currency, size="1", color=T.MUTED), side="right"),
                        value=S.o_amount, on_change=S.set_o_amount, placeholder="10.00", input_mode="decimal",
                        name="amount",
                        width="100%", data_testid="input-override-amount",
                        color_scheme=rx.cond(S.field_errors.get("amount", "") != "", "red", "indigo"),
                    ),
                    field_error(S, "amount"),
                    spacing="1",
                    width="100%",
                ),
            ),
            rx.vstack(
                rx.text("Reason", as_="label", size="2", weight="medium"),
                rx.text_area(
                    value=S.o_reason, on_change=S.set_o_reason, name="reason",
                    placeholder="e.g. Provider confirmed by phone: ticket #4471",
                    rows="3", width="100%", data_testid="input-override-reason",
                    color_scheme=rx.cond(S.field_errors.get("reason", "") != "", "red", "indigo"),
                ),
                field_error(S, "reason"),
                rx.text("Required. Recorded with your name, the previous status and a snapshot.", size="1",
                        color=T.MUTED),
                spacing="1",
                width="100%",
            ),
            rx.button(
                rx.icon("hand", size=15), "Review override…", type="submit", width="100%",
                color_scheme="indigo", data_testid="override-submit",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=S.ask_override,
        reset_on_submit=False,
        no_validate=True,
        custom_attrs={"method": "post"},  # never a GET carrying form values
        width="100%",
    )
    return card(
        card_title("Manual override", "hand", sub="Correct the outcome by hand, with a reason."),
        body,
        data_testid="override-controls",
        border="1px solid #c7d2fe",
    )


def overrides_section() -> rx.Component:
    history = rx.cond(
        S.overrides.length() == 0,
        empty_card("hand", "No overrides", "Manual corrections of this transaction appear here with who, when and why.",
                   "overrides-empty"),
        simple_table(
            [_th("When", "150px"), _th("Action"), _th("Amount", "100px"), _th("Reason · by"),
             _th("", "44px", "right")],
            rx.foreach(S.overrides, _override_row),
            "overrides-table",
        ),
    )
    conflict = rx.cond(
        S.o_conflict != "",
        rx.callout(
            rx.vstack(
                rx.text("Someone changed this transaction first: your override was not applied", weight="bold"),
                rx.text(S.o_conflict),
                rx.text("The page now shows its current status; choose again if something is still needed.",
                        size="1"),
                spacing="1",
            ),
            icon="git-compare-arrows", color_scheme="amber", variant="surface", size="1", width="100%",
            data_testid="override-conflict",
        ),
    )
    final_note = rx.callout(
        rx.text("A ", S.txn.status_label.lower(), " transaction is final: there is nothing left to override."),
        icon="lock", color_scheme="gray", variant="surface", size="1", width="100%",
        data_testid="override-final",
    )
    return rx.vstack(
        conflict,
        rx.cond(
            S.can_override & (S.action_options.length() > 0),
            rx.box(history, override_controls(), display="grid",
                   grid_template_columns="minmax(0, 1.7fr) minmax(320px, 1fr)", gap="16px", width="100%",
                   align_items="start"),
            rx.vstack(rx.cond(S.can_override, final_note), history, spacing="3", width="100%"),
        ),
        spacing="3",
        width="100%",
        data_testid="section-overrides",
    )


def viewer_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.hstack(
                rx.dialog.title(S.viewer_title, size="4", weight="bold", margin="0"),
                rx.spacer(),
                rx.button(rx.icon("copy", size=13), "Copy", size="1", variant="soft",
                          on_click=[rx.set_clipboard(S.viewer_text), rx.toast.success("Copied to the clipboard")]),
                rx.dialog.close(rx.icon_button(rx.icon("x", size=15), size="1", variant="ghost", color_scheme="gray",
                                               aria_label="Close")),
                align="center",
                width="100%",
                margin_bottom="12px",
                spacing="2",
            ),
            json_view(S.viewer_text, testid="payload-json"),
            max_width="720px",
            data_testid="payload-dialog",
        ),
        open=S.viewer_open,
        on_open_change=S.set_viewer_open,
    )

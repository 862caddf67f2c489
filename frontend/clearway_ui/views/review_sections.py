"""The queues of /review: webhook failures, suspicious callbacks, routing and velocity rejections, manual corrections
and audit history. Every row links to its transaction (or the filtered transactions list)."""
from __future__ import annotations

from typing import Any, Callable

import reflex as rx

from ..components import theme as T
from ..components.payments import card
from ..components.table import sortable_label
from ..state.review import ReviewState as S

MONO = "ui-monospace, SFMono-Regular, Menlo, monospace"


RIGHT = ("Count", "Amount", "Failed", "Dead", "Attempts")


def _head(table: str, cols: tuple[tuple[str, str], ...]) -> rx.Component:
    """Column headers; a column with a key sorts the table by that row field (ReviewState.sort_table)."""
    spec = S.sorts[table]

    def cell(label: str, key: str) -> rx.Component:
        align = "right" if label in RIGHT else "left"
        content = sortable_label(label, asc=spec == key, desc=spec == f"-{key}", on_click=S.sort_table(table, key),
                                 testid=f"sort-{table}-{key}", align=align) if key else \
            rx.text(label, size="1", weight="medium", color=T.MUTED)
        return rx.table.column_header_cell(content, background="#f8fafc", white_space="nowrap", text_align=align)
    return rx.table.header(rx.table.row(*[cell(label, key) for label, key in cols]))


def _table(table: str, cols: tuple[tuple[str, str], ...], render: Callable[[Any], rx.Component], empty: str,
           testid: str) -> rx.Component:
    """One queue table over ReviewState.<table> (all its rows), sortable by the columns that have a key."""
    rows = getattr(S, table)
    n = len(cols)
    body = rx.cond(
        S.loading & ~S.loaded,
        rx.table.row(rx.table.cell(rx.skeleton(rx.box(height="14px"), loading=True), col_span=n)),
        rx.cond(rows.length() == 0,
                rx.table.row(rx.table.cell(rx.hstack(rx.icon("circle-check", size=15, color="#16a34a"),
                                                     rx.text(empty, size="2", color=T.MUTED), spacing="2", justify="center"),
                                           col_span=n, padding_y="26px"), data_testid=f"{testid}-empty"),
                rx.foreach(rows, render)),
    )
    return rx.box(rx.table.root(_head(table, cols), rx.table.body(body), variant="ghost", size="1", width="100%", data_testid=testid),
                  overflow_x="auto", width="100%")


def txn_cell(txn: Any, href: Any) -> rx.Component:
    return rx.table.cell(rx.cond(
        txn != "",
        rx.link(txn, href=href, font_family=MONO, size="1", white_space="nowrap", data_testid="review-txn-link"),
        rx.text("—", size="1", color=T.MUTED)))


def _when(row: Any) -> rx.Component:
    return rx.table.cell(rx.tooltip(rx.text(row.at, size="1", color=T.MUTED, white_space="nowrap"), content=row.at_abs))


def _chips(items: Any) -> rx.Component:
    return rx.hstack(rx.foreach(items, lambda c: rx.badge(c.label, " · ", c.count.to_string(), variant="soft",
                                                          color_scheme="gray", radius="full")),
                     spacing="2", wrap="wrap", margin_bottom="10px")


def _section(title: str, hint: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(title, size="2", weight="bold"), rx.text(hint, size="1", color=T.MUTED), *children,
                     spacing="2", width="100%", margin_bottom="14px")


def _ids_cell(ids: Any, href: Any) -> rx.Component:
    return rx.table.cell(rx.cond(
        href != "",
        rx.link(rx.hstack(rx.text("Open"), rx.icon("arrow-up-right", size=12), spacing="1", align="center"), href=href, size="1"),
        rx.cond(ids.length() > 0,
                rx.popover.root(
                    rx.popover.trigger(rx.button(ids.length().to_string(), " transactions", size="1", variant="ghost")),
                    rx.popover.content(rx.vstack(rx.foreach(ids, lambda i: rx.link(i, href="/transactions/" + i, size="1",
                                                                                   font_family=MONO)),
                                                 spacing="1", max_height="260px", overflow_y="auto"))),
                rx.text("—", size="1", color=T.MUTED))))


# ---------------------------------------------------------------- webhooks

def _endpoint_row(e: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(e.url, size="1", font_family=MONO, word_break="break-all"),
                                rx.cond(~e.enabled, rx.badge("disabled", color_scheme="red", variant="soft", size="1")),
                                spacing="1")),
        rx.table.cell(rx.link(e.merchant, href=e.merchant_href, size="2")),
        rx.table.cell(rx.text(e.failed.to_string(), size="2"), text_align="right"),
        rx.table.cell(rx.text(e.dead.to_string(), size="2", color=rx.cond(e.dead > 0, "#dc2626", T.TEXT)), text_align="right"),
        rx.table.cell(rx.text(e.last, size="1", color=T.MUTED)),
        _ids_cell(e.ids, e.href),
        data_testid="endpoint-row",
    )


def _delivery_row(d: Any) -> rx.Component:
    return rx.table.row(
        txn_cell(d.txn, d.href),
        rx.table.cell(rx.code(d.event, size="1", variant="soft")),
        rx.table.cell(rx.badge(d.status, color_scheme=rx.cond(d.status == "dead", "red", "amber"), variant="soft")),
        rx.table.cell(rx.text(d.attempts.to_string(), size="2"), text_align="right"),
        rx.table.cell(rx.text(d.error, size="1")),
        rx.table.cell(rx.text(d.last, size="1", color=T.MUTED)),
        rx.table.cell(rx.text(d.next, size="1", color=T.MUTED)),
        data_testid="delivery-row",
    )


def webhooks_tab() -> rx.Component:
    return rx.box(
        _section("By endpoint", "Deliveries now failed (being retried) or dead (retries exhausted), by the time of their last attempt.",
                 _table("endpoints", (("Endpoint", "url"), ("Merchant", "merchant"), ("Failed", "failed"), ("Dead", "dead"),
                                     ("Last attempt", "last_ts"), ("Transactions", "")), _endpoint_row,
                        "No failing webhook deliveries in this range.", "review-endpoints")),
        _section("Latest failed deliveries", "Open the transaction to resend from its webhook history.",
                 _table("deliveries", (("Transaction", "txn"), ("Event", "event"), ("Status", "status"), ("Attempts", "attempts"),
                                      ("Last error", "error"), ("Last attempt", "last_ts"), ("Next attempt", "next_ts")),
                        _delivery_row, "Nothing failed.", "review-deliveries")),
    )


# ---------------------------------------------------------------- callbacks

def _callback_row(c: Any) -> rx.Component:
    return rx.table.row(
        txn_cell(c.txn, c.href),
        rx.table.cell(rx.badge(c.reason, color_scheme="red", variant="soft")),
        rx.table.cell(rx.text(c.detail, size="1", color=T.MUTED)),
        rx.table.cell(rx.code(c.provider, size="1", variant="ghost")),
        rx.table.cell(rx.text(c.amount, size="1"), text_align="right"),
        rx.table.cell(rx.text(c.signature, size="1", color=rx.cond(c.signature == "valid", T.MUTED, "#dc2626"))),
        _when(c),
        data_testid="callback-row",
    )


def callbacks_tab() -> rx.Component:
    return _section("Suspicious provider callbacks", "Refused and never applied: bad signature, replay, amount mismatch, "
                    "unknown transaction, outside the time window.",
                    _chips(S.reasons),
                    _table("callbacks", (("Transaction", "txn"), ("Reason", "reason"), ("Detail", "detail"),
                                         ("Provider", "provider"), ("Amount", "amount_minor"), ("Signature", "signature"),
                                         ("Received", "at_ts")),
                           _callback_row, "No suspicious callbacks in this range.", "review-callbacks"))


# ---------------------------------------------------------------- rejections

def _group_row(g: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.badge(g.code, variant="soft", color_scheme="indigo")),
        rx.table.cell(rx.badge(g.outcome, variant="outline", color_scheme=rx.cond(g.outcome == "refused", "red", "gray"))),
        rx.table.cell(rx.text(g.merchant, size="2")),
        rx.table.cell(rx.text(g.method, size="2")),
        rx.table.cell(rx.text(g.count.to_string(), size="2", weight="medium"), text_align="right"),
        rx.table.cell(rx.text(g.amount, size="1"), text_align="right"),
        rx.table.cell(rx.text(g.last, size="1", color=T.MUTED)),
        rx.table.cell(rx.link(rx.hstack(rx.text("Payments"), rx.icon("arrow-up-right", size=12), spacing="1", align="center"),
                              href=g.href, size="1", white_space="nowrap")),
        data_testid="rejection-group-row",
    )


def _rejection_row(r: Any) -> rx.Component:
    return rx.table.row(
        _when(r),
        rx.table.cell(rx.badge(r.code, variant="soft", color_scheme="indigo")),
        rx.table.cell(rx.text(r.reason, size="1"), max_width="360px"),
        rx.table.cell(rx.vstack(rx.text(r.merchant, size="2"), rx.text(r.method, size="1", color=T.MUTED), spacing="0")),
        rx.table.cell(rx.text(r.amount, size="2"), text_align="right"),
        rx.table.cell(rx.cond(r.txn != "", rx.link(r.txn, href=r.href, font_family=MONO, size="1"),
                              rx.badge("not created", variant="outline", color_scheme="red", size="1"))),
        data_testid="rejection-row",
    )


def _rejections_tab(kind: str, hint: str) -> rx.Component:
    k = kind.lower()
    return rx.box(
        _section(f"{kind} rejections by cause", hint,
                 _table(f"{k}_groups", (("Code", "code"), ("Outcome", "outcome"), ("Merchant", "merchant"),
                                        ("Payment method", "method"), ("Count", "count"), ("Amount", "amount_minor"),
                                        ("Last", "last_ts"), ("", "")), _group_row,
                        f"No {k} rejections in this range.", f"review-{k}-groups")),
        _section("Latest", "A refused payment was never created: its row has no transaction. A rerouted one links to it.",
                 _table(f"{k}_rows", (("When", "at_ts"), ("Code", "code"), ("Reason", "reason"), ("Merchant / method", "merchant"),
                                      ("Amount", "amount_minor"), ("Transaction", "txn")), _rejection_row,
                        "Nothing refused.", f"review-{k}-rows")),
    )


# ---------------------------------------------------------------- corrections and audit

def _correction_row(c: Any) -> rx.Component:
    return rx.table.row(
        txn_cell(c.txn, c.href),
        rx.table.cell(rx.badge(c.action, variant="soft", color_scheme="violet")),
        rx.table.cell(rx.text(c.change, size="1", white_space="nowrap")),
        rx.table.cell(rx.text(c.reason, size="1"), max_width="320px"),
        rx.table.cell(rx.text(c.amount, size="1"), text_align="right"),
        rx.table.cell(rx.text(c.actor, size="1")),
        _when(c),
        data_testid="correction-row",
    )


def _audit_count_row(a: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(rx.code(a.label, size="1", variant="soft"), href=a.href)),
        rx.table.cell(rx.badge(a.outcome, color_scheme=rx.cond(a.outcome == "ok", "green", "orange"), variant="soft")),
        rx.table.cell(rx.text(a.count.to_string(), size="2"), text_align="right"),
        data_testid="audit-count-row",
    )


def _audit_row(e: Any) -> rx.Component:
    return rx.table.row(
        _when(e),
        rx.table.cell(rx.code(e.action, size="1", variant="soft")),
        rx.table.cell(rx.text(e.actor, size="1")),
        txn_cell(e.txn, e.href),
        data_testid="audit-event-row",
    )


def audit_tab() -> rx.Component:
    return rx.cond(
        S.can_audit,
        rx.grid(
            _section("Activity by action", "Open an action in the audit trail.",
                     _table("audit_counts", (("Action", "label"), ("Outcome", "outcome"), ("Count", "count")), _audit_count_row,
                            "No audit events.", "review-audit-counts")),
            _section("Latest about transactions", "Overrides, test deposits and other changes of payments.",
                     _table("audit_rows", (("When", "at_ts"), ("Action", "action"), ("Actor", "actor"), ("Transaction", "txn")),
                            _audit_row, "None in this range.", "review-audit-events")),
            columns="2", spacing="4", width="100%",
        ),
        rx.callout("The audit history needs audit.read.", icon="lock", color_scheme="amber", variant="surface", size="1"),
    )


TABS = [
    ("webhooks", "Webhooks", "webhook", S.webhook_failed + S.webhook_dead),
    ("callbacks", "Suspicious callbacks", "shield-alert", S.suspicious),
    ("routing", "Routing", "git-branch", S.routing_total),
    ("velocity", "Velocity", "timer", S.velocity_total),
    ("corrections", "Corrections", "pencil-line", S.corrections_total),
    ("audit", "Audit", "scroll-text", None),
]


def _trigger(key: str, label: str, icon: str, count: Any) -> rx.Component:
    badge = rx.fragment() if count is None else rx.badge(count.to_string(), size="1", radius="full", variant="soft",
                                                        color_scheme=rx.cond(count > 0, "red", "gray"))
    return rx.tabs.trigger(rx.hstack(rx.icon(icon, size=14), rx.text(label), badge, spacing="2", align="center"), value=key,
                           data_testid=f"review-tab-{key}")


def queue_tabs() -> rx.Component:
    return card(
        rx.tabs.root(
            rx.tabs.list(*[_trigger(*t) for t in TABS], size="2"),
            rx.box(
                rx.match(
                    S.tab,
                    ("callbacks", callbacks_tab()),
                    ("routing", _rejections_tab("Routing",
                                                "No route: rules, limits, disabled or currency-less targets, no published blueprint.")),
                    ("velocity", _rejections_tab("Velocity",
                                                 "SUB MIDs over their velocity limits: refused, or rerouted to another member.")),
                    ("corrections", _section("Manual corrections", "Overrides with their reason (simulation result log).",
                                             _chips(S.correction_counts),
                                             _table("corrections", (("Transaction", "txn"), ("Action", "action"),
                                                                    ("Status", "change"), ("Reason", "reason"),
                                                                    ("Amount", "amount_minor"), ("By", "actor"), ("When", "at_ts")),
                                                    _correction_row, "No manual corrections in this range.",
                                                    "review-corrections"))),
                    ("audit", audit_tab()),
                    webhooks_tab(),
                ),
                padding_top="16px",
            ),
            value=S.tab,
            on_change=S.set_tab,
            width="100%",
        ),
        data_testid="review-queues",
    )

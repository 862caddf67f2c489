"""The preview panel of /routing/[pm_id]: a sample payment form and its decision trace as a path."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.blueprint import MONO, small_error
from ..state.blueprint import CARD_BRANDS
from ..state.routing_editor import RoutingEditorState as S

TONES = {
    "indigo": ("#eef2ff", "#4f46e5"),
    "amber": ("#fef3c7", "#b45309"),
    "green": ("#dcfce7", "#15803d"),
    "red": ("#fee2e2", "#b91c1c"),
}


def _label(text: str) -> rx.Component:
    return rx.text(text, size="1", weight="medium", color=T.MUTED)


def _field(label: str, name: str, placeholder: str, **props: Any) -> rx.Component:
    err = S.p_field_errors.get(name, "")
    return rx.vstack(
        _label(label),
        rx.input(
            value=getattr(S, name),
            on_change=lambda v: S.set_p(name, v),
            placeholder=placeholder,
            size="2",
            width="100%",
            color_scheme=rx.cond(err != "", "red", "indigo"),
            variant=rx.cond(err != "", "soft", "surface"),
            data_testid=f"preview-{name.removeprefix('p_')}",
            **props,
        ),
        small_error(err, f"preview-error-{name.removeprefix('p_')}"),
        spacing="1",
        width="100%",
    )


def _preset(label: str, key: str) -> rx.Component:
    return rx.badge(label, variant="surface", color_scheme="gray", radius="full", size="1", cursor="pointer",
                    on_click=S.preview_preset(key), _hover={"background": "#eef2ff"})


def _form() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text("Try:", size="1", color=T.MUTED),
            _preset("Small", "small"),
            _preset("Large", "large"),
            _preset("VIP customer", "vip"),
            _preset("Visa in DE", "visa"),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        rx.grid(
            _field("Amount (minor units)", "p_amount", "10000", inputMode="numeric"),
            _field("Currency", "p_currency", "EUR", max_length=3),
            _field("Country", "p_country", "DE", max_length=2),
            _field("Card BIN", "p_bin", "424242", inputMode="numeric", max_length=8),
            rx.vstack(
                _label("Card brand"),
                rx.select.root(
                    rx.select.trigger(placeholder="None", width="100%", data_testid="preview-brand"),
                    rx.select.content(
                        rx.select.item("None", value="none"),
                        *[rx.select.item(b.title(), value=b) for b in CARD_BRANDS],
                        position="popper",
                    ),
                    value=rx.cond(S.p_brand == "", "none", S.p_brand),
                    on_change=lambda v: S.set_p("p_brand", v),
                    size="2",
                ),
                spacing="1",
                width="100%",
            ),
            _field("Customer segment", "p_segment", "vip"),
            columns="2",
            spacing="3",
            width="100%",
        ),
        _field("User reference", "p_ref", "ORD-10042", font_family=MONO),
        _field("Metadata", "p_meta", "channel=app, campaign=spring"),
        rx.grid(
            _field("Time (UTC)", "p_time", "now", type="time"),
            rx.vstack(
                _label("Blueprint"),
                rx.hstack(
                    rx.switch(checked=S.p_use_draft & S.bp_has_draft, on_change=S.set_p_use_draft,
                              disabled=~S.bp_has_draft, data_testid="preview-use-draft"),
                    rx.text(rx.cond(S.p_use_draft & S.bp_has_draft, "Use the draft", "Published version"),
                            size="2", color=T.TEXT),
                    spacing="2",
                    align="center",
                    height="32px",
                ),
                spacing="1",
            ),
            columns="2",
            spacing="3",
            width="100%",
        ),
        rx.button(
            rx.cond(S.p_busy, rx.spinner(size="1"), rx.icon("play", size=15)),
            "Run preview",
            on_click=S.run_preview,
            disabled=S.p_busy,
            width="100%",
            size="2",
            data_testid="preview-run",
        ),
        rx.cond(
            S.p_error != "",
            rx.callout(S.p_error, icon="triangle-alert", color_scheme="red", variant="surface", size="1", width="100%",
                       data_testid="preview-error"),
        ),
        spacing="3",
        width="100%",
    )


def _step_icon(kind: Any) -> rx.Component:
    return rx.match(
        kind,
        ("payment_method", rx.icon("wallet", size=15)),
        ("rule", rx.icon("git-branch", size=15)),
        ("fallback", rx.icon("life-buoy", size=15)),
        ("master_mid_group", rx.icon("layers", size=15)),
        ("master_mid", rx.icon("server", size=15)),
        ("sub_mid_group", rx.icon("boxes", size=15)),
        ("sub_mid", rx.icon("circle-check-big", size=15)),
        ("error", rx.icon("octagon-x", size=15)),
        rx.icon("circle", size=15),
    )


def _tone(tone: Any, idx: int) -> Any:
    return rx.match(tone, *[(k, v[idx]) for k, v in TONES.items()], TONES["indigo"][idx])


def _step(step: Any, i: Any) -> rx.Component:
    last = S.trace.steps.length() - 1
    return rx.hstack(
        rx.vstack(
            rx.center(
                _step_icon(step.kind),
                width="30px",
                height="30px",
                border_radius="999px",
                background=_tone(step.tone, 0),
                color=_tone(step.tone, 1),
                flex_shrink="0",
                box_shadow="0 0 0 3px white",
            ),
            rx.cond(i < last, rx.box(width="2px", flex="1", min_height="14px", background="#e2e8f0")),
            spacing="0",
            align="center",
            align_self="stretch",
        ),
        rx.vstack(
            rx.text(step.title, size="1", weight="medium", color=T.MUTED, letter_spacing="0.04em"),
            rx.text(step.name, size="2", weight="bold", color=T.TEXT, data_testid="trace-step-name"),
            rx.cond(step.meta != "", rx.text(step.meta, size="1", color=T.MUTED)),
            spacing="0",
            padding_bottom="12px",
            min_width="0",
        ),
        spacing="3",
        align="start",
        width="100%",
        data_testid="trace-step",
        data_kind=step.kind,
    )


def _section(title: str, icon: str, body: rx.Component, count: Any = None) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon(icon, size=14, color=T.MUTED),
            rx.text(title, size="1", weight="bold", color=T.MUTED, letter_spacing="0.06em"),
            rx.badge(count.to_string(), size="1", variant="soft", color_scheme="gray") if count is not None
            else rx.fragment(),
            spacing="2",
            align="center",
        ),
        body,
        spacing="2",
        width="100%",
    )


def _summary_item(label: str, value: Any, testid: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=T.MUTED),
        rx.text(rx.cond(value != "", value, "—"), size="2", weight="bold", color=T.TEXT, data_testid=testid,
                truncate=True),
        spacing="0",
        min_width="0",
        flex="1",
    )


def _result() -> rx.Component:
    t = S.trace
    outcome = rx.hstack(
        rx.cond(t.ok, rx.icon("circle-check-big", size=22, color="#16a34a"), rx.icon("octagon-x", size=22,
                                                                                      color="#dc2626")),
        rx.vstack(
            rx.text(t.title, size="3", weight="bold", color=rx.cond(t.ok, "#14532d", "#7f1d1d"),
                    data_testid="preview-outcome"),
            rx.text(t.message, size="2", color=rx.cond(t.ok, "#166534", "#991b1b")),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.badge(t.source, variant="surface", color_scheme=rx.cond(t.source.contains("Draft"), "amber", "green"),
                 size="1", data_testid="preview-source"),
        spacing="3",
        align="center",
        padding="12px 14px",
        border_radius="10px",
        background=rx.cond(t.ok, "#f0fdf4", "#fef2f2"),
        border=rx.cond(t.ok, "1px solid #bbf7d0", "1px solid #fecaca"),
        width="100%",
    )
    summary = rx.hstack(
        _summary_item("Matched rule", t.matched_rule, "preview-rule"),
        _summary_item("MASTER MID", t.master_mid, "preview-master-mid"),
        _summary_item("SUB MID", t.sub_mid, "preview-sub-mid"),
        spacing="3",
        width="100%",
        padding="10px 12px",
        background="#f8fafc",
        border_radius="10px",
    )
    path = _section("ROUTING PATH", "route", rx.vstack(rx.foreach(t.steps, _step), spacing="0", width="100%",
                                                        data_testid="trace-path"))
    misses = _section(
        "RULES THAT DID NOT MATCH",
        "circle-slash",
        rx.cond(
            t.misses.length() == 0,
            rx.text(rx.cond(t.evaluated == 0, "No rule was evaluated: the payment stopped before routing.",
                            "None: the first rule evaluated matched."), size="2", color=T.MUTED),
            rx.vstack(
                rx.foreach(
                    t.misses,
                    lambda m: rx.vstack(
                        rx.hstack(
                            rx.text(m.name, size="2", weight="medium",
                                    color=rx.cond(m.evaluated, T.TEXT, T.MUTED)),
                            rx.spacer(),
                            rx.badge(m.level + " · " + m.scope, size="1", variant="soft", color_scheme="gray"),
                            align="center",
                            width="100%",
                        ),
                        rx.text(m.reason, size="1", color=rx.cond(m.evaluated, "#b45309", T.MUTED),
                                font_family=MONO, data_testid="miss-reason"),
                        spacing="1",
                        width="100%",
                        padding="8px 10px",
                        border_radius="8px",
                        background=rx.cond(m.evaluated, "#fffbeb", "#f8fafc"),
                        data_testid="trace-miss",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
        ),
        t.misses.length(),
    )
    rejections = _section(
        "REJECTIONS",
        "shield-x",
        rx.cond(
            t.rejections.length() == 0,
            rx.text("None: every target on the way accepted the payment.", size="2", color=T.MUTED),
            rx.vstack(
                rx.foreach(
                    t.rejections,
                    lambda r: rx.hstack(
                        rx.badge(r.code_label, color_scheme=rx.match(
                            r.code, ("VELOCITY", "orange"), ("DISABLED", "gray"), ("LIMIT", "red"),
                            ("CURRENCY", "purple"), "amber"), variant="soft", size="1", flex_shrink="0",
                            data_testid="rejection-code"),
                        rx.vstack(
                            rx.text(r.what + " " + r.name, size="2", weight="medium"),
                            rx.text(r.message, size="1", color=T.MUTED),
                            spacing="0",
                            min_width="0",
                        ),
                        spacing="2",
                        align="start",
                        width="100%",
                        padding="8px 10px",
                        border_radius="8px",
                        background="#fff7ed",
                        data_testid="trace-rejection",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
        ),
        t.rejections.length(),
    )
    fees = rx.cond(
        t.fees.length() > 0,
        _section(
            "FEES",
            "receipt",
            rx.vstack(
                rx.foreach(
                    t.fees,
                    lambda f: rx.hstack(
                        rx.vstack(rx.text(f.label, size="2", weight="medium"), rx.text(f.detail, size="1",
                                                                                       color=T.MUTED),
                                  spacing="0"),
                        rx.spacer(),
                        rx.text(f.amount, size="2", font_variant_numeric="tabular-nums"),
                        align="center",
                        width="100%",
                    ),
                ),
                rx.separator(size="4"),
                rx.hstack(
                    rx.vstack(rx.text("Total", size="2", weight="bold"), rx.text(t.fee_note, size="1", color=T.MUTED),
                              spacing="0"),
                    rx.spacer(),
                    rx.text(t.fee_total, size="3", weight="bold", font_variant_numeric="tabular-nums",
                            data_testid="preview-fee-total"),
                    align="center",
                    width="100%",
                ),
                spacing="2",
                width="100%",
                padding="10px 12px",
                border=f"1px solid {T.BORDER}",
                border_radius="10px",
            ),
        ),
    )
    return rx.vstack(outcome, summary, path, misses, rejections, fees, spacing="4", width="100%",
                     data_testid="preview-result")


def preview_panel() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.center(rx.icon("flask-conical", size=16, color="#4f46e5"), width="32px", height="32px",
                      border_radius="8px", background="#eef2ff", flex_shrink="0"),
            rx.vstack(
                rx.text("Preview", size="3", weight="bold", color=T.TEXT),
                rx.text("Route a sample payment. Nothing is charged and no velocity is used.", size="1",
                        color=T.MUTED),
                spacing="0",
            ),
            spacing="3",
            align="center",
        ),
        _form(),
        rx.cond(S.trace.ready, rx.separator(size="4")),
        rx.cond(S.trace.ready, _result()),
        spacing="4",
        width="100%",
        padding="18px",
        data_testid="preview-panel",
        **T.CARD_STYLE,
    )

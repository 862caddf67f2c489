"""The blueprint editor shared by both routing levels, and readable blueprint views.

``state`` is a page state with ``BlueprintMixin`` (see state/blueprint.py). ``target_noun`` names what
rules route to ("MASTER MID GROUP" at level 1, "SUB MID GROUP" at level 2).
"""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..state.blueprint import CARD_BRANDS, CONDITION_TYPES
from . import theme as T

MONO = "ui-monospace, SFMono-Regular, Menlo, monospace"
STATUS_COLORS = {"DRAFT": "amber", "PUBLISHED": "green", "ARCHIVED": "gray"}


def version_badge(status: Any, size: str = "1") -> rx.Component:
    return rx.match(
        status,
        ("DRAFT", rx.badge(rx.icon("pencil-line", size=11), "Draft", color_scheme="amber", variant="soft", size=size,
                           data_testid="version-status")),
        ("PUBLISHED", rx.badge(rx.icon("circle-check", size=11), "Published", color_scheme="green", variant="soft",
                               size=size, data_testid="version-status")),
        rx.badge(rx.icon("archive", size=11), "Archived", color_scheme="gray", variant="soft", size=size,
                 data_testid="version-status"),
    )


def small_error(message: Any, testid: str = "") -> rx.Component:
    return rx.cond(
        message != "",
        rx.hstack(
            rx.icon("circle-alert", size=12, color=T.DANGER, flex_shrink="0"),
            rx.text(message, size="1", color=T.DANGER, **({"data_testid": testid} if testid else {})),
            spacing="1",
            align="center",
        ),
    )


def _input(value: Any, on_change: Any, err: Any, placeholder: str, testid: str, width: str = "100%",
           show_error: bool = True, **props: Any):
    return rx.vstack(
        rx.input(
            value=value,
            on_change=on_change,
            placeholder=placeholder,
            size="2",
            width=width,
            color_scheme=rx.cond(err != "", "red", "indigo"),
            variant=rx.cond(err != "", "soft", "surface"),
            data_testid=testid,
            **props,
        ),
        small_error(err, "cond-error") if show_error else rx.fragment(),
        spacing="1",
        width=width,
        align="stretch",
    )


def _cond_inputs(S: Any, rule: Any, cond: Any) -> rx.Component:
    def setter(name: str):
        return lambda v: S.bp_set_cond(rule.key, cond.key, name, v)

    def connector(text: str) -> rx.Component:
        return rx.text(text, size="2", color=T.MUTED, padding_top="6px", flex_shrink="0")

    amount = rx.vstack(
        rx.hstack(
            _input(cond.min, setter("min"), cond.err_min, "Minimum", "cond-min", show_error=False,
                   inputMode="numeric"),
            connector("to"),
            _input(cond.max, setter("max"), cond.err_max, "Maximum", "cond-max", show_error=False,
                   inputMode="numeric"),
            connector("minor units"),
            spacing="2",
            align="start",
            width="100%",
        ),
        small_error(cond.err_min, "cond-error"),
        small_error(cond.err_max, "cond-error"),
        spacing="1",
        width="100%",
    )

    def listed(placeholder: str) -> rx.Component:
        return _input(cond.listed, setter("listed"), cond.err_values, placeholder, "cond-values")

    brands = rx.vstack(
        rx.hstack(
            *[
                rx.badge(
                    b.title(),
                    size="2",
                    radius="full",
                    variant=rx.cond(cond.brands.contains(b), "solid", "outline"),
                    color_scheme=rx.cond(cond.brands.contains(b), "indigo", "gray"),
                    cursor="pointer",
                    user_select="none",
                    on_click=S.bp_toggle_brand(rule.key, cond.key, b),
                    data_testid=f"cond-brand-{b}",
                )
                for b in CARD_BRANDS
            ],
            spacing="2",
            wrap="wrap",
            padding_top="4px",
        ),
        small_error(cond.err_values, "cond-error"),
        spacing="1",
        width="100%",
    )
    reference = rx.hstack(
        connector("/"),
        _input(cond.pattern, setter("pattern"), cond.err_pattern, "^ORD-\\d+$", "cond-pattern", font_family=MONO),
        connector("/"),
        spacing="2",
        align="start",
        width="100%",
    )
    window = rx.vstack(
        rx.hstack(
            _input(cond.start, setter("start"), cond.err_start, "09:00", "cond-start", width="130px",
                   show_error=False, type="time"),
            connector("to"),
            _input(cond.end, setter("end"), cond.err_end, "17:00", "cond-end", width="130px", show_error=False,
                   type="time"),
            connector("UTC"),
            spacing="2",
            align="start",
            width="100%",
        ),
        small_error(cond.err_start, "cond-error"),
        rx.cond(cond.err_start != cond.err_end, small_error(cond.err_end, "cond-error")),
        spacing="1",
        width="100%",
    )
    metadata = rx.hstack(
        _input(cond.meta_key, setter("meta_key"), cond.err_key, "key, e.g. channel", "cond-key"),
        connector("="),
        _input(cond.meta_value, setter("meta_value"), cond.err_value, "value, e.g. app", "cond-value"),
        spacing="2",
        align="start",
        width="100%",
    )
    return rx.match(
        cond.type,
        ("amount_range", amount),
        ("currency", listed("Currencies, e.g. EUR, USD")),
        ("country", listed("Countries, e.g. DE, FR, NL")),
        ("card_bin", listed("BIN prefixes, e.g. 424242, 5555")),
        ("card_brand", brands),
        ("customer_segment", listed("Segments, e.g. vip, returning")),
        ("user_reference", reference),
        ("time_window", window),
        ("metadata", metadata),
        rx.text("Unknown condition type", size="2", color=T.DANGER),
    )


def _type_select(S: Any, rule: Any, cond: Any, editable: Any) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="180px", data_testid="cond-type"),
        rx.select.content(
            *[rx.select.item(rx.hstack(rx.icon(icon, size=14), rx.text(label), spacing="2", align="center"), value=t)
              for t, label, icon in CONDITION_TYPES],
            position="popper",
        ),
        value=cond.type,
        on_change=lambda v: S.bp_set_cond_type(rule.key, cond.key, v),
        disabled=~editable,
        size="2",
    )


def _condition_row(S: Any, rule: Any, cond: Any, j: Any, editable: Any) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.center(
                rx.cond(j == 0, rx.text("IF", size="1", weight="bold", color="#4f46e5"),
                        rx.text(rx.cond(rule.match == "any", "OR", "AND"), size="1", weight="bold", color=T.MUTED)),
                width="36px",
                height="32px",
                flex_shrink="0",
            ),
            _type_select(S, rule, cond, editable),
            rx.box(_cond_inputs(S, rule, cond), flex="1", min_width="0"),
            rx.cond(
                editable,
                rx.tooltip(
                    rx.icon_button(rx.icon("x", size=14), size="1", variant="ghost", color_scheme="gray",
                                   on_click=S.bp_remove_condition(rule.key, cond.key), aria_label="Remove condition",
                                   data_testid="remove-condition", margin_top="6px"),
                    content="Remove condition",
                ),
            ),
            spacing="2",
            align="start",
            width="100%",
        ),
        small_error(cond.err, "cond-error"),
        small_error(cond.err_type, "cond-error"),
        spacing="1",
        width="100%",
        padding="8px 10px",
        border_radius="8px",
        background=rx.cond((cond.err != "") | (cond.err_type != ""), "#fef2f2", "#f8fafc"),
        data_testid="condition-row",
    )


def _add_condition_menu(S: Any, rule: Any) -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(rx.icon("plus", size=14), "Add condition", size="1", variant="soft", color_scheme="indigo",
                      data_testid="add-condition"),
        ),
        rx.menu.content(
            *[
                rx.menu.item(
                    rx.hstack(rx.icon(icon, size=14, color=T.MUTED), rx.text(label), spacing="2", align="center"),
                    on_click=S.bp_add_condition(rule.key, t),
                    data_testid=f"add-condition-{t}",
                )
                for t, label, icon in CONDITION_TYPES
            ],
            size="2",
        ),
    )


def target_chip(n: Any, label: Any, on_remove: Any, editable: Any) -> rx.Component:
    return rx.hstack(
        rx.center(rx.text(n, size="1", weight="bold", color="white"), width="18px", height="18px",
                  border_radius="999px", background="#6366f1", flex_shrink="0"),
        rx.text(label, size="2", weight="medium", color=T.TEXT),
        rx.cond(
            editable,
            rx.icon("x", size=13, color=T.MUTED, cursor="pointer", on_click=on_remove, data_testid="remove-target"),
        ),
        spacing="2",
        align="center",
        padding="4px 10px 4px 5px",
        border="1px solid #c7d2fe",
        background="#eef2ff",
        border_radius="999px",
        data_testid="target-chip",
    )


def _target_menu(S: Any, chosen: Any, on_pick: Any, testid: str, noun: str) -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(rx.icon("plus", size=14), f"Add {noun}", size="1", variant="outline", color_scheme="gray",
                      data_testid=testid),
        ),
        rx.menu.content(
            rx.cond(
                S.bp_targets.length() == 0,
                rx.menu.item(f"No {noun}s exist yet", disabled=True),
            ),
            rx.foreach(
                S.bp_targets,
                lambda o: rx.cond(
                    chosen.contains(o.id),
                    rx.fragment(),
                    rx.menu.item(
                        rx.hstack(
                            rx.cond(o.ok, rx.icon("layers", size=14, color=T.MUTED),
                                    rx.icon("triangle-alert", size=14, color="#d97706")),
                            rx.text(o.label, size="2"),
                            rx.text(o.note, size="1", color=T.MUTED),
                            spacing="2",
                            align="center",
                        ),
                        on_click=on_pick(o.id),
                        data_testid="target-option",
                    ),
                ),
            ),
            size="2",
        ),
    )


def _rule_card(S: Any, rule: Any, i: Any, editable: Any, noun: str) -> rx.Component:
    last = S.bp_rule_count - 1
    header = rx.hstack(
        rx.center(
            rx.text((i + 1).to_string(), size="2", weight="bold", color="white"),
            width="28px",
            height="28px",
            border_radius="8px",
            background=T.BRAND_GRADIENT,
            flex_shrink="0",
        ),
        rx.vstack(
            rx.input(
                value=rule.name,
                on_change=lambda v: S.bp_set_rule_name(rule.key, v),
                placeholder="Rule name",
                size="2",
                variant="soft",
                color_scheme=rx.cond(rule.err_name != "", "red", "gray"),
                disabled=~editable,
                width="100%",
                font_weight="600",
                data_testid="rule-name",
            ),
            small_error(rule.err_name, "rule-error"),
            spacing="1",
            flex="1",
            min_width="0",
        ),
        rx.text(rule.id, size="1", color="#94a3b8", font_family=MONO, white_space="nowrap", padding_top="8px"),
        rx.segmented_control.root(
            rx.segmented_control.item("All", value="all"),
            rx.segmented_control.item("Any", value="any"),
            value=rule.match,
            on_change=lambda v: S.bp_set_rule_match(rule.key, v),
            size="1",
            disabled=~editable,
            margin_top="3px",
            data_testid="rule-match",
        ),
        rx.cond(
            editable,
            rx.hstack(
                rx.tooltip(rx.icon_button(rx.icon("arrow-up", size=14), size="1", variant="ghost", color_scheme="gray",
                                          disabled=i == 0, on_click=S.bp_move_rule(rule.key, -1),
                                          aria_label="Move up", data_testid="rule-up"), content="Move up"),
                rx.tooltip(rx.icon_button(rx.icon("arrow-down", size=14), size="1", variant="ghost", color_scheme="gray",
                                          disabled=i == last, on_click=S.bp_move_rule(rule.key, 1),
                                          aria_label="Move down", data_testid="rule-down"), content="Move down"),
                rx.tooltip(rx.icon_button(rx.icon("trash-2", size=14), size="1", variant="ghost", color_scheme="red",
                                          on_click=S.ask_delete_rule(rule.key), aria_label="Delete rule",
                                          data_testid="rule-delete"), content="Delete rule"),
                spacing="1",
                padding_top="3px",
            ),
        ),
        spacing="3",
        align="start",
        width="100%",
    )
    conditions = rx.vstack(
        rx.hstack(
            rx.text("When", size="1", weight="bold", color=T.MUTED, letter_spacing="0.06em"),
            rx.text(rx.cond(rule.match == "any", "at least one condition holds", "every condition holds"),
                    size="1", color=T.MUTED),
            spacing="2",
            align="center",
        ),
        rx.cond(
            rule.conditions.length() == 0,
            rx.hstack(
                rx.icon("infinity", size=14, color="#d97706"),
                rx.text("No conditions: this rule matches every payment, so rules below it never run.",
                        size="2", color="#92400e"),
                spacing="2",
                align="center",
                padding="8px 10px",
                border_radius="8px",
                background="#fffbeb",
                width="100%",
            ),
            rx.vstack(
                rx.foreach(rule.conditions, lambda c, j: _condition_row(S, rule, c, j, editable)),
                spacing="2",
                width="100%",
            ),
        ),
        small_error(rule.err_conditions, "rule-error"),
        rx.cond(editable, _add_condition_menu(S, rule)),
        spacing="2",
        width="100%",
    )
    targets = rx.vstack(
        rx.hstack(
            rx.text("Route to", size="1", weight="bold", color=T.MUTED, letter_spacing="0.06em"),
            rx.text(f"{noun}s, tried in this order", size="1", color=T.MUTED),
            spacing="2",
            align="center",
        ),
        rx.hstack(
            rx.foreach(
                rule.targets,
                lambda t, k: target_chip((k + 1).to_string(), S.bp_target_names[t],
                                         S.bp_remove_target(rule.key, t), editable),
            ),
            rx.cond(
                (rule.targets.length() == 0) & ~editable,
                rx.text("No targets", size="2", color=T.MUTED),
            ),
            rx.cond(editable, _target_menu(S, rule.targets, lambda tid: S.bp_add_target(rule.key, tid),
                                           "add-target", noun)),
            spacing="2",
            wrap="wrap",
            align="center",
        ),
        small_error(rule.err_targets, "rule-error"),
        spacing="2",
        width="100%",
    )
    return rx.vstack(
        header,
        rx.cond(
            rule.err != "",
            rx.callout(rule.err, icon="triangle-alert", color_scheme="red", variant="surface", size="1", width="100%",
                       data_testid="rule-error"),
        ),
        rx.cond(rule.err_match != "", small_error(rule.err_match, "rule-error")),
        rx.cond(rule.err_id != "", small_error(rule.err_id, "rule-error")),
        rx.box(conditions, padding_left="40px", width="100%"),
        rx.box(targets, padding_left="40px", width="100%"),
        spacing="3",
        width="100%",
        padding="16px",
        background="white",
        border=rx.cond(
            (rule.err != "") | (rule.err_name != "") | (rule.err_targets != "") | (rule.err_conditions != ""),
            "1px solid #fca5a5",
            f"1px solid {T.BORDER}",
        ),
        border_radius="12px",
        box_shadow="0 1px 2px rgba(15,23,42,0.04)",
        data_testid="rule-card",
    )


def _fallback_card(S: Any, editable: Any, noun: str) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.center(rx.icon("life-buoy", size=15, color="#b45309"), width="28px", height="28px",
                      border_radius="8px", background="#fef3c7", flex_shrink="0"),
            rx.vstack(
                rx.text("Fallback route", size="3", weight="bold", color=T.TEXT),
                rx.text("Used when no rule matches, or when every target of the matched rule rejects the payment.",
                        size="1", color=T.MUTED),
                spacing="0",
            ),
            spacing="3",
            align="center",
        ),
        rx.hstack(
            rx.foreach(
                S.bp_fallback,
                lambda t, k: target_chip((k + 1).to_string(), S.bp_target_names[t], S.bp_remove_fallback(t), editable),
            ),
            rx.cond(
                (S.bp_fallback.length() == 0),
                rx.text("No fallback yet: publishing needs one.", size="2", color="#b45309"),
            ),
            rx.cond(editable, _target_menu(S, S.bp_fallback, S.bp_add_fallback, "add-fallback", noun)),
            spacing="2",
            wrap="wrap",
            align="center",
            padding_left="40px",
        ),
        rx.box(small_error(S.bp_fallback_err, "fallback-error"), padding_left="40px"),
        spacing="3",
        width="100%",
        padding="16px",
        background="#fffdf7",
        border=rx.cond(S.bp_fallback_err != "", "1px solid #fca5a5", "1px dashed #fcd34d"),
        border_radius="12px",
        data_testid="fallback-card",
    )


def problems_callout(S: Any) -> rx.Component:
    return rx.fragment(
        rx.cond(
            S.bp_problems.length() > 0,
            rx.box(
                rx.hstack(
                    rx.icon("octagon-alert", size=18, color=T.DANGER),
                    rx.text(S.bp_problem_title, size="3", weight="bold", color="#991b1b"),
                    rx.badge(S.bp_problems.length().to_string() + " problem(s)", color_scheme="red", variant="soft"),
                    rx.spacer(),
                    rx.icon_button(rx.icon("x", size=14), size="1", variant="ghost", color_scheme="gray",
                                   on_click=S.bp_dismiss_problems, aria_label="Dismiss"),
                    spacing="2",
                    align="center",
                    width="100%",
                ),
                rx.text("Each problem is also shown beside its field below.", size="1", color="#b91c1c",
                        margin_bottom="6px"),
                rx.vstack(
                    rx.foreach(
                        S.bp_problems,
                        lambda p: rx.hstack(
                            rx.icon("chevron-right", size=13, color="#f87171", margin_top="3px", flex_shrink="0"),
                            rx.text(
                                rx.text.strong(p.where, color="#7f1d1d"),
                                " — ",
                                p.message,
                                size="2",
                                color="#991b1b",
                            ),
                            spacing="1",
                            align="start",
                            data_testid="problem-item",
                        ),
                    ),
                    spacing="1",
                    width="100%",
                ),
                padding="14px 16px",
                border="1px solid #fecaca",
                background="#fef2f2",
                border_radius="12px",
                width="100%",
                data_testid="blueprint-problems",
            ),
        ),
        rx.cond(
            S.bp_error != "",
            rx.callout(S.bp_error, icon="triangle-alert", color_scheme="red", variant="surface", size="1",
                       width="100%", data_testid="blueprint-error"),
        ),
    )


def editor_toolbar(S: Any, can_publish: Any, publish_label: str = "Publish") -> rx.Component:
    busy = S.bp_busy != ""
    return rx.hstack(
        rx.hstack(
            rx.badge(rx.icon("pencil-line", size=12), "Draft v" + S.bp_draft_version.to_string(),
                     color_scheme="amber", variant="soft", size="2", data_testid="draft-badge"),
            rx.cond(
                S.bp_dirty,
                rx.hstack(rx.box(width="7px", height="7px", border_radius="999px", background="#f59e0b"),
                          rx.text("Unsaved changes", size="2", color="#b45309"), spacing="2", align="center",
                          data_testid="dirty-flag"),
                rx.hstack(rx.icon("check", size=14, color="#16a34a"), rx.text("Saved", size="2", color=T.MUTED),
                          spacing="1", align="center"),
            ),
            rx.cond(
                S.bp_published_version > 0,
                rx.text("Live version: v" + S.bp_published_version.to_string(), size="2", color=T.MUTED),
                rx.text("Nothing published yet", size="2", color="#b45309"),
            ),
            spacing="3",
            align="center",
        ),
        rx.spacer(),
        rx.button(rx.icon("plus", size=15), "Add rule", variant="soft", on_click=S.bp_add_rule, disabled=busy,
                  data_testid="add-rule"),
        rx.button("Discard changes", variant="ghost", color_scheme="gray", on_click=S.bp_discard,
                  disabled=~S.bp_dirty | busy, data_testid="discard-draft"),
        rx.button(
            rx.cond(S.bp_busy == "save", rx.spinner(size="1"), rx.icon("save", size=15)),
            "Save draft",
            variant="outline",
            on_click=S.bp_save,
            disabled=busy,
            data_testid="save-draft",
        ),
        rx.cond(
            can_publish,
            rx.button(
                rx.cond(S.bp_busy == "publish", rx.spinner(size="1"), rx.icon("rocket", size=15)),
                publish_label,
                color_scheme="green",
                on_click=S.bp_publish,
                disabled=busy,
                data_testid="publish",
            ),
        ),
        spacing="2",
        align="center",
        width="100%",
        padding="10px 14px",
        background="rgba(255,255,255,0.94)",
        backdrop_filter="blur(8px)",
        border=f"1px solid {T.BORDER}",
        border_radius="12px",
        box_shadow="0 4px 14px rgba(15,23,42,0.06)",
        data_testid="editor-toolbar",
    )


def readable_rule(r: Any, tone: str = "default") -> rx.Component:
    """A rule of a stored version, as sentences (RuleView)."""
    colors = {"default": (T.BORDER, "white"), "added": ("#86efac", "#f0fdf4"), "removed": ("#fca5a5", "#fef2f2")}
    border, bg = colors[tone]
    return rx.vstack(
        rx.hstack(
            rx.cond(
                r.n > 0,
                rx.center(rx.text(r.n.to_string(), size="1", weight="bold", color="#4f46e5"), width="22px",
                          height="22px", border_radius="6px", background="#eef2ff", flex_shrink="0"),
            ),
            rx.text(r.name, size="2", weight="bold", color=T.TEXT,
                    text_decoration="line-through" if tone == "removed" else "none"),
            rx.badge(r.match, variant="soft", color_scheme="gray", size="1"),
            rx.spacer(),
            rx.text(r.id, size="1", color="#94a3b8", font_family=MONO),
            spacing="2",
            align="center",
            width="100%",
        ),
        rx.vstack(
            rx.foreach(r.conditions, lambda c: rx.hstack(rx.icon("dot", size=14, color=T.MUTED),
                                                          rx.text(c, size="2", color="#334155"),
                                                          spacing="1", align="center")),
            spacing="0",
            padding_left="4px",
        ),
        rx.hstack(
            rx.icon("corner-down-right", size=14, color="#6366f1"),
            rx.text(rx.cond(r.targets.length() > 0, r.targets.join(" → "), "No targets"), size="2",
                    weight="medium", color="#4338ca"),
            spacing="2",
            align="center",
        ),
        spacing="2",
        width="100%",
        padding="12px 14px",
        border=f"1px solid {border}",
        background=bg,
        border_radius="10px",
        data_testid=f"readable-rule-{tone}",
    )


def readable_blueprint(rules: Any, fallback: Any, empty: str = "No rules.") -> rx.Component:
    return rx.vstack(
        rx.cond(
            rules.length() == 0,
            rx.text(empty, size="2", color=T.MUTED),
            rx.vstack(rx.foreach(rules, lambda r: readable_rule(r)), spacing="2", width="100%"),
        ),
        rx.hstack(
            rx.icon("life-buoy", size=15, color="#b45309"),
            rx.text("Fallback", size="2", weight="bold", color="#92400e"),
            rx.text(rx.cond(fallback.length() > 0, fallback.join(" → "), "none"), size="2", color="#92400e"),
            spacing="2",
            align="center",
            padding="10px 14px",
            border="1px dashed #fcd34d",
            background="#fffdf7",
            border_radius="10px",
            width="100%",
        ),
        spacing="2",
        width="100%",
    )


def live_bar(S: Any, can_edit: Any, start_label: str = "Edit rules") -> rx.Component:
    """Above the read-only view: the live version; "Edit rules" starts (or opens) a draft when allowed."""
    return rx.hstack(
        rx.cond(
            S.bp_published_version > 0,
            rx.badge(rx.icon("circle-check", size=12), S.bp_view_label, color_scheme="green", variant="soft",
                     size="2", data_testid="live-badge"),
            rx.badge(rx.icon("circle-alert", size=12), S.bp_view_label, color_scheme="amber", variant="soft",
                     size="2", data_testid="live-badge"),
        ),
        rx.cond(
            S.bp_has_draft & ~can_edit,
            rx.badge(rx.icon("pencil-line", size=12), "Draft v" + S.bp_draft_version.to_string() + " in progress",
                     color_scheme="amber", variant="soft", size="2"),
        ),
        rx.text(
            rx.cond(can_edit, "Read-only. Edits go to a new draft; live traffic keeps this version until you publish.",
                    "Read-only: you can read and preview this blueprint; editing needs another role."),
            size="2",
            color=T.MUTED,
        ),
        rx.spacer(),
        rx.cond(
            can_edit,
            rx.button(
                rx.cond(S.bp_busy == "draft", rx.spinner(size="1"), rx.icon("pencil", size=15)),
                start_label,
                on_click=S.bp_start_draft,
                disabled=S.bp_busy != "",
                data_testid="start-draft",
            ),
        ),
        spacing="3",
        align="center",
        width="100%",
        padding="10px 14px",
        border=f"1px solid {T.BORDER}",
        background="white",
        border_radius="12px",
        margin_bottom="16px",
    )


def blueprint_bar(S: Any, can_edit: Any, can_publish: Any, start_label: str = "Edit rules") -> rx.Component:
    """Full-width bar above the editor: draft status and actions, or the live version and "Edit rules"."""
    return rx.cond(
        S.bp_has_draft & can_edit,
        rx.box(editor_toolbar(S, can_publish), width="100%", margin_bottom="16px", position="sticky", top="76px",
               z_index="4"),
        live_bar(S, can_edit, start_label),
    )


def blueprint_editor(S: Any, noun: str, can_edit: Any) -> rx.Component:
    """Rule cards + fallback when there is a draft; otherwise the live version as sentences."""
    editable = can_edit & S.bp_has_draft
    live = rx.box(
        readable_blueprint(S.bp_view_rules, S.bp_view_fallback,
                           "No rules yet: every payment takes the fallback route."),
        width="100%",
        data_testid="live-blueprint",
    )
    draft = rx.vstack(
        problems_callout(S),
        rx.cond(
            S.bp_rule_count == 0,
            rx.center(
                rx.vstack(
                    rx.icon("git-branch-plus", size=24, color="#6366f1"),
                    rx.text("No rules yet", size="3", weight="bold"),
                    rx.text(f"Every payment takes the fallback route. Add a rule to send some payments to "
                            f"another {noun}.", size="2", color=T.MUTED, text_align="center", max_width="380px"),
                    rx.cond(editable, rx.button(rx.icon("plus", size=15), "Add the first rule", on_click=S.bp_add_rule,
                                                variant="soft")),
                    align="center",
                    spacing="2",
                ),
                padding="28px",
                border="1px dashed #cbd5e1",
                border_radius="12px",
                width="100%",
                background="white",
            ),
            rx.vstack(
                rx.foreach(S.bp_rules, lambda r, i: _rule_card(S, r, i, editable, noun)),
                spacing="3",
                width="100%",
            ),
        ),
        _fallback_card(S, editable, noun),
        spacing="3",
        width="100%",
        data_testid="blueprint-editor",
    )
    return rx.cond(editable, draft, live)


def blueprint_workspace(S: Any, noun: str, can_edit: Any, can_publish: Any, side: rx.Component,
                        side_width: str) -> rx.Component:
    """The blueprint bar above the editor, and ``side`` (the preview, the targets) in a column beside it."""
    return rx.box(
        blueprint_bar(S, can_edit, can_publish),
        rx.grid(
            rx.box(blueprint_editor(S, noun, can_edit), min_width="0"),
            side,
            grid_template_columns=f"minmax(0, 1fr) {side_width}",
            gap="20px",
            width="100%",
            align_items="start",
        ),
        width="100%",
    )


# ---------------------------------------------------------------------------------------------
# version history and diff
# ---------------------------------------------------------------------------------------------


def _lines(items: Any, sign: str, color: str, bg: str) -> rx.Component:
    return rx.vstack(
        rx.foreach(
            items,
            lambda line: rx.hstack(
                rx.text(sign, size="2", weight="bold", color=color, width="12px", flex_shrink="0"),
                rx.text(line, size="2", color="#1e293b"),
                spacing="2",
                align="start",
                padding="3px 8px",
                background=bg,
                border_radius="6px",
                width="100%",
            ),
        ),
        spacing="1",
        width="100%",
    )


def _change(ch: Any) -> rx.Component:
    return rx.vstack(
        rx.text(ch.label, size="1", weight="bold", color=T.MUTED, letter_spacing="0.04em"),
        rx.grid(
            _lines(ch.before, "−", "#dc2626", "#fef2f2"),
            _lines(ch.after, "+", "#16a34a", "#f0fdf4"),
            columns="2",
            spacing="3",
            width="100%",
        ),
        spacing="1",
        width="100%",
    )


def _diff_section(title: str, icon: str, color: str, body: rx.Component, count: Any) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon(icon, size=15, color=color),
            rx.text(title, size="2", weight="bold", color=T.TEXT),
            rx.badge(count.to_string(), variant="soft", color_scheme="gray", size="1"),
            spacing="2",
            align="center",
        ),
        body,
        spacing="2",
        width="100%",
    )


def diff_view(S: Any) -> rx.Component:
    d = S.bp_diff
    summary = rx.hstack(
        rx.cond(d.added.length() > 0, rx.badge("+" + d.added.length().to_string() + " added", color_scheme="green",
                                               variant="soft")),
        rx.cond(d.removed.length() > 0, rx.badge("−" + d.removed.length().to_string() + " removed",
                                                 color_scheme="red", variant="soft")),
        rx.cond(d.changed.length() > 0, rx.badge(d.changed.length().to_string() + " changed", color_scheme="amber",
                                                 variant="soft")),
        rx.cond(d.reordered, rx.badge("Order changed", color_scheme="blue", variant="soft")),
        rx.cond(d.fallback_changed, rx.badge("Fallback changed", color_scheme="orange", variant="soft")),
        spacing="2",
        wrap="wrap",
        data_testid="diff-summary",
    )
    body = rx.vstack(
        rx.hstack(
            rx.text(d.from_label, size="2", weight="bold", font_family=MONO),
            rx.icon("arrow-right", size=14, color=T.MUTED),
            rx.text(d.to_label, size="2", weight="bold", font_family=MONO),
            rx.spacer(),
            summary,
            align="center",
            width="100%",
        ),
        rx.cond(
            d.same,
            rx.hstack(rx.icon("equal", size=16, color=T.MUTED),
                      rx.text("These versions route exactly the same way.", size="2", color=T.MUTED),
                      spacing="2", align="center", padding="10px 0", data_testid="diff-same"),
        ),
        rx.cond(d.added.length() > 0, _diff_section(
            "Rules added", "circle-plus", "#16a34a",
            rx.vstack(rx.foreach(d.added, lambda r: readable_rule(r, "added")), spacing="2", width="100%"),
            d.added.length())),
        rx.cond(d.removed.length() > 0, _diff_section(
            "Rules removed", "circle-minus", "#dc2626",
            rx.vstack(rx.foreach(d.removed, lambda r: readable_rule(r, "removed")), spacing="2", width="100%"),
            d.removed.length())),
        rx.cond(d.changed.length() > 0, _diff_section(
            "Rules changed", "pencil", "#d97706",
            rx.vstack(
                rx.foreach(
                    d.changed,
                    lambda c: rx.vstack(
                        rx.hstack(rx.text(c.name, size="2", weight="bold"),
                                  rx.text(c.id, size="1", color="#94a3b8", font_family=MONO),
                                  spacing="2", align="center"),
                        rx.foreach(c.changes, _change),
                        spacing="2",
                        width="100%",
                        padding="12px 14px",
                        border="1px solid #fcd34d",
                        background="#fffdf5",
                        border_radius="10px",
                        data_testid="diff-changed-rule",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            d.changed.length())),
        rx.cond(d.reordered, rx.vstack(
            rx.hstack(rx.icon("arrow-up-down", size=15, color="#2563eb"),
                      rx.text("Order of the rules", size="2", weight="bold"), spacing="2", align="center"),
            rx.grid(
                _lines(d.order_before, "−", "#dc2626", "#fef2f2"),
                _lines(d.order_after, "+", "#16a34a", "#f0fdf4"),
                columns="2", spacing="3", width="100%",
            ),
            spacing="2", width="100%",
        )),
        rx.cond(d.fallback_changed, rx.vstack(
            rx.hstack(rx.icon("life-buoy", size=15, color="#b45309"),
                      rx.text("Fallback route", size="2", weight="bold"), spacing="2", align="center"),
            rx.grid(
                _lines(d.fallback_before, "−", "#dc2626", "#fef2f2"),
                _lines(d.fallback_after, "+", "#16a34a", "#f0fdf4"),
                columns="2", spacing="3", width="100%",
            ),
            spacing="2", width="100%",
        )),
        spacing="4",
        width="100%",
        data_testid="diff-view",
    )
    return rx.cond(d.ready, body)


def _version_select(S: Any, value: Any, on_change: Any, testid: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="200px", data_testid=testid),
        rx.select.content(
            rx.foreach(S.bp_version_choices, lambda o: rx.select.item(o["label"], value=o["id"])),
            position="popper",
        ),
        value=value,
        on_change=on_change,
    )


def history_panel(S: Any) -> rx.Component:
    head = rx.table.header(rx.table.row(*[
        rx.table.column_header_cell(rx.text(h, size="1", weight="medium", color=T.MUTED), background="#f8fafc",
                                    white_space="nowrap")
        for h in ("Version", "Status", "Rules", "Created", "Published", "")
    ]))

    def row(v: Any) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.text("v" + v.version.to_string(), size="2", weight="bold", font_family=MONO),
                          vertical_align="middle"),
            rx.table.cell(version_badge(v.status), vertical_align="middle"),
            rx.table.cell(rx.text(v.rules.to_string(), size="2", color=T.MUTED), vertical_align="middle"),
            rx.table.cell(rx.text(v.created, size="2", color=T.MUTED), vertical_align="middle"),
            rx.table.cell(rx.text(rx.cond(v.published != "", v.published, "—"), size="2", color=T.MUTED),
                          vertical_align="middle"),
            rx.table.cell(
                rx.hstack(
                    rx.button(rx.icon("eye", size=13), "View", size="1", variant="ghost", color_scheme="gray",
                              on_click=S.bp_view_version(v.id), data_testid="version-view"),
                    rx.button(rx.icon("git-compare", size=13), "Changes", size="1", variant="ghost",
                              on_click=S.bp_compare_with(v.id), data_testid="version-compare"),
                    spacing="1",
                    justify="end",
                ),
                text_align="right",
                vertical_align="middle",
            ),
            data_testid="version-row",
            data_status=v.status,
        )

    versions = rx.box(
        rx.table.root(head, rx.table.body(rx.foreach(S.bp_versions, row)), variant="ghost", size="2", width="100%"),
        rx.cond(S.bp_versions.length() == 0,
                rx.center(rx.text("No versions yet.", size="2", color=T.MUTED), padding="24px")),
        width="100%",
        overflow="hidden",
        **T.CARD_STYLE,
    )
    compare = rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.text("Compare versions", size="3", weight="bold"),
                rx.text("Rules added, removed and changed, the order and the fallback.", size="2", color=T.MUTED),
                spacing="0",
            ),
            rx.spacer(),
            _version_select(S, S.bp_diff_from, S.bp_set_diff_from, "diff-from"),
            rx.icon("arrow-right", size=16, color=T.MUTED),
            _version_select(S, S.bp_diff_to, S.bp_set_diff_to, "diff-to"),
            rx.button(rx.cond(S.bp_diff_busy, rx.spinner(size="1"), rx.icon("git-compare", size=15)), "Compare",
                      on_click=S.bp_compare, disabled=~S.bp_can_compare | S.bp_diff_busy, data_testid="diff-run"),
            spacing="3",
            align="center",
            width="100%",
            wrap="wrap",
        ),
        rx.cond(S.bp_diff.ready, rx.separator(size="4")),
        diff_view(S),
        spacing="4",
        width="100%",
        padding="18px",
        **T.CARD_STYLE,
    )
    return rx.vstack(versions, compare, spacing="4", width="100%")


def version_dialog(S: Any) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.hstack(
                rx.dialog.title("Version " + S.bp_viewing.to_string(), size="5", weight="bold", margin="0"),
                version_badge(S.bp_viewing_status, "2"),
                spacing="3",
                align="center",
                margin_bottom="14px",
            ),
            rx.box(
                readable_blueprint(S.bp_viewing_rules, S.bp_viewing_fallback, "No rules in this version."),
                max_height="60vh",
                overflow_y="auto",
                padding_right="4px",
            ),
            rx.hstack(
                rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                justify="end",
                margin_top="16px",
            ),
            max_width="640px",
            data_testid="version-dialog",
        ),
        open=S.bp_viewing > 0,
        on_open_change=S.bp_close_version,
    )

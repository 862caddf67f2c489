"""The success-rate part of /review: the chart over time (drops as red dots), the series and the flagged drops."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.payments import card, card_title
from ..state.review import DIMENSIONS, MIN_VOLUME, THRESHOLD, ReviewState as S


def _legend_item(item: Any) -> rx.Component:
    return rx.hstack(rx.box(width="10px", height="10px", border_radius="3px", background=item["color"]),
                     rx.text(item["name"], size="1", color=T.TEXT), spacing="1", align="center")


def _legend() -> rx.Component:
    return rx.hstack(
        rx.foreach(S.legend, _legend_item),
        rx.hstack(rx.box(width="14px", height="0", border_top="2px dashed #94a3b8"), rx.text("All", size="1"), spacing="1",
                  align="center"),
        rx.hstack(rx.box(width="10px", height="10px", border_radius="999px", background="#dc2626"),
                  rx.text("Drop flagged", size="1"), spacing="1", align="center"),
        spacing="4", wrap="wrap", padding_left="8px",
    )


def _dimension_picker() -> rx.Component:
    return rx.segmented_control.root(
        *[rx.segmented_control.item(label, value=key) for key, (_, label) in DIMENSIONS.items()],
        value=S.dimension, on_change=S.set_dimension, size="1", data_testid="review-dimension",
    )


def rate_chart_card() -> rx.Component:
    chart = rx.recharts.composed_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False, stroke="#eef2f7"),
        rx.recharts.x_axis(data_key="t", tick_line=False, axis_line=False, min_tick_gap=24, font_size=11),
        rx.recharts.y_axis(domain=[0, 100], unit="%", tick_line=False, axis_line=False, width=56, font_size=11),
        rx.recharts.graphing_tooltip(),
        rx.foreach(S.legend, lambda s: rx.recharts.line(
            data_key=s["key"], name=s["name"], stroke=s["color"], stroke_width=2, dot={"r": 2}, connect_nulls=False,
            type_="linear", is_animation_active=False, unit="%")),
        rx.recharts.line(data_key="all", name="All", stroke="#94a3b8", stroke_width=2, stroke_dasharray="6 4", dot=False,
                         connect_nulls=False, type_="linear", is_animation_active=False, unit="%"),
        rx.recharts.line(data_key="drop", name="Drop flagged", stroke="transparent", stroke_width=0, legend_type="circle",
                         dot={"r": 6, "fill": "#dc2626", "stroke": "#ffffff", "strokeWidth": 2},
                         active_dot={"r": 7, "fill": "#dc2626"}, is_animation_active=False, unit="%"),
        data=S.chart,
        height=320,
        width="100%",
        margin={"top": 8, "right": 16, "left": 0, "bottom": 0},
    )
    return card(
        card_title("Success rate over time", "chart-line", _dimension_picker(),
                   sub=f"Succeeded ÷ decided payments per bucket. A red dot: a bucket at least {int(THRESHOLD * 100)} points "
                       f"below the rate of the 6 buckets before it, both with ≥ {MIN_VOLUME} decided payments."),
        rx.cond(
            S.decided == 0,
            rx.center(rx.vstack(rx.icon("chart-line", size=26, color=T.MUTED),
                                rx.text("No decided payments in this range", size="3", weight="medium"),
                                rx.text("Pending and cancelled payments do not count.", size="2", color=T.MUTED),
                                align="center", spacing="2"),
                      height="320px", data_testid="chart-empty"),
            rx.box(chart, _legend(), width="100%", data_testid="success-rate-chart"),
        ),
    )


def _series_row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.hstack(rx.box(width="10px", height="10px", border_radius="3px", background=row.color, flex_shrink="0"),
                                rx.text(row.name, size="2", weight="medium"), spacing="2", align="center")),
        rx.table.cell(rx.text(row.decided.to_string(), size="2"), text_align="right"),
        rx.table.cell(rx.text(row.rate, size="2", weight="medium"), text_align="right"),
        rx.table.cell(rx.cond(row.drops > 0, rx.badge(row.drops.to_string(), color_scheme="red", variant="soft"),
                              rx.text("0", size="2", color=T.MUTED)), text_align="right"),
        rx.table.cell(rx.link(rx.hstack(rx.text("Transactions"), rx.icon("arrow-up-right", size=12), spacing="1", align="center"),
                              href=row.href, size="2", white_space="nowrap", data_testid="series-link"), text_align="right"),
        data_testid="series-row",
    )


def _header(*labels: tuple[str, str]) -> rx.Component:
    return rx.table.header(rx.table.row(*[
        rx.table.column_header_cell(rx.text(label, size="1", weight="medium", color=T.MUTED), text_align=align,
                                    background="#f8fafc", white_space="nowrap") for label, align in labels]))


def _empty(colspan: int, text: str, testid: str) -> rx.Component:
    return rx.table.row(rx.table.cell(rx.text(text, size="2", color=T.MUTED), col_span=colspan, padding_y="22px",
                                      text_align="center"), data_testid=testid)


def series_card() -> rx.Component:
    return card(
        card_title("By " + S.dimension_label, "list", sub="The busiest first, over the whole range."),
        rx.table.root(
            _header(("Name", "left"), ("Decided", "right"), ("Success", "right"), ("Drops", "right"), ("", "right")),
            rx.table.body(rx.cond(S.series_rows.length() == 0, _empty(5, "No payments in this range.", "series-empty"),
                                  rx.foreach(S.series_rows, _series_row))),
            variant="ghost", size="1", width="100%",
        ),
    )


def _ids_popover(ids: Any) -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(rx.button(ids.length().to_string(), " payments", size="1", variant="ghost")),
        rx.popover.content(
            rx.vstack(
                rx.text("Unsuccessful payments of this bucket", size="1", color=T.MUTED),
                rx.foreach(ids, lambda i: rx.link(i, href="/transactions/" + i, size="1", font_family="monospace")),
                spacing="1", max_height="260px", overflow_y="auto",
            ),
        ),
    )


def _drop_row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(row.name, size="2", weight="medium"), rx.text(row.bucket, size="1", color=T.MUTED),
                                spacing="0")),
        rx.table.cell(rx.vstack(rx.text(row.rate, size="2", weight="bold", color="#dc2626"),
                                rx.text("baseline " + row.baseline, size="1", color=T.MUTED), spacing="0", align="end"),
                      text_align="right"),
        rx.table.cell(rx.badge(row.fall, color_scheme="red", variant="soft"), text_align="right"),
        rx.table.cell(rx.text(row.unsuccessful.to_string(), " of ", row.decided.to_string(), size="2"), text_align="right"),
        rx.table.cell(rx.vstack(rx.link(rx.hstack(rx.text("Failed"), rx.icon("arrow-up-right", size=12), spacing="1", align="center"),
                                        href=row.href, size="2", white_space="nowrap", data_testid="drop-link"),
                                rx.cond(row.ids.length() > 0, _ids_popover(row.ids)),
                                spacing="0", align="end"), text_align="right"),
        data_testid="drop-row",
    )


def drops_card() -> rx.Component:
    return card(
        card_title("Drops flagged", "trending-down", sub="Newest first; open the payments that failed or expired in that bucket."),
        rx.table.root(
            _header(("Series / bucket", "left"), ("Rate", "right"), ("Fall", "right"), ("Unsuccessful", "right"), ("", "right")),
            rx.table.body(rx.cond(S.drop_rows.length() == 0, _empty(5, "No drops in this range.", "drops-empty"),
                                  rx.foreach(S.drop_rows, _drop_row))),
            variant="ghost", size="1", width="100%",
        ),
    )

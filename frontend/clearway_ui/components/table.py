"""Data tables: sortable headers, loading skeleton, empty state, pager."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import reflex as rx

from ..state.mixins import PAGE_SIZES
from . import theme as T


@dataclass(frozen=True)
class Col:
    label: str
    key: str = ""  # sort key; "" = not sortable
    width: str | None = None
    align: str = "left"


def sort_icon(asc: Any, desc: Any) -> rx.Component:
    """Arrow up when sorted ascending on this column, down when descending, a neutral mark otherwise."""
    return rx.cond(
        desc,
        rx.icon("arrow-down", size=13, color=T.TEXT),
        rx.cond(asc, rx.icon("arrow-up", size=13, color=T.TEXT), rx.icon("chevrons-up-down", size=13, color="#cbd5e1")),
    )


def sortable_label(label: str, *, asc: Any, desc: Any, on_click: Any, testid: str, align: str = "left") -> rx.Component:
    """A column header's clickable label with its sort icon (used by data_table and by pages with several tables)."""
    return rx.hstack(
        rx.text(label, size="1", weight="medium", color=T.MUTED, letter_spacing="0.03em"),
        sort_icon(asc, desc),
        spacing="1",
        align="center",
        cursor="pointer",
        user_select="none",
        on_click=on_click,
        data_testid=testid,
        justify="end" if align == "right" else "start",
    )


def _header_cell(state: Any, col: Col) -> rx.Component:
    if col.key:
        content = sortable_label(col.label, asc=(state.sort_key == col.key) & ~state.sort_desc,
                                 desc=(state.sort_key == col.key) & state.sort_desc, on_click=state.sort_by(col.key),
                                 testid=f"sort-{col.key}", align=col.align)
    else:
        content = rx.text(col.label, size="1", weight="medium", color=T.MUTED, letter_spacing="0.03em")
    return rx.table.column_header_cell(
        content,
        width=col.width,
        text_align=col.align,
        background="#f8fafc",
        white_space="nowrap",
    )


def empty_row(colspan: int, title: str, description: str, icon: str) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.center(
                rx.vstack(
                    rx.center(
                        rx.icon(icon, size=22, color=T.MUTED),
                        width="44px",
                        height="44px",
                        border_radius="12px",
                        background="#f1f5f9",
                    ),
                    rx.text(title, size="3", weight="medium", color=T.TEXT),
                    rx.text(description, size="2", color=T.MUTED, text_align="center"),
                    align="center",
                    spacing="2",
                ),
                padding_y="48px",
                width="100%",
            ),
            col_span=colspan,
        ),
        data_testid="table-empty",
    )


def skeleton_rows(colspan: int, n: int = 5) -> rx.Component:
    return rx.fragment(
        *[
            rx.table.row(
                *[
                    rx.table.cell(rx.skeleton(rx.box(height="14px", width="80%"), loading=True))
                    for _ in range(colspan)
                ]
            )
            for _ in range(n)
        ]
    )


def pager(state: Any) -> rx.Component:
    return rx.hstack(
        rx.text(state.range_label, size="2", color=T.MUTED, data_testid="table-range"),
        rx.spacer(),
        rx.hstack(
            rx.text("Rows per page", size="1", color=T.MUTED),
            rx.select(
                PAGE_SIZES,
                value=state.page_size.to_string(),
                on_change=state.set_page_size,
                size="1",
                variant="soft",
                color_scheme="gray",
            ),
            spacing="2",
            align="center",
        ),
        rx.text(state.page_label, size="2", color=T.MUTED),
        rx.hstack(
            rx.icon_button(
                rx.icon("chevron-left", size=16),
                variant="outline",
                color_scheme="gray",
                size="1",
                disabled=~state.has_prev,
                on_click=state.prev_page,
                aria_label="Previous page",
                data_testid="page-prev",
            ),
            rx.icon_button(
                rx.icon("chevron-right", size=16),
                variant="outline",
                color_scheme="gray",
                size="1",
                disabled=~state.has_next,
                on_click=state.next_page,
                aria_label="Next page",
                data_testid="page-next",
            ),
            spacing="1",
        ),
        spacing="4",
        align="center",
        padding_x="16px",
        padding_y="10px",
        border_top=f"1px solid {T.BORDER}",
        width="100%",
    )


def data_table(
    state: Any,
    columns: list[Col],
    row: Callable[[Any], rx.Component],
    *,
    rows: Any = None,
    empty_title: str = "Nothing here yet",
    empty_description: str = "",
    empty_icon: str = "inbox",
    toolbar: rx.Component | None = None,
    footer: rx.Component | None = None,
    testid: str = "data-table",
) -> rx.Component:
    """A card with an optional toolbar, a table and a pager.

    ``state`` provides sort_key/sort_desc/sort_by, loading, total_rows and the pager vars
    (see TableMixin); ``row`` renders one row dict into an ``rx.table.row``.
    """
    rows = state.page_rows if rows is None else rows
    n = len(columns)
    table = rx.table.root(
        rx.table.header(rx.table.row(*[_header_cell(state, c) for c in columns])),
        rx.table.body(
            rx.cond(
                state.loading & ~state.loaded,
                skeleton_rows(n),
                rx.cond(
                    state.total_rows == 0,
                    empty_row(n, empty_title, empty_description, empty_icon),
                    rx.foreach(rows, row),
                ),
            )
        ),
        variant="ghost",
        size="2",
        width="100%",
        data_testid=testid,
    )
    return rx.box(
        toolbar
        if toolbar is not None
        else rx.fragment(),
        rx.box(
            table,
            rx.cond(
                state.loading & state.loaded,
                rx.box(
                    rx.progress(duration="1s", size="1", color_scheme="indigo"),
                    position="absolute",
                    top="0",
                    left="0",
                    right="0",
                ),
            ),
            position="relative",
            overflow_x="auto",
        ),
        footer if footer is not None else pager(state),
        width="100%",
        overflow="hidden",
        **T.CARD_STYLE,
    )


def toolbar(*children: rx.Component) -> rx.Component:
    return rx.hstack(
        *children,
        spacing="3",
        align="center",
        padding_x="16px",
        padding_y="12px",
        border_bottom=f"1px solid {T.BORDER}",
        width="100%",
        wrap="wrap",
    )


def search_box(value: Any, on_change: Any, placeholder: str = "Search…", testid: str = "search") -> rx.Component:
    return rx.input(
        rx.input.slot(rx.icon("search", size=15)),
        value=value,
        on_change=on_change,
        placeholder=placeholder,
        size="2",
        width="280px",
        data_testid=testid,
    )


def cell_text(value: Any, **props: Any) -> rx.Component:
    return rx.table.cell(rx.text(value, size="2", **props), vertical_align="middle")


def muted_cell(value: Any) -> rx.Component:
    return rx.table.cell(rx.text(value, size="2", color=T.MUTED), vertical_align="middle")


def count_label(count: Any, singular: str, plural: str) -> rx.Component:
    """'1 user' / '12 users' for a numeric Var."""
    return rx.text(
        rx.cond(count == 1, f"1 {singular}", count.to_string() + f" {plural}"),
        size="2",
        color=T.MUTED,
    )

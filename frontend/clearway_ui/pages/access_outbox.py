"""/access/outbox — the emails the product would have sent (invitations carry the accept link)."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.list_dialogs import list_page, server_search_toolbar
from ..components.table import Col, data_table
from ..state.outbox import OutboxState as S

COLUMNS = [
    Col("To", "to", width="260px"),
    Col("Subject", "subject"),
    Col("Category", "category", width="130px"),
    Col("Queued", "created", width="120px"),
]


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.hstack(rx.icon("mail", size=14, color=T.MUTED), rx.text(row["to"], size="2", weight="medium"),
                      spacing="2", align="center"),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.vstack(
                rx.text(row["subject"], size="2", weight="medium", color=T.TEXT),
                rx.text(row["preview"], size="1", color=T.MUTED, white_space="nowrap", overflow="hidden",
                        text_overflow="ellipsis", max_width="620px"),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(rx.badge(row["category_label"], variant="soft", color_scheme="indigo"),
                      vertical_align="middle"),
        rx.table.cell(rx.text(row["created_label"], size="2", color=T.MUTED, title=row["created_title"]),
                      vertical_align="middle"),
        on_click=S.open_email(row["id"]),
        cursor="pointer",
        _hover={"background": "#f8fafc"},
        data_testid="outbox-row",
    )


def _email_dialog() -> rx.Component:
    meta = lambda label, value: rx.hstack(  # noqa: E731
        rx.text(label, size="2", color=T.MUTED, width="64px"), rx.text(value, size="2", weight="medium"),
        spacing="2", align="center",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.open_subject, size="5", weight="bold"),
            rx.vstack(
                meta("To", S.open_to),
                meta("Category", S.open_category),
                meta("Queued", S.open_created),
                spacing="1",
                padding_bottom="12px",
                border_bottom=f"1px solid {T.BORDER}",
                width="100%",
            ),
            rx.box(
                rx.text(S.open_body, size="2", white_space="pre-wrap", word_break="break-word",
                        data_testid="outbox-body"),
                padding="14px 16px",
                margin_top="14px",
                border_radius="10px",
                background="#f8fafc",
                border=f"1px solid {T.BORDER}",
                max_height="360px",
                overflow_y="auto",
            ),
            rx.cond(
                S.open_links.length() > 0,
                rx.vstack(
                    rx.text("Links in this email", size="1", weight="medium", color=T.MUTED, margin_top="14px"),
                    rx.foreach(
                        S.open_links,
                        lambda link: rx.link(
                            rx.hstack(rx.icon("external-link", size=13), rx.text(link, size="1", truncate=True,
                                                                               max_width="480px"),
                                      spacing="2", align="center"),
                            href=link,
                            is_external=True,
                            data_testid="outbox-link",
                        ),
                    ),
                    spacing="1",
                ),
            ),
            rx.hstack(
                rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                justify="end",
                margin_top="18px",
            ),
            max_width="640px",
            data_testid="outbox-dialog",
        ),
        open=S.open_id != "",
        on_open_change=S.set_email_open,
    )


@rx.page(route="/access/outbox", title="Outbox · Clearway", on_load=S.load)
def access_outbox() -> rx.Component:
    return list_page(
        S,
        "Email outbox",
        "Emails Clearway would send. No SMTP is needed: open one to read it, "
        "invitation emails carry the accept link.",
        data_table(
            S,
            COLUMNS,
            _row,
            toolbar=server_search_toolbar(S, S.to_filter, S.set_to_filter, "Filter by recipient…", "outbox-search",
                                          "email", "emails"),
            empty_title="The outbox is empty",
            empty_description="Invitations and notifications appear here.",
            empty_icon="inbox",
            testid="outbox-table",
        ),
        _email_dialog(),
        what="the email outbox",
        active="/access/outbox",
        crumb="Outbox",
    )

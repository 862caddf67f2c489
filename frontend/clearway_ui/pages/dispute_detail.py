"""/disputes/[dispute_id] — one dispute: summary, the actions its status allows (the API's transition table),
evidence (list, download, upload with the API's refusal beside it), the thread, the resolve dialog and the timeline."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..components import theme as T
from ..components.disputes import dispute_status_badge, outcome_badge
from ..components.forms import confirm_dialog, field_error, form_dialog, labelled_select
from ..components.layout import shell
from ..components.payments import card, card_title, id_code, kv_row
from ..state.dispute import TIMELINE_ICONS, UPLOAD_ID
from ..state.dispute import DisputeState as S

MONO = "ui-monospace, SFMono-Regular, Menlo, monospace"
ACCEPT = {"application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"],
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"]}


def _actions() -> rx.Component:
    return rx.cond(
        S.can_resolve,
        rx.hstack(
            rx.foreach(S.move_actions, lambda a: rx.button(
                rx.icon(a["icon"], size=14), a["label"], variant="soft",
                color_scheme=rx.cond(a["status"] == "ESCALATED", "red", "gray"),
                on_click=S.move(a["status"]), data_testid="move-" + a["status"].lower())),
            rx.cond(S.can_be_resolved, rx.button(rx.icon("gavel", size=14), "Resolve", on_click=S.open_resolve,
                                                 data_testid="open-resolve")),
            spacing="2", wrap="wrap", justify="end",
        ),
    )


def _header() -> rx.Component:
    d = S.d
    return card(
        rx.hstack(
            rx.center(rx.icon("scale", size=22, color="white"), width="52px", height="52px", border_radius="14px",
                      background=T.BRAND_GRADIENT, flex_shrink="0"),
            rx.vstack(
                rx.hstack(
                    rx.heading(d["amount_label"], size="7", weight="bold", letter_spacing="-0.02em",
                               font_variant_numeric="tabular-nums", data_testid="dispute-amount"),
                    dispute_status_badge(d["status"], d["status_label"], size="2"),
                    outcome_badge(d["outcome"], d["outcome_label"], size="2"),
                    spacing="3", align="center",
                ),
                rx.hstack(
                    rx.link(rx.hstack(rx.icon("store", size=13), rx.text(d["merchant"], size="2"), spacing="1", align="center"),
                            href="/merchants/" + d["merchant_id"], color=T.TEXT, underline="hover"),
                    rx.text("·", size="2", color="#cbd5e1"),
                    rx.link(rx.hstack(rx.icon("arrow-left-right", size=13), rx.text(d["transaction_id"], size="2", font_family=MONO),
                                      spacing="1", align="center"),
                            href="/transactions/" + d["transaction_id"], underline="hover", data_testid="dispute-transaction"),
                    rx.text("·", size="2", color="#cbd5e1"),
                    rx.text("Opened " + d["opened_rel"], size="2", color=T.MUTED, title=d["opened_abs"]),
                    spacing="2", align="center", wrap="wrap",
                ),
                rx.text(d["reason"], size="2", color=T.TEXT, data_testid="dispute-reason"),
                spacing="1", min_width="0",
            ),
            rx.spacer(),
            rx.vstack(_actions(), id_code(d["id"], "dispute-id"), spacing="2", align="end"),
            spacing="4", align="start", width="100%",
        ),
        rx.cond(d["escalates"] != "", rx.callout(
            rx.text("Escalates automatically ", rx.text.strong(d["escalates"]), " (", d["escalate_abs"],
                    ") unless it is resolved first."),
            icon="clock", color_scheme=rx.cond(d["escalates"] == "due now", "red", "amber"), variant="surface", size="1",
            margin_top="14px")),
        margin_bottom="18px",
    )


def _summary() -> rx.Component:
    d = S.d
    return card(
        card_title("Summary", "file-text"),
        kv_row("Held", rx.text(rx.cond(S.is_resolved, "Released at resolution", d["amount_label"]), size="2")),
        kv_row("Outcome", rx.cond(d["outcome"] != "", outcome_badge(d["outcome"], d["outcome_label"]),
                                  rx.text("Not resolved", size="2", color=T.MUTED))),
        rx.cond(d["outcome"] != "", rx.fragment(
            kv_row("Charged back", rx.text(rx.cond(d["loss_label"] != "", d["loss_label"], "Nothing"), size="2")),
            kv_row("Kept by merchant", rx.text(d["kept_label"], size="2")),
            kv_row("Resolved", rx.text(d["resolved_abs"], size="2")),
        )),
        rx.cond(d["resolution_note"] != "", kv_row("Note", rx.text(d["resolution_note"], size="2"))),
        kv_row("Opened by", rx.text(d["opened_by"], size="2")),
        kv_row("Opened", rx.text(d["opened_abs"], size="2")),
        rx.cond(d["escalated_abs"] != "", kv_row("Escalated", rx.text(d["escalated_abs"], size="2"))),
        data_testid="dispute-summary",
    )


def _evidence_item(e: Any) -> rx.Component:
    return rx.hstack(
        rx.center(rx.text(e["type"], size="1", weight="bold", color="#4338ca"), width="44px", height="36px",
                  border_radius="8px", background="#eef2ff", flex_shrink="0"),
        rx.vstack(
            rx.text(e["filename"], size="2", weight="medium", data_testid="evidence-name"),
            rx.text(e["size"], " · ", e["by"], " · ", e["when"], " · sha256 ", e["sha"], "…", size="1", color=T.MUTED),
            rx.cond(e["description"] != "", rx.text(e["description"], size="1", color=T.TEXT)),
            spacing="0", min_width="0",
        ),
        rx.spacer(),
        rx.button(rx.icon("download", size=14), "Download", size="1", variant="soft", color_scheme="gray",
                  on_click=S.download(e["id"])),
        align="center", width="100%", padding_y="10px", border_bottom=f"1px solid {T.BORDER}", data_testid="evidence-item",
    )


def _upload() -> rx.Component:
    return rx.cond(
        S.can_work & ~S.is_resolved,
        rx.vstack(
            rx.upload(
                rx.vstack(
                    rx.icon("upload", size=20, color=T.MUTED),
                    rx.cond(rx.selected_files(UPLOAD_ID).length() > 0,
                            rx.text(rx.selected_files(UPLOAD_ID)[0], size="2", weight="medium", data_testid="selected-file"),
                            rx.text("Drop a file here or click to choose", size="2", color=T.TEXT)),
                    rx.text("PDF, JPG, PNG or DOCX · at most 10 MB · the type is checked from the content", size="1", color=T.MUTED),
                    align="center", spacing="1",
                ),
                id=UPLOAD_ID, max_files=1, multiple=False, accept=ACCEPT,
                border=rx.cond(S.upload_error != "", f"1px dashed {T.DANGER}", "1px dashed #c7d2fe"),
                border_radius="10px", padding="18px", width="100%", background="#f8faff", cursor="pointer",
                data_testid="evidence-dropzone",
            ),
            rx.cond(S.upload_error != "", rx.hstack(rx.icon("circle-alert", size=13, color=T.DANGER),
                                                    rx.text(S.upload_error, size="1", color=T.DANGER, data_testid="upload-error"),
                                                    spacing="1", align="center")),
            rx.hstack(
                rx.input(placeholder="What does this file show? (optional)", value=S.evidence_description,
                         on_change=S.set_evidence_description, size="2", flex="1", data_testid="evidence-description"),
                rx.button(rx.cond(S.uploading, rx.spinner(size="1"), rx.icon("paperclip", size=14)), "Upload evidence",
                          disabled=S.uploading, on_click=S.upload_evidence(rx.upload_files(upload_id=UPLOAD_ID)),
                          data_testid="upload-evidence"),
                spacing="2", width="100%",
            ),
            spacing="2", width="100%", margin_top="12px",
        ),
    )


def _evidence() -> rx.Component:
    return card(
        card_title("Evidence", "paperclip", rx.badge(S.evidence.length().to_string(), radius="full", variant="soft")),
        rx.cond(S.evidence.length() > 0, rx.vstack(rx.foreach(S.evidence, _evidence_item), spacing="0", width="100%"),
                rx.text("No evidence yet.", size="2", color=T.MUTED, padding_y="8px", data_testid="evidence-empty")),
        _upload(),
        margin_bottom="18px",
    )


def _message(m: Any) -> rx.Component:
    staff = m["side"] == "staff"
    return rx.hstack(
        rx.vstack(
            rx.hstack(rx.text(m["author"], size="1", weight="bold"),
                      rx.badge(rx.cond(staff, "Tenant staff", "Merchant"), size="1", variant="soft",
                               color_scheme=rx.cond(staff, "indigo", "teal")),
                      rx.text(m["when"], size="1", color=T.MUTED, title=m["at"]), spacing="2", align="center"),
            rx.text(m["body"], size="2", white_space="pre-wrap", data_testid="message-body"),
            spacing="1", padding="10px 12px", border_radius="10px", max_width="80%",
            background=rx.cond(staff, "#eef2ff", "#f0fdfa"),
        ),
        justify=rx.cond(staff, "end", "start"), width="100%", data_testid="message",
    )


def _thread() -> rx.Component:
    return card(
        card_title("Thread", "messages-square", sub="Between the merchant and tenant staff"),
        rx.cond(S.messages.length() > 0, rx.vstack(rx.foreach(S.messages, _message), spacing="2", width="100%"),
                rx.text("No messages yet.", size="2", color=T.MUTED, padding_y="8px", data_testid="thread-empty")),
        rx.cond(
            S.can_work & ~S.is_resolved,
            rx.form(
                rx.vstack(
                    rx.text_area(placeholder="Write to the other side…", value=S.message_draft, on_change=S.set_message_draft,
                                 rows="3", width="100%", data_testid="message-input",
                                 color_scheme=rx.cond(S.message_error != "", "red", "indigo")),
                    rx.cond(S.message_error != "", rx.text(S.message_error, size="1", color=T.DANGER, data_testid="message-error")),
                    rx.hstack(rx.spacer(), rx.button(rx.cond(S.posting, rx.spinner(size="1"), rx.icon("send", size=14)), "Send",
                                                     type="submit", disabled=S.posting, data_testid="send-message"), width="100%"),
                    spacing="2", width="100%",
                ),
                on_submit=S.post_message, reset_on_submit=False, width="100%", margin_top="12px",
            ),
            rx.cond(S.is_resolved, rx.text("The dispute is resolved: the thread is closed.", size="1", color=T.MUTED,
                                           margin_top="8px")),
        ),
        margin_bottom="18px",
    )


def _timeline() -> rx.Component:
    return card(
        card_title("Timeline", "history"),
        rx.vstack(
            rx.foreach(S.timeline, lambda e: rx.hstack(
                rx.center(rx.match(e["kind"], *[(k, rx.icon(v, size=12, color="#4f46e5")) for k, v in TIMELINE_ICONS.items()],
                                   rx.icon("circle-dot", size=12, color="#4f46e5")),
                          width="22px", height="22px", border_radius="999px",
                          background="#eef2ff", flex_shrink="0"),
                rx.vstack(rx.text(e["message"], size="2"), rx.text(e["at"], " · ", e["actor"], size="1", color=T.MUTED),
                          spacing="0"),
                spacing="2", align="start", width="100%", data_testid="dispute-timeline-entry",
            )),
            spacing="3", width="100%",
        ),
        margin_top="18px",
    )


def _resolve_dialog() -> rx.Component:
    return form_dialog(
        S, "Resolve dispute",
        "Won releases the hold to the merchant; lost charges it back to the payer; split charges back part of it.",
        rx.vstack(
            labelled_select(S, "Outcome", "outcome", [("WON", "Won: the merchant keeps the money"),
                                                      ("LOST", "Lost: charged back to the payer"),
                                                      ("SPLIT", "Split: part charged back")],
                            value=S.r_outcome, on_change=S.set_r_outcome),
            rx.cond(S.r_outcome == "SPLIT", rx.vstack(
                rx.text("Charged back to the payer (" + S.d["currency"] + ")", size="2", weight="medium"),
                rx.input(value=S.r_loss, on_change=S.set_r_loss, placeholder="e.g. 25.00", width="100%",
                         data_testid="input-merchantLoss"),
                field_error(S, "merchantLoss"),
                rx.text("The rest of the disputed " + S.d["amount_label"] + " goes back to the merchant.", size="1", color=T.MUTED),
                spacing="1", width="100%")),
            rx.vstack(rx.text("Note (optional)", size="2", weight="medium"),
                      rx.text_area(value=S.r_note, on_change=S.set_r_note, rows="2", width="100%", data_testid="input-note"),
                      field_error(S, "note"), spacing="1", width="100%"),
            spacing="3", width="100%",
        ),
        on_submit=S.review_resolve, submit_label="Review", testid="resolve-dialog",
    )


def _not_found() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("search-x", size=26, color="#f59e0b"),
            rx.heading("Dispute not found", size="5", weight="bold"),
            rx.text("It does not exist, or it belongs to a merchant you cannot reach.", size="2", color=T.MUTED),
            rx.link(rx.button(rx.icon("arrow-left", size=14), "All disputes", variant="soft"), href="/disputes"),
            align="center", spacing="3",
        ),
        padding_y="72px", width="100%", data_testid="dispute-not-found", **T.CARD_STYLE,
    )


@rx.page(route="/disputes/[dispute_id]", title="Dispute · Clearway", on_load=S.load)
def dispute_detail() -> rx.Component:
    return shell(
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text("Disputes", size="2"), spacing="1", align="center"),
                href="/disputes", color=T.MUTED, underline="none", margin_bottom="14px", display="inline-block"),
        rx.cond(
            S.not_found,
            _not_found(),
            rx.cond(
                S.d_loaded & (S.d.length() > 0),
                rx.box(
                    _header(),
                    rx.grid(
                        rx.box(_evidence(), _thread(), min_width="0"),
                        rx.box(_summary(), _timeline(), min_width="0"),
                        columns="minmax(0, 2fr) minmax(0, 1fr)", spacing="5", width="100%",
                    ),
                    width="100%",
                ),
                rx.vstack(rx.skeleton(rx.box(height="120px", width="100%"), loading=True),
                          rx.skeleton(rx.box(height="320px", width="100%"), loading=True), spacing="4", width="100%"),
            ),
        ),
        _resolve_dialog(),
        confirm_dialog(S),
        active="/disputes",
        title=rx.cond(S.dispute_id != "", S.dispute_id, "Dispute"),
        section="Payments",
    )

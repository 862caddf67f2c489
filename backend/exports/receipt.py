"""The PDF receipt of one transaction, for a person (QA, a merchant's tester): details, simulation result,
override timeline, webhook payloads with responses and retry history, final status. Drawn with reportlab's
platypus from the evidence document (backend.exports.evidence), so both always say the same."""
from __future__ import annotations

import json
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Preformatted, SimpleDocTemplate, Spacer, Table, TableStyle

PAYLOAD_LIMIT = 1500  # characters of a webhook payload / response shown in the PDF (the JSON evidence has them whole)

_styles = getSampleStyleSheet()
H1 = ParagraphStyle("h1", parent=_styles["Heading1"], fontSize=18, spaceAfter=2 * mm)
H2 = ParagraphStyle("h2", parent=_styles["Heading2"], fontSize=13, spaceBefore=5 * mm, spaceAfter=2 * mm, keepWithNext=1)
BODY = ParagraphStyle("body", parent=_styles["BodyText"], fontSize=9.5, leading=12)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, textColor=colors.HexColor("#555555"))
CODE = ParagraphStyle("code", parent=_styles["Code"], fontSize=7, leading=8.5, backColor=colors.HexColor("#f4f5f7"),
                      borderPadding=2 * mm, spaceBefore=1 * mm, spaceAfter=2 * mm)
GRID = TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 9), ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 9),
                   ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d4da")),
                   ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 3)])
HEADED = TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 8), ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                     ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f5")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d4da"))])


def _p(text, style=BODY) -> Paragraph:
    return Paragraph(escape("" if text is None else str(text)), style)


def _code(value) -> Preformatted:
    text = value if isinstance(value, str) else json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    if len(text) > PAYLOAD_LIMIT:
        text = text[:PAYLOAD_LIMIT] + f"\n… ({len(text) - PAYLOAD_LIMIT} more characters in the JSON evidence)"
    return Preformatted(text, CODE, maxLineLength=110)


def _table(rows: list[list], widths: list[float], style: TableStyle = HEADED) -> Table:
    header = style is HEADED
    t = Table([[c if hasattr(c, "wrap") else _p(c, SMALL if i or not header else BODY) for c in row] for i, row in enumerate(rows)],
              colWidths=widths, repeatRows=1 if style is HEADED else 0)
    t.setStyle(style)
    return t


def _when(iso: str | None) -> str:
    """2026-10-24T18:32:59.874749Z -> 2026-10-24 18:32:59 UTC"""
    return (iso or "")[:19].replace("T", " ") + (" UTC" if iso else "")


def render(doc: dict, path: str) -> None:
    """Write the receipt of an evidence document to `path`."""
    t = doc["transaction"]
    story: list = [
        Paragraph("Clearway payment receipt", H1),
        _p("Test evidence from the Clearway payment-gateway simulator: no real money moved.", SMALL),
        Spacer(1, 4 * mm),
        _table([
            [_p("Transaction ID"), _p(t["id"])],
            ["Amount", t["amount_display"]],
            ["Status", str(t["status"]).upper()],
            ["Merchant", f'{t["merchant"]["name"] or ""} ({t["merchant"]["id"]})'],
            ["Brand / method", f'{t["brand"]["name"] or "-"} / {t["payment_method"]["name"] or "-"} ({t["payment_method"]["type"] or "-"})'],
            ["Environment", t["environment"]],
            ["Order ID / user reference", f'{t["order_id"] or "-"} / {t["user_reference"] or "-"}'],
            ["Provider / MIDs", f'{t["provider"] or "-"} / {t["master_mid_id"] or "-"} / {t["sub_mid_id"] or "-"}'],
            ["Fees", f'processing {t["processing_fee"]}, conversion {t["conversion_fee"]} (minor units)'],
            ["Refunded", f'{t["refunded_amount"]} (minor units)'],
            ["Created / updated", f'{_when(t["created_at"])} / {_when(t["updated_at"])}'],
        ], [45 * mm, 125 * mm], GRID),
    ]
    story += [Paragraph("Simulation result", H2)]
    rows = [["When", "Method", "Scenario", "Status", "Provider reference"]] + [
        [_when(a["at"]), a["method"], a["scenario"], a["status"], a["provider_reference"] or "-"] for a in doc["payment_attempts"]]
    story += [_table(rows, [38 * mm, 25 * mm, 42 * mm, 25 * mm, 40 * mm]) if len(rows) > 1 else _p("No payment attempt.")]
    rows = [["Received", "Provider", "Verdict", "Reported", "Reason"]] + [
        [_when(c["received_at"]), c["provider"], c["verdict"], f'{c["reported_status"] or "-"} {c["reported_amount"] or ""}',
         c["reason"] or c["detail"] or "-"] for c in doc["provider_callbacks"]]
    if len(rows) > 1:
        story += [Spacer(1, 2 * mm), _table(rows, [38 * mm, 25 * mm, 25 * mm, 35 * mm, 47 * mm])]
    story += [Paragraph("Override timeline", H2)]
    rows = [["When", "Action", "Change", "By", "Reason"]] + [
        [_when(r["at"]), r["action"], f'{r["previous_status"]} -> {r["new_status"]}', r["actor"] or "-", r["reason"]]
        for r in doc["simulation_result_logs"]]
    story += [_table(rows, [38 * mm, 22 * mm, 40 * mm, 30 * mm, 40 * mm]) if len(rows) > 1 else _p("No manual override.")]
    story += [Paragraph("Timeline", H2)]
    rows = [["When", "Event", "Details"]] + [[_when(e["at"]), e["kind"], e["message"]] for e in doc["timeline"]]
    story += [_table(rows, [38 * mm, 30 * mm, 102 * mm])]
    story += [Paragraph("Webhooks", H2)]
    if not doc["webhooks"]:
        story += [_p("No webhook was sent for this transaction.")]
    for w in doc["webhooks"]:
        story += [_p(f'{w["event_type"]} to {w["endpoint_url"] or w["endpoint_id"]}: {w["status"]} '
                     f'after {w["attempt_count"]} attempt(s); event {w["event_id"]}'), _p("Payload sent:", SMALL), _code(w["payload"])]
        rows = [["Attempt", "When", "Response", "Duration", "Outcome"]] + [
            [a["number"], _when(a["at"]), a["response_status"] or "-", f'{a["duration_ms"]} ms',
             "succeeded" if a["succeeded"] else (a["error"] or "failed")] for a in w["attempts"]]
        story += [_p("Retry history:", SMALL), _table(rows, [18 * mm, 42 * mm, 25 * mm, 25 * mm, 60 * mm])]
        last = w["attempts"][-1] if w["attempts"] else None
        if last is not None:
            story += [_p(f'Last response received (HTTP {last["response_status"] or "-"}):', SMALL), _code(last["response_body"] or "(empty)")]
        if w["next_attempt_at"] and w["status"] not in ("succeeded", "dead"):
            story += [_p(f'Next attempt: {_when(w["next_attempt_at"])}', SMALL)]
    story += [Paragraph("Final status", H2), _p(f'{str(doc["final_status"]).upper()}: {t["amount_display"]}, '
                                                 f'refunded {t["refunded_amount"]} minor units.')]

    def footer(canvas, pdf):
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.HexColor("#777777"))
        canvas.drawString(15 * mm, 10 * mm, f'Clearway receipt {t["id"]} - generated {_when(doc["generated_at"])}')
        canvas.drawRightString(195 * mm, 10 * mm, f"page {pdf.page}")
        canvas.restoreState()

    pdf = SimpleDocTemplate(path, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=18 * mm,
                            title=f'Clearway receipt {t["id"]}', author="Clearway", subject="Payment receipt (test evidence)")
    pdf.build(story, onFirstPage=footer, onLaterPages=footer)

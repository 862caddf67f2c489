"""What the exports page and the transaction page's download buttons share: rows for an export, and starting the
browser's download of a finished export through a single-use link (createExportDownload)."""
from __future__ import annotations

import json
from typing import Any

import reflex as rx

from ..gql import exports as X
from .util import fmt_dt, fmt_relative

KIND_LABELS = {
    "TRANSACTIONS_CSV": "Transactions (CSV)",
    "TRANSACTIONS_XLSX": "Transactions (XLSX)",
    "WEBHOOK_LOG": "Webhook log report",
    "EVIDENCE_JSON": "JSON evidence",
    "RECEIPT_PDF": "PDF receipt",
    "COMPLIANCE_BUNDLE": "Compliance bundle",
}


def _size(n: Any) -> str:
    if n in (None, ""):
        return ""
    n = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


def _filter_text(f: Any) -> str:
    if isinstance(f, str):
        try:
            f = json.loads(f)
        except ValueError:
            return f
    if not f:
        return "All transactions you reach"
    parts = []
    for key, value in f.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{key}: {shown}")
    return "; ".join(parts)


def _kept_until(expires_at: Any) -> str:
    return f"kept until {fmt_dt(expires_at)[:10]}" if expires_at else ""


def export_row(e: dict[str, Any]) -> dict[str, Any]:
    status = str(e.get("status") or "")
    done, total = int(e.get("rowsDone") or 0), e.get("rowsTotal")
    pct = int(round(float(e.get("progress") or 0) * 100))
    rows = f"{done:,} of {int(total):,}" if total is not None and status == "RUNNING" else f"{done:,}"
    return {
        "id": str(e.get("id") or ""),
        "kind": str(e.get("kind") or ""),
        "kind_label": KIND_LABELS.get(str(e.get("kind")), str(e.get("kind") or "")),
        "status": status,
        "status_label": status.capitalize(),
        "running": status in ("QUEUED", "RUNNING"),
        "succeeded": status == "SUCCEEDED",
        "progress": pct,
        "rows": rows,
        "rows_done": done,
        "filter": _filter_text(e.get("filter")) if not e.get("transactionId") else f"Transaction {e.get('transactionId')}",
        "file_name": str(e.get("fileName") or ""),
        "size": _size(e.get("fileSize")),
        "size_line": " · ".join(filter(None, [_size(e.get("fileSize")), _kept_until(e.get("fileExpiresAt"))])),
        "sha256": str(e.get("sha256") or ""),
        "error": str(e.get("error") or ""),
        "created_by": str(e.get("createdByLabel") or ""),
        "created": str(e.get("createdAt") or ""),
        "created_label": fmt_dt(e.get("createdAt")),
        "created_rel": fmt_relative(e.get("createdAt")),
    }


def start_download(url: str):
    """The browser fetches the single-use link; the API answers with Content-Disposition: attachment."""
    return rx.call_script(f"window.location.assign({json.dumps(url)})")


async def download_link(state: Any, export_id: str) -> tuple[str, str]:
    """(url, error) for a finished export, as the logged-in user."""
    res = await state._gql(X.CREATE_EXPORT_DOWNLOAD, {"exportId": export_id})
    link = (res.data or {}).get("createExportDownload") or {}
    if link.get("__typename") == "ExportDownload":
        return str(link["url"]), ""
    return "", link.get("message") or res.first_error() or "Could not create the download link."

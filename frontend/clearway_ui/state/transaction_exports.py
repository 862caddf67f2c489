"""The transaction page's download buttons: JSON evidence, PDF receipt and compliance bundle of this transaction.
Each makes an export job for the transaction, waits for the worker to finish it (a few seconds), then starts the
browser's download through a single-use link."""
from __future__ import annotations

import asyncio
import time

import reflex as rx

from ..gql import exports as X
from .base import AuthState
from .export_common import KIND_LABELS, download_link, start_download

WAIT_SECONDS = 90.0
EVERY_SECONDS = 0.5


class TransactionExportsState(AuthState):
    busy_kind: str = ""
    # Shown when TransactionState.can_export: exports.create on this transaction's merchant (Transaction.viewerCan).

    def _txn_id(self) -> str:
        parts = [p for p in (self.router.url.path or "").split("/") if p]
        return parts[1] if len(parts) >= 2 and parts[0] == "transactions" else ""

    @rx.event
    async def export(self, kind: str):
        txn_id = self._txn_id()
        if not txn_id or self.busy_kind:
            return
        self.busy_kind = kind
        yield
        try:
            res = await self._gql(X.CREATE_EXPORT, {"input": {"kind": kind, "transactionId": txn_id}})
            made = (res.data or {}).get("createExport") or {}
            if made.get("__typename") != "ExportPayload":
                yield rx.toast.error(made.get("message") or res.first_error() or "Could not create the export.")
                return
            export_id, deadline = made["export"]["id"], time.monotonic() + WAIT_SECONDS
            status = made["export"]["status"]
            while status in ("QUEUED", "RUNNING") and time.monotonic() < deadline:
                await asyncio.sleep(EVERY_SECONDS)
                job = ((await self._gql(X.EXPORT, {"id": export_id})).data or {}).get("export") or {}
                status = job.get("status") or "FAILED"
            if status != "SUCCEEDED":
                yield rx.toast.error(f"{KIND_LABELS[kind]} is not ready ({status.lower()}); see Exports.")
                return
            url, error = await download_link(self, export_id)
            if error:
                yield rx.toast.error(error)
                return
            yield start_download(url)
        finally:
            self.busy_kind = ""

"""State of /disputes/[dispute_id]: one dispute with its evidence, thread and timeline; state actions allowed by the
API's transition table (allowedTransitions), evidence upload (forwarded to the API as a GraphQL multipart request),
messages, and the resolve dialog (outcome, amount for a split, note) followed by a confirmation."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import disputes as D
from ..gql.client import execute_upload, fetch_file
from .base import AuthState
from .dispute_rows import OUTCOME_LABELS, STATUS_LABELS, dispute_row
from .mixins import ConfirmMixin, FormMixin
from .money import fmt_money, to_minor
from .util import fmt_dt_s, fmt_relative

UPLOAD_ID = "evidence"
MAX_BYTES = 10 * 1024 * 1024
# the buttons for moves (RESOLVED has its own dialog)
MOVE_LABELS = {"UNDER_REVIEW": ("Start review", "search"), "PENDING_INFO": ("Ask merchant for info", "message-circle-question"),
               "ESCALATED": ("Escalate", "triangle-alert")}
TIMELINE_ICONS = {"opened": "scale", "hold": "lock", "status": "arrow-right-left", "escalated": "triangle-alert",
                  "evidence": "paperclip", "message": "message-square", "resolved": "circle-check"}


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, round(n / 1024))} KB"


class DisputeState(AuthState, ConfirmMixin, FormMixin):
    dispute_id: str = ""
    d: dict[str, str] = {}
    not_found: bool = False
    d_loaded: bool = False
    d_error: str = ""
    allowed: list[str] = []
    can_resolve: bool = False
    can_work: bool = False
    evidence: list[dict[str, str]] = []
    messages: list[dict[str, str]] = []
    timeline: list[dict[str, str]] = []
    # thread
    message_draft: str = ""
    message_error: str = ""
    posting: bool = False
    # evidence upload
    evidence_description: str = ""
    upload_error: str = ""
    uploading: bool = False
    # resolve dialog
    r_outcome: str = "WON"
    r_loss: str = ""
    r_note: str = ""
    _pending_resolve: dict[str, Any] = {}

    @rx.var
    def move_actions(self) -> list[dict[str, str]]:  # noqa: D401
        return [{"status": s, "label": MOVE_LABELS[s][0], "icon": MOVE_LABELS[s][1]} for s in self.allowed if s in MOVE_LABELS]

    @rx.var
    def can_be_resolved(self) -> bool:
        return "RESOLVED" in self.allowed

    @rx.var
    def is_resolved(self) -> bool:
        return self.d.get("status") == "RESOLVED"

    def _route_id(self) -> str:
        parts = [p for p in (self.router.url.path or "").split("/") if p]
        return parts[1] if len(parts) >= 2 and parts[0] == "disputes" else ""

    async def _fetch(self):
        res = await self._gql(D.DISPUTE, {"id": self.dispute_id})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        data = res.get("dispute")
        if data is None:
            self.not_found = not res.errors or res.forbidden
            self.d_error = "" if self.not_found else (res.first_error() or "Could not load the dispute.")
            return None
        self.not_found = False
        self.d_error = ""
        row = dispute_row(data)
        row["resolution_note"] = str(data.get("resolutionNote") or "")
        row["opened_by"] = str(data.get("openedBy") or "")
        row["resolved_abs"] = fmt_dt_s(data.get("resolvedAt"))
        row["escalated_abs"] = fmt_dt_s(data.get("escalatedAt"))
        row["kept_label"] = fmt_money(int(data.get("amount") or 0) - int(data.get("merchantLoss") or 0), row["currency"]) \
            if data.get("outcome") else ""
        self.d = {k: str(v) for k, v in row.items()}
        self.allowed = [str(s) for s in data.get("allowedTransitions") or []]
        self.can_resolve = bool(data.get("canResolve"))
        self.can_work = bool(data.get("canWork"))
        self.evidence = [{"id": e["id"], "filename": e["filename"], "type": str(e["fileType"]).upper(), "size": _size(int(e["size"])),
                          "description": e.get("description") or "", "by": e.get("uploadedBy") or "",
                          "when": fmt_relative(e.get("createdAt")), "path": e["downloadPath"], "sha": str(e["sha256"])[:12]}
                         for e in data.get("evidence") or []]
        self.messages = [{"id": m["id"], "author": m["authorLabel"], "side": m["authorSide"], "body": m["body"],
                          "when": fmt_relative(m.get("createdAt")), "at": fmt_dt_s(m.get("createdAt"))}
                         for m in data.get("messages") or []]
        self.timeline = [{"id": e["id"], "kind": e["kind"], "message": e["message"], "icon": TIMELINE_ICONS.get(e["kind"], "circle-dot"),
                          "actor": e.get("actorLabel") or e.get("actorType") or "", "at": fmt_dt_s(e.get("at"))}
                         for e in reversed(data.get("timeline") or [])]
        return None

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        dispute_id = self._route_id()
        if dispute_id != self.dispute_id:
            self.d, self.evidence, self.messages, self.timeline, self.allowed = {}, [], [], [], []
            self.d_loaded = False
        self.dispute_id = dispute_id
        self.message_draft = self.message_error = self.upload_error = self.evidence_description = ""
        self.form_open = self.confirm_open = False
        yield
        redirect = await self._fetch()
        self.d_loaded = True
        if redirect is not None:
            yield redirect

    @rx.event
    async def refresh(self):
        redirect = await self._fetch()
        if redirect is not None:
            return redirect

    # ---- moves -------------------------------------------------------------------------------------------
    @rx.event
    async def move(self, status: str):
        if status == "ESCALATED":
            self._ask("move", status, "Escalate this dispute?", "It goes to the escalation queue and the merchant's "
                      "dispute users are told by email.", "Escalate", danger=True)
            return None
        return await self._move(status)

    async def _move(self, status: str):
        res = await self._gql(D.MOVE_DISPUTE, {"id": self.dispute_id, "status": status})
        result = res.get("moveDispute") or {}
        if result.get("__typename") == "DisputePayload":
            await self._fetch()
            return rx.toast.success(f"Dispute {STATUS_LABELS.get(status, status).lower()}")
        return rx.toast.error(result.get("message") or res.first_error() or "The dispute did not move.")

    async def _on_confirm(self, action: str, target: str):
        if action == "move":
            return await self._move(target)
        if action == "resolve":
            return await self._resolve()
        return None

    # ---- resolving -----------------------------------------------------------------------------------------
    @rx.event
    def open_resolve(self):
        self._reset_form()
        self.r_outcome, self.r_loss, self.r_note = "WON", "", ""
        self.form_open = True

    @rx.event
    def set_r_outcome(self, value: str):
        self.r_outcome = value
        self.field_errors = {}

    @rx.event
    def set_r_loss(self, value: str):
        self.r_loss = value

    @rx.event
    def set_r_note(self, value: str):
        self.r_note = value

    @rx.event
    def review_resolve(self, _form: dict[str, Any] | None = None):
        """Check the dialog, then ask for confirmation (resolving moves money and cannot be undone)."""
        cur, amount = self.d.get("currency", ""), int(self.d.get("amount") or 0)
        loss: int | None = None
        if self.r_outcome == "SPLIT":
            loss, problem = to_minor(self.r_loss, cur)
            if problem:
                self.field_errors = {"merchantLoss": problem}
                return None
            if loss >= amount:
                self.field_errors = {"merchantLoss": f"Less than the disputed {fmt_money(amount, cur)}."}
                return None
        self.field_errors = {}
        self._pending_resolve = {"id": self.dispute_id, "outcome": self.r_outcome, "merchantLoss": loss,
                                 "note": self.r_note.strip() or None}
        lost = amount if self.r_outcome == "LOST" else (loss or 0)
        what = {"WON": f"The merchant keeps {fmt_money(amount, cur)}: the hold is released.",
                "LOST": f"{fmt_money(amount, cur)} is charged back to the payer and debited from the merchant.",
                "SPLIT": f"{fmt_money(lost, cur)} is charged back; {fmt_money(amount - lost, cur)} is released to the merchant."}
        self.form_open = False
        self._ask("resolve", self.dispute_id, f"Resolve as {OUTCOME_LABELS[self.r_outcome].lower()}?",
                  what[self.r_outcome] + " This cannot be undone.", "Resolve dispute", danger=self.r_outcome != "WON")
        return None

    async def _resolve(self):
        res = await self._gql(D.RESOLVE_DISPUTE, {"input": self._pending_resolve})
        result = res.get("resolveDispute") or {}
        if result.get("__typename") == "DisputePayload":
            await self._fetch()
            return rx.toast.success("Dispute resolved")
        # back to the dialog with the API's field errors beside the fields
        self._apply_result_errors(result, res.first_error() or "The dispute was not resolved.", {"merchantLoss", "note"})
        self.form_open = True
        return None

    # ---- the thread ----------------------------------------------------------------------------------------
    @rx.event
    def set_message_draft(self, value: str):
        self.message_draft = value
        self.message_error = ""

    @rx.event
    async def post_message(self, _form: dict[str, Any] | None = None):
        if not self.message_draft.strip():
            self.message_error = "Write a message first."
            return
        self.posting = True
        yield
        res = await self._gql(D.POST_DISPUTE_MESSAGE, {"id": self.dispute_id, "body": self.message_draft})
        result = res.get("postDisputeMessage") or {}
        self.posting = False
        if result.get("__typename") == "DisputeMessagePayload":
            self.message_draft = ""
            await self._fetch()
            return
        fields = result.get("fields") or []
        self.message_error = (fields[0].get("message") if fields else None) or result.get("message") or res.first_error() \
            or "The message was not sent."

    # ---- evidence ------------------------------------------------------------------------------------------
    @rx.event
    def set_evidence_description(self, value: str):
        self.evidence_description = value

    @rx.event
    async def upload_evidence(self, files: list[rx.UploadFile]):
        self.upload_error = ""
        if not files:
            self.upload_error = "Choose a file first (PDF, JPG, PNG or DOCX, at most 10 MB)."
            return
        f = files[0]
        if isinstance(f.size, int) and f.size > MAX_BYTES:
            self.upload_error = f"The file is {_size(f.size)}; evidence is at most 10 MB."
            yield rx.clear_selected_files(UPLOAD_ID)
            return
        self.uploading = True
        yield
        data = await f.read()
        name = f.filename or f.name or "evidence"
        res = await execute_upload(D.UPLOAD_DISPUTE_EVIDENCE, {"id": self.dispute_id, "description": self.evidence_description or None},
                                   "file", name.rsplit("/", 1)[-1], data, await self._current_session())
        await self._keep_cookies(res.set_cookies)
        result = res.get("uploadDisputeEvidence") or {}
        self.uploading = False
        yield rx.clear_selected_files(UPLOAD_ID)
        if result.get("__typename") == "DisputeEvidencePayload":
            self.evidence_description = ""
            await self._fetch()
            yield rx.toast.success(f"Evidence {name} added")
            return
        fields = result.get("fields") or []
        self.upload_error = (fields[0].get("message") if fields else None) or result.get("message") or res.first_error() \
            or "The file was not uploaded."

    @rx.event
    async def download(self, evidence_id: str):
        item = next((e for e in self.evidence if e["id"] == evidence_id), None)
        if item is None:
            return None
        status, data, cookies = await fetch_file(item["path"], await self._current_session())
        await self._keep_cookies(cookies)
        if status != 200:
            return rx.toast.error("The file could not be downloaded.")
        return rx.download(data=data, filename=item["filename"])

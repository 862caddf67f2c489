from __future__ import annotations

from enum import Enum


class ExportError(str, Enum):
    KIND_NEEDS_TRANSACTION = "KIND_NEEDS_TRANSACTION"
    NOT_READY = "EXPORT_NOT_READY"
    FILE_GONE = "EXPORT_FILE_GONE"
    EXPIRED = "EXPORT_EXPIRED"

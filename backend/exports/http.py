"""GET /exports/download/{token}: stream one export's file. The token (from createExportDownload) is the credential:
single use, valid a few minutes, for that file only. Unknown, expired, reused or other-file tokens answer 403; a valid
token for an export whose file the retention job deleted answers 410 (EXPORT_EXPIRED)."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from backend.core.observability import get_logger
from backend.exports.service import DownloadGone, DownloadRefused, expired_message, redeem

log = get_logger("clearway.exports.download")

MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json", "pdf": "application/pdf", "zip": "application/zip",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}


async def download(request: Request) -> Response:
    try:
        job = await redeem(request.path_params["token"], request.query_params.get("export"))
    except DownloadGone as exc:
        log.info("export.download_refused", reason=str(exc))
        return JSONResponse({"error": {"code": "EXPORT_EXPIRED", "message": expired_message()}}, status_code=410,
                            headers=HEADERS)
    except DownloadRefused as exc:
        log.info("export.download_refused", reason=str(exc))
        return JSONResponse({"error": {"code": "DOWNLOAD_FORBIDDEN",
                                       "message": "This download link is not valid (expired, used, or for another file)"}},
                            status_code=403, headers=HEADERS)
    log.info("export.downloaded", export_id=job.id, bytes=job.file_size)
    ext = job.file_name.rsplit(".", 1)[-1]
    return FileResponse(job.file_path, media_type=MEDIA.get(ext, "application/octet-stream"), filename=job.file_name,
                        headers=HEADERS)


routes = [Route("/exports/download/{token}", download, methods=["GET"])]

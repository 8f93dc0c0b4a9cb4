from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from photoreel.api.deps import Context, OptionalAccount
from photoreel.service import renders

router = APIRouter(prefix="/api/renders", tags=["downloads"])


@router.get("/{job_id}/download")
def download(
    job_id: str, account: OptionalAccount, ctx: Context, expires: int | None = None, sig: str | None = None
) -> FileResponse:
    """The finished video, with Range support so players can seek. Authorised by the owner's token or the
    signed link in `output.url`, so a browser or `curl -O` can fetch it."""
    job = renders.downloadable(ctx, job_id, account, expires, sig)
    return FileResponse(
        renders.output_path(ctx, job),
        media_type=renders.CONTENT_TYPES[job.format],
        filename=f"photoreel-{job.client_ref}.{job.format}",
        headers={"Cache-Control": "private, max-age=3600"},
    )

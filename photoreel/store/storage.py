"""Pick the blob store the settings name."""

from __future__ import annotations

from photoreel.config import Settings
from photoreel.store.blobs import BlobStore, LocalBlobs


def open_blobs(settings: Settings, work_subdir: str | None = None) -> BlobStore:
    if settings.storage == "s3":
        from photoreel.store.s3 import S3Blobs

        if not settings.s3_bucket:
            raise ValueError("PHOTOREEL_S3_BUCKET must be set when PHOTOREEL_STORAGE=s3")
        return S3Blobs(
            settings.data_dir,
            settings.s3_bucket,
            prefix=settings.s3_prefix,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
            presign=settings.s3_presign_downloads,
            cache_bytes=settings.cache_bytes,
            work_subdir=work_subdir,
        )
    return LocalBlobs(settings.data_dir, work_subdir)

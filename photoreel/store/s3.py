"""Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph, …) through boto3.

A PUT is atomic in S3 (an object appears whole or not at all), so an upload is its own "write then move".
Renders need real files to decode, so `local_path` keeps a cached copy on local disk, pruned oldest first
once the cache passes its size limit.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from photoreel.store.blobs import Scratch, _remove_older

_READ_BLOCK = 1024 * 1024


class S3Blobs(Scratch):
    """Blobs as objects `<prefix><key>` in one bucket; work files and a read cache on local disk."""

    def __init__(
        self,
        scratch: Path,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        presign: bool = False,
        cache_bytes: int = 2 * 1024**3,
        client: Any = None,
        work_subdir: str | None = None,
    ) -> None:
        super().__init__(scratch, work_subdir)
        self.bucket = bucket
        self.prefix = prefix
        self.presign = presign
        self.cache_bytes = cache_bytes
        self.cache = scratch / "cache"
        self.cache.mkdir(parents=True, exist_ok=True)
        if client is None:
            import boto3  # imported here: only S3 deployments need it installed
            from botocore.config import Config

            client = boto3.client(
                "s3",
                endpoint_url=endpoint_url,
                region_name=region,
                aws_access_key_id=access_key_id,
                aws_secret_access_key=secret_access_key,
                config=Config(retries={"max_attempts": 5, "mode": "standard"}, s3={"addressing_style": "path"}),
            )
        self.client = client

    def _name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def put(self, key: str, source: Path) -> None:
        self.client.upload_file(str(source), self.bucket, self._name(key))
        # Keep the bytes as the cached copy: a worker that wrote a chunk is often the one that needs it next.
        cached = self._cached(key)
        cached.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, cached)
        except OSError:
            source.unlink(missing_ok=True)

    def _cached(self, key: str) -> Path:
        path = (self.cache / key).resolve()
        if not path.is_relative_to(self.cache.resolve()) or ".." in Path(key).parts:
            raise ValueError(f"blob key {key!r} leaves the store")
        return path

    def local_path(self, key: str) -> Path:
        cached = self._cached(key)
        remote_size = self.size(key)
        if remote_size is None:
            raise FileNotFoundError(key)
        if cached.is_file() and cached.stat().st_size == remote_size:
            os.utime(cached)  # recently used: pruned last
            return cached
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}.part")
        self.client.download_file(self.bucket, self._name(key), str(partial))
        os.replace(partial, cached)
        self._prune()
        return cached

    def stored_file(self, key: str) -> None:
        return None  # the cache holds copies; downloads stream from the bucket or redirect to it

    def _prune(self) -> None:
        files = [p for p in self.cache.rglob("*") if p.is_file() and not p.name.endswith(".part")]
        stats = sorted(((p.stat().st_mtime, p.stat().st_size, p) for p in files), key=lambda s: s[0])
        total = sum(size for _, size, _ in stats)
        for _, size, path in stats:
            if total <= self.cache_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size

    def exists(self, key: str) -> bool:
        return self.size(key) is not None

    def size(self, key: str) -> int | None:
        from botocore.exceptions import ClientError

        try:
            return int(self.client.head_object(Bucket=self.bucket, Key=self._name(key))["ContentLength"])
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def read(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        byte_range = f"bytes={start}-{'' if end is None else end}"
        body = self.client.get_object(Bucket=self.bucket, Key=self._name(key), Range=byte_range)["Body"]
        try:
            yield from body.iter_chunks(_READ_BLOCK)
        finally:
            body.close()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))
        self._cached(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> None:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._name(prefix)):
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if keys:
                self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})
        cached = self._cached(prefix.rstrip("/"))
        if cached.is_dir():
            shutil.rmtree(cached, ignore_errors=True)

    def presigned_url(self, key: str, filename: str, content_type: str, expires_s: int) -> str | None:
        if not self.presign:
            return None
        params = {
            "Bucket": self.bucket,
            "Key": self._name(key),
            "ResponseContentType": content_type,
            "ResponseContentDisposition": f'attachment; filename="{filename}"',
        }
        return str(self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=expires_s))

    def sweep_partials(self, older_than_s: float) -> int:
        return self._sweep_tmp(older_than_s) + _remove_older(list(self.cache.rglob(".*.part")), older_than_s)

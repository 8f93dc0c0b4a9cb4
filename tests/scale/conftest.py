"""The fleet under test: PostgreSQL, Redis, `photoreel serve` processes and `photoreel worker` processes.

CI starts PostgreSQL and Redis (.ci/run) and these tests must run there; on a machine without them they
skip and say which server is missing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

REDIS_URL = os.environ.get("PHOTOREEL_TEST_REDIS", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A Redis database emptied for the test (the broker's queues start clean)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must reach Redis at {REDIS_URL}: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL} ({type(exc).__name__}); start one to run the fleet tests")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture
def fleet_settings(postgres_url: str, redis_url: str) -> dict[str, str]:
    """Settings every process of one fleet shares (each test adds its own)."""
    return {
        "database_url": postgres_url,
        "queue": "celery",
        "broker_url": redis_url,
        "secret_key": uuid.uuid4().hex,
    }


@pytest.fixture
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """moto's standalone S3 emulator on loopback, with an empty bucket: settings that point photoreel at it.
    (An emulator speaks the protocol; it says nothing about a real provider's consistency or speed.)"""
    import subprocess
    import sys
    import time

    import boto3
    import httpx

    from tests.live import _free_port

    port = _free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(endpoint, timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "moto's S3 server did not come up"
                time.sleep(0.1)
        settings = {
            "storage": "s3",
            "s3_bucket": f"photoreel-{uuid.uuid4().hex[:8]}",
            "s3_endpoint_url": endpoint,
            "s3_region": "us-east-1",
            "s3_access_key_id": "test",
            "s3_secret_access_key": "test",
        }
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        client.create_bucket(Bucket=settings["s3_bucket"])
        yield settings
    finally:
        process.terminate()
        process.wait(10)

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

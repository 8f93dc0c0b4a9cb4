"""Turn a server's envelope into the matching error from photoreel's one hierarchy."""

from __future__ import annotations

from photoreel.errors import (
    BadRequest,
    MediaTooLarge,
    NotFound,
    OutOfCredits,
    PhotoreelError,
    PlanLimit,
    RateLimited,
    TokenInvalid,
    UnsupportedMedia,
)


class ServerError(PhotoreelError, RuntimeError):
    """The server failed or answered with a code this client does not know."""


class NetworkError(PhotoreelError, ConnectionError):
    """The server could not be reached (after retries, where retrying was safe)."""


_BY_CODE: dict[int, type[PhotoreelError]] = {
    400: BadRequest,
    402: PlanLimit,
    429: RateLimited,
    1001: TokenInvalid,
    1002: NotFound,
    2001: OutOfCredits,
    4001: UnsupportedMedia,
    4002: MediaTooLarge,
}


def error_for(code: int, message: str, http_status: int, retry_after: int | None = None) -> PhotoreelError:
    cls = _BY_CODE.get(code)
    if cls is RateLimited:
        return RateLimited(message, retry_after or 30)
    if cls is None:
        error = ServerError(message or f"the server answered HTTP {http_status}")
        error.code, error.http_status = code, http_status
        return error
    return cls(message)

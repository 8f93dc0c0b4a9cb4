"""Every error photoreel raises on purpose, with the API code and HTTP status the edges translate it to.

Each class also inherits the built-in a caller would naturally catch, as httpx and PyAV do.
"""

from __future__ import annotations


class PhotoreelError(Exception):
    """Base of every error photoreel raises on purpose."""

    code: int = 500
    http_status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(PhotoreelError, ValueError):
    """The request is malformed or misses something required (such as X-Client-Id)."""

    code, http_status = 400, 400


class TokenInvalid(PhotoreelError, PermissionError):
    """The token is missing, unknown or expired; get a new one from /api/auth/anonymous-token."""

    code, http_status = 1001, 401


class NotFound(PhotoreelError, LookupError):
    """The session (or something in it) does not exist for this token; never says whether it exists for another."""

    code, http_status = 1002, 404


class SessionNotFound(NotFound):
    """No such session for this token; the API's reply says where to open a new one."""


class Conflict(PhotoreelError):
    """The request cannot be done in the present state of the thing it names (e.g. deleting a session that is
    being rendered); it says what to do first."""

    code, http_status = 409, 409


class OutOfCredits(PhotoreelError):
    """The balance cannot cover this; the message says where to get more."""

    code, http_status = 2001, 402


class PlanLimit(PhotoreelError, PermissionError):
    """The plan does not allow this export (too many today, or too large); not a credit issue."""

    code, http_status = 402, 402


class RateLimited(PhotoreelError):
    """Too many requests; retry after `retry_after` seconds."""

    code, http_status = 429, 429

    def __init__(self, message: str, retry_after: int = 30) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class MediaError(PhotoreelError):
    """A problem with one input file."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.detail = message
        self.path = path

    def renamed(self, name: str) -> MediaError:
        """The same error, naming the file as the user knows it rather than by where it sits on disk."""
        return type(self)(self.detail, name)


class UnsupportedMedia(MediaError, ValueError):
    """The file is not an image, audio or video we accept, or it is corrupt."""

    code, http_status = 4001, 415


class MediaTooLarge(MediaError, ValueError):
    """The file is over the size or pixel limit."""

    code, http_status = 4002, 413


class TimelineError(PhotoreelError, ValueError):
    """An edit would leave the timeline invalid (negative duration, unknown media, text past the end...)."""

    code, http_status = 400, 400


class DraftTooLarge(TimelineError):
    """The session's timeline would hold more than a session may (titles, photos and clips, or bytes)."""


class OutputSpecError(TimelineError):
    """The requested output (aspect, height, fps, format, quality) is not one we produce."""


class FontNotFound(PhotoreelError, LookupError):
    """No font on this machine can draw the requested text."""

    code, http_status = 400, 400


class StorageFull(PhotoreelError, OSError):
    """The server's disk (or its database's) is full; nothing was changed, and it works again once space is freed."""

    code, http_status = 507, 507

    def __init__(self, message: str = "the server is out of storage space; nothing was saved, please try again later"):
        super().__init__(message)


def is_disk_full(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) says the disk is full: ENOSPC/EDQUOT, or SQLite's "disk is full"."""
    import errno

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if "disk is full" in str(seen) or "No space left on device" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class RenderError(PhotoreelError, RuntimeError):
    """The encoder or muxer failed while writing the output."""

    code, http_status = 500, 500

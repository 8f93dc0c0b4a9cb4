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


class MediaError(PhotoreelError):
    """A problem with one input file."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


class UnsupportedMedia(MediaError, ValueError):
    """The file is not an image, audio or video we accept, or it is corrupt."""

    code, http_status = 4001, 415


class MediaTooLarge(MediaError, ValueError):
    """The file is over the size or pixel limit."""

    code, http_status = 4002, 413


class TimelineError(PhotoreelError, ValueError):
    """An edit would leave the timeline invalid (negative duration, unknown media, text past the end...)."""

    code, http_status = 400, 400


class OutputSpecError(TimelineError):
    """The requested output (aspect, height, fps, format, quality) is not one we produce."""


class FontNotFound(PhotoreelError, LookupError):
    """No font on this machine can draw the requested text."""

    code, http_status = 400, 400


class RenderError(PhotoreelError, RuntimeError):
    """The encoder or muxer failed while writing the output."""

    code, http_status = 500, 500

"""Read a multipart upload as it streams in: each file goes straight to disk, limits hold mid-stream.

Starlette's form parser spools the whole body before we could look at it; this one never holds more
than one network chunk in memory and stops writing a file the moment it passes the size limit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from photoreel.errors import BadRequest, MediaTooLarge, PhotoreelError, StorageFull, is_disk_full

MAX_TEXT_FIELD_BYTES = 64 * 1024


MAX_HEADER_BYTES = 64 * 1024  # one part header line


@dataclass
class ReceivedFile:
    name: str
    path: Path | None = None
    error: PhotoreelError | None = None


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    filename: str | None = None
    is_file: bool = False
    size: int = 0
    handle: object = None
    received: ReceivedFile | None = None


class StreamingUpload:
    """Feed it chunks; it writes file parts to temp files from `new_temp` and records one result per file."""

    def __init__(self, content_type: str, new_temp: Callable[[], Path], max_file_bytes: int, max_parts: int) -> None:
        kind, params = parse_options_header(content_type.encode("latin-1"))
        boundary = params.get(b"boundary")
        if kind != b"multipart/form-data" or not boundary:
            raise BadRequest('send files as multipart/form-data (files=@photo.jpg), or JSON {"urls": [...]}')
        self.new_temp = new_temp
        self.max_file_bytes = max_file_bytes
        self.max_parts = max_parts
        self.files: list[ReceivedFile] = []
        self._parts = 0
        self._part = _Part()
        self._field = b""
        self._value = b""
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._begin,
                "on_header_field": self._header_field,
                "on_header_value": self._header_value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_done,
                "on_part_data": self._data,
                "on_part_end": self._end,
            },
            # Long (or long once percent-encoded) file names are fine: they are kept only for display.
            max_header_size=MAX_HEADER_BYTES,
        )

    def _begin(self) -> None:
        self._parts += 1
        if self._parts > self.max_parts:
            raise BadRequest(f"too many parts in one upload ({self.max_parts} at most)")
        self._part = _Part()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._part.headers[self._field.lower()] = self._value
        self._field, self._value = b"", b""

    def _headers_done(self) -> None:
        _, params = parse_options_header(self._part.headers.get(b"content-disposition", b""))
        filename = params.get(b"filename")
        if filename is not None:
            part = self._part
            part.is_file = True
            part.filename = filename.decode("utf-8", "replace")
            part.received = ReceivedFile(part.filename)
            path = self.new_temp()
            part.received.path = path
            part.handle = path.open("wb")
            self.files.append(part.received)

    def _data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        part.size += end - start
        if not part.is_file:
            if part.size > MAX_TEXT_FIELD_BYTES:
                raise BadRequest(f"a form field is over {MAX_TEXT_FIELD_BYTES // 1024} KB")
            return
        if part.received is None or part.received.error is not None:
            return  # already refused: the rest of this file is read and dropped
        if part.size > self.max_file_bytes:
            self._refuse(part, MediaTooLarge(f"the file is over the {self.max_file_bytes // 2**20} MB limit"))
            return
        part.handle.write(data[start:end])  # type: ignore[attr-defined]

    def _refuse(self, part: _Part, error: PhotoreelError) -> None:
        assert part.received is not None
        part.handle.close()  # type: ignore[attr-defined]
        if part.received.path is not None:
            part.received.path.unlink(missing_ok=True)
        part.received.path = None
        part.received.error = error

    def _end(self) -> None:
        if self._part.is_file and self._part.handle is not None:
            self._part.handle.close()  # type: ignore[attr-defined]

    def feed(self, chunk: bytes) -> None:
        self._parser.write(chunk)

    def finish(self) -> None:
        self._parser.finalize()

    def discard(self) -> None:
        """Delete every temp file this upload wrote (after a failure)."""
        handle = self._part.handle
        if handle is not None:
            handle.close()  # type: ignore[attr-defined]
        for received in self.files:
            if received.path is not None:
                received.path.unlink(missing_ok=True)


async def receive(
    stream: AsyncIterator[bytes],
    content_type: str,
    new_temp: Callable[[], Path],
    *,
    max_file_bytes: int,
    max_request_bytes: int,
    max_parts: int,
) -> list[ReceivedFile]:
    """Stream the body into temp files. A body over `max_request_bytes` is cut off mid-stream."""
    upload = StreamingUpload(content_type, new_temp, max_file_bytes, max_parts)
    total = 0
    try:
        async for chunk in stream:
            total += len(chunk)
            if total > max_request_bytes:
                raise MediaTooLarge(f"the upload is over {max_request_bytes // 2**20} MB in all")
            upload.feed(chunk)
        upload.finish()
    except MultipartParseError as exc:
        upload.discard()
        raise BadRequest(f"the upload is not valid multipart/form-data ({exc})") from exc
    except OSError as exc:
        upload.discard()
        if is_disk_full(exc):
            raise StorageFull() from exc
        raise
    except BaseException:
        upload.discard()
        raise
    return upload.files

"""Write a video under a temporary name beside its target, so a failure never leaves a partial file there."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import av

from photoreel.errors import PhotoreelError, RenderError


@contextmanager
def written_atomically(output: Path, what: str) -> Iterator[Path]:
    """Yield the temporary path to write; when the block succeeds it is renamed onto `output`, and it is deleted
    whatever happens. FFmpeg and OS errors come out as RenderError saying `what` failed."""
    output.parent.mkdir(parents=True, exist_ok=True)
    # Hidden and suffixed `.part`, which is what start-up sweeps look for (store/blobs.py).
    partial = output.with_name(f".{output.name}.{os.getpid()}.part")
    try:
        yield partial
        os.replace(partial, output)
    except PhotoreelError:
        raise
    except (av.error.FFmpegError, OSError) as exc:
        raise RenderError(f"{what} failed: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)

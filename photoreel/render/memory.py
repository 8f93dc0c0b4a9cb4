"""How a render hands memory back to the system (glibc only; elsewhere these do nothing).

A render allocates and frees frame-sized buffers (3 MB at 1080p) many times a second, from several threads
(decoder, composer, encoder). glibc serves them from per-thread heaps and, once one such buffer has been
freed, raises its own mmap threshold above that size, so later buffers come from the heaps too and the freed
pages stay with the process: RSS creeps up slide after slide. A fixed threshold keeps every big buffer in
its own mapping, returned the moment it is freed.
"""

from __future__ import annotations

import ctypes

_M_MMAP_THRESHOLD = -3  # mallopt parameters, from glibc's malloc.h
_M_ARENA_MAX = -8
SERVER_HEAPS = 4
BIG_BUFFER = 4 << 20  # bytes: decoded photos and canvases; frames (3 MB at 1080p) stay in the heaps


def _load_libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 - glibc only
        libc.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _load_libc()


def map_big_buffers() -> None:
    """Serve allocations of BIG_BUFFER bytes and more from their own mappings, for the rest of the process
    (a malloc setting, harmless to other code: a few more page faults for big allocations)."""
    if _LIBC is not None:
        _LIBC.mallopt(_M_MMAP_THRESHOLD, BIG_BUFFER)


def return_freed_memory() -> None:
    """Give freed heap pages back to the system (after a slide is released)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def share_heaps(most: int = SERVER_HEAPS) -> None:
    """Let the process's threads share at most `most` heaps. glibc gives each thread that allocates at once a heap
    of its own (up to 8 per core); an API server's forty request threads, each decoding an upload for a moment,
    then keep forty half-empty heaps. Called once, at startup, before the threads exist."""
    if _LIBC is not None:
        _LIBC.mallopt(_M_ARENA_MAX, most)

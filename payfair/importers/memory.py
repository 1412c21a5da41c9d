"""Giving freed memory back to the system between the stages of reading a large rota.

Why: reading a million-row rota frees hundreds of megabytes between stages (Parquet and CSV
decoding buffers, text columns once parsed, intermediate arrays), but the allocators keep
freed memory for reuse: Arrow's memory pool (mimalloc) and the C library's heap. The process
then holds far more memory than it uses, and the next stage's arrays come on top of it, so
the peak grows. Returning the free memory at the stage boundaries keeps the peak close to
what is really in use (at 1M events: 311 MB held instead of 668 MB after load_rota).

Both calls only release memory that nothing uses; on a platform without them nothing
happens.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

#: Rows from which giving memory back is worth its cost (a few milliseconds a call).
LARGE_ROWS = 100_000


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None (macOS, Windows, musl)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def give_back(rows: int) -> None:
    """Return freed memory to the system, for a rota of `rows` rows (small ones: no need)."""
    if rows < LARGE_ROWS:
        return
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)

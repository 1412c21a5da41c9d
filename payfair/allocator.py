"""The memory allocators: freed memory given back between reading stages, and the C library's
heap set for one batch run of the command line. Both concern memory the process has freed but
the allocators keep (Arrow's pool, glibc's heap), so both live here.

**Giving back** (`give_back`): reading a million-row rota frees hundreds of megabytes between
stages (Parquet and CSV decoding buffers, text columns once parsed, intermediate arrays), but
the allocators keep freed memory for reuse. The process then holds far more than it uses, and
the next stage's arrays come on top of it, so the peak grows. Returning the free memory at the
stage boundaries keeps the peak close to what is really in use (at 1M events: 311 MB held
instead of 668 MB after load_rota).

**One batch run** (`tune_for_batch`): at 10M events each working array of the engine is 80 MB.
glibc hands every allocation above its mmap threshold (at most 32 MB by default) straight from
the system and back again when freed, so each of the engine's many temporary arrays is fresh
memory, and the first write to every page of it is a page fault: on the project machine 14 to
19 s of a 33 to 36 s run at 10M events were spent in the kernel. Keeping large blocks in the
heap for reuse (a 1 GB mmap threshold, no automatic trimming, the heap grown 1 GB at a time)
gave 27 to 36 s, with 9.5 to 14 s in the kernel (four runs each, alternating, on a shared
machine), for about 0.6 GB more peak memory (6.0 GB against 5.4 GB, 0.6 KB an event) and the
same JSON byte for byte. Only for the command line, which exits when its one run is done: a
long-running process (the app) keeps the default, so that memory freed after one upload goes
back to the system.

Once `tune_for_batch` has taken effect, `give_back` does nothing: the memory it returned
was page-faulted straight back by the next stage. At 10M events, with the trims, load_rota
spent 8 to 9 s in the kernel, without them 1.8 s, for the same 6.3 GB peak of the whole run
(0.6 KB an event); on a busier machine, alternating, 3.6-4.3 s against 3.0-3.4 s of kernel
time and 17.7-24.5 s against 15.3-20.1 s of wall time. The batch run gives everything back
when it exits.

Every call only touches memory that nothing uses; on a C library without `malloc_trim` and
`mallopt` (macOS, Windows, musl) nothing happens.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

#: Rows from which giving memory back is worth its cost (a few milliseconds a call).
LARGE_ROWS = 100_000

#: Whether `tune_for_batch` has taken effect in this process (then `give_back` is skipped).
_batch = False

# mallopt parameters (glibc's malloc.h)
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3

BATCH_SETTINGS = {
    M_MMAP_THRESHOLD: 1 << 30,  # blocks up to 1 GB come from the heap, and are reused
    M_TRIM_THRESHOLD: (1 << 31) - 1,  # never trim the heap on free (give_back still does)
    M_TOP_PAD: 1 << 30,  # grow the heap 1 GB at a time
}


@functools.cache
def _libc_function(name: str):
    """A glibc function (malloc_trim, mallopt), or None on another C library."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return getattr(libc, name)
    except (OSError, AttributeError):
        return None


def give_back(rows: int) -> None:
    """Return freed memory to the system, for a rota of `rows` rows (small ones: no need; in
    a batch run tuned by `tune_for_batch`, none: the next stage would fault it straight back)."""
    if rows < LARGE_ROWS or _batch:
        return
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    trim = _libc_function("malloc_trim")
    if trim is not None:
        trim(0)


def tune_for_batch() -> bool:
    """Set the C heap for one batch run; True when it took effect (glibc). From then on
    `give_back` leaves freed memory in the heap, for the next stage to reuse."""
    global _batch
    mallopt = _libc_function("mallopt")
    if mallopt is None:
        return False
    _batch = all(mallopt(param, value) == 1 for param, value in BATCH_SETTINGS.items())
    return _batch

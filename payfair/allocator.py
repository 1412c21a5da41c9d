"""The C library's memory allocator, set for one batch run of the command line.

Why: at 10M events each working array of the engine is 80 MB. glibc hands every allocation
above its mmap threshold (at most 32 MB by default) straight from the system and back again
when freed, so each of the engine's many temporary arrays is fresh memory, and the first write
to every page of it is a page fault: on the project machine 14 to 19 s of a 33 to 36 s run at
10M events were spent in the kernel. Keeping large blocks in the heap for reuse (a 1 GB mmap
threshold, no automatic trimming, the heap grown 1 GB at a time) gave 27 to 36 s, with 9.5 to
14 s in the kernel (four runs each, alternating, on a shared machine), for about 0.6 GB more
peak memory (6.0 GB against 5.4 GB, 0.6 KB an event) and the same JSON byte for byte.

Only for the command line, which exits when its one run is done: a long-running process (the
app) keeps the default, so that memory freed after one upload goes back to the system.
`importers.memory.give_back` still returns freed memory explicitly between reading stages.
Nothing happens on a C library without `mallopt` (macOS, Windows, musl).
"""

from __future__ import annotations

import ctypes
import ctypes.util

# mallopt parameters (glibc's malloc.h)
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3

BATCH_SETTINGS = {
    M_MMAP_THRESHOLD: 1 << 30,  # blocks up to 1 GB come from the heap, and are reused
    M_TRIM_THRESHOLD: (1 << 31) - 1,  # never trim the heap on free (give_back still does)
    M_TOP_PAD: 1 << 30,  # grow the heap 1 GB at a time
}


def tune_for_batch() -> bool:
    """Set the allocator for one batch run; True when it took effect (glibc)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return all(mallopt(param, value) == 1 for param, value in BATCH_SETTINGS.items())

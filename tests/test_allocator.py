"""The command line's allocator settings (payfair.allocator) take effect on glibc, and a test
calling `cli.main([...])` leaves them alone (only a real command line sets them)."""

from __future__ import annotations

import platform

from payfair.allocator import BATCH_SETTINGS, M_MMAP_THRESHOLD, tune_for_batch


def test_batch_settings_take_effect_on_glibc():
    assert BATCH_SETTINGS[M_MMAP_THRESHOLD] == 1 << 30  # 1 GB: the engine's 80 MB arrays reused
    assert tune_for_batch() is (platform.libc_ver()[0] == "glibc")


def test_give_back_skipped_once_tuned_for_a_batch_run():
    """After tune_for_batch (glibc), give_back leaves freed memory in the heap for the next
    stage: trimming it made load_rota page-fault it straight back (payfair.allocator)."""
    from payfair import allocator

    tuned = tune_for_batch()
    assert allocator._batch is tuned
    allocator.give_back(allocator.LARGE_ROWS)  # nothing to do in a tuned run, and no error

"""The hostile corpus (tests/hostile_corpus.py) through load_rota, under time and memory bounds.

Every case ends as a RotaError naming the file, or a result in which every row read is used or
rejected; none crashes, hangs or takes memory past the bound (issue 12 items 1, 4 and 6)."""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from hostile_corpus import cases  # noqa: E402

from payfair.errors import RotaError  # noqa: E402
from payfair.importers import DEFAULT_LIMITS, load_rota  # noqa: E402

CASES = cases()
MEMORY_BOUND = 2 * 2**30  # bytes: no case may take this process past 2 GB


def test_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case):
    limits = DEFAULT_LIMITS.but(**case.limits)
    t = time.perf_counter()
    try:
        read = load_rota(case.data, filename=case.filename, limits=limits)
    except RotaError as exc:
        took = time.perf_counter() - t
        assert case.expect == "error", f"{case.name}: refused, but a result was expected: {exc}"
        text = str(exc)
        assert case.filename in text, f"{case.name}: the message does not name the file: {text}"
        for word in case.words:
            assert word in text, f"{case.name}: {word!r} not in {text!r}"
    else:
        took = time.perf_counter() - t
        assert case.expect == "result", f"{case.name}: read, but an error was expected"
        assert read.rows_read == read.rows_used + len(read.rejected)
        if case.read is not None:
            assert read.rows_read == case.read
        if case.used is not None:
            assert read.rows_used == case.used
        notes = " | ".join([*read.rejected["reason"], *read.warnings["reason"]])
        for word in case.words:
            assert word in notes, f"{case.name}: {word!r} not in {notes!r}"
    assert took < case.seconds, f"{case.name} took {took:.2f} s"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    assert peak < MEMORY_BOUND, f"{case.name}: this process reached {peak / 2**30:.1f} GB"

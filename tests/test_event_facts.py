"""The facts the warnings need, kept in a size that does not grow with the events (issue 11), and
the warnings made from facts combined across partitions are word for word those made from the
whole timeline (the Dask engine relies on it; tests/test_dask.py checks it end to end)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from payfair.analysis import SHOW_ROWS, analyse, assumption_warnings
from payfair.event_facts import FlaggedRows, combine, event_facts
from payfair.policy import PayPolicy
from payfair.rota import Source, validate_events


def test_flagged_rows_count_events_and_distinct_rows():
    # rows 5, 3, 5, 12: four flagged events, three distinct rows (3, 5, 12)
    a = FlaggedRows.of(np.array([5, 3, 5, 12]))
    assert a.events == 4
    assert a.distinct_rows() == 3
    assert a.first_rows(2).tolist() == [3, 5]
    # another partition flags rows 3 and 40 (row 3 again: the same row number in another file)
    # together: 4 + 2 = 6 events; rows {3, 5, 12, 40} = 4 distinct
    both = a.combined(FlaggedRows.of(np.array([3, 40])))
    assert both.events == 6
    assert both.distinct_rows() == 4
    assert both.first_rows(10).tolist() == [3, 5, 12, 40]
    # the bitmap holds one bit per row from the first (3) to the last (40): 38 bits -> 5 bytes
    assert both.low == 3 and len(both.bitmap) == 5


def test_no_flagged_rows():
    none = FlaggedRows.of(np.array([], dtype=np.int64))
    assert none.events == 0 and none.distinct_rows() == 0
    assert none.combined(FlaggedRows()).first_rows(5).tolist() == []


def _read(n_workers: int, visits: int, paid_every: int):
    """A rota of n workers with `visits` one-hour visits each on Monday 6 April 2026; every
    `paid_every`-th row has its pay, the rest take the policy's."""
    rows = []
    for w in range(n_workers):
        for v in range(visits):
            start = pd.Timestamp("2026-04-06 07:00") + pd.Timedelta(hours=v)
            rows.append(
                {
                    "worker_id": f"W{w}",
                    "start": f"{start:%Y-%m-%d %H:%M}",
                    "end": f"{start + pd.Timedelta(hours=1):%Y-%m-%d %H:%M}",
                }
            )
    raw = pd.DataFrame(rows)
    raw["pay"] = ""
    raw.loc[raw.index % paid_every == 0, "pay"] = "13.00"
    raw.insert(0, "source_row", range(2, 2 + len(raw)))
    return validate_events(raw.astype({"source_row": "int64"}), Source(file="rota.csv"))


def test_warnings_from_combined_facts_match_the_whole_timeline():
    # 4 workers x 6 visits = 24 rows (2 to 25); rows 2, 5, 8, ... have pay: 16 rows without
    # pay, more than SHOW_ROWS, so the text lists 10 and says "and 6 more"
    read = _read(4, 6, 3)
    policy = PayPolicy()
    whole = analyse(read, policy, as_of="2026-12-31")
    timeline = whole.timeline
    by_worker = [event_facts(t) for _, t in timeline.groupby("worker_id", sort=False)]
    from_parts = assumption_warnings(
        read, combine(by_worker), whole.periods, None, policy, rejected=0
    )
    from_timeline = assumption_warnings(read, timeline, whole.periods, None, policy, rejected=0)
    pd.testing.assert_frame_equal(from_parts, from_timeline)
    text = " ".join(from_parts["reason"].astype(str))
    assert "16 row(s) have no pay (rows 3, 4, 6, 7, 9, 10, 12, 13, 15, 16 and 6 more)" in text
    assert SHOW_ROWS == 10


def test_facts_span_and_workers():
    read = _read(2, 3, 1)
    t = analyse(read, PayPolicy(), as_of="2026-12-31").timeline
    f = event_facts(t)
    assert f.events == 6
    assert f.first_day == f.last_day == pd.Timestamp("2026-04-06")
    assert sorted(f.worker_ids) == ["W0", "W1"]
    assert f.pay_from_policy.events == 0  # every row has its pay


def test_scattered_rows_kept_as_a_list_not_a_huge_bitmap():
    # rows 5 and 1,000,000,000: a bitmap would need 125 MB; kept as the two numbers instead
    a = FlaggedRows.of(np.array([1_000_000_000, 5, 5]))
    assert a.events == 3 and a.distinct_rows() == 2
    assert a.scattered is not None and len(a.bitmap) == 0
    # combined with a dense partition from row 2 (rows 2..4): 3 + 3 = 6 events; rows
    # {2, 3, 4, 5, 1e9} = 5 distinct
    both = a.combined(FlaggedRows.of(np.array([2, 3, 4])))
    assert both.events == 6 and both.distinct_rows() == 5
    assert both.first_rows(10).tolist() == [2, 3, 4, 5, 1_000_000_000]


def test_partitions_starting_at_different_rows_combine():
    # rows 10..12 and rows 2..3 (bitmaps from different first rows): 3 + 2 events, 5 rows
    both = FlaggedRows.of(np.array([10, 11, 12])).combined(FlaggedRows.of(np.array([2, 3])))
    assert both.events == 5 and both.first_rows(10).tolist() == [2, 3, 10, 11, 12]

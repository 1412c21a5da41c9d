"""build_timeline: the contract in docs/ARCHITECTURE.md "Timeline" and the rules of rules §3.

The hand-worked rule-by-rule cases are data in tests/golden/timeline_*.toml; these tests cover
the output shape, ordering, several workers, settings and scale.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from payfair.policy import Rules
from payfair.rota import Source, empty_events, validate_events
from payfair.schema import EVENT_COLUMNS, TZ
from payfair.timeline import TIMELINE_COLUMNS, build_timeline, working_minutes


def events(*rows: dict) -> pd.DataFrame:
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    raw = pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=columns)
    raw = raw.astype(str)
    raw.insert(0, "source_row", range(2, len(raw) + 2))
    read = validate_events(raw, Source(file="t.csv"))
    assert len(read.rejected) == 0, read.rejected["reason"].tolist()
    return read.events


def ev(worker: str, start: str, end: str, **extra) -> dict:
    day = "2026-04-06 "
    return {"worker_id": worker, "start": day + start, "end": day + end, **extra}


def test_output_columns_dtypes_and_input_kept():
    evs = events(ev("W1", "08:00", "09:00", travel_minutes="5"), ev("W1", "09:30", "10:00"))
    evs = evs.assign(extra_column=["a", "b"])
    tl = build_timeline(evs, Rules())
    assert list(tl.columns) == [*EVENT_COLUMNS, "extra_column", *TIMELINE_COLUMNS]
    for col in TIMELINE_COLUMNS:
        if col == "run_id":
            assert tl[col].dtype == "int64"
        elif col == "run_start" or col.startswith("flag_"):
            assert tl[col].dtype == bool, col
        else:
            assert tl[col].dtype == "float64", col
    assert str(tl["start"].dt.tz) == TZ
    assert tl["extra_column"].tolist() == ["a", "b"]


def test_sorted_by_worker_start_end_source_row():
    evs = events(
        ev("W2", "08:00", "09:00"),
        ev("W1", "10:00", "11:00"),
        ev("W1", "08:00", "09:30"),
        ev("W1", "08:00", "09:00", client_id="C1"),
        ev("W1", "08:00", "09:00", client_id="C2"),  # another client: not a duplicate row
    )
    tl = build_timeline(evs, Rules())
    assert tl["source_row"].tolist() == [5, 6, 4, 3, 2]
    assert tl.index.tolist() == list(range(5))
    # Identical events: the second counts nothing (union), both flagged as overlapping.
    assert tl["counted_minutes"].tolist() == [60.0, 0.0, 30.0, 60.0, 60.0]
    assert tl["flag_overlap"].tolist() == [True, True, True, False, False]


def test_input_not_modified_and_workers_independent():
    evs = events(
        ev("A", "08:00", "09:00"),
        ev("B", "08:30", "09:30", travel_minutes="10"),  # other worker: no overlap with A
        ev("A", "09:15", "10:00", travel_minutes="10"),
    )
    before = evs.copy()
    tl = build_timeline(evs, Rules())
    pd.testing.assert_frame_equal(evs, before)
    b = tl[tl["worker_id"] == "B"].iloc[0]
    assert np.isnan(b["gap_minutes"]) and b["run_start"] and not b["flag_overlap"]
    assert b["commute_minutes"] == 10.0  # B's first event: commute (rules §3.6)
    a2 = tl[tl["source_row"] == 4].iloc[0]
    assert (a2["gap_minutes"], a2["travel_counted_minutes"], a2["waiting_minutes"]) == (
        15.0,
        10.0,
        5.0,
    )


def test_working_minutes_helper():
    evs = events(
        ev("A", "08:00", "09:00", travel_minutes="20"),
        ev("A", "09:30", "10:00", travel_minutes="10"),
    )
    tl = build_timeline(evs, Rules())
    # rules §2: 60 + 30 contact + 10 travel + 20 waiting; the 20-minute commute is excluded.
    assert working_minutes(tl).tolist() == [60.0, 60.0]


def test_break_threshold_is_a_setting():
    evs = events(ev("A", "08:00", "09:00"), ev("A", "09:40", "10:00", travel_minutes="10"))
    # gap 40, travel 10, idle 30 (rules §3.4): waiting at 30, a break at 29.
    at_30 = build_timeline(evs, Rules(break_threshold_minutes=30)).iloc[1]
    at_29 = build_timeline(evs, Rules(break_threshold_minutes=29)).iloc[1]
    assert (at_30["waiting_minutes"], at_30["break_minutes"], at_30["run_start"]) == (30, 0, False)
    assert (at_29["waiting_minutes"], at_29["break_minutes"], at_29["run_start"]) == (0, 30, True)
    assert at_29["commute_minutes"] == 10.0 and at_29["run_id"] == 1


def test_run_ids_count_breaks_per_worker():
    evs = events(
        ev("A", "07:00", "08:00"),
        ev("A", "08:10", "08:40"),  # waiting 10: same run
        ev("A", "12:00", "13:00"),  # break: run 1
        ev("A", "17:00", "18:00"),  # break: run 2
        ev("B", "12:00", "13:00"),
        ev("B", "13:30", "14:00"),
    )
    tl = build_timeline(evs, Rules())
    assert tl["run_id"].tolist() == [0, 0, 1, 2, 0, 0]
    assert tl["run_start"].tolist() == [True, False, True, True, True, False]


def test_cancelled_paid_sits_in_a_run_and_does_not_bridge():
    evs = events(
        ev("A", "08:00", "09:00"),
        ev("A", "09:00", "12:00", status="cancelled", pay="30"),
        ev("A", "12:00", "13:00", travel_minutes="0"),
    )
    tl = build_timeline(evs, Rules())
    cancelled = tl[tl["flag_cancelled_paid"]].iloc[0]
    assert cancelled["counted_minutes"] == 0 and cancelled["run_id"] == 0
    assert not cancelled["flag_overlap"]
    last = tl.iloc[2]
    assert last["gap_minutes"] == 180.0 and last["break_minutes"] == 180.0  # 12:00 - 09:00
    assert last["run_id"] == 1
    assert working_minutes(tl).sum() == 120.0


def test_only_cancelled_events_for_a_worker():
    evs = events(ev("A", "08:00", "09:00", status="cancelled", pay="10"))
    tl = build_timeline(evs, Rules())
    assert tl["run_id"].tolist() == [0] and tl["flag_cancelled_paid"].tolist() == [True]
    assert working_minutes(tl).tolist() == [0.0]


def test_empty_events():
    tl = build_timeline(empty_events(), Rules())
    assert len(tl) == 0
    assert list(tl.columns) == [*EVENT_COLUMNS, *TIMELINE_COLUMNS]


def test_minimal_frame_without_optional_columns():
    evs = pd.DataFrame(
        {
            "worker_id": ["A", "A"],
            "start": pd.to_datetime(["2026-04-06 08:00", "2026-04-06 09:10"]).tz_localize(TZ),
            "end": pd.to_datetime(["2026-04-06 09:00", "2026-04-06 10:00"]).tz_localize(TZ),
        }
    )
    tl = build_timeline(evs)
    assert tl["waiting_minutes"].tolist() == [0.0, 10.0]
    assert tl["flag_travel_unknown"].tolist() == [False, True]


def test_utc_times_are_handled_as_london():
    evs = pd.DataFrame(
        {
            "worker_id": ["A", "A"],
            "start": pd.to_datetime(["2026-10-25 00:00", "2026-10-25 01:40"]).tz_localize("UTC"),
            "end": pd.to_datetime(["2026-10-25 01:00", "2026-10-25 02:00"]).tz_localize("UTC"),
        }
    )
    tl = build_timeline(evs)
    assert str(tl["start"].dt.tz) == TZ
    assert tl["gap_minutes"].tolist()[1] == 40.0


@pytest.mark.parametrize("setting", ["count_commute", "count_travel_across_breaks"])
def test_settings_do_not_change_within_run_travel(setting):
    evs = events(
        ev("A", "08:00", "09:00", travel_minutes="20"),
        ev("A", "09:30", "10:00", travel_minutes="10", travel_miles="4"),
    )
    base = build_timeline(evs, Rules()).iloc[1]
    other = build_timeline(evs, Rules(**{setting: True})).iloc[1]
    for col in ("travel_counted_minutes", "waiting_minutes", "business_miles"):
        assert base[col] == other[col]


def test_large_rota_is_fast():
    # Vectorised: 200k events for 500 workers in well under the time a row loop would take.
    rng = np.random.default_rng(7)
    n = 200_000
    worker = rng.integers(0, 500, n).astype(str)
    start = pd.Timestamp("2026-04-01", tz=TZ) + pd.to_timedelta(
        rng.integers(0, 60 * 24 * 28, n), unit="min"
    )
    evs = pd.DataFrame(
        {
            "source_row": np.arange(2, n + 2),
            "worker_id": worker,
            "start": start,
            "end": start + pd.to_timedelta(rng.integers(15, 90, n), unit="min"),
            "kind": "visit",
            "status": np.where(rng.random(n) < 0.02, "cancelled", "completed"),
            "travel_minutes": np.where(rng.random(n) < 0.2, np.nan, rng.integers(0, 40, n)),
            "travel_miles": rng.integers(0, 15, n).astype(float),
        }
    )
    t0 = time.perf_counter()
    tl = build_timeline(evs, Rules())
    elapsed = time.perf_counter() - t0
    assert len(tl) == n
    assert elapsed < 20, elapsed


def test_running_max_restarts_per_worker_on_both_paths():
    # The latest end so far, per worker (rules §3: the gap runs from the worker's previous
    # event's end, the latest end so far). Worker 0 ends at 50, 30, 70: running max 50, 50, 70;
    # worker 1 starts again from its own ends 10, 5: running max 10, 10 (not 70).
    from payfair.timeline import running_max

    codes = np.array([0, 0, 0, 1, 1], dtype=np.int64)
    first = np.array([True, False, False, True, False])
    ends = np.array([50, 30, 70, 10, 5], dtype=np.int64)
    assert running_max(ends, codes, first).tolist() == [50, 50, 70, 10, 10]
    # Values so far apart that code × span overflows int64: the grouped fallback, same answer.
    huge = ends * (2**56)
    assert (running_max(huge, codes, first) // 2**56).tolist() == [50, 50, 70, 10, 10]


def test_worker_order_is_the_ids_sort_order():
    # Upper case sorts before lower case, digits before letters, as a sort of the ids does.
    ids = ["b", "C", "10", "a", "9"]
    tl = build_timeline(events(*(ev(w, "08:00", "09:00") for w in ids)), Rules())
    assert tl["worker_id"].tolist() == sorted(ids) == ["10", "9", "C", "a", "b"]


def test_event_order_is_a_stable_sort_on_worker_start_end_row():
    # Rows already in time order per worker take the fast path (a sort on the worker alone);
    # any row out of order (here equal start and end, rows 9 before 3) takes the full sort.
    from payfair.timeline import event_order

    codes = np.array([1, 0, 1, 0, 0])
    start = np.array([5, 1, 6, 2, 2])
    end = np.array([9, 3, 7, 4, 4])
    in_time_order = np.array([2, 3, 4, 5, 6])
    out_of_order = np.array([2, 3, 4, 9, 3])
    for rows in (in_time_order, out_of_order):
        expected = np.lexsort((rows, end, start, codes))
        assert event_order(codes, start, end, rows).tolist() == expected.tolist()
    assert event_order(codes, start, end, out_of_order).tolist() == [1, 4, 3, 0, 2]


def test_times_beyond_the_nanosecond_range_are_measured_in_their_own_unit():
    # Times are compared as integers in the columns' own unit (microseconds for a validated
    # rota), so a date past 2262 (the end of nanosecond time) still works: 09:00-10:00 and
    # 10:30-11:00 with no travel given: gap 30 min, all waiting (30 <= 60, rules §3.3-3.4).
    start = pd.Series(pd.to_datetime(["2400-04-03 09:00", "2400-04-03 10:30"])).dt.as_unit("us")
    evs = pd.DataFrame(
        {
            "worker_id": ["W1", "W1"],
            "start": start.dt.tz_localize(TZ),
            "end": (start + pd.to_timedelta([60, 30], unit="min")).dt.tz_localize(TZ),
        }
    )
    tl = build_timeline(evs, Rules())
    assert tl["gap_minutes"].iloc[1] == 30.0
    assert tl["waiting_minutes"].iloc[1] == 30.0
    assert tl["event_minutes"].tolist() == [60.0, 30.0]


def test_rows_in_order_takes_every_kind_of_column_as_pandas_does():
    """_rows_in_order takes numeric and datetime columns by np.take and coded text by codes:
    each column must come out exactly as pandas' own take gives it (values, dtype, NA)."""
    from payfair.timeline import _rows_in_order

    n = 50
    rng = np.random.default_rng(7)
    ids = pd.Series([f"w{i % 7}" if i % 11 else None for i in range(n)], dtype="str")
    df = pd.DataFrame(
        {
            "worker_id": ids,
            "plain_text": pd.Series([f"note {i}" for i in range(n)], dtype="str"),
            "start": pd.Series(
                pd.date_range("2026-03-29 00:00", periods=n, freq="17min", tz=TZ, unit="us")
            ),
            "naive": pd.date_range("2400-01-01", periods=n, freq="D", unit="s"),
            "minutes": np.where(np.arange(n) % 5 == 0, np.nan, rng.random(n)),
            "row": np.arange(2, n + 2, dtype="int64"),
            "flag": np.arange(n) % 3 == 0,
            "nullable": pd.array([i if i % 4 else None for i in range(n)], dtype="Int64"),
            "anything": pd.Series([i if i % 2 else "x" for i in range(n)], dtype="object"),
            # One value throughout (filled in, not taken), and columns that only look it.
            "zeros": np.zeros(n),
            "all_missing": np.full(n, np.nan),
            "zero_then_minus_zero": np.where(np.arange(n) == n - 1, -0.0, 0.0),
            "same_day": pd.Series(pd.Timestamp("2026-04-06", tz=TZ), index=range(n)).dt.as_unit(
                "us"
            ),
            "category": pd.Categorical(
                [f"c{i % 3}" if i % 13 else None for i in range(n)], categories=["c2", "c0", "c1"]
            ),
        }
    )
    order = rng.permutation(n)
    codes, uniques = pd.factorize(df["worker_id"])
    coded = {"worker_id": (codes[order], uniques)}  # codes already in order
    categories = df["category"].cat
    coded["category"] = (categories.codes.to_numpy()[order], categories.categories)
    got = _rows_in_order(df, order, coded)
    expected = df.take(order).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert list(got.dtypes) == list(df.dtypes)
    # -0.0 and 0.0 compare equal: the sign of each zero must still follow its row.
    assert np.array_equal(
        np.signbit(got["zero_then_minus_zero"]), np.signbit(expected["zero_then_minus_zero"])
    )


def test_cancelled_run_ids_match_a_row_by_row_reference():
    """A cancelled event takes the run of its worker's completed event before it, else after
    it, else run 0 (rules §3 end). Checked against a plain loop on random sorted rotas, with
    workers whose events are all cancelled, cancelled first and cancelled last."""
    from payfair.timeline import _cancelled_run_ids

    rng = np.random.default_rng(11)
    for _ in range(200):
        n = int(rng.integers(1, 40))
        codes = np.sort(rng.integers(0, 5, n)).astype(np.int64)
        cancelled = rng.random(n) < rng.choice([0.1, 0.5, 0.9, 1.0])
        if not cancelled.any():
            continue
        run_id = rng.integers(0, 9, n).astype(np.int64)  # any run ids of the completed events
        expected = []
        for p in np.flatnonzero(cancelled):
            done = [q for q in range(n) if not cancelled[q] and codes[q] == codes[p]]
            before = [q for q in done if q < p]
            after = [q for q in done if q > p]
            expected.append(run_id[before[-1]] if before else run_id[after[0]] if after else 0)
        got = _cancelled_run_ids(
            run_id[~cancelled], codes[~cancelled], np.flatnonzero(cancelled), codes
        )
        assert got.tolist() == expected
        assert got.dtype == np.int64


def test_local_days_are_pandas_london_dates_either_way():
    # timeline.local_days reads each UTC hour's offset from a table when the times span a few
    # years (payfair.rates.local_days_of), else converts through pandas: the same dates.
    # 2025-03-30 00:30 UTC is 00:30 GMT (30 March); 2025-10-25 23:30 UTC is 00:30 BST (26th).
    from payfair.timeline import local_days

    hour = 3600 * 10**6
    first = pd.Timestamp("2025-03-28", tz="UTC").value // 1000
    ticks = first + np.arange(0, 24 * 250) * hour // 2  # every half hour for 125 days
    ticks = np.concatenate([ticks, [0, pd.Timestamp("2025-10-25 23:30", tz="UTC").value // 1000]])
    utc = pd.DatetimeIndex(ticks.astype("datetime64[us]")).tz_localize("UTC")
    expected = utc.tz_convert(TZ).tz_localize(None).to_numpy().astype("datetime64[D]")
    for part in (ticks[:-2], ticks):  # a span of months (table), then back to 1970 (pandas)
        np.testing.assert_array_equal(local_days(part, "us"), expected[: len(part)])
    assert str(local_days(ticks[-1:], "us")[0]) == "2025-10-26"

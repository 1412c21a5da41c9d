"""Properties of build_timeline that hold for any rota (rules §3; ARCHITECTURE "Timeline").

- Order does not matter: shuffled rows give the same timeline.
- Workers are independent: building per worker equals building together.
- Working time is the union of events plus in-gap travel and waiting, so (leaving out the
  journey to the first event, counted only under count_commute) it never exceeds the span
  from a worker's first start to last end, and counted minutes equal the length of the
  union of the worker's completed events (rules §3.1).
- Every real gap is fully accounted for: counted travel + waiting + break + commute = gap.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from payfair.policy import Rules
from payfair.schema import TZ
from payfair.timeline import build_timeline, working_minutes

# Starts around the spring clock change so that some rotas cross it.
BASE = pd.Timestamp("2026-03-28 20:00", tz=TZ)

event_strategy = st.tuples(
    st.sampled_from(["A", "B", "C"]),
    st.integers(0, 60 * 40),  # start, minutes after BASE (real time)
    st.integers(1, 240),  # duration
    st.one_of(st.none(), st.integers(0, 90)),  # travel minutes
    st.one_of(st.none(), st.integers(0, 30)),  # travel miles
    st.sampled_from(["visit", "visit", "training", "office"]),
    st.sampled_from(["completed"] * 5 + ["cancelled"]),
)
rules_strategy = st.builds(
    Rules,
    break_threshold_minutes=st.sampled_from([0.0, 30.0, 60.0, 120.0]),
    count_commute=st.booleans(),
    count_travel_across_breaks=st.booleans(),
    assumed_speed_mph=st.sampled_from([None, 20.0]),
)
FAST = settings(max_examples=50, deadline=None)


def to_frame(rows: list[tuple]) -> pd.DataFrame:
    worker, start, duration, travel, miles, kind, status = (
        list(c) for c in zip(*rows, strict=True)
    )
    start_ts = BASE + pd.to_timedelta(pd.Series(start, dtype="int64"), unit="min")
    return pd.DataFrame(
        {
            "source_row": pd.Series(range(2, len(rows) + 2), dtype="int64"),
            "worker_id": pd.Series(worker, dtype=str),
            "start": start_ts,
            "end": start_ts + pd.to_timedelta(pd.Series(duration, dtype="int64"), unit="min"),
            "kind": kind,
            "status": status,
            "travel_minutes": pd.Series(travel, dtype="float64"),
            "travel_miles": pd.Series(miles, dtype="float64"),
            "pay": pd.Series([10.0 if s == "cancelled" else float("nan") for s in status]),
        }
    )


rota_strategy = st.lists(event_strategy, min_size=1, max_size=25).map(to_frame)


@FAST
@given(rota=rota_strategy, rules=rules_strategy, seed=st.integers(0, 2**16))
def test_shuffling_rows_gives_the_same_timeline(rota, rules, seed):
    expected = build_timeline(rota, rules)
    shuffled = build_timeline(rota.sample(frac=1, random_state=seed), rules)
    pd.testing.assert_frame_equal(shuffled, expected)


@FAST
@given(rota=rota_strategy, rules=rules_strategy)
def test_per_worker_equals_together(rota, rules):
    together = build_timeline(rota, rules)
    parts = [build_timeline(rota[rota["worker_id"] == w], rules) for w in ["A", "B", "C"]]
    separate = pd.concat([p for p in parts if len(p)], ignore_index=True)
    pd.testing.assert_frame_equal(separate, together)


@FAST
@given(rota=rota_strategy, rules=rules_strategy)
def test_working_time_within_span_and_counted_is_the_union(rota, rules):
    tl = build_timeline(rota, rules)
    tl = tl.assign(working=working_minutes(tl))
    # The journey to a worker's first event lies before the span (it counts only under
    # count_commute); everything else counted lies inside the span.
    first = tl["gap_minutes"].isna() & (tl["status"] == "completed")
    in_span = tl["working"] - tl["travel_counted_minutes"].where(first, 0.0)
    tl = tl.assign(in_span=in_span)
    done = tl[tl["status"] == "completed"]
    for worker, group in done.groupby("worker_id"):
        span = (group["end"].max() - group["start"].min()) / pd.Timedelta(minutes=1)
        assert group["in_span"].sum() <= span + 1e-9, worker
        # Union of intervals, computed independently (events are sorted by start).
        union, reach = 0.0, None
        for start, end in zip(group["start"], group["end"], strict=True):
            if reach is None or start >= reach:
                union += (end - start) / pd.Timedelta(minutes=1)
                reach = end
            elif end > reach:
                union += (end - reach) / pd.Timedelta(minutes=1)
                reach = end
        assert group["counted_minutes"].sum() == union
    assert (tl["counted_minutes"] >= 0).all() and (
        tl["counted_minutes"] <= tl["event_minutes"]
    ).all()
    cancelled = tl["status"] == "cancelled"
    assert (tl.loc[cancelled, "working"] == 0).all()
    assert tl.loc[cancelled, "flag_cancelled_paid"].all()


@FAST
@given(rota=rota_strategy, rules=rules_strategy)
def test_every_gap_is_accounted_for(rota, rules):
    tl = build_timeline(rota, rules)
    gapped = tl["gap_minutes"] >= 0
    parts = (
        tl["travel_counted_minutes"]
        + tl["waiting_minutes"]
        + tl["break_minutes"]
        + tl["commute_minutes"]
    )
    assert ((parts - tl["gap_minutes"]).abs()[gapped] < 1e-9).all()
    for col in ("travel_counted_minutes", "waiting_minutes", "break_minutes", "commute_minutes"):
        assert (tl[col] >= 0).all(), col
    assert (tl.loc[tl["break_minutes"] > 0, "run_start"]).all()
    assert (tl.loc[~tl["run_start"], "break_minutes"] == 0).all()
    assert (tl["waiting_minutes"] <= rules.break_threshold_minutes).all()

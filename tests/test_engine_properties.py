"""Properties of the whole engine (rules §2-5), checked on generated rotas with hypothesis.

- The order of the rows in the file changes nothing.
- Adding unpaid waiting time (moving a later visit later, within the break threshold, with pay
  unchanged) never raises the true hourly rate: more working time for the same NMW pay.
- Analysing workers one at a time gives the same periods as analysing them together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payfair.analysis import analyse_events
from payfair.policy import PayPolicy

AS_OF = "2026-11-01"
POLICY = PayPolicy(contact_rate=12.00, travel_rate=0.0, waiting_rate=0.0, mileage_rate=0.25)
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

event = st.tuples(
    st.integers(10, 90),  # duration, minutes
    st.sampled_from([0, 5, 10, 20, 45, 70, 180, 1440, 2900]),  # gap before it, minutes
    st.one_of(st.none(), st.integers(0, 40)),  # travel minutes (None = unknown)
    st.one_of(st.none(), st.floats(0, 15, allow_nan=False)),  # travel miles
    st.sampled_from(["visit", "visit", "visit", "training"]),
)
worker_events = st.lists(event, min_size=1, max_size=6)
rotas = st.lists(worker_events, min_size=1, max_size=3)


def build(rota: list[list[tuple]], first_day: str = "2026-03-23 07:00") -> pd.DataFrame:
    """Events for workers W0, W1, … laid out from `first_day` (vectorised per worker)."""
    frames = []
    for w, evs in enumerate(rota):  # a handful of generated workers
        dur = np.array([e[0] for e in evs], dtype="int64")
        gap = np.array([e[1] for e in evs], dtype="int64")
        gap[0] = 0
        offset = np.cumsum(gap + np.concatenate([[0], dur[:-1]]))
        start = pd.Timestamp(first_day) + pd.to_timedelta(offset, unit="min")
        frames.append(
            pd.DataFrame(
                {
                    "worker_id": f"W{w}",
                    "start": start,
                    "end": start + pd.to_timedelta(dur, unit="min"),
                    "kind": [e[4] for e in evs],
                    "travel_minutes": [np.nan if e[2] is None else float(e[2]) for e in evs],
                    "travel_miles": [np.nan if e[3] is None else e[3] for e in evs],
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["start"] = out["start"].dt.tz_localize("Europe/London")
    out["end"] = out["end"].dt.tz_localize("Europe/London")
    out.insert(0, "source_row", np.arange(2, len(out) + 2))
    return out


WORKERS = pd.DataFrame(
    {
        "worker_id": ["W0", "W1", "W2"],
        "date_of_birth": pd.to_datetime(["1980-01-01", "2006-04-02", pd.NaT]),
        "apprentice": [False, False, False],
        "apprenticeship_start": pd.to_datetime([pd.NaT] * 3),
        "role": ["care or support worker"] * 3,
        "contact_rate": [np.nan, 11.50, np.nan],
    }
)


def periods_of(events: pd.DataFrame, rota_span=None) -> pd.DataFrame:
    _, periods = analyse_events(events, WORKERS, POLICY, as_of=AS_OF, rota_span=rota_span)
    return periods.sort_values(["worker_id", "period_start"]).reset_index(drop=True)


@SETTINGS
@given(rotas, st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(rota, rnd):
    events = build(rota)
    order = list(range(len(events)))
    rnd.shuffle(order)
    shuffled = events.iloc[order].reset_index(drop=True)
    pd.testing.assert_frame_equal(periods_of(events), periods_of(shuffled))


@SETTINGS
@given(rotas)
def test_workers_separately_equal_together(rota):
    events = build(rota)
    together = periods_of(events)
    # "Partial period" is about the dates the whole rota covers, not one worker's own events,
    # so each worker alone is analysed against the whole rota's span (as a Dask partition is).
    local = events["start"].dt.tz_localize(None).dt.normalize()
    span = (local.min(), local.max())
    separately = (
        pd.concat(
            [
                periods_of(events[events["worker_id"] == w], span)
                for w in events["worker_id"].unique()
            ],
            ignore_index=True,
        )
        .sort_values(["worker_id", "period_start"])
        .reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(together, separately)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.integers(15, 60),  # duration
            st.integers(0, 40),  # gap
            st.one_of(st.none(), st.integers(0, 40)),  # travel
        ),
        min_size=2,
        max_size=6,
    ),
    st.integers(1, 60),
)
def test_adding_unpaid_waiting_never_raises_the_true_hourly_rate(evs, delay):
    # One weekday (Mon 2026-06-01), visits from 07:00; all gaps ≤ 40 min so idle ≤ 40 < 60.
    rota = [[(d, g, t, None, "visit") for d, g, t in evs]]
    events = build(rota, "2026-06-01 07:00")
    last = events.index[-1]
    gap = (events.loc[last, "start"] - events.loc[last - 1, "end"]) / pd.Timedelta(minutes=1)
    travel = events.loc[last, "travel_minutes"]
    idle = gap - (0.0 if np.isnan(travel) else min(travel, gap))
    delay = min(delay, int(60 - idle))  # keep the idle time within the break threshold (rules §3.4)
    later = events.copy()
    shift = pd.Timedelta(minutes=delay)
    later.loc[last, "start"] = later.loc[last, "start"] + shift
    later.loc[last, "end"] = later.loc[last, "end"] + shift
    before = periods_of(events)
    after = periods_of(later)
    assert len(before) == len(after) == 1
    assert after["gross_pay"].iloc[0] == before["gross_pay"].iloc[0]  # pay unchanged
    assert after["working_hours"].iloc[0] >= before["working_hours"].iloc[0] - 1e-12
    assert after["true_hourly_rate"].iloc[0] <= before["true_hourly_rate"].iloc[0] + 1e-12

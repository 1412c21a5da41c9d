"""The gap rules (rules §2-3): from a worker's events to counted contact, travel and waiting.

`build_timeline(events, rules)` orders each worker's events, measures the gap since the worker's
previous event ended (the latest end so far, so a long event that covers later ones is handled),
and splits each gap into counted travel, waiting, a break, or commuting. Everything is vectorised
over the whole rota: no loops over events.

Output columns are listed in docs/ARCHITECTURE.md "Timeline".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from payfair.policy import Rules
from payfair.schema import TZ

MINUTE = pd.Timedelta(minutes=1)
SORT_KEYS = ["worker_id", "start", "end", "source_row"]

TIMELINE_COLUMNS = (
    "event_minutes",
    "counted_minutes",
    "contact_minutes",
    "other_minutes",
    "gap_minutes",
    "travel_known_minutes",
    "travel_counted_minutes",
    "waiting_minutes",
    "break_minutes",
    "commute_minutes",
    "business_miles",
    "run_id",
    "run_start",
    "flag_overlap",
    "flag_insufficient_travel",
    "flag_travel_unknown",
    "flag_cancelled_paid",
)
FLAG_COLUMNS = tuple(c for c in TIMELINE_COLUMNS if c.startswith("flag_"))


def working_minutes(timeline: pd.DataFrame) -> pd.Series:
    """Minutes of working time per event (ARCHITECTURE.md: contact + other + travel + waiting)."""
    return (
        timeline["contact_minutes"]
        + timeline["other_minutes"]
        + timeline["travel_counted_minutes"]
        + timeline["waiting_minutes"]
    )


def _with_defaults(events: pd.DataFrame) -> pd.DataFrame:
    """Fill optional columns an engine caller may leave out (validated rotas have them all)."""
    out = events.copy()
    n = len(out)
    if "source_row" not in out.columns:
        out["source_row"] = np.arange(2, n + 2, dtype="int64")
    if "kind" not in out.columns:
        out["kind"] = "visit"
    if "status" not in out.columns:
        out["status"] = "completed"
    for col in ("travel_minutes", "travel_miles"):
        if col not in out.columns:
            out[col] = np.nan
    for col in ("start", "end"):
        values = out[col]
        if not isinstance(values.dtype, pd.DatetimeTZDtype):
            values = pd.to_datetime(values).dt.tz_localize(
                TZ, ambiguous=np.ones(n, dtype=bool), nonexistent="shift_forward"
            )
        out[col] = values.dt.tz_convert(TZ)
    return out


def build_timeline(events: pd.DataFrame, rules: Rules | None = None) -> pd.DataFrame:
    """Per event: counted minutes, travel, waiting, break, commute, run and flags (rules §3).

    Completed events drive the gaps. Cancelled events (paid ones: unpaid ones were rejected by
    validation) pass through with no counted time and `flag_cancelled_paid`, and do not change
    any other event's gap. Returns every input column plus TIMELINE_COLUMNS, sorted by
    worker_id, start, end, source_row.
    """
    rules = rules or Rules()
    df = _with_defaults(events).sort_values(SORT_KEYS, kind="stable").reset_index(drop=True)

    cancelled = df["status"].astype(str).str.lower().eq("cancelled").to_numpy()
    work = df.loc[~cancelled]
    work_out = _gap_rules(work, rules)

    if cancelled.any():
        other = _cancelled_rows(df.loc[cancelled], rules)
        out = pd.concat([work_out, other]).sort_index()
        # A cancelled event sits in the run of the completed event before it (or after it).
        run_id = out["run_id"].astype("float64").groupby(out["worker_id"]).ffill()
        run_id = run_id.groupby(out["worker_id"]).bfill().fillna(0)
        out["run_id"] = run_id.astype("int64")
    else:
        out = work_out
    return out.reset_index(drop=True)


def _travel_known(df: pd.DataFrame, rules: Rules) -> pd.Series:
    """travel_minutes, else miles ÷ assumed speed × 60 when a speed is set (rules §3.2)."""
    t = df["travel_minutes"].astype("float64")
    if rules.assumed_speed_mph:
        from_miles = df["travel_miles"].astype("float64") / float(rules.assumed_speed_mph) * 60.0
        t = t.fillna(from_miles)
    return t


def _cancelled_rows(df: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Cancelled-but-paid events: paid non-working time (rules §3 end)."""
    out = df.copy()
    zero = pd.Series(0.0, index=df.index)
    out["event_minutes"] = (df["end"] - df["start"]) / MINUTE
    for col in (
        "counted_minutes",
        "contact_minutes",
        "other_minutes",
        "travel_counted_minutes",
        "waiting_minutes",
        "break_minutes",
        "commute_minutes",
        "business_miles",
    ):
        out[col] = zero
    out["gap_minutes"] = np.nan
    out["travel_known_minutes"] = _travel_known(df, rules)
    out["run_id"] = np.nan
    out["run_start"] = False
    for col in FLAG_COLUMNS:
        out[col] = col == "flag_cancelled_paid"
    return out


def _gap_rules(df: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """rules §3 on completed events already sorted by worker, start, end, source_row."""
    out = df.copy()
    worker = df["worker_id"]
    start, end = df["start"], df["end"]

    # Previous end = the latest end among this worker's earlier events (so gaps measure real
    # free time even when a long event covers shorter ones). Timedelta arithmetic on tz-aware
    # times is real elapsed time, so clock changes are handled.
    prev_end = end.groupby(worker).cummax().groupby(worker).shift(1)
    gap = (start - prev_end) / MINUTE
    event_minutes = (end - start) / MINUTE

    first = prev_end.isna()
    overlap = gap < 0  # NaN compares False
    gapped = ~first & ~overlap  # a real gap g >= 0

    # §3.1 overlap: count only the part not already covered (the union of intervals).
    later_start = start.where(~overlap, prev_end)
    counted = ((end - later_start) / MINUTE).clip(lower=0.0)

    # §3.2 travel t, travel used min(t, g), insufficient when t > g.
    t = _travel_known(df, rules)
    known = t.notna()
    g = gap.where(gapped, 0.0)
    used = np.minimum(t, g).where(gapped & known, 0.0)
    insufficient = (gapped & known & (t > g)) | (overlap & known & (t > 0))
    unknown = ~first & ~overlap & ~known

    # §3.3 idle i = g − used (the whole gap when travel is unknown).
    idle = (g - used).where(gapped, 0.0)

    # §3.4 / §3.5 waiting or a break.
    is_break = gapped & (idle > float(rules.break_threshold_minutes))
    in_run = gapped & ~is_break
    waiting = idle.where(in_run, 0.0)
    break_minutes = idle.where(is_break, 0.0)

    # §3.5-3.6 travel to a run start: commute unless a setting counts it.
    prev_date = prev_end.dt.tz_localize(None).dt.normalize()
    start_date = start.dt.tz_localize(None).dt.normalize()
    same_day = prev_date == start_date  # NaT (first event) compares False
    counts_after_break = is_break & (
        bool(rules.count_commute) | (bool(rules.count_travel_across_breaks) & same_day)
    )
    counts_first = first & bool(rules.count_commute)
    first_travel = t.fillna(0.0).where(first, 0.0)

    travel_counted = used.where(in_run | counts_after_break, 0.0) + first_travel.where(
        counts_first, 0.0
    )
    commute = used.where(is_break & ~counts_after_break, 0.0) + first_travel.where(
        first & ~counts_first, 0.0
    )

    # Business miles: journeys between assignments (within a run, including overlapping
    # ones whose minutes did not fit), and run-start journeys that a setting counts.
    counted_journey = (~first & ~is_break) | counts_after_break | counts_first
    miles = df["travel_miles"].astype("float64")
    business_miles = miles.where(counted_journey, 0.0).fillna(0.0)

    run_start = first | is_break
    run_id = run_start.astype("int64").groupby(worker).cumsum() - 1

    # Flag both events of an overlap: this one and the worker's immediately preceding event.
    next_overlaps = overlap.groupby(worker).shift(-1, fill_value=False).astype(bool)
    kind = df["kind"].astype(str).str.lower()

    out["event_minutes"] = event_minutes.astype("float64")
    out["counted_minutes"] = counted.astype("float64")
    out["contact_minutes"] = counted.where(kind == "visit", 0.0).astype("float64")
    out["other_minutes"] = counted.where(kind.isin(["training", "office"]), 0.0).astype("float64")
    out["gap_minutes"] = gap.astype("float64")
    out["travel_known_minutes"] = t.astype("float64")
    out["travel_counted_minutes"] = travel_counted.astype("float64")
    out["waiting_minutes"] = waiting.astype("float64")
    out["break_minutes"] = break_minutes.astype("float64")
    out["commute_minutes"] = commute.astype("float64")
    out["business_miles"] = business_miles.astype("float64")
    out["run_id"] = run_id.astype("int64")
    out["run_start"] = run_start.astype(bool)
    out["flag_overlap"] = (overlap | next_overlaps).astype(bool)
    out["flag_insufficient_travel"] = insufficient.astype(bool)
    out["flag_travel_unknown"] = unknown.astype(bool)
    out["flag_cancelled_paid"] = False
    return out

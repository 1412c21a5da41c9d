"""Provider page: one worker's day drawn as a timeline of visits, travel, waiting and breaks,
with the events behind it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from payfair.ui import charts, state, tables

EVENT_COLUMNS = [
    "start",
    "end",
    "kind",
    "status",
    "client_id",
    "contact_minutes",
    "travel_counted_minutes",
    "waiting_minutes",
    "break_minutes",
    "commute_minutes",
    "gross_pay",
    "flags",
]


def _local_day(times: pd.Series) -> pd.Series:
    return pd.to_datetime(times).dt.tz_localize(None).dt.normalize()


def _default_worker(periods: pd.DataFrame) -> str:
    """The worker with the largest shortfall (else the most unpaid working time)."""
    by = periods.groupby("worker_id")[["shortfall", "unpaid_working_hours"]].sum()
    return str(by.sort_values(["shortfall", "unpaid_working_hours"], ascending=False).index[0])


def render() -> None:
    st.title("A worker's day")
    st.caption(
        "Where the hours go: paid visits, and the travel and waiting between them that count as "
        "working time in law but are often unpaid."
    )
    loaded = state.load()
    if tables.problem(loaded):
        return
    state.remember_names(loaded.rota)
    tl = loaded.analysis.timeline
    periods = loaded.analysis.periods
    if tl.empty:
        st.warning("The rota has no usable events.")
        return
    workers = sorted(tl["worker_id"].astype(str).unique())
    default = _default_worker(periods) if len(periods) else workers[0]
    c = st.columns([2, 2, 3])
    worker = tables.pick_person(
        c[0], "Worker", workers, default, key=f"day_worker_{state.settings().pseudonymise}"
    )
    mine = tl[tl["worker_id"].astype(str) == worker].sort_values("start", kind="stable")
    days = _local_day(mine["start"])
    unpaid = (
        (mine.get("travel_counted_minutes", 0).fillna(0) + mine.get("waiting_minutes", 0).fillna(0))
        .groupby(days)
        .sum()
    )
    options = sorted(days.dt.date.unique())
    best = unpaid.idxmax().date() if len(unpaid) else options[0]
    labels = {d.strftime("%A %d %B %Y"): d for d in options}
    day = labels[
        c[1].selectbox(
            "Day",
            list(labels),
            index=options.index(best) if best in options else 0,
            key=f"day_day_{state.show_name(worker)}",
        )
    ]
    ev = mine[days.dt.date == day].copy()
    # The gap before the day's first event is the night's rest, not a break in the day.
    first = ev.index[0]
    gap = ev.at[first, "gap_minutes"]
    if pd.isna(gap) or gap > 12 * 60:
        ev.loc[first, "break_minutes"] = 0.0
    c[2].caption(
        "Opens on the worker with the largest shortfall and their day with the most travel and "
        "waiting. Pick any worker or day."
    )
    contact = ev["contact_minutes"].sum() / 60
    travel = ev["travel_counted_minutes"].sum() / 60
    waiting = ev["waiting_minutes"].sum() / 60
    breaks = ev["break_minutes"].sum() / 60
    pay = ev["gross_pay"].sum() if "gross_pay" in ev else float("nan")
    m = st.columns(5)
    m[0].metric("Visits", f"{(ev['kind'] == 'visit').sum():,}", border=True)
    m[1].metric("Contact time", tables.hours(contact), border=True)
    m[2].metric(
        "Travel & waiting",
        tables.hours(travel + waiting),
        help="Travel between visits and waits up to the break threshold: working time for the "
        "minimum wage (NMW Regulations 2015 regs 30-34).",
        border=True,
    )
    m[3].metric("Breaks (not working time)", tables.hours(breaks), border=True)
    m[4].metric("Gross pay for the day", tables.money(pay), border=True)
    segments = charts.day_segments(ev, pd.Timestamp(day))
    segments = state.view(segments)
    st.altair_chart(charts.timeline_chart(segments), width="stretch")
    st.caption(
        "The minimum-wage test averages pay over the whole pay period, not one day: see *True "
        "hourly rates* for this worker's periods."
    )
    st.subheader("The day's events")
    shown = ev.copy()
    shown["flags"] = _flags(shown)
    tables.show_table(
        shown, f"day {state.show_name(worker)} {day}", key="day_events", columns=EVENT_COLUMNS
    )


def _flags(ev: pd.DataFrame) -> pd.Series:
    names = {
        "flag_overlap": "overlap",
        "flag_insufficient_travel": "insufficient travel time",
        "flag_travel_unknown": "travel unknown",
        "flag_cancelled_paid": "cancelled, paid",
    }
    out = pd.Series("", index=ev.index, dtype="string")
    for col, name in names.items():
        if col in ev.columns:
            hit = ev[col].fillna(False).astype(bool)
            out = out.where(~hit, out.where(out == "", out + "; ") + name)
    return out


if __name__ == "__main__":
    render()

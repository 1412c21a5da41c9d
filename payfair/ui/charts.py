"""Altair charts for the app. Pure functions: DataFrames in, `alt.Chart` out (no Streamlit here),
so they can be tested on small hand-built frames."""

from __future__ import annotations

import altair as alt
import pandas as pd

BELOW = "Below the minimum wage"
AT_OR_ABOVE = "At or above the minimum wage"
POUNDS = "'£' + format(datum.value, ',.2f')"
RATE_COLOURS = alt.Scale(domain=[BELOW, AT_OR_ABOVE], range=["#c0392b", "#2e86c1"])

#: the pieces of a worker's day, in drawing order, with their colours
SEGMENTS = {
    "Visit (paid contact time)": "#2e86c1",
    "Training or office": "#8e44ad",
    "Travel between visits (working time)": "#e67e22",
    "Waiting between visits (working time)": "#f1c40f",
    "Break (free time, not working time)": "#d5d8dc",
    "Commute from home (not working time)": "#95a5a6",
    "Cancelled visit (paid)": "#abebc6",
}


def period_label(start: pd.Series) -> pd.Series:
    """'w/c 06 Jan 2025' labels for pay periods (sortable as the dates are)."""
    return "from " + pd.to_datetime(start).dt.strftime("%d %b %Y")


def rate_strip(
    df: pd.DataFrame,
    *,
    rate: str = "true_hourly_rate",
    group: str = "period",
    reference: str = "nmw_rate",
    group_title: str = "Pay period",
    tooltip: list | None = None,
) -> alt.Chart:
    """One dot per worker and period (or scenario) at their true hourly rate, coloured red below
    the minimum wage, with a tick per row at the minimum-wage rate for that row."""
    data = df.copy()
    data["status"] = data["below_nmw"].map({True: BELOW, False: AT_OR_ABOVE}).fillna(AT_OR_ABOVE)
    order = list(dict.fromkeys(data[group].astype(str)))
    rows = max(len(order), 1)
    band = 46 if rows < 8 else 30
    y = alt.Y(f"{group}:N", title=group_title, sort=order, axis=alt.Axis(labelLimit=260))
    lo = float(min(data[rate].min(), data[reference].min())) - 0.5
    hi = float(max(data[rate].max(), data[reference].max())) + 1.6  # room for the label
    x = alt.X(
        f"{rate}:Q",
        title="£ per hour of working time",
        scale=alt.Scale(domain=[max(lo, 0), hi], nice=False, zero=False),
        axis=alt.Axis(labelExpr=POUNDS),
    )
    dots = (
        alt.Chart(data)
        .mark_circle(size=70, opacity=0.75)
        .encode(
            x=x,
            y=y,
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-1, 1])),
            color=alt.Color("status:N", scale=RATE_COLOURS, title=None),
            tooltip=tooltip or [alt.Tooltip(f"{rate}:Q", format=",.2f")],
        )
        .transform_calculate(jitter="sqrt(-2*log(random()))*cos(2*PI*random()) / 3")
    )
    ref = (
        data.groupby(group, sort=False, as_index=False)[reference]
        .max()
        .rename(columns={reference: "minimum_wage"})
    )
    ticks = (
        alt.Chart(ref)
        .mark_tick(color="#1b2631", thickness=3, size=band * 0.9)
        .encode(
            x=alt.X("minimum_wage:Q"),
            y=y,
            tooltip=[alt.Tooltip("minimum_wage:Q", title="Minimum wage £", format=",.2f")],
        )
    )
    ref["label"] = ref["minimum_wage"].map(lambda v: f"minimum wage £{v:,.2f}")
    # label the line where it first appears and where the rate changes, not on every row
    changed = ref["minimum_wage"].ne(ref["minimum_wage"].shift())
    labels = (
        alt.Chart(ref[changed])
        .mark_text(align="left", dx=6, fontSize=12, color="#1b2631")
        .encode(x="minimum_wage:Q", y=y, text="label:N")
    )
    return (
        alt.layer(dots, ticks, labels)
        .properties(height=alt.Step(band))
        .configure_axis(labelFontSize=13, titleFontSize=13)
        .configure_legend(orient="top", labelFontSize=13, symbolSize=120, labelLimit=0)
        .configure_view(strokeWidth=0)
    )


def true_rate_chart(periods: pd.DataFrame) -> alt.Chart:
    """True hourly rate per worker and pay period against the minimum-wage line."""
    data = periods.copy()
    data["period"] = period_label(data["period_start"])
    data = data.sort_values("period_start")
    return rate_strip(
        data,
        tooltip=[
            alt.Tooltip("worker_id:N", title="Worker"),
            alt.Tooltip("period:N", title="Pay period"),
            alt.Tooltip("true_hourly_rate:Q", title="True hourly rate £", format=",.2f"),
            alt.Tooltip("headline_rate:Q", title="Headline rate £", format=",.2f"),
            alt.Tooltip("nmw_rate:Q", title="Minimum wage £", format=",.2f"),
            alt.Tooltip("working_hours:Q", title="Working hours", format=".1f"),
            alt.Tooltip("shortfall:Q", title="Shortfall £", format=",.2f"),
        ],
    )


def day_segments(events: pd.DataFrame, day_start: pd.Timestamp | None = None) -> pd.DataFrame:
    """The pieces of a worker's day from timeline rows (one worker, sorted by start): the events
    themselves, and before each event the break, waiting, commute and travel that the engine
    counted in the gap. Drawing only: every number comes from the timeline's columns.

    Returns columns: segment, start, end, minutes, client_id, detail (naive local times)."""
    ev = events.copy()
    start = _naive(ev["start"])
    end = _naive(ev["end"])
    zero = pd.Series(0.0, index=ev.index)

    def mins(col: str) -> pd.Series:
        return ev[col].astype("float64").fillna(0.0) if col in ev.columns else zero

    minute = pd.Timedelta(minutes=1)
    travel, commute, wait, brk = (
        mins("travel_counted_minutes"),
        mins("commute_minutes"),
        mins("waiting_minutes"),
        mins("break_minutes"),
    )
    # Walk back from the event's start: travel, then commute, waiting, break.
    t0 = start - travel * minute
    c0 = t0 - commute * minute
    w0 = c0 - wait * minute
    b0 = w0 - brk * minute
    kind = ev.get("kind", pd.Series("visit", index=ev.index)).astype("string").fillna("visit")
    status = ev.get("status", pd.Series("completed", index=ev.index)).astype("string")
    event_segment = kind.map({"visit": "Visit (paid contact time)"}, na_action="ignore").fillna(
        "Training or office"
    )
    event_segment = event_segment.where(status != "cancelled", "Cancelled visit (paid)")
    client = (
        ev["client_id"].astype("string")
        if "client_id" in ev.columns
        else pd.Series(pd.NA, index=ev.index, dtype="string")
    )
    parts = [
        pd.DataFrame({"segment": event_segment, "start": start, "end": end, "client_id": client}),
        pd.DataFrame({"segment": SEG_TRAVEL, "start": t0, "end": start, "client_id": client}),
        pd.DataFrame({"segment": SEG_COMMUTE, "start": c0, "end": t0, "client_id": client}),
        pd.DataFrame({"segment": SEG_WAIT, "start": w0, "end": c0, "client_id": client}),
        pd.DataFrame({"segment": SEG_BREAK, "start": b0, "end": w0, "client_id": client}),
    ]
    seg = pd.concat(parts, ignore_index=True)
    if day_start is not None:
        lo = (
            pd.Timestamp(day_start).tz_localize(None)
            if pd.Timestamp(day_start).tzinfo
            else pd.Timestamp(day_start)
        )
        hi = lo + pd.Timedelta(days=1)
        seg["start"] = seg["start"].clip(lower=lo, upper=hi)
        seg["end"] = seg["end"].clip(lower=lo, upper=hi)
    seg["minutes"] = (seg["end"] - seg["start"]) / minute
    seg = seg[seg["minutes"] > 0].sort_values("start", kind="stable").reset_index(drop=True)
    seg["client_id"] = seg["client_id"].where(seg["segment"].str.startswith(("Visit", "Cancel")))
    return seg


SEG_TRAVEL = "Travel between visits (working time)"
SEG_WAIT = "Waiting between visits (working time)"
SEG_BREAK = "Break (free time, not working time)"
SEG_COMMUTE = "Commute from home (not working time)"


def _naive(times: pd.Series) -> pd.Series:
    """Wall-clock local times without a zone, so the browser draws them as the rota shows them."""
    times = pd.to_datetime(times)
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_localize(None)
    return times


#: lanes of the day chart: which segments share a row
LANES = {
    "Visit (paid contact time)": "Visits",
    "Training or office": "Visits",
    "Cancelled visit (paid)": "Visits",
    "Travel between visits (working time)": "Travel (working time)",
    "Waiting between visits (working time)": "Waiting (working time)",
    "Break (free time, not working time)": "Breaks (not working time)",
    "Commute from home (not working time)": "Commute (not working time)",
}
LANE_ORDER = list(dict.fromkeys(LANES.values()))


def timeline_chart(segments: pd.DataFrame) -> alt.Chart:
    """A worker's day, Gantt style: visits, travel, waiting, breaks and commuting each on their
    own row along the time of day, so the gaps between paid visits stand out."""
    present = [s for s in SEGMENTS if s in set(segments["segment"])]
    colours = alt.Scale(domain=present, range=[SEGMENTS[s] for s in present])
    data = segments.copy()
    data["lane"] = data["segment"].map(LANES)
    lanes = [lane for lane in LANE_ORDER if lane in set(data["lane"])]
    data["from"] = data["start"].dt.strftime("%H:%M")
    data["to"] = data["end"].dt.strftime("%H:%M")
    lo = data["start"].min().floor("h")
    hi = data["end"].max().ceil("h")
    bars = (
        alt.Chart(data)
        .mark_bar(cornerRadius=2, stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "start:T",
                title="Time of day",
                scale=alt.Scale(domain=[lo.isoformat(), hi.isoformat()]),
                axis=alt.Axis(
                    format="%H:%M",
                    tickCount="hour",
                    labelFontSize=12,
                    titleFontSize=13,
                    grid=True,
                ),
            ),
            x2="end:T",
            y=alt.Y(
                "lane:N",
                title=None,
                sort=lanes,
                axis=alt.Axis(labelFontSize=13, labelLimit=260),
            ),
            color=alt.Color("segment:N", scale=colours, legend=None),
            tooltip=[
                alt.Tooltip("segment:N", title="What"),
                alt.Tooltip("from:N", title="From"),
                alt.Tooltip("to:N", title="To"),
                alt.Tooltip("minutes:Q", title="Minutes", format=".0f"),
                alt.Tooltip("client_id:N", title="Client"),
            ],
        )
    )
    return bars.properties(height=alt.Step(38)).configure_view(strokeWidth=0)


def fee_breakdown_chart(
    components: pd.DataFrame,
    *,
    current_fee: float | None = None,
    minimum_price: float | None = None,
    minimum_price_label: str = "Homecare Association Minimum Price",
) -> alt.Chart:
    """Stacked bars: the fee per contact hour a scenario needs, built up from its components,
    beside the commissioner's current fee and the published minimum price.

    `components`: columns `bar` (e.g. the scenario name), `component`, `amount` (£ per contact
    hour), in build-up order."""
    data = components[["bar", "component", "amount"]].copy()
    data["order"] = range(len(data))
    extra = []
    if current_fee is not None:
        extra.append({"bar": "Your current fee", "component": "Current fee", "amount": current_fee})
    if minimum_price is not None:
        extra.append(
            {
                "bar": minimum_price_label,
                "component": "Published minimum price",
                "amount": minimum_price,
            }
        )
    if extra:
        more = pd.DataFrame(extra)
        more["order"] = range(len(data), len(data) + len(more))
        data = pd.concat([data, more], ignore_index=True)
    comp_order = list(dict.fromkeys(data["component"]))
    bar_order = list(dict.fromkeys(data["bar"]))
    palette = [
        "#1f4e79",
        "#2e86c1",
        "#5dade2",
        "#85c1e9",
        "#48c9b0",
        "#45b39d",
        "#f4d03f",
        "#f5b041",
        "#eb984e",
        "#dc7633",
        "#af601a",
        "#a569bd",
        "#7f8c8d",
    ]
    colours = []
    i = 0
    for comp in comp_order:
        if comp == "Current fee":
            colours.append("#c0392b")
        elif comp == "Published minimum price":
            colours.append("#566573")
        else:
            colours.append(palette[i % len(palette)])
            i += 1
    totals = data.groupby("bar", sort=False, as_index=False)["amount"].sum()
    totals["label"] = totals["amount"].map(lambda v: f"£{v:,.2f}")
    y = alt.Y("bar:N", title=None, sort=bar_order, axis=alt.Axis(labelLimit=320, labelFontSize=13))
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "sum(amount):Q",
                title="£ per contact hour",
                axis=alt.Axis(labelExpr=POUNDS, labelFontSize=12, titleFontSize=13),
            ),
            y=y,
            color=alt.Color(
                "component:N",
                sort=comp_order,
                scale=alt.Scale(domain=comp_order, range=colours),
                title=None,
                legend=alt.Legend(orient="bottom", columns=3, labelFontSize=12, labelLimit=300),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("bar:N", title="Bar"),
                alt.Tooltip("component:N", title="Component"),
                alt.Tooltip("amount:Q", title="£ per contact hour", format=",.2f"),
            ],
        )
    )
    text = (
        alt.Chart(totals)
        .mark_text(align="left", dx=6, fontSize=14, fontWeight="bold")
        .encode(x="amount:Q", y=y, text="label:N")
    )
    return alt.layer(bars, text).properties(height=alt.Step(56)).configure_view(strokeWidth=0)


def gain_chart(gains: pd.DataFrame, *, value: str, title: str, fmt: str = "$.2f") -> alt.Chart:
    """Horizontal bars, one per scenario: e.g. the average gain per worker."""
    data = gains.copy()
    data["label"] = data[value].map(lambda v: f"£{v:,.2f}" if fmt.startswith("$") else f"{v:,.0f}")
    y = alt.Y("scenario:N", title=None, sort=list(data["scenario"]), axis=alt.Axis(labelLimit=320))
    bars = (
        alt.Chart(data)
        .mark_bar(color="#2e86c1")
        .encode(
            x=alt.X(
                f"{value}:Q",
                title=title,
                axis=alt.Axis(
                    labelExpr=POUNDS if fmt.startswith("$") else None,
                    format=None if fmt.startswith("$") else fmt,
                ),
            ),
            y=y,
            tooltip=[alt.Tooltip("scenario:N"), alt.Tooltip(f"{value}:Q", format=fmt)],
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, fontSize=13)
        .encode(x=f"{value}:Q", y=y, text="label:N")
    )
    return (
        alt.layer(bars, text)
        .properties(height=alt.Step(44))
        .configure_view(strokeWidth=0)
        .configure_axis(labelFontSize=13, titleFontSize=13)
    )


def gain_bands_chart(dist: pd.DataFrame, bands: list[str]) -> alt.Chart:
    """How many workers gain how much a week, one bar per scenario in each band.

    `dist`: columns scenario, change_per_week (band label), workers."""
    scenarios = list(dict.fromkeys(dist["scenario"]))
    palette = ["#1f4e79", "#e67e22", "#27ae60", "#8e44ad", "#c0392b", "#7f8c8d"]
    return (
        alt.Chart(dist)
        .mark_bar()
        .encode(
            x=alt.X(
                "change_per_week:N",
                sort=bands,
                title="Gain in pay per worker per week",
                axis=alt.Axis(labelAngle=0, labelFontSize=13, titleFontSize=13),
            ),
            xOffset=alt.XOffset("scenario:N", sort=scenarios),
            y=alt.Y(
                "workers:Q",
                title="Workers",
                axis=alt.Axis(tickMinStep=1, labelFontSize=13, titleFontSize=13),
            ),
            color=alt.Color(
                "scenario:N",
                sort=scenarios,
                scale=alt.Scale(domain=scenarios, range=palette[: len(scenarios)]),
                title=None,
                legend=alt.Legend(orient="top", labelFontSize=13, labelLimit=400),
            ),
            tooltip=[
                alt.Tooltip("scenario:N", title="Scenario"),
                alt.Tooltip("change_per_week:N", title="Gain a week"),
                alt.Tooltip("workers:Q", title="Workers"),
            ],
        )
        .properties(height=300)
        .configure_view(strokeWidth=0)
    )

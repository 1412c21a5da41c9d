"""The "why" behind one worker's pay reference period, in words and figures.

`explain_period(analysis, worker_id, period_start)` takes the period row the engine produced and
the period's events from the timeline, and sets out the arithmetic as a person would redo it by
hand: working hours (contact + travel + waiting + training and office time), paid hours, the pay
that counts for the minimum wage, the true hourly rate, the rate in force on the period's first
day and why that band, the shortfall, the arrears and the uplift to today's rate; then every gap
between the worker's visits in the period, what it was classed as (travel, waiting, a break,
commuting, an overlap) and the rule that classed it.

Nothing is recomputed differently here: every figure is the analysis's own (the period row and
the timeline's per-event minutes), so the explanation can never disagree with the results.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from payfair import labels
from payfair.analysis import Analysis
from payfair.errors import RotaError
from payfair.rates import TOP, band_on, rate_on, source_on
from payfair.schema import PERIOD_COLUMNS

#: The law and the rules document behind each step, cited in the text.
WORKING_TIME_SOURCE = "payfair rules §2; NMW Regulations 2015 regs 30-34"
PAY_SOURCE = (
    "payfair rules §4; NMW Regulations 2015 reg 10 (premiums, allowances, expenses) and reg 13 "
    "(deductions); HMRC NMWM09090, NMWM09170"
)
RATE_SOURCE = "payfair rules §5; NMW Regulations 2015 reg 4B"
ARREARS_SOURCE = "National Minimum Wage Act 1998 s17; HMRC NMWM13160"

#: Person-facing columns of `Explanation.gaps`, in order.
GAP_COLUMNS = (
    "Date",
    "Gap from",
    "Gap to",
    "Before visit to",
    "Gap (minutes)",
    "Gap (h:mm)",
    "Travel counted (minutes)",
    "Waiting (minutes)",
    "Break (minutes)",
    "Commute (minutes)",
    "Classed as",
    "Rule",
    "Note",
)
#: Person-facing columns of `Explanation.events`, in order.
EVENT_COLUMNS = (
    "Date",
    "Start",
    "End",
    "What",
    "Client",
    "Minutes counted",
    "Travel to it (minutes, as recorded)",
    "Gross pay (£)",
    "Mileage paid (£)",
)


class NotInAnalysis(RotaError):
    """The worker or pay period asked about is not in the analysis."""


@dataclass(frozen=True)
class Explanation:
    """One worker's pay reference period explained: text lines, machine figures, the gaps."""

    worker_id: str
    period_start: date
    period_end: date
    lines: list[str]
    figures: dict[str, Any]
    gaps: pd.DataFrame
    events: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: the arithmetic alone (`lines` without the heading and the gap list), for statements
    arithmetic: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


# ------------------------------------------------------------------------------ finding the row


def match_worker(analysis: Analysis, worker_id: str) -> str:
    """The worker's id as in the analysis: exact, else one case- and space-insensitive match."""
    ids = pd.Index(analysis.periods["worker_id"].astype(str).unique())
    wanted = str(worker_id)
    if wanted in ids:
        return wanted
    folded = ids.str.strip().str.casefold()
    hits = ids[folded == wanted.strip().casefold()]
    if len(hits) == 1:
        return str(hits[0])
    close = difflib.get_close_matches(wanted, [str(i) for i in ids], n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise NotInAnalysis(
        f"worker {wanted!r} is not in the rota's results ({len(ids)} workers).{hint}",
        fix="give the worker id exactly as it appears in the rota's worker column",
    )


def find_period(
    analysis: Analysis, worker_id: str, period_start: date | str | pd.Timestamp
) -> tuple[pd.Series, str | None]:
    """The worker's period row that starts on `period_start` (or, failing that, contains it),
    with a note saying so when the date given was not the period's first day."""
    worker = match_worker(analysis, worker_id)
    wanted = labels.as_date(period_start)
    if wanted is None:
        raise NotInAnalysis("no pay period start date was given", fix="give a date YYYY-MM-DD")
    p = analysis.periods
    mine = p[p["worker_id"].astype(str) == worker]
    starts = pd.to_datetime(mine["period_start"]).dt.date
    ends = pd.to_datetime(mine["period_end"]).dt.date
    exact = mine[starts == wanted]
    if len(exact):
        return exact.iloc[0], None
    inside = mine[(starts <= wanted) & (ends >= wanted)]
    if len(inside):
        row = inside.iloc[0]
        note = (
            f"{labels.day(wanted)} is not the first day of a pay period: it falls in the period "
            f"{labels.day(row['period_start'])} to {labels.day(row['period_end'])}, explained here."
        )
        return row, note
    listed = ", ".join(labels.iso(s) for s in sorted(starts)[:12])
    more = " …" if len(starts) > 12 else ""
    raise NotInAnalysis(
        f"{worker!r} has no pay period containing {wanted.isoformat()}.",
        fix=f"use one of the worker's period start dates: {listed}{more}",
    )


# ------------------------------------------------------------------------------------- figures


def _plain(value: Any) -> Any:
    """A figure as a plain Python value (float, int, bool, str, date or None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return labels.as_date(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else float(value)
    return value


def _rate_now(row: pd.Series, as_of: date) -> tuple[str, float]:
    """The band key on the period's first day and its rate on `as_of` (an abolished band uses
    the top band, as payfair.minimum_wage does for arrears)."""
    start = [labels.as_date(row["period_start"])]
    age = row["age"]
    age = np.nan if age is None or pd.isna(age) else float(age)
    key = str(band_on(age, str(row["band"]) == "apprentice", start)[0])
    if "nmw_rate_now" in row.index and pd.notna(row["nmw_rate_now"]):
        return key, float(row["nmw_rate_now"])
    now = float(rate_on(key, [as_of])[0])
    if np.isnan(now) and pd.notna(row["nmw_rate"]):
        now = float(rate_on(TOP, [as_of])[0])
    return key, now


def _flags(row: pd.Series) -> list[str]:
    text = row.get("flags")
    if text is None or pd.isna(text) or not str(text):
        return []
    return [f for f in str(text).split(";") if f]


def period_figures(analysis: Analysis, row: pd.Series, events: pd.DataFrame) -> dict[str, Any]:
    """Every figure of the explanation under its machine name: the period row's columns as they
    are, plus the rate today, the arrears uplift and the period's minutes by class."""
    figures = {c: _plain(row[c]) for c in PERIOD_COLUMNS if c in row.index}
    as_of = labels.as_date(analysis.settings.get("as_of")) or date.today()
    band_key, rate_now = _rate_now(row, as_of)
    flags = _flags(row)
    completed = events[events["status"].astype(str).str.lower() != "cancelled"]
    vehicle = (
        figures["gross_pay"]
        - figures["premium_pay"]
        - figures["allowance_pay"]
        - figures["deductions"]
        - figures["nmw_pay"]
    )
    start = [figures["period_start"]]
    figures.update(
        {
            "as_of": as_of,
            "band_key": band_key,
            "rate_source": str(source_on(band_key, start)[0]) if figures["nmw_rate"] else "",
            "nmw_rate_now": None if np.isnan(rate_now) else rate_now,
            "arrears_uplift": round(figures["arrears"] - figures["shortfall"], 2),
            "vehicle_cost_reduction": max(0.0, round(vehicle, 10)),
            "date_of_birth_assumed": "no_date_of_birth" in flags,
            "flag_list": flags,
            "break_threshold_minutes": _threshold(analysis),
            "travel_minutes": float(events["travel_counted_minutes"].sum()),
            "waiting_minutes": float(events["waiting_minutes"].sum()),
            "break_minutes": float(events["break_minutes"].sum()),
            "commute_minutes": float(events["commute_minutes"].sum()),
            "gaps": int(completed["gap_minutes"].notna().sum()),
            "cancelled_paid_events": int(len(events) - len(completed)),
        }
    )
    return figures


def _threshold(analysis: Analysis) -> float:
    rule = analysis.settings.get("rules", {}).get("break_threshold_minutes", {})
    value = rule.get("value", 60) if isinstance(rule, dict) else rule
    return float(value)


def _setting(analysis: Analysis, name: str) -> bool:
    rule = analysis.settings.get("rules", {}).get(name, {})
    return bool(rule.get("value") if isinstance(rule, dict) else rule)


# ----------------------------------------------------------------------------------------- gaps


def classify_gaps(events: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Per completed event of a worker (timeline rows), the gap before it and its class:
    machine columns gap_from, gap_to, gap_minutes, travel/waiting/break/commute minutes,
    `classed_as`, `rule`, `note`. The first event with no journey recorded has no gap to show
    and is left out. Vectorised (np.select over the rule cases)."""
    ev = events[events["status"].astype(str).str.lower() != "cancelled"]
    gap = ev["gap_minutes"].astype("float64")
    first = gap.isna()
    overlap = gap < 0
    brk = ev["run_start"].astype(bool) & ~first
    in_run = ~first & ~overlap & ~brk
    travel = ev["travel_counted_minutes"].astype("float64")
    waiting = ev["waiting_minutes"].astype("float64")
    commute = ev["commute_minutes"].astype("float64")
    known = ev["travel_known_minutes"].notna()
    thr = labels.minutes(threshold)

    classed = np.select(
        [
            first & (commute > 0),
            first & (travel > 0),
            first,
            overlap,
            brk & (travel > 0),
            brk & (commute > 0),
            brk,
            in_run & (gap == 0),
            in_run & ~known,
            in_run & (travel > 0) & (waiting > 0),
            in_run & (travel > 0),
            in_run & (waiting > 0),
        ],
        [
            "commute (home to the first visit)",
            "travel to the first visit, counted by a setting",
            "first visit (no journey recorded)",
            "overlap (the shared time counted once)",
            "break; the journey after it counted by a setting",
            "break, then commute",
            "break",
            "back to back (no gap)",
            "waiting (journey time not in the rota)",
            "travel and waiting",
            "travel",
            "waiting",
        ],
        default="back to back (no gap)",
    )
    rule = np.select(
        [
            first & (travel > 0),
            first,
            overlap,
            brk & (travel > 0),
            brk,
            in_run & (gap > 0) & ~known,
        ],
        [
            "payfair rules §3.6, count_commute setting (reg 34(1) does not count it)",
            "payfair rules §3.6; NMW Regulations 2015 reg 34(1): home to work is not working time",
            "payfair rules §3.1: working time is the union of the visits",
            f"payfair rules §3.5: idle over {thr} min is a break; the journey counted by the "
            "count_travel_across_breaks or count_commute setting",
            f"payfair rules §3.5-3.6: idle over {thr} min is a break, not working time, and the "
            "journey after it is commuting (NMW Regulations 2015 reg 34(1))",
            "payfair rules §3.3: with the journey unknown, the whole gap is idle time; "
            f"payfair rules §3.4: up to {thr} min idle is waiting (NMW Regulations 2015 reg 32)",
        ],
        default=(
            f"payfair rules §3.2-3.4: travel up to the gap counts; idle up to {thr} min is waiting "
            "(NMW Regulations 2015 regs 32 and 34)"
        ),
    )
    insufficient = ev["flag_insufficient_travel"].astype(bool)
    note = np.where(
        insufficient,
        "the rota leaves less time than the journey takes (payfair rules §3.2)",
        "",
    )
    gap_from = ev["start"] - pd.to_timedelta(gap.where(~first), unit="min")
    out = pd.DataFrame(
        {
            "gap_from": gap_from,
            "gap_to": ev["start"],
            "client_id": ev.get("client_id", pd.NA),
            "gap_minutes": gap,
            "travel_minutes": travel,
            "waiting_minutes": waiting,
            "break_minutes": ev["break_minutes"].astype("float64"),
            "commute_minutes": commute,
            "classed_as": classed,
            "rule": rule,
            "note": note,
        },
        index=ev.index,
    )
    keep = ~first | (commute > 0) | (travel > 0)
    return out[keep.to_numpy()].reset_index(drop=True)


def _clock(times: pd.Series) -> pd.Series:
    """Local clock times `07:27` (blank when missing)."""
    return times.dt.strftime("%H:%M").fillna(labels.MISSING).astype(object)


def _gap_from(gap_from: pd.Series, gap_to: pd.Series) -> pd.Series:
    """The clock time the gap began, with its day when that is not the day of the visit after
    it (an overnight gap reads `Mon 23 Mar 21:03`)."""
    clock = _clock(gap_from)
    other_day = gap_from.dt.date != gap_to.dt.date
    return clock.where(~other_day | gap_from.isna(), gap_from.dt.strftime("%a %d %b ") + clock)


def gaps_for_people(classes: pd.DataFrame) -> pd.DataFrame:
    """`classify_gaps` with the person-facing headers of GAP_COLUMNS."""
    minutes = classes["gap_minutes"]
    return pd.DataFrame(
        {
            "Date": classes["gap_to"].dt.strftime("%a %d %b %Y").astype(object),
            "Gap from": _gap_from(classes["gap_from"], classes["gap_to"]),
            "Gap to": _clock(classes["gap_to"]),
            "Before visit to": classes["client_id"].astype(object).fillna(labels.MISSING),
            "Gap (minutes)": minutes,
            "Gap (h:mm)": labels.hm_series(minutes / 60),
            "Travel counted (minutes)": classes["travel_minutes"],
            "Waiting (minutes)": classes["waiting_minutes"],
            "Break (minutes)": classes["break_minutes"],
            "Commute (minutes)": classes["commute_minutes"],
            "Classed as": classes["classed_as"],
            "Rule": classes["rule"],
            "Note": classes["note"],
        },
        columns=list(GAP_COLUMNS),
    )


def events_for_people(events: pd.DataFrame) -> pd.DataFrame:
    """The period's events as a person reads them (EVENT_COLUMNS)."""
    kind = events["kind"].astype(str)
    cancelled = events["status"].astype(str).str.lower() == "cancelled"
    what = kind.where(~cancelled, kind + " (cancelled, paid)")
    return pd.DataFrame(
        {
            "Date": events["start"].dt.strftime("%a %d %b %Y").astype(object),
            "Start": _clock(events["start"]),
            "End": _clock(events["end"]),
            "What": what.astype(object),
            "Client": events["client_id"].astype(object).fillna(labels.MISSING)
            if "client_id" in events
            else labels.MISSING,
            "Minutes counted": events["counted_minutes"].astype("float64"),
            "Travel to it (minutes, as recorded)": events["travel_known_minutes"].astype("float64"),
            "Gross pay (£)": events["gross_pay"].astype("float64").round(2),
            "Mileage paid (£)": pd.to_numeric(events["mileage_pay"], errors="coerce")
            .fillna(0.0)
            .round(2),
        },
        columns=list(EVENT_COLUMNS),
    ).reset_index(drop=True)


# ---------------------------------------------------------------------------------------- words


def _rate_reason(f: dict[str, Any]) -> str:
    age = f.get("age")
    aged = f"aged {age} on {labels.day(f['period_start'])}" if age is not None else ""
    flags = f["flag_list"]
    if "no_date_of_birth" in flags:
        return (
            "no date of birth was given, so the top band is assumed (payfair rules §5); add the "
            "date of birth to the workers file to check it"
        )
    if "under_16" in flags:
        return f"{aged}: under 16, so no minimum wage applies"
    if f["band"] == "apprentice":
        return (
            f"an apprentice {aged}: the apprentice rate applies under 19 or in the first year "
            "of the apprenticeship"
        )
    if "apprenticeship_not_started" in flags:
        return (
            f"{aged}; the apprenticeship had not yet started, so the age band applies "
            "(NMW Regulations 2015 reg 5)"
        )
    if "apprenticeship_start_unknown" in flags:
        return (
            f"an apprentice {aged} with no apprenticeship start date: the age band is used, "
            "since the apprentice rate at 19 or over needs the first year of the apprenticeship"
        )
    return aged


def _lines(f: dict[str, Any], note: str | None, period: str) -> list[str]:
    m, h, hm = labels.money, labels.hours, labels.hm
    out = [
        f"{f['worker_id']}, {period} pay period {labels.day(f['period_start'])} to "
        f"{labels.day(f['period_end'])} ({f['events']} events)",
    ]
    if note:
        out.append(note)
    out.append(
        f"Working hours {h(f['working_hours'])} ({hm(f['working_hours'])}) = contact "
        f"{h(f['contact_hours'])} + travel between visits {h(f['travel_hours'])} + waiting "
        f"between visits {h(f['waiting_hours'])} + training and office {h(f['other_hours'])} "
        f"({WORKING_TIME_SOURCE})."
    )
    if f["break_minutes"] or f["commute_minutes"]:
        out.append(
            f"Not working time: breaks between runs of visits, nights included, "
            f"{hm(f['break_minutes'] / 60)} (gaps with more than "
            f"{labels.minutes(f['break_threshold_minutes'])} minutes idle, payfair rules §3.5) and "
            f"commuting {hm(f['commute_minutes'] / 60)} (the journey to the first visit of each "
            "run, payfair rules §3.6; NMW Regulations 2015 reg 34(1))."
        )
    out.append(
        f"Paid hours {h(f['paid_hours'])} ({hm(f['paid_hours'])}); working hours not paid "
        f"{h(f['unpaid_working_hours'])} ({hm(f['unpaid_working_hours'])})."
    )
    deducted = [
        f"premiums {m(f['premium_pay'])}",
        f"allowances {m(f['allowance_pay'])}",
        f"deductions {m(f['deductions'])}",
    ]
    if f["vehicle_cost_reduction"] > 0.005:
        deducted.append(f"car costs above the mileage paid {m(f['vehicle_cost_reduction'])}")
    out.append(
        f"Pay that counts for the minimum wage {m(f['nmw_pay'])} = gross pay "
        f"{m(f['gross_pay'])} − " + " − ".join(deducted) + f"; mileage {m(f['mileage_pay'])} is "
        f"an expense, not pay ({PAY_SOURCE})."
    )
    if f["true_hourly_rate"] is not None:
        out.append(
            f"True hourly rate {m(f['nmw_pay'])} ÷ {h(f['working_hours'])} h = "
            f"{m(f['true_hourly_rate'])} an hour."
        )
    else:
        out.append("True hourly rate: none (no working hours in this period).")

    reason = _rate_reason(f)
    if f["nmw_rate"] is None:
        why = "no minimum wage applies" if "under_16" in f["flag_list"] else "no rate is known"
        out.append(f"Minimum-wage rate: none ({reason or why}).")
    else:
        out.append(
            f"Minimum-wage rate {m(f['nmw_rate'])} an hour: {labels.band_words(f['band'])}, in "
            f"force on {labels.day(f['period_start'], weekday=True)}, the period's first day "
            f"({RATE_SOURCE}); {reason}."
        )
    if "rate_change_in_period" in f["flag_list"]:
        out.append(
            "The rate changed during this period; the rate on its first day applies to the whole "
            "period (NMW Regulations 2015 reg 4B)."
        )
    due = (f["nmw_rate"] or 0.0) * f["working_hours"]
    if f["below_nmw"]:
        out.append(
            f"Shortfall {m(f['nmw_rate'])} × {h(f['working_hours'])} h − {m(f['nmw_pay'])} = "
            f"{m(f['shortfall'])}: below the minimum wage (payfair rules §5; any shortfall counts, "
            "HMRC NMWM09010)."
        )
        as_of = labels.day(f["as_of"])
        now = f["nmw_rate_now"]
        if f["arrears_uplift"] > 0 and now:
            out.append(
                f"Arrears as of {as_of} {m(f['arrears'])} = {m(f['shortfall'])} ÷ "
                f"{m(f['nmw_rate'])} × {m(now)} (today's rate for the same band): the shortfall "
                f"plus an uplift of {m(f['arrears_uplift'])} ({ARREARS_SOURCE})."
            )
        else:
            out.append(
                f"Arrears as of {as_of} {m(f['arrears'])}: the shortfall itself, since today's "
                f"rate {m(now)} is not higher than the rate then ({ARREARS_SOURCE})."
            )
    elif f["nmw_rate"] is not None:
        out.append(
            f"No shortfall: the pay that counts, {m(f['nmw_pay'])}, is at least "
            f"{m(f['nmw_rate'])} × {h(f['working_hours'])} h = {m(due)}."
        )
    words = [labels.flag_words(x) for x in f["flag_list"] if x != "rate_change_in_period"]
    if words:
        out.append("Checks: " + "; ".join(words) + ".")
    return out


def _gap_lines(classes: pd.DataFrame, people: pd.DataFrame) -> list[str]:
    """One line per gap, built column-wise."""
    if classes.empty:
        return ["Gaps between visits: none."]
    parts = pd.Series("", index=people.index, dtype=object)
    for col, word in (
        ("Travel counted (minutes)", "travel"),
        ("Waiting (minutes)", "waiting"),
        ("Break (minutes)", "break"),
        ("Commute (minutes)", "commute"),
    ):
        value = people[col].fillna(0.0)
        text = word + " " + value.round(1).map(labels.minutes) + " min"
        parts = parts.where(value <= 0, parts.where(parts == "", parts + ", ") + text)
    day_to = classes["gap_to"].dt.strftime("%a %d %b ")
    day_from = classes["gap_from"].dt.strftime("%a %d %b ").fillna("")
    to = people["Gap to"].where(day_from == day_to, day_to + people["Gap to"])
    span = np.where(
        people["Gap from"] != "",
        day_from + _clock(classes["gap_from"]) + " to " + to + " (" + people["Gap (h:mm)"] + ")",
        day_to + "journey to the " + people["Gap to"] + " visit",
    )
    note = people["Note"].where(people["Note"] == "", " Note: " + people["Note"] + ".")
    detail = parts.where(parts == "", " (" + parts + ")")
    text = (
        "  "
        + span
        + ": "
        + people["Classed as"]
        + detail
        + ". "
        + people["Rule"].str.split(":").str[0]
        + "."
        + note
    )
    return [f"Gaps between visits, and journeys to a first visit ({len(people)}):", *text.tolist()]


def explain_period(
    analysis: Analysis,
    worker_id: str,
    period_start: date | str | pd.Timestamp,
    *,
    gap_lines: bool = True,
) -> Explanation:
    """Explain one worker's pay reference period (see the module docstring). `gap_lines=False`
    leaves the per-gap lines out of `lines` (the gaps stay in `gaps`), for statements."""
    row, note = find_period(analysis, worker_id, period_start)
    worker = str(row["worker_id"])
    start = labels.as_date(row["period_start"])
    t = analysis.timeline
    mine = t[
        (t["worker_id"].astype(str) == worker)
        & (pd.to_datetime(t["period_start"]) == pd.Timestamp(start))
    ].sort_values(["start", "end"], kind="stable")
    figures = period_figures(analysis, row, mine)
    classes = classify_gaps(mine, figures["break_threshold_minutes"])
    arithmetic = _lines(figures, note, str(analysis.settings.get("period", "weekly")))
    people = gaps_for_people(classes)
    lines = arithmetic + (_gap_lines(classes, people) if gap_lines else [])
    return Explanation(
        worker_id=worker,
        period_start=start,
        period_end=labels.as_date(row["period_end"]),
        lines=lines,
        figures=figures,
        gaps=people,
        events=events_for_people(mine),
        arithmetic=arithmetic[1:],
    )


__all__ = [
    "EVENT_COLUMNS",
    "GAP_COLUMNS",
    "Explanation",
    "NotInAnalysis",
    "classify_gaps",
    "events_for_people",
    "explain_period",
    "find_period",
    "gaps_for_people",
    "match_worker",
    "period_figures",
]

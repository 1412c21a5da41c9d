"""The whole engine, end to end: canonical events → timeline → pay → pay reference periods →
minimum-wage check (docs/ARCHITECTURE.md). Pure functions except `to_csv` (writes a file).

`analyse(rota, policy, ...)` runs it on a RotaRead and keeps the rows read and rejected beside the
results; `analyse_events(events, workers, policy, ...)` is the engine on canonical events alone;
`to_json(analysis)` gives the shape the CLI writes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from payfair import minimum_wage
from payfair.errors import concat_rejections, empty_rejections, rejections_frame
from payfair.event_facts import EventFacts, FlaggedRows, event_facts, start_day_span
from payfair.pay import event_pay
from payfair.periods import (
    DEFAULT_ANCHOR,
    assign_pay_reference_periods,
    check_period_days,
    period_name,
)
from payfair.policy import PayPolicy
from payfair.rates import rate_table_span, rates_source
from payfair.rota import RotaRead
from payfair.schema import PERIOD_COLUMNS, PERIOD_KINDS, WORKER_COLUMNS
from payfair.timeline import build_timeline, put, worker_codes
from payfair.workers import name_list, unmatched_workers

PERIOD_KEYS = ["worker_id", "period_start", "period_end"]
_SUMS = (
    "contact_minutes",
    "travel_counted_minutes",
    "waiting_minutes",
    "other_minutes",
    "paid_minutes",
    "gross_pay",
    "premium_pay",
    "allowance_pay",
    "deduction",
    "mileage_pay",
    "business_miles",
)
_EVENT_FLAGS = (
    "flag_overlap",
    "flag_insufficient_travel",
    "flag_travel_unknown",
    "flag_cancelled_paid",
    "flag_pay_from_policy",
    "flag_partial_period",
    "flag_planned_times",
)
#: A share of rejected rows at or above which the results carry a clear warning line.
REJECTED_SHARE_WARNING = 0.20
SHOW_ROWS = 10


@dataclass
class Analysis:
    periods: pd.DataFrame  # payfair.schema.PERIOD_COLUMNS
    timeline: pd.DataFrame  # per event: timeline + pay columns, with period_start/period_end
    rows_read: int
    rejected: pd.DataFrame = field(default_factory=empty_rejections)
    warnings: pd.DataFrame = field(default_factory=empty_rejections)
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_used(self) -> int:
        return self.rows_read - len(self.rejected)


def _as_date(value: date | str | None, default: date) -> date:
    if value is None:
        return default
    if isinstance(value, str):
        return date.fromisoformat(value)
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _empty_periods() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="float64") for c in PERIOD_COLUMNS})


def period_table(
    timeline: pd.DataFrame,
    workers: pd.DataFrame | None,
    *,
    as_of: date,
    vehicle_cost_per_mile: float | None = None,
    abolished_band_now: str = "top",
) -> pd.DataFrame:
    """Per worker and PRP: totals of a priced timeline (with period_start/end) and the NMW test.

    Periods are runs of rows with the same (worker, period_start, period_end) once the rows are
    in that order, which a timeline from build_timeline already is (sorted by worker and start,
    and a period follows from the start): so no groupby on the worker ids' text. Each period's
    rows are summed in the order given, exactly as pandas' grouped sum on the keys did before:
    `np.add.reduceat` when the rows are in period order (what pandas does for sorted groups),
    else pandas' grouped sum on the period numbers (its compensated sum, rows unmoved)."""
    if timeline.empty:
        return _empty_periods()
    worker_id = timeline["worker_id"]  # text or Categorical: codes either way, text per period
    keys = (
        worker_codes(worker_id),
        timeline["period_start"].to_numpy("datetime64[s]"),
        timeline["period_end"].to_numpy("datetime64[s]"),
    )
    order = _order_if_unsorted(*keys)
    if order is not None:  # rows not in a build_timeline order: find the runs in sorted order
        keys = tuple(k[order] for k in keys)
    first = np.zeros(len(timeline), dtype=bool)
    first[0] = True
    for key in keys:
        first[1:] |= key[1:] != key[:-1]
    bounds = np.flatnonzero(first)  # each period's first row (in sorted order)
    run = np.cumsum(first) - 1
    if order is not None:
        # Each row's period number, back in the rows' own order: the sums then add each
        # period's rows in the order given, as a groupby on the keys would.
        run[order] = run.copy()
        # Period numbers as categorical codes: pandas groups by them without hashing the keys.
        runs = pd.Categorical.from_codes(run, categories=np.arange(len(bounds)))
    rows = bounds if order is None else order[bounds]

    totals = pd.DataFrame(
        {
            "worker_id": worker_id.iloc[rows].astype("str").reset_index(drop=True),
            "period_start": keys[1][bounds],
            "period_end": keys[2][bounds],
        }
    )
    for col in _SUMS:
        values = timeline[col].to_numpy()
        if values.dtype != np.float64:
            values = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(float)
        missing = np.isnan(values)
        if missing.any():  # as fillna(0): infinities stay; a column without NaN is not copied
            values = np.where(missing, 0.0, values)
        del missing
        if order is None:
            # Rows already in period order: each period's sum over its rows in one call (the
            # same np.add.reduceat pandas' grouped sum makes on sorted groups).
            with np.errstate(over="ignore"):  # pay of 1e308 sums to infinity (JSON null)
                totals[col] = np.add.reduceat(values, bounds)
        else:
            totals[col] = pd.Series(values).groupby(runs, observed=True).sum().to_numpy()
    for col in _EVENT_FLAGS:
        if col in timeline:
            flag = timeline[col]
            # A bool column is read as is; others (object, nullable) as before.
            flag = (
                flag.to_numpy()
                if flag.dtype == bool
                else flag.fillna(False).astype(bool).to_numpy()
            )
            totals[col] = np.logical_or.reduceat(flag if order is None else flag[order], bounds)
        else:
            totals[col] = False
    totals["events"] = np.diff(np.append(bounds, len(timeline)))

    out = pd.DataFrame({k: totals[k] for k in PERIOD_KEYS})
    out["contact_hours"] = totals["contact_minutes"] / 60
    out["travel_hours"] = totals["travel_counted_minutes"] / 60
    out["waiting_hours"] = totals["waiting_minutes"] / 60
    out["other_hours"] = totals["other_minutes"] / 60
    out["working_hours"] = (
        out["contact_hours"] + out["travel_hours"] + out["waiting_hours"] + out["other_hours"]
    )
    out["paid_hours"] = totals["paid_minutes"] / 60
    out["unpaid_working_hours"] = out["working_hours"] - out["paid_hours"]
    for col in ("gross_pay", "premium_pay", "allowance_pay", "mileage_pay", "business_miles"):
        out[col] = totals[col]
    out["deductions"] = totals["deduction"]
    out["events"] = totals["events"].astype("int64")
    for col in _EVENT_FLAGS:
        out[col] = totals[col]

    checked = minimum_wage.check(
        out,
        workers,
        as_of,
        vehicle_cost_per_mile=vehicle_cost_per_mile,
        abolished_band_now=abolished_band_now,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        checked["headline_rate"] = np.where(
            checked["contact_hours"] > 0, checked["gross_pay"] / checked["contact_hours"], np.nan
        )
        checked["paid_time_rate"] = np.where(
            checked["paid_hours"] > 0, checked["gross_pay"] / checked["paid_hours"], np.nan
        )
    return checked[list(PERIOD_COLUMNS)].reset_index(drop=True)


def _order_if_unsorted(*keys: np.ndarray) -> np.ndarray | None:
    """None when the rows are already in order of `keys` (lexicographic), else the stable
    order that sorts them."""
    n = len(keys[0])
    ahead = np.zeros(max(n - 1, 0), dtype=bool)  # row i+1 already known to come after row i
    for key in keys:
        step_down = ~ahead & (key[1:] < key[:-1])
        if step_down.any():
            return np.lexsort(keys[::-1])
        ahead |= key[1:] > key[:-1]
    return None


def analyse_events(
    events: pd.DataFrame,
    workers: pd.DataFrame | None,
    policy: PayPolicy,
    *,
    period: str = "weekly",
    period_anchor: date | str | None = None,
    as_of: date | str | None = None,
    use_rota_pay: bool = True,
    abolished_band_now: str = "top",
    period_days: int | None = None,
    planned_rows: list[int] | None = None,
    rota_span: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pure engine: (timeline with pay and periods, periods table).

    `rota_span` (first, last local start dates of the whole rota; default: of `events`) lets a
    part of a rota (one Dask partition, payfair.scale) flag partial periods as the whole would.

    `period_days` (1-28) gives periods of that many days from the anchor (reg 6).
    `planned_rows` are the source rows whose times are planned ones (flagged per period).
    Per-event flags added here, folded into the period's flags: `pay_from_policy` (no pay in
    the rota for the event: the policy's rates were used), `partial_period` (the period runs
    outside the dates the rota covers, so its figures cover only part of it), `planned_times`.
    """
    if period not in PERIOD_KINDS:
        raise ValueError(f"period must be one of {', '.join(PERIOD_KINDS)}, not {period!r}")
    anchor = _as_date(period_anchor, DEFAULT_ANCHOR)
    as_of = _as_date(as_of, date.today())
    timeline = build_timeline(events, policy.rules)
    priced = event_pay(timeline, policy, workers, use_rota_pay=use_rota_pay)
    del timeline  # the columns pay replaced are freed now, not at the end
    if len(priced):
        start, end = assign_pay_reference_periods(priced["start"], period, anchor, days=period_days)
        # New arrays, made for this frame: handed over without pandas copying them (put).
        put(priced, "period_start", start.to_numpy())
        put(priced, "period_end", end.to_numpy())
        del start, end
        first, last = rota_span if rota_span is not None else start_day_span(priced)
        put(
            priced,
            "flag_partial_period",
            ((priced["period_start"] < first) | (priced["period_end"] > last)).to_numpy(bool),
        )
    else:
        priced["period_start"] = pd.Series([], dtype="datetime64[s]")
        priced["period_end"] = pd.Series([], dtype="datetime64[s]")
        priced["flag_partial_period"] = pd.Series([], dtype=bool)
    pay_given = priced["pay"].notna() if "pay" in priced else pd.Series(False, index=priced.index)
    put(priced, "flag_pay_from_policy", (~pay_given & use_rota_pay).to_numpy(bool))
    put(priced, "flag_planned_times", priced["source_row"].isin(planned_rows or []).to_numpy(bool))
    periods = period_table(
        priced,
        workers,
        as_of=as_of,
        vehicle_cost_per_mile=policy.rules.vehicle_cost_per_mile,
        abolished_band_now=abolished_band_now,
    )
    return priced, periods


def analysis_settings(
    policy: PayPolicy,
    *,
    period: str,
    period_anchor: date,
    as_of: date,
    use_rota_pay: bool = True,
    abolished_band_now: str = "top",
    period_days: int | None = None,
) -> dict[str, Any]:
    """Every setting used, with the source of each rule where the policy gives one."""
    rules = policy.to_dict()["rules"]
    return {
        "period": period_name(period, period_days),
        "period_days": period_days,
        "period_anchor": period_anchor.isoformat(),
        "as_of": as_of.isoformat(),
        "use_rota_pay": use_rota_pay,
        "policy": policy.to_dict(),
        "rules": {
            name: {"value": value, "source": policy.sources.get(name, "")}
            for name, value in rules.items()
        },
        "pay_sources": {k: v for k, v in policy.sources.items() if k not in rules},
        "minimum_wage": minimum_wage.settings(as_of, abolished_band_now),
        "rates": rates_source(),
        "period_rule": "events belong to the pay reference period containing their local "
        "(Europe/London) start date (payfair rules §3 end; NMW Regulations 2015 reg 6)",
        "period_length": "a pay reference period is a month, or the shorter period the worker is "
        "paid by (NMW Regulations 2015 reg 6; HMRC NMWM09020): weekly, fortnightly, four-weekly, "
        "1 to 28 days, or monthly from the anchor's day of the month",
        "rate_table": "pay periods starting before the first dated rate or after the table's "
        "last year are refused, each row listed as rejected with the reason",
    }


def analyse(
    rota: RotaRead,
    policy: PayPolicy,
    *,
    workers: pd.DataFrame | None = None,
    period: str = "weekly",
    period_anchor: date | str | None = None,
    as_of: date | str | None = None,
    use_rota_pay: bool = True,
    abolished_band_now: str = "top",
    period_days: int | None = None,
) -> Analysis:
    """The engine on a RotaRead: `workers` (if given) overrides the rota's own workers table.

    Rows in pay periods the rates table does not cover are refused (listed as rejected with the
    reason); everything payfair assumed is listed in `warnings` in plain words with the fix."""
    anchor = _as_date(period_anchor, DEFAULT_ANCHOR)
    as_of = _as_date(as_of, date.today())
    if period_days is not None:
        period_days = check_period_days(period_days)
    workers = workers if workers is not None else rota.workers
    events, refused = refuse_outside_rate_table(
        rota, period=period, anchor=anchor, period_days=period_days
    )
    timeline, periods = analyse_events(
        events,
        workers,
        policy,
        period=period,
        period_anchor=anchor,
        as_of=as_of,
        use_rota_pay=use_rota_pay,
        abolished_band_now=abolished_band_now,
        period_days=period_days,
        planned_rows=rota.planned_rows,
    )
    rejected = concat_rejections([rota.rejected, refused])
    notes = assumption_warnings(
        rota, timeline, periods, workers, policy, rejected=len(rejected), use_rota_pay=use_rota_pay
    )
    return Analysis(
        periods=periods,
        timeline=timeline,
        rows_read=rota.rows_read,
        rejected=rejected,
        warnings=concat_rejections([notes, rota.warnings]) if len(notes) else rota.warnings,
        settings=analysis_settings(
            policy,
            period=period,
            period_anchor=anchor,
            as_of=as_of,
            use_rota_pay=use_rota_pay,
            abolished_band_now=abolished_band_now,
            period_days=period_days,
        ),
    )


def _file_of(rota: RotaRead) -> tuple[str | None, str | None]:
    return (rota.source.file, rota.source.sheet) if rota.source else (None, None)


def refuse_outside_rate_table(
    rota: RotaRead, *, period: str, anchor: date, period_days: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events kept, rejected): events in a pay period starting before the first dated rate
    (2016-04-01) or after the table's last year have no rate to check against, so they are
    refused with the reason rather than shown as owing nothing (rules §5-6)."""
    events = rota.events
    if events.empty:
        return events, empty_rejections()
    first, until = rate_table_span()
    # Pay periods only move forward with the date, so when the periods of the earliest and the
    # latest event are inside the table, every event's is: nothing to refuse, no pass over rows.
    earliest, latest = start_day_span(events)
    if pd.notna(earliest) and pd.notna(latest):
        ends, _ = assign_pay_reference_periods(
            pd.Series([earliest, latest]), period, anchor, days=period_days
        )
        ends = ends.to_numpy("datetime64[D]")
        if ends[0] >= first and ends[1] < until:
            return events, empty_rejections()
    start, _ = assign_pay_reference_periods(events["start"], period, anchor, days=period_days)
    starts = start.to_numpy("datetime64[D]")
    before = starts < first
    after = starts >= until
    if not (before | after).any():
        return events, empty_rejections()
    shown = pd.Series(start.dt.strftime("%Y-%m-%d").to_numpy(), index=events.index)
    first_text = pd.Timestamp(first).strftime("%-d %B %Y")
    until_text = pd.Timestamp(until).strftime("%-d %B %Y")
    reason = pd.Series("", index=events.index, dtype=object)
    reason[before] = (
        "is in the pay period starting "
        + shown[before]
        + f", before {first_text}, the earliest minimum-wage rate payfair holds "
        "(rates/nmw.toml): payfair cannot check it. Check the date; for earlier years work the "
        "period out at the rate then in force (gov.uk National Minimum Wage rates)"
    )
    reason[after] = (
        "is in the pay period starting "
        + shown[after]
        + f", on or after {until_text}, beyond the years of minimum-wage rates payfair holds "
        "(rates/nmw.toml): check the date, or add that year's rates to rates/nmw.toml"
    )
    bad = before | after
    file, sheet = _file_of(rota)
    column = rota.mapping.get("start", "start") if rota.mapping else "start"
    rejected = rejections_frame(
        events.loc[bad, "source_row"],
        "start " + reason[bad],
        file=file,
        sheet=sheet,
        column=column,
    )
    return events.loc[~bad].reset_index(drop=True), rejected


def _note(rota: RotaRead, reason: str) -> pd.DataFrame:
    file, sheet = _file_of(rota)
    return rejections_frame([None], reason, file=file, sheet=sheet)


def _rows_text(rows: FlaggedRows | pd.Series) -> str:
    """The first SHOW_ROWS row numbers, in order, and how many more (a rota can name a million
    rows: they are kept as a bitmap, payfair.event_facts)."""
    if not isinstance(rows, FlaggedRows):
        rows = FlaggedRows.of(rows)
    distinct = rows.distinct_rows()
    shown = ", ".join(str(int(r)) for r in rows.first_rows(SHOW_ROWS))
    return shown + (f" and {distinct - SHOW_ROWS} more" if distinct > SHOW_ROWS else "")


def assumption_warnings(
    rota: RotaRead,
    timeline: pd.DataFrame | EventFacts,
    periods: pd.DataFrame,
    workers: pd.DataFrame | None,
    policy: PayPolicy,
    *,
    rejected: int,
    use_rota_pay: bool = True,
) -> pd.DataFrame:
    """Everything payfair filled in that changes a figure, one plain-English line each with how
    to fix it (never assume in silence): pay from the policy, a large share of rows rejected,
    pay periods only partly covered, planned times used, no date of birth, unknown worker ids.
    `timeline` is the engine's per-event timeline, or only the facts the warnings need from it
    (payfair.event_facts: what the Dask engine gathers, so that it stays in bounded memory)."""
    facts = (
        timeline
        if isinstance(timeline, EventFacts)
        else event_facts(timeline, worker_ids=workers is not None)
    )
    notes = []
    read = rota.rows_read
    if read and rejected / read >= REJECTED_SHARE_WARNING:
        notes.append(
            _note(
                rota,
                f"{rejected} of {read} rows ({rejected / read:.0%}) were rejected, so these "
                "results leave out a large part of the rota: fix the rejected rows (each is "
                "listed with its reason) and run again",
            )
        )
    from_policy = facts.pay_from_policy
    if facts.events and use_rota_pay:
        if from_policy.events == facts.events:
            notes.append(
                _note(
                    rota,
                    "the rota has no pay for its events (no pay column, or it is empty), so pay "
                    f"was worked out from the pay policy '{policy.name}' "
                    f"({_policy_rates(policy)}): if your workers are paid differently, add the "
                    "pay column to the rota or give your own rates (a policy file, --policy)",
                )
            )
        elif from_policy.events:
            notes.append(
                _note(
                    rota,
                    f"{from_policy.events} row(s) have no pay (rows {_rows_text(from_policy)}), so "
                    f"their pay was worked out from the pay policy '{policy.name}' "
                    f"({_policy_rates(policy)}): fill in their pay in the rota",
                )
            )
    if len(periods):
        flags = periods["flags"].astype(str)
        partial = periods.loc[flags.str.contains("partial_period"), ["period_start", "period_end"]]
        if len(partial):
            first, last = facts.first_day, facts.last_day
            spans = partial.drop_duplicates().sort_values("period_start")
            text = (
                spans["period_start"].dt.strftime("%Y-%m-%d")
                + " to "
                + spans["period_end"].dt.strftime("%Y-%m-%d")
            ).tolist()
            notes.append(
                _note(
                    rota,
                    f"pay period(s) {', '.join(text)} are only partly covered by the rota (its "
                    f"events run from {first:%Y-%m-%d} to {last:%Y-%m-%d}), so their figures "
                    "count only the work in the rota: give the rota for the whole period, or "
                    "choose pay periods that match it (--period, --period-anchor)",
                )
            )
        no_dob = periods.loc[flags.str.contains("no_date_of_birth"), "worker_id"]
        names = sorted(pd.unique(no_dob.astype(str)).tolist())
        if names:
            where = (
                "there is no workers file"
                if workers is None
                else "the workers file gives none for them"
            )
            notes.append(
                _note(
                    rota,
                    f"{len(names)} worker(s) have no date of birth ({where}): the top "
                    f"(adult) minimum-wage band was assumed for {name_list(names)}; add their "
                    "dates of birth to the workers file (a younger worker's rate is lower, an "
                    "apprentice's too)",
                )
            )
    used = facts.planned_times
    if rota.planned_rows and used.events:
        notes.append(
            _note(
                rota,
                f"{used.events} row(s) have no actual (call-monitoring) times, so their "
                f"planned times were used (rows {_rows_text(used)}): fill in the actual "
                "times if the visits ran differently",
            )
        )
    if workers is not None and facts.events:
        missing = unmatched_workers(pd.Series(facts.worker_ids, dtype=object), workers)
        if missing:
            notes.append(
                _note(
                    rota,
                    f"{len(missing)} worker(s) in the rota match no one in the workers file "
                    f"(ignoring case and spaces): {name_list(missing)}; they were given the top "
                    "band and the policy's rate: check the spelling or add them to the workers "
                    "file",
                )
            )
    return concat_rejections(notes) if notes else empty_rejections()


def _policy_rates(policy: PayPolicy) -> str:
    """The policy's rates in a few words, e.g. 'contact £12.21/h, travel unpaid, waiting unpaid,
    mileage 45p'."""

    def rate(value) -> str:
        if value == "contact":
            return "at the contact rate"
        if not value:
            return "unpaid"
        return f"£{float(value):.2f}/h"

    pence = float(policy.mileage_rate or 0) * 100
    mileage = f"mileage {pence:.0f}p a mile" if pence else "no mileage paid"
    return (
        f"contact £{float(policy.contact_rate):.2f}/h, travel {rate(policy.travel_rate)}, "
        f"waiting {rate(policy.waiting_rate)}, {mileage}"
    )


# ---------------------------------------------------------------------------------------- output


def _plain(value: Any) -> Any:
    """A JSON-ready value: ISO dates, None for missing, Python numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain JSON values, converted column by column (payfair.safe_output)."""
    from payfair.safe_output import records

    return records(frame)


def periods_for_output(periods: pd.DataFrame) -> pd.DataFrame:
    """Periods with ISO date strings, for CSV and JSON."""
    out = periods.copy()
    for col in ("period_start", "period_end"):
        # Each distinct date (a rota's weeks: a few dozen) formatted once, then taken by code
        # (a million periods at 10M events); missing dates stay missing, as strftime left them.
        codes, dates = pd.factorize(pd.to_datetime(out[col]))
        text = np.asarray(pd.DatetimeIndex(dates).strftime("%Y-%m-%d"), dtype=object)
        out[col] = pd.Series(
            pd.array(text, dtype="str").take(codes, allow_fill=True), index=out.index
        )
    return out


def rejection_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rejected rows (or warnings) as `{"row", "reason", "file", "sheet", "column"}` dicts."""
    return _records(frame[["row", "reason", "file", "sheet", "column"]])


def to_json(analysis: Analysis) -> dict[str, Any]:
    """`{"periods": [...], "rows": {"read", "used", "rejected": [...]}, "warnings": [...],
    "settings": {...}}` with ISO dates, hours in decimal hours and money in pounds; machine
    names. Strict: no NaN or infinity anywhere (they become null, e.g. pay of 1e308 summed to
    infinity), so `json.dumps(..., allow_nan=False)` and every JSON parser accept it."""
    from payfair.safe_output import json_ready

    # The records are JSON-ready column by column already; only the settings need a pass.
    return {
        "periods": _records(periods_for_output(analysis.periods)),
        "rows": {
            "read": int(analysis.rows_read),
            "used": int(analysis.rows_used),
            "rejected": rejection_records(analysis.rejected),
        },
        "warnings": rejection_records(analysis.warnings),
        "settings": json_ready(_plain(analysis.settings)),
    }


def to_csv(analysis: Analysis, path: str | Path, *, people: bool = True) -> Path:
    """Write the periods table (one row per worker and PRP) as CSV, through the one safe writer
    (formula-safe cells, UTF-8 with a BOM, the whole file or nothing). With `people` (the
    default) the headers and values are as people read them (payfair.labels: "Worker",
    "Working hours", money to the penny, flags in words); `people=False` keeps machine names."""
    from payfair.safe_output import atomic_write

    path = Path(path)
    atomic_write(path, csv_bytes(analysis, people=people))
    return path


def csv_bytes(analysis: Analysis, *, people: bool = True) -> bytes:
    """The CSV `to_csv` writes, in memory (to build every output before writing any)."""
    from payfair.labels import for_csv
    from payfair.safe_output import csv_bytes as safe_csv_bytes

    frame = for_csv(analysis.periods) if people else periods_for_output(analysis.periods)
    return safe_csv_bytes(frame)


def empty_workers() -> pd.DataFrame:
    """A workers table with no rows and the canonical columns."""
    return pd.DataFrame({c: pd.Series([], dtype="object") for c in WORKER_COLUMNS})

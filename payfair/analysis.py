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
from payfair.errors import empty_rejections
from payfair.pay import event_pay
from payfair.periods import DEFAULT_ANCHOR, assign_pay_reference_periods
from payfair.policy import PayPolicy
from payfair.rates import rates_source
from payfair.rota import RotaRead
from payfair.schema import PERIOD_COLUMNS, PERIOD_KINDS, WORKER_COLUMNS
from payfair.timeline import build_timeline

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
)


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
    """Per worker and PRP: totals of a priced timeline (with period_start/end) and the NMW test."""
    if timeline.empty:
        return _empty_periods()
    frame = timeline[PERIOD_KEYS].copy()
    frame["worker_id"] = frame["worker_id"].astype("str")
    for col in _SUMS:
        frame[col] = pd.to_numeric(timeline[col], errors="coerce").fillna(0.0).astype(float)
    for col in _EVENT_FLAGS:
        frame[col] = timeline[col].fillna(False).astype(bool) if col in timeline else False
    frame["events"] = 1
    grouped = frame.groupby(PERIOD_KEYS, sort=True, dropna=False)
    totals = grouped[[*_SUMS, "events"]].sum()
    totals = totals.join(grouped[list(_EVENT_FLAGS)].any()).reset_index()

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
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pure engine: (timeline with pay and periods, periods table)."""
    if period not in PERIOD_KINDS:
        raise ValueError(f"period must be one of {', '.join(PERIOD_KINDS)}, not {period!r}")
    anchor = _as_date(period_anchor, DEFAULT_ANCHOR)
    as_of = _as_date(as_of, date.today())
    timeline = build_timeline(events, policy.rules)
    priced = event_pay(timeline, policy, workers, use_rota_pay=use_rota_pay)
    if len(priced):
        start, end = assign_pay_reference_periods(priced["start"], period, anchor)
        priced["period_start"] = start.to_numpy()
        priced["period_end"] = end.to_numpy()
    else:
        priced["period_start"] = pd.Series([], dtype="datetime64[s]")
        priced["period_end"] = pd.Series([], dtype="datetime64[s]")
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
) -> dict[str, Any]:
    """Every setting used, with the source of each rule where the policy gives one."""
    rules = policy.to_dict()["rules"]
    return {
        "period": period,
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
        "(Europe/London) start date (rules §3 end; NMW Regulations 2015 reg 6)",
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
) -> Analysis:
    """The engine on a RotaRead: `workers` (if given) overrides the rota's own workers table."""
    anchor = _as_date(period_anchor, DEFAULT_ANCHOR)
    as_of = _as_date(as_of, date.today())
    workers = workers if workers is not None else rota.workers
    timeline, periods = analyse_events(
        rota.events,
        workers,
        policy,
        period=period,
        period_anchor=anchor,
        as_of=as_of,
        use_rota_pay=use_rota_pay,
        abolished_band_now=abolished_band_now,
    )
    return Analysis(
        periods=periods,
        timeline=timeline,
        rows_read=rota.rows_read,
        rejected=rota.rejected,
        warnings=rota.warnings,
        settings=analysis_settings(
            policy,
            period=period,
            period_anchor=anchor,
            as_of=as_of,
            use_rota_pay=use_rota_pay,
            abolished_band_now=abolished_band_now,
        ),
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
    """Rows as dicts of plain values (column-wise conversion, then one zip per row of output)."""
    columns = {c: [_plain(v) for v in frame[c].tolist()] for c in frame.columns}
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]


def periods_for_output(periods: pd.DataFrame) -> pd.DataFrame:
    """Periods with ISO date strings, for CSV and JSON."""
    out = periods.copy()
    for col in ("period_start", "period_end"):
        out[col] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d")
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

    return json_ready(
        {
            "periods": _records(periods_for_output(analysis.periods)),
            "rows": {
                "read": int(analysis.rows_read),
                "used": int(analysis.rows_used),
                "rejected": rejection_records(analysis.rejected),
            },
            "warnings": rejection_records(analysis.warnings),
            "settings": _plain(analysis.settings),
        }
    )


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

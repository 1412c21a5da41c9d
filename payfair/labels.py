"""Plain English for people: how payfair's figures, names and flags read in downloads and text.

The engine and the JSON keep machine names (`working_hours`, `no_date_of_birth`); everything a
person reads (CSV and Excel downloads, the "why" text, evidence packs, the payroll top-up file)
goes through here, so a header, a flag or a sum of money is worded the same way everywhere:
money to the penny (`£1,234.56`), large sums short (`£5.27m`), hours to two decimals and as h:mm
where people read times, dates as people write them, and never `None`, `False` or `NaN`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

#: What a missing figure shows as, to a person.
MISSING = ""


def _number(value: Any) -> float | None:
    """A finite float, or None for missing / NaN / infinite / non-numeric values."""
    if value is None or value is pd.NA or value is pd.NaT or isinstance(value, bool):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def money(value: Any, *, missing: str = MISSING) -> str:
    """£ to the penny with thousands separators: `£1,234.56`, `-£3.20`."""
    x = _number(value)
    if x is None:
        return missing
    x = round(x + 0.0, 2)
    text = f"£{abs(x):,.2f}"
    return "-" + text if x < 0 and text != "£0.00" else text


def money_short(value: Any, *, missing: str = MISSING) -> str:
    """A large sum as people say it: `£5.27m` from a million, whole pounds with separators
    from £1,000 (`£52,686`), to the penny below that."""
    x = _number(value)
    if x is None:
        return missing
    sign = "-" if x < 0 else ""
    a = abs(x)
    if a >= 1e9:
        return f"{sign}£{a / 1e9:,.2f}bn"
    if a >= 1e6:
        return f"{sign}£{a / 1e6:,.2f}m"
    if a >= 1e3:
        return f"{sign}£{a:,.0f}"
    return money(x, missing=missing)


def hours(value: Any, *, missing: str = MISSING) -> str:
    """Decimal hours to two places: `37.98`."""
    x = _number(value)
    return missing if x is None else f"{x:,.2f}"


def hm(value: Any, *, missing: str = MISSING) -> str:
    """Hours as h:mm, rounded to the minute: 37.9833 → `37:59`."""
    x = _number(value)
    if x is None:
        return missing
    total = int(round(abs(x) * 60))
    sign = "-" if x < 0 and total else ""
    return f"{sign}{total // 60}:{total % 60:02d}"


def hours_and_hm(value: Any, *, missing: str = MISSING) -> str:
    """`37.98 h (37:59)`: decimal hours for arithmetic, h:mm for people who read times."""
    x = _number(value)
    return missing if x is None else f"{hours(x)} h ({hm(x)})"


def minutes(value: Any, *, missing: str = MISSING) -> str:
    """Whole minutes when whole (`45`), else one decimal (`12.5`)."""
    x = _number(value)
    if x is None:
        return missing
    return f"{x:,.0f}" if abs(x - round(x)) < 1e-9 else f"{x:,.1f}"


def rate(value: Any, *, missing: str = MISSING) -> str:
    """An hourly rate: `£12.21`."""
    return money(value, missing=missing)


def as_date(value: Any) -> date | None:
    """A date from a date, datetime, Timestamp, numpy datetime or ISO text; None when missing."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    ts = pd.Timestamp(value)
    return None if pd.isna(ts) else ts.date()


def day(value: Any, *, weekday: bool = False, missing: str = MISSING) -> str:
    """A date as people write it: `23 March 2026` (`Monday 23 March 2026` with weekday)."""
    d = as_date(value)
    if d is None:
        return missing
    text = f"{d.day} {d:%B %Y}"
    return f"{d:%A} {text}" if weekday else text


def iso(value: Any, *, missing: str = MISSING) -> str:
    """A date as `2026-03-23` (sorts in a spreadsheet)."""
    d = as_date(value)
    return missing if d is None else d.isoformat()


#: Machine column names → the header a person reads (CSV and Excel). Names not listed are
#: worded by `header()` from the name itself.
COLUMN_LABELS: dict[str, str] = {
    # periods (payfair.schema.PERIOD_COLUMNS)
    "worker_id": "Worker",
    "period_start": "Pay period start",
    "period_end": "Pay period end",
    "contact_hours": "Contact hours",
    "travel_hours": "Travel hours (between visits)",
    "waiting_hours": "Waiting hours",
    "other_hours": "Training and office hours",
    "working_hours": "Working hours",
    "paid_hours": "Paid hours",
    "unpaid_working_hours": "Unpaid working hours",
    "gross_pay": "Gross pay (£)",
    "premium_pay": "Premiums (£)",
    "allowance_pay": "Allowances (£)",
    "deductions": "Deductions (£)",
    "deduction": "Deductions (£)",
    "mileage_pay": "Mileage paid (£)",
    "business_miles": "Business miles",
    "nmw_pay": "Pay that counts for the minimum wage (£)",
    "age": "Age on the period's first day",
    "band": "Minimum-wage band",
    "nmw_rate": "Minimum-wage rate (£ an hour)",
    "nmw_rate_now": "Minimum-wage rate today (£ an hour)",
    "true_hourly_rate": "True hourly rate (£)",
    "headline_rate": "Pay per contact hour (£)",
    "paid_time_rate": "Pay per paid hour (£)",
    "shortfall": "Shortfall (£)",
    "arrears": "Arrears owed (£)",
    "arrears_uplift": "Arrears uplift (£)",
    "below_nmw": "Below the minimum wage",
    "events": "Events",
    "flags": "Checks",
    "role": "Role",
    # rejected rows and warnings (payfair.errors)
    "file": "File",
    "sheet": "Sheet",
    "row": "Row in the file",
    "column": "Column",
    "reason": "What is wrong and how to fix it",
    # settings sheets
    "setting": "Setting",
    "value": "Value",
    "source": "Source",
    # events (Analysis.timeline)
    "source_row": "Row in the file",
    "start": "Start",
    "end": "End",
    "kind": "Kind",
    "status": "Status",
    "client_id": "Client",
    "travel_minutes": "Journey to it (minutes)",
    "travel_miles": "Journey to it (miles)",
    "pay": "Pay in the rota (£)",
    "event_minutes": "Length (minutes)",
    "counted_minutes": "Minutes counted",
    "contact_minutes": "Contact minutes",
    "other_minutes": "Training and office minutes",
    "gap_minutes": "Gap before it (minutes)",
    "travel_known_minutes": "Journey time (minutes)",
    "travel_counted_minutes": "Travel counted (minutes)",
    "waiting_minutes": "Waiting (minutes)",
    "break_minutes": "Break (minutes)",
    "commute_minutes": "Commute (minutes)",
    "run_id": "Run of visits",
    "run_start": "Starts a run",
    "flag_overlap": "Overlaps another visit",
    "flag_insufficient_travel": "Less time than the journey takes",
    "flag_travel_unknown": "Journey time unknown",
    "flag_cancelled_paid": "Cancelled but paid",
    "flag_pay_from_policy": "Pay from the pay policy",
    "flag_partial_period": "Pay period only partly in the rota",
    "flag_planned_times": "Planned times used",
    "contact_pay": "Contact pay (£)",
    "other_pay": "Training and office pay (£)",
    "travel_pay": "Travel pay (£)",
    "waiting_pay": "Waiting pay (£)",
    "vehicle_cost_reduction": "Car costs above mileage paid (£)",
    "paid_minutes": "Paid minutes",
    # scenarios (payfair.costing.outcomes)
    "scenario": "Scenario",
    "measure": "Measure",
    "what it means": "What it means",
    "periods": "Pay periods",
    "weeks": "Weeks",
    "workers": "Workers",
    "share": "Share of workers",
    "decile": "Decile",
    "gain_per_worker_per_week": "Gain per worker per week",
    "paid_hours_now": "Paid hours now",
    "unpaid_hours_now": "Unpaid working hours now",
    "paid_time_rate_now": "Pay per paid hour now (£)",
    "covered_days": "Days of the pay period the rota covers",
    "pay_now": "Pay now (£)",
    "pay_scenario": "Pay under the scenario (£)",
    "change": "Change in pay (£)",
    "change_pct": "Change in pay (%)",
    "change_per_week": "Change in pay per week (£)",
    "true_hourly_rate_now": "True hourly rate now (£)",
    "true_hourly_rate_scenario": "True hourly rate under the scenario (£)",
    "below_nmw_now": "Below the minimum wage now",
    "below_nmw_scenario": "Below the minimum wage under the scenario",
    "mileage_now": "Mileage now (£)",
    "mileage_scenario": "Mileage under the scenario (£)",
    "employer_cost_now": "Employer cost now (£)",
    "employer_cost_scenario": "Employer cost under the scenario (£)",
    "employer_cost_change": "Change in employer cost (£)",
    "nmw_pay_now": "Pay that counts now (£)",
    "nmw_pay_scenario": "Pay that counts under the scenario (£)",
    "working_hours_scenario": "Working hours under the scenario",
    # fee per contact hour (payfair.costing.fee_rate)
    "line": "Line",
    "item": "Item",
    "per_contact_hour": "Per contact hour (£)",
    "share_of_fee": "Share of the fee",
    "total": "Total (£)",
    "meaning": "What it means",
    "visit_minutes": "Visit length (minutes)",
    "travel_minutes_per_contact_hour": "Travel minutes per contact hour",
    "fee_per_hour": "Fee per hour (£)",
    "fee_per_visit": "Fee per visit (£)",
    "allowed": "Allowed",
    "rate": "Hourly rate (£)",
    "training_hours": "Training hours",
    "training_pay": "Training pay (£)",
    "holiday_pay": "Holiday pay (£)",
    "sick_days": "Sick days",
    "sick_pay": "Sick pay (£)",
    "earnings": "Earnings (£)",
    "employer_ni": "Employer National Insurance (£)",
    "pension_eligible": "Pension: eligible",
    "pension": "Employer pension (£)",
    "employer_cost": "Employer cost (£)",
}

_MONEY_WORDS = (
    "pay",
    "cost",
    "fee",
    "rate",
    "shortfall",
    "arrears",
    "change",
    "mileage",
    "deduction",
    "employer_ni",
    "pension",
    "earnings",
    "per_contact_hour",
    "per_week",
    "per_year",
    "total",
    "allowance",
    "holiday",
    "gap",
    "uplift",
    "top_up",
)
#: Columns that hold money although their names do not say so, and names that look like money
#: but are not.
_NOT_MONEY = ("pension_eligible", "paid_minutes", "paid_hours", "unpaid")


def kind_of(name: str, series: pd.Series | None = None) -> str:
    """What a column holds, from its machine name (and dtype): `date`, `datetime`, `bool`,
    `percent_points` (already × 100), `share` (a fraction), `hours`, `count`, `number`,
    `minutes`, `money` or `text`. Decides rounding, number formats and h:mm columns."""
    n = str(name).lower()
    if series is not None:
        if isinstance(series.dtype, pd.DatetimeTZDtype) or n in ("start", "end"):
            return "datetime"
        if pd.api.types.is_datetime64_any_dtype(series):
            return "date"
        if pd.api.types.is_bool_dtype(series) or str(series.dtype) == "boolean":
            return "bool"
    if n.startswith("flag_") or n.startswith("below_nmw") or n in ("run_start", "allowed"):
        return "bool"
    if n in ("period_start", "period_end"):
        return "date"
    if n.endswith("_pct"):
        return "percent_points"
    if n.startswith("share") or n.endswith("_share") or n == "share":
        return "share"
    if n.endswith("hours") or n == "weeks" or n.endswith("_hours_now") or "hours_" in n:
        return "hours"
    if n in ("events", "periods", "workers", "worker_periods", "row", "source_row", "age"):
        return "count"
    if n in ("run_id", "decile"):
        return "count"
    if "minutes" in n:
        return "minutes"
    if "miles" in n and "mileage" not in n:
        return "number"
    if n in ("sick_days",):
        return "number"
    if any(w in n for w in _MONEY_WORDS) and not any(w in n for w in _NOT_MONEY):
        return "money"
    if series is not None and pd.api.types.is_numeric_dtype(series):
        return "number"
    return "text"


def header(name: Any) -> str:
    """The header a person reads for a machine column name."""
    text = str(name)
    if text in COLUMN_LABELS:
        return COLUMN_LABELS[text]
    words = text.replace("_", " ").replace("nmw", "minimum wage").strip()
    words = words[:1].upper() + words[1:]
    if kind_of(text) == "money" and "£" not in words:
        words += " (£)"
    return words


#: Hour columns that also get an h:mm column beside them in people's tables.
HM_COLUMNS = ("working_hours", "unpaid_working_hours")

#: Each period flag (payfair.minimum_wage.FLAG_NAMES) in words.
FLAG_WORDS: dict[str, str] = {
    "overlap": "visits overlap (the shared time is counted once)",
    "insufficient_travel": "the rota leaves less time between visits than the journey takes",
    "travel_unknown": "journey time not in the rota (the whole gap counted as waiting or a break)",
    "no_date_of_birth": "no date of birth: the top minimum-wage band is assumed",
    "rate_change_in_period": "the minimum wage changed during the period (the rate on its first "
    "day applies)",
    "cancelled_paid": "a cancelled visit was paid (its pay counts; its time is not working time)",
    "under_16": "under 16: no minimum wage applies",
    "apprenticeship_start_unknown": "apprentice with no start date: the age band is used",
    "apprenticeship_not_started": "the apprenticeship had not started: the age band is used",
    "no_rate": "no minimum-wage rate is known for the period's first day",
    "partial_period": "the rota covers only part of this pay period",
    "pay_from_policy": "no pay in the rota for some visits: the pay policy's rates were used",
    "planned_times": "planned (rostered) times used where actual times were missing",
}


def flag_words(flag: str) -> str:
    """One flag in words (an unknown flag keeps its name, with underscores as spaces)."""
    return FLAG_WORDS.get(flag, str(flag).replace("_", " "))


def flags_text(flags: Any) -> str:
    """`;`-joined flag names → words joined by "; " (empty when none)."""
    if flags is None or flags is pd.NA or (isinstance(flags, float) and math.isnan(flags)):
        return MISSING
    return "; ".join(flag_words(f) for f in str(flags).split(";") if f)


TOP_BAND_LABELS = ("25+", "23+", "21+")


def band_words(label: Any) -> str:
    """A period's minimum-wage band name in words, e.g. `21+` → "National Living Wage, aged 21
    and over" (band names as in docs/ARCHITECTURE.md "Periods")."""
    if label is None or label is pd.NA or (isinstance(label, float) and math.isnan(label)):
        return MISSING
    text = str(label)
    if text in TOP_BAND_LABELS:
        return f"National Living Wage, aged {text[:-1]} and over"
    if text == "apprentice":
        return "apprentice rate"
    if text == "under 16":
        return "under 16 (no minimum wage)"
    if "-" in text:
        low, high = text.split("-", 1)
        return f"National Minimum Wage, aged {low} to {high}"
    return text


def hm_series(values: pd.Series) -> pd.Series:
    """`hm` over a column of hours, vectorised; missing → empty text."""
    x = pd.to_numeric(values, errors="coerce").astype("float64")
    ok = np.isfinite(x.to_numpy())
    total = np.round(np.abs(np.where(ok, x.to_numpy(), 0.0)) * 60).astype("int64")
    h = pd.Series(total // 60, index=values.index).astype(str)
    m = pd.Series(total % 60, index=values.index).astype(str).str.zfill(2)
    sign = np.where((x.to_numpy() < 0) & (total > 0), "-", "")
    text = sign + h + ":" + m
    return text.where(ok, MISSING).astype(object)


def money_series(values: pd.Series) -> pd.Series:
    """`money` over a column, for text outputs; missing → empty text."""
    return pd.Series(
        [money(v) for v in values.tolist()], index=values.index, dtype=object
    )  # formatting output text, not arithmetic


# ------------------------------------------------------------------------- tables for people


@dataclass(frozen=True)
class PeopleTable:
    """A table as people read it: human headers, rounded figures, words for flags and bands,
    `yes`/`no` for true/false, blanks for missing; `kinds` and `names` say, per header, what the
    column holds and which machine column it came from (for number formats)."""

    frame: pd.DataFrame
    kinds: dict[str, str]
    names: dict[str, str]


_DECIMALS = {"money": 2, "hours": 2, "number": 2, "minutes": 2, "percent_points": 2, "share": 4}


def _finite(series: pd.Series) -> pd.Series:
    x = pd.to_numeric(series, errors="coerce").astype("float64")
    return x.where(np.isfinite(x.to_numpy()))


def _cell_text(value: Any) -> Any:
    """A mixed column's cell: numbers stay numbers, true/false → yes/no, missing → blank."""
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, float, np.integer, np.floating)):
        x = float(value)
        return value if math.isfinite(x) else MISSING
    return str(value)


def _text(series: pd.Series) -> pd.Series:
    if pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_object_dtype(
        series.dtype
    ):
        return series.astype(object).where(series.notna(), MISSING)
    return series.map(_cell_text).astype(object)  # output cells of a mixed column


def people_values(name: str, series: pd.Series, kind: str) -> pd.Series:
    """One column's values as people read them (see PeopleTable)."""
    if kind in _DECIMALS:
        x = _finite(series)
        huge = x.abs() >= 1e12  # rounding would overflow; nothing to round at that size anyway
        return x.where(huge, x.where(~huge, 0.0).round(_DECIMALS[kind]))
    if kind == "count":
        x = _finite(series)
        whole = x.dropna()
        return x.astype("Int64") if (whole == whole.round()).all() else x.round(2)
    if kind == "bool":
        b = series.astype("boolean")
        return pd.Series(
            np.where(b.isna(), MISSING, np.where(b.fillna(False), "yes", "no")),
            index=series.index,
            dtype=object,
        )
    if kind == "datetime":
        values = pd.to_datetime(series)
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_localize(None)
        return values
    if kind == "date":
        return pd.to_datetime(series).dt.normalize()
    if name == "flags":
        return series.map(flags_text, na_action="ignore").fillna(MISSING).astype(object)
    if name == "band":
        return series.map(band_words, na_action="ignore").fillna(MISSING).astype(object)
    return _text(series)


def people_table(frame: pd.DataFrame, *, hm_columns: tuple[str, ...] = HM_COLUMNS) -> PeopleTable:
    """`frame` (machine column names) as people read it; an h:mm column follows each of
    `hm_columns` present (working hours as people read times)."""
    data: dict[str, pd.Series] = {}
    kinds: dict[str, str] = {}
    names: dict[str, str] = {}
    for col in frame.columns:  # a handful of columns
        series = frame[col]
        kind = kind_of(str(col), series)
        if kind in (*_DECIMALS, "count") and not pd.api.types.is_numeric_dtype(series):
            kind = "text"  # e.g. a bin label such as "up to £10" under a money-like name
        head = header(col)
        while head in data:  # two machine names with one label: keep both, distinguishably
            head += " "
        data[head] = people_values(str(col), series, kind)
        kinds[head], names[head] = kind, str(col)
        if col in hm_columns:
            hm_head = f"{head} (h:mm)"
            data[hm_head] = hm_series(series)
            kinds[hm_head], names[hm_head] = "text", f"{col}_hm"
    out = pd.DataFrame(data, index=frame.index).reset_index(drop=True)
    return PeopleTable(out, kinds, names)


def for_csv(frame: pd.DataFrame, *, hm_columns: tuple[str, ...] = HM_COLUMNS) -> pd.DataFrame:
    """A table ready for a people's CSV: `people_table`, with dates as `2026-03-23` and times as
    `2026-03-23 07:02` (local). Write it with payfair.safe_output.write_csv."""
    table = people_table(frame, hm_columns=hm_columns)
    out = table.frame.copy()
    for head, kind in table.kinds.items():
        if kind == "date":
            out[head] = out[head].dt.strftime("%Y-%m-%d").fillna(MISSING).astype(object)
        elif kind == "datetime":
            out[head] = out[head].dt.strftime("%Y-%m-%d %H:%M").fillna(MISSING).astype(object)
    return out


__all__ = [
    "COLUMN_LABELS",
    "HM_COLUMNS",
    "PeopleTable",
    "for_csv",
    "people_table",
    "people_values",
    "header",
    "kind_of",
    "MISSING",
    "FLAG_WORDS",
    "TOP_BAND_LABELS",
    "as_date",
    "band_words",
    "flag_words",
    "flags_text",
    "day",
    "hm",
    "hm_series",
    "hours",
    "hours_and_hm",
    "iso",
    "minutes",
    "money",
    "money_series",
    "money_short",
    "rate",
]

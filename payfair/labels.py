"""Plain English for people: how payfair's figures, names and flags read in downloads and text.

The engine and the JSON keep machine names (`working_hours`, `no_date_of_birth`); everything a
person reads (CSV and Excel downloads, the "why" text, evidence packs, the payroll top-up file)
goes through here, so a header, a flag or a sum of money is worded the same way everywhere:
money to the penny (`£1,234.56`), large sums short (`£5.27m`), hours to two decimals and as h:mm
where people read times, dates as people write them, and never `None`, `False` or `NaN`.
"""

from __future__ import annotations

import math
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
    """A period's minimum-wage band name in words, e.g. `21+` → "National Living Wage (21 and
    over)" (band names as in docs/ARCHITECTURE.md "Periods")."""
    if label is None or label is pd.NA or (isinstance(label, float) and math.isnan(label)):
        return MISSING
    text = str(label)
    if text in TOP_BAND_LABELS:
        return f"National Living Wage ({text[:-1]} and over)"
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


__all__ = [
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

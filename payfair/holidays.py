"""England and Wales bank holidays, from the maintained `holidays` package (rules §4 premiums).

payfair does not keep its own list: bank holidays are added and moved by proclamation (2022's
extra day for the Queen's funeral, 2023's coronation day), and a maintained package follows those
changes, where a hand-typed table would silently go stale.

The package lists each holiday on its date and, when it falls on a weekend, the substitute
weekday as well ("(observed)"); both count as bank holidays here, so Christmas Day is a bank
holiday on 25 December whichever day of the week it is.
"""

from __future__ import annotations

from functools import lru_cache

import holidays as _holidays
import numpy as np
import pandas as pd

from payfair.rates import as_days


@lru_cache(maxsize=64)
def _year_days(year: int) -> tuple[np.datetime64, ...]:
    calendar = _holidays.country_holidays("GB", subdiv="ENG", years=year)
    return tuple(sorted(np.datetime64(d, "D") for d in calendar))


def bank_holidays(start, end) -> pd.DataFrame:
    """England and Wales bank holidays from `start` to `end` inclusive: columns date, name."""
    first, last = as_days([start, end])
    rows = []
    for year in range(int(str(first)[:4]), int(str(last)[:4]) + 1):  # a handful of years
        calendar = _holidays.country_holidays("GB", subdiv="ENG", years=year)
        rows.extend((np.datetime64(d, "D"), name) for d, name in sorted(calendar.items()))
    out = pd.DataFrame(rows, columns=["date", "name"])
    if out.empty:
        return pd.DataFrame({"date": pd.Series([], dtype="datetime64[s]"), "name": []})
    out["date"] = pd.to_datetime(out["date"])
    keep = (out["date"] >= pd.Timestamp(first)) & (out["date"] <= pd.Timestamp(last))
    return out[keep].reset_index(drop=True)


def is_bank_holiday(dates) -> np.ndarray:
    """True where the (local) date is an England and Wales bank holiday; vectorised."""
    days = as_days(dates)
    if len(days) == 0:
        return np.zeros(0, dtype=bool)
    valid = ~np.isnat(days)
    if not valid.any():
        return np.zeros(len(days), dtype=bool)
    first, last = days[valid].min(), days[valid].max()
    year = [int(d.astype("datetime64[Y]").astype(np.int64)) + 1970 for d in (first, last)]
    years = range(year[0], year[1] + 1)  # a handful of years
    known = np.array([d for year in years for d in _year_days(year)], dtype="datetime64[D]")
    # A table with one entry per day of the span, True on bank holidays, looked up by each
    # date's offset: one pass over the dates (the span is a few thousand days at most).
    span = (last - first).astype(np.int64) + 1
    table = np.zeros(span, dtype=bool)
    inside = (known >= first) & (known <= last)
    table[(known[inside] - first).astype(np.int64)] = True
    offset = np.where(valid, days - first, np.timedelta64(0, "D")).astype(np.int64)
    return table[offset] & valid

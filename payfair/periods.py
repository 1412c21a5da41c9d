"""Pay reference periods (rules §1, §3 end; NMW Regulations 2015 reg 6; HMRC NMWM09020).

An event belongs to the pay reference period (PRP) that contains its local (Europe/London) start
date, even when it runs past midnight into the next period.

The PRP is "a month, or, in the case of a worker who is paid wages by reference to a period
shorter than a month, that period" (reg 6); it is never longer than a calendar month (NMWM09020).
payfair runs periods as payroll does:

- weekly, fortnightly and four-weekly periods, and periods of any number of days from 1 to
  `MAX_PERIOD_DAYS` (28: a fixed run of 29 to 31 days would be longer than February, so it is not
  "shorter than a month"), are counted from an anchor date (default 2024-01-01, a Monday): a weekly
  PRP starts on the anchor's weekday. Dates before the anchor are placed with floor division, so
  periods run back in time on the same grid.
- monthly periods start on the anchor's day of the month (default the 1st: calendar months), e.g.
  anchor 2026-08-10 gives 10 August to 9 September. In a month too short for that day (an anchor
  on the 29th to 31st) the period starts on the month's last day, so no period is ever longer than
  a month.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from payfair.rates import as_days
from payfair.schema import PERIOD_KINDS

DEFAULT_ANCHOR = date(2024, 1, 1)
MAX_PERIOD_DAYS = 28
_PERIOD_DAYS = {"weekly": 7, "fortnightly": 14, "four-weekly": 28}


def check_period_days(days: int) -> int:
    """`days` if it is a lawful PRP length in days (1 to 28, reg 6), else ValueError saying why."""
    if isinstance(days, bool) or not isinstance(days, int | np.integer):
        raise ValueError(f"the pay period length must be a whole number of days, not {days!r}")
    if not 1 <= days <= MAX_PERIOD_DAYS:
        raise ValueError(
            f"a pay period of {days} days is not allowed: give 1 to {MAX_PERIOD_DAYS} days, or "
            "use monthly periods (a pay reference period is a month, or a period shorter than a "
            "month: NMW Regulations 2015 reg 6; a run of 29 to 31 days would be longer than "
            "February)"
        )
    return int(days)


def period_name(period: str, period_days: int | None = None) -> str:
    """The period as shown: `weekly`, …, or `10-day` when a number of days is given."""
    return f"{period_days}-day" if period_days else period


def _month_start(months: np.ndarray, day: int) -> np.ndarray:
    """The day `day` of each month (datetime64[M]), or the month's last day when shorter."""
    first = months.astype("datetime64[D]")
    length = ((months + 1).astype("datetime64[D]") - first).astype("int64")
    return first + (np.minimum(day, length) - 1).astype("timedelta64[D]")


def assign_pay_reference_periods(
    local_dates,
    period: str = "weekly",
    anchor: date | str | None = None,
    *,
    days: int | None = None,
) -> tuple[pd.Series, pd.Series]:
    """(period_start, period_end) for each local date, both inclusive, as datetime64 midnights.

    `local_dates` are dates or datetimes in local time (tz-aware values are read at their
    Europe/London wall-clock date). `days` (1-28) gives periods of that many days from the
    anchor, whatever `period` says. Returns Series aligned with `local_dates` when a Series.
    """
    if period not in PERIOD_KINDS:
        raise ValueError(f"period must be one of {', '.join(PERIOD_KINDS)}, not {period!r}")
    if days is not None:
        days = check_period_days(days)
    index = local_dates.index if isinstance(local_dates, pd.Series) else None
    local = as_days(local_dates)
    origin = as_days([anchor or DEFAULT_ANCHOR])[0]
    nat = np.isnat(local)
    if period == "monthly" and days is None:
        day = int((origin - origin.astype("datetime64[M]").astype("datetime64[D]")).astype(int)) + 1
        # Each month's period start, worked out once per month of the rota's span (a table a
        # few dozen long) and looked up by each date's month: not date arithmetic per event.
        month = local.astype("datetime64[M]").astype(np.int64)
        known = month[~nat]
        low, high = (int(known.min()) - 1, int(known.max()) + 1) if len(known) else (0, 2)
        table = _month_start(np.arange(low, high + 1).astype("datetime64[M]"), day)
        slot = np.where(nat, 1, month - low)
        slot = np.where(local < table[slot], slot - 1, slot)  # before this month's start
        start = table[slot]
        end = table[slot + 1] - np.timedelta64(1, "D")
    else:
        length = days or _PERIOD_DAYS[period]
        offset = (local - origin).astype("int64")
        start = origin + np.floor_divide(offset, length) * np.timedelta64(1, "D") * length
        end = start + np.timedelta64(length - 1, "D")
    if nat.any():
        start = np.where(nat, np.datetime64("NaT", "D"), start)
        end = np.where(nat, np.datetime64("NaT", "D"), end)
    # The new arrays are handed to the Series as they are (pandas would copy each otherwise:
    # 80 MB of fresh memory apiece at 10M events).
    return (
        pd.Series(start.astype("datetime64[s]"), index=index, name="period_start", copy=False),
        pd.Series(end.astype("datetime64[s]"), index=index, name="period_end", copy=False),
    )

"""Pay reference periods (rules §1, §3 end; NMW Regulations 2015 reg 6; HMRC NMWM09020).

An event belongs to the pay reference period (PRP) that contains its local (Europe/London) start
date, even when it runs past midnight into the next period.

Weekly, fortnightly and four-weekly periods are counted from an anchor date (default 2024-01-01,
a Monday): a weekly PRP starts on the anchor's weekday. Dates before the anchor are placed with
floor division, so periods run back in time on the same grid. Monthly PRPs are calendar months.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from payfair.rates import as_days
from payfair.schema import PERIOD_KINDS

DEFAULT_ANCHOR = date(2024, 1, 1)
_PERIOD_DAYS = {"weekly": 7, "fortnightly": 14, "four-weekly": 28}


def assign_pay_reference_periods(
    local_dates, period: str = "weekly", anchor: date | str | None = None
) -> tuple[pd.Series, pd.Series]:
    """(period_start, period_end) for each local date, both inclusive, as datetime64 midnights.

    `local_dates` are dates or datetimes in local time (tz-aware values are read at their
    Europe/London wall-clock date). Returns Series aligned with `local_dates` when it is a Series.
    """
    if period not in PERIOD_KINDS:
        raise ValueError(f"period must be one of {', '.join(PERIOD_KINDS)}, not {period!r}")
    index = local_dates.index if isinstance(local_dates, pd.Series) else None
    days = as_days(local_dates)
    if period == "monthly":
        start = days.astype("datetime64[M]").astype("datetime64[D]")
        end = (days.astype("datetime64[M]") + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    else:
        length = _PERIOD_DAYS[period]
        origin = as_days([anchor or DEFAULT_ANCHOR])[0]
        offset = (days - origin).astype("int64")
        start = origin + np.floor_divide(offset, length) * np.timedelta64(1, "D") * length
        end = start + np.timedelta64(length - 1, "D")
        nat = np.isnat(days)
        start = np.where(nat, np.datetime64("NaT", "D"), start)
        end = np.where(nat, np.datetime64("NaT", "D"), end)
    return (
        pd.Series(start.astype("datetime64[s]"), index=index, name="period_start"),
        pd.Series(end.astype("datetime64[s]"), index=index, name="period_end"),
    )

"""Pay reference periods (rules §1 PRP; §3 end: an event belongs to the PRP of its local start)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from payfair.periods import assign_pay_reference_periods


def _iso(series):
    return series.dt.strftime("%Y-%m-%d").tolist()


def test_weekly_runs_from_the_anchor_weekday_and_before_the_anchor():
    days = pd.Series(pd.to_datetime(["2023-12-31", "2024-01-01", "2024-01-07", "2024-01-08"]))
    start, end = assign_pay_reference_periods(days, "weekly", date(2024, 1, 1))
    # 2023-12-31 is a Sunday: the week Mon 2023-12-25 .. Sun 2023-12-31 (floor division, -1 // 7).
    assert _iso(start) == ["2023-12-25", "2024-01-01", "2024-01-01", "2024-01-08"]
    assert _iso(end) == ["2023-12-31", "2024-01-07", "2024-01-07", "2024-01-14"]


def test_weekly_anchor_on_a_wednesday():
    start, end = assign_pay_reference_periods(
        pd.Series(pd.to_datetime(["2024-05-07", "2024-05-08"])), "weekly", date(2024, 1, 3)
    )
    assert _iso(start) == ["2024-05-01", "2024-05-08"]  # both Wednesdays
    assert _iso(end) == ["2024-05-07", "2024-05-14"]


@pytest.mark.parametrize(
    ("period", "starts", "ends"),
    [
        (
            "fortnightly",
            ["2023-12-18", "2024-01-01", "2024-01-15"],
            ["2023-12-31", "2024-01-14", "2024-01-28"],
        ),
        (
            "four-weekly",
            ["2023-12-04", "2024-01-01", "2024-01-01"],
            ["2023-12-31", "2024-01-28", "2024-01-28"],
        ),
        (
            "monthly",
            ["2023-12-01", "2024-01-01", "2024-01-01"],
            ["2023-12-31", "2024-01-31", "2024-01-31"],
        ),
    ],
)
def test_longer_periods(period, starts, ends):
    days = pd.Series(pd.to_datetime(["2023-12-31", "2024-01-14", "2024-01-15"]))
    start, end = assign_pay_reference_periods(days, period, date(2024, 1, 1))
    assert _iso(start) == starts
    assert _iso(end) == ends


def test_monthly_february_in_a_leap_year():
    start, end = assign_pay_reference_periods(pd.Series(pd.to_datetime(["2024-02-29"])), "monthly")
    assert _iso(start) == ["2024-02-01"] and _iso(end) == ["2024-02-29"]


def test_local_start_date_decides_for_tz_aware_times():
    # 2024-01-07 23:30 Europe/London is a Sunday: it stays in the week ending 2024-01-07, although
    # in UTC it is also 23:30 on Sunday; in summer 00:30 BST Monday is 23:30 UTC Sunday and must go
    # to the week starting Monday (local date).
    times = pd.Series(pd.to_datetime(["2024-06-09 23:30:00+00:00"])).dt.tz_convert("Europe/London")
    start, _ = assign_pay_reference_periods(times, "weekly")
    assert _iso(start) == ["2024-06-10"]


def test_unknown_period_rejected():
    with pytest.raises(ValueError, match="weekly"):
        assign_pay_reference_periods(pd.Series(pd.to_datetime(["2024-01-01"])), "daily")


def test_monthly_from_any_day_of_the_month():
    # Issue 8 item 14, reg 6 / rules §1: a monthly PRP as payroll runs it, 10th to the 9th.
    days = pd.Series(pd.to_datetime(["2026-08-09", "2026-08-10", "2026-09-09", "2026-09-10"]))
    start, end = assign_pay_reference_periods(days, "monthly", date(2026, 8, 10))
    assert _iso(start) == ["2026-07-10", "2026-08-10", "2026-08-10", "2026-09-10"]
    assert _iso(end) == ["2026-08-09", "2026-09-09", "2026-09-09", "2026-10-09"]


def test_monthly_anchor_on_the_31st_never_longer_than_a_month():
    # A month with no 31st starts its period on its last day: Jan 31 – Feb 27, Feb 28 – Mar 30,
    # Mar 31 – Apr 29, Apr 30 – May 30 (2026 is not a leap year).
    days = pd.Series(pd.to_datetime(["2026-02-01", "2026-02-28", "2026-03-31", "2026-04-30"]))
    start, end = assign_pay_reference_periods(days, "monthly", date(2026, 1, 31))
    assert _iso(start) == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]
    assert _iso(end) == ["2026-02-27", "2026-03-30", "2026-04-29", "2026-05-30"]


def test_monthly_default_anchor_is_calendar_months():
    start, end = assign_pay_reference_periods(pd.Series(pd.to_datetime(["2026-08-10"])), "monthly")
    assert _iso(start) == ["2026-08-01"] and _iso(end) == ["2026-08-31"]


def test_periods_of_any_number_of_days():
    # reg 6: a period shorter than a month is the PRP. 10-day periods from 2026-08-10:
    # 10-19 Aug, 20-29 Aug; 2026-08-09 is in 31 Jul - 9 Aug (floor division backwards).
    days = pd.Series(pd.to_datetime(["2026-08-09", "2026-08-10", "2026-08-19", "2026-08-20"]))
    start, end = assign_pay_reference_periods(days, "weekly", date(2026, 8, 10), days=10)
    assert _iso(start) == ["2026-07-31", "2026-08-10", "2026-08-10", "2026-08-20"]
    assert _iso(end) == ["2026-08-09", "2026-08-19", "2026-08-19", "2026-08-29"]


@pytest.mark.parametrize("days", [0, 29, 31, -1])
def test_period_days_out_of_range_refused(days):
    # reg 6, NMWM09020: never longer than a calendar month; 29+ days would be longer than February.
    with pytest.raises(ValueError, match="1 to 28 days"):
        assign_pay_reference_periods(pd.Series(pd.to_datetime(["2026-08-10"])), days=days)

"""NMW rates table (rules §6) and its vectorised lookups (rules §5: the rate on the PRP's
first day)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from payfair import rates
from payfair.holidays import bank_holidays, is_bank_holiday

# rules §6, row by row: (from, top, 21-24/21-22, 18-20, 16-17, apprentice)
RATES_TABLE = [
    ("2016-04-01", 7.20, 6.70, 5.30, 3.87, 3.30),
    ("2016-10-01", 7.20, 6.95, 5.55, 4.00, 3.40),
    ("2017-04-01", 7.50, 7.05, 5.60, 4.05, 3.50),
    ("2018-04-01", 7.83, 7.38, 5.90, 4.20, 3.70),
    ("2019-04-01", 8.21, 7.70, 6.15, 4.35, 3.90),
    ("2020-04-01", 8.72, 8.20, 6.45, 4.55, 4.15),
    ("2021-04-01", 8.91, 8.36, 6.56, 4.62, 4.30),
    ("2022-04-01", 9.50, 9.18, 6.83, 4.81, 4.81),
    ("2023-04-01", 10.42, 10.18, 7.49, 5.28, 5.28),
    ("2024-04-01", 11.44, None, 8.60, 6.40, 6.40),
    ("2025-04-01", 12.21, None, 10.00, 7.55, 7.55),
    ("2026-04-01", 12.71, None, 10.85, 8.00, 8.00),
]
BANDS = ("top", "young_adult", "18-20", "16-17", "apprentice")


def test_every_row_has_a_source_naming_gov_uk_and_the_regulations():
    table = rates.load_rates()
    assert (table["source"].str.len() > 0).all()
    assert table["source"].str.contains("https://www.gov.uk/national-minimum-wage-rates").all()
    assert table["source"].str.contains("Regulations").all()


def test_dates_ascend_within_each_band_and_change_dates_are_sorted():
    table = rates.load_rates()
    for band in BANDS:
        froms = table.loc[table["band"] == band, "from"]
        assert froms.is_monotonic_increasing and froms.is_unique
    changes = rates.change_dates()
    assert (np.diff(changes).astype(int) > 0).all()
    assert str(changes[0]) == "2016-04-01" and str(changes[-1]) == "2026-04-01"


@pytest.mark.parametrize("row", RATES_TABLE, ids=[r[0] for r in RATES_TABLE])
def test_every_value_matches_rules_section_6(row):
    day, *values = row
    # On the change day and the day before the next change the same rate is in force.
    for band, expected in zip(BANDS, values, strict=True):
        got = rates.rate_on(band, [day])[0]
        if expected is None:
            assert np.isnan(got), f"{band} abolished from 2024-04-01 (rules §6)"
        else:
            assert got == pytest.approx(expected)


def test_every_table_row_matches_rules_section_6():
    table = rates.load_rates()
    published = {
        (pd.Timestamp(r[0]), band): v
        for r in RATES_TABLE
        for band, v in zip(BANDS, r[1:], strict=True)
    }
    for frm, band, rate in zip(table["from"], table["band"], table["rate"], strict=True):
        expected = published[(pd.Timestamp(frm), band)]
        assert (np.isnan(rate) and expected is None) or rate == pytest.approx(expected)


def test_rate_on_is_vectorised_and_uses_the_rate_in_force_that_day():
    days = pd.Series(pd.to_datetime(["2016-03-31", "2023-03-31", "2023-04-01", "2030-01-01"]))
    np.testing.assert_allclose(rates.rate_on("top", days), [np.nan, 9.50, 10.42, 12.71])


def test_band_minimum_ages_follow_rules_section_6():
    # Top band 25+ until 2021-03-31, 23+ from 2021-04-01, 21+ from 2024-04-01 (rules §6).
    days = ["2021-03-31", "2021-04-01", "2024-03-31", "2024-04-01"]
    np.testing.assert_array_equal(rates.min_age_on("top", days), [25, 23, 23, 21])
    assert list(rates.label_on("young_adult", days[:3])) == ["21-24", "21-22", "21-22"]
    assert np.isnan(rates.min_age_on("young_adult", ["2024-04-01"])[0])


def test_band_on_vectorised():
    days = ["2020-06-01", "2022-06-01", "2022-06-01", "2024-06-01", "2024-06-01", "2024-06-01"]
    ages = [24, 23, 22, 21, 17, 15]
    got = rates.band_on(ages, [False] * 6, days)
    assert list(got) == ["young_adult", "top", "young_adult", "top", "16-17", "under_16"]
    # Apprentice status decided by the caller wins over age, except under 16 (no NMW at all).
    got = rates.band_on([30, 15, np.nan], [True, True, False], ["2025-06-01"] * 3)
    assert list(got) == ["apprentice", "under_16", "top"]


def test_bank_holidays_england_and_wales():
    # 2022-09-19: the Queen's state funeral; 2023-05-08: the coronation (both proclaimed).
    got = is_bank_holiday(pd.Series(pd.to_datetime(["2022-09-19", "2023-05-08", "2023-05-09"])))
    assert list(got) == [True, True, False]
    assert len(bank_holidays(date(2025, 1, 1), date(2025, 12, 31))) == 8


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
@pytest.mark.parametrize(
    "zone, first, last, by_table",
    [
        ("Europe/London", "2025-03-29", "2025-10-27", True),  # both clock changes of 2025
        ("Europe/London", "1946-01-01", "1952-01-01", True),  # double summer time, before 1970
        # 1 Dec 1847: local mean time (-0:01:15) ends inside an hour: pandas does it.
        ("Europe/London", "1847-11-20", "1847-12-10", False),
        ("Australia/Lord_Howe", "2024-03-01", "2024-11-01", False),  # half-hour changes
    ],
)
def test_local_dates_of_zoned_times_are_pandas_wall_clock_dates(unit, zone, first, last, by_table):
    # as_days reads zoned times through a table of each UTC hour's offset (or, where a zone
    # changes its offset inside an hour, through pandas): the dates must be pandas' own. E.g.
    # 2025-03-30 00:30 UTC is 00:30 GMT (30 March); 2025-10-25 23:30 UTC is 00:30 BST (26th).
    rng = np.random.default_rng(11)
    a, b = pd.Timestamp(first).value // 10**9, pd.Timestamp(last).value // 10**9
    seconds = np.concatenate([rng.integers(a, b, 20_000), np.arange(a, b, 1800)])
    per_second = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[unit]
    ticks = seconds * per_second + rng.integers(0, per_second, len(seconds))
    utc = pd.DatetimeIndex(ticks.astype(f"datetime64[{unit}]")).tz_localize("UTC")
    times = pd.Series(utc.tz_convert(zone))
    times[3] = pd.NaT
    expected = times.dt.tz_localize(None).to_numpy().astype("datetime64[D]")
    got = rates.as_days(times)
    assert (rates._local_days(times) is not None) == by_table
    assert got.dtype == "datetime64[D]"
    assert np.isnat(got[3])
    np.testing.assert_array_equal(got, expected)
    spring = pd.Series(pd.to_datetime(["2025-03-30 00:30", "2025-10-25 23:30"], utc=True))
    assert rates.as_days(spring.dt.tz_convert("Europe/London")).astype(str).tolist() == [
        "2025-03-30",
        "2025-10-26",
    ]

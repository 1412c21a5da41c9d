"""The minimum-wage test per worker and PRP (rules §4-6), on hand-built period totals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from payfair.minimum_wage import check, round_half_up, round_up, whole_years


def totals(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {
        "worker_id": [f"w{i}" for i in range(n)],
        "period_start": ["2026-06-01"] * n,
        "period_end": ["2026-06-07"] * n,
        "working_hours": [10.0] * n,
        "gross_pay": [200.0] * n,
        "premium_pay": [0.0] * n,
        "allowance_pay": [0.0] * n,
        "deductions": [0.0] * n,
        "mileage_pay": [0.0] * n,
        "business_miles": [0.0] * n,
    }
    base.update(columns)
    out = pd.DataFrame(base)
    out["period_start"] = pd.to_datetime(out["period_start"])
    out["period_end"] = pd.to_datetime(out["period_end"])
    return out


def workers(**columns) -> pd.DataFrame:
    out = pd.DataFrame(columns)
    for col in ("date_of_birth", "apprenticeship_start"):
        if col in out:
            out[col] = pd.to_datetime(out[col])
    return out


def test_domain_arrears_check():
    # rules §5: 35 h at £9.50 (top band 2022-23) paid £250:
    # shortfall = 35 × 9.50 − 250 = 332.50 − 250 = 82.50;
    # arrears at £10.42 = 82.50 ÷ 9.50 × 10.42 = 90.4894… → £90.49.
    t = totals(
        period_start=["2022-06-06"],
        period_end=["2022-06-12"],
        working_hours=[35.0],
        gross_pay=[250.0],
    )
    w = workers(worker_id=["w0"], date_of_birth=["1980-01-01"])
    out = check(t, w, "2023-06-01")
    assert out["nmw_rate"].iloc[0] == 9.50
    assert out["shortfall"].iloc[0] == pytest.approx(82.50)
    assert out["arrears"].iloc[0] == pytest.approx(90.49)
    assert out["true_hourly_rate"].iloc[0] == pytest.approx(250 / 35)
    assert bool(out["below_nmw"].iloc[0]) and out["flags"].iloc[0] == ""


def test_arrears_never_below_shortfall():
    # Rate now lower than then cannot happen for the same band, but as_of before the PRP can:
    # as_of 2021-06-01 (top £8.91) for a 2022 PRP at £9.50 → arrears stay at the shortfall £82.50.
    t = totals(period_start=["2022-06-06"], working_hours=[35.0], gross_pay=[250.0])
    out = check(t, workers(worker_id=["w0"], date_of_birth=["1980-01-01"]), "2021-06-01")
    assert out["arrears"].iloc[0] == pytest.approx(82.50)


def test_nmw_pay_excludes_premium_allowance_deductions_and_vehicle_cost():
    # gross 200 − premium 20 − allowance 10 − deductions 5 = 165; vehicle: 100 mi × £0.45 = 45 − 25
    # mileage paid = 20 → nmw_pay 145. 10 h at £12.71 (2026) = 127.10 ≤ 145: no shortfall.
    t = totals(
        premium_pay=[20.0],
        allowance_pay=[10.0],
        deductions=[5.0],
        mileage_pay=[25.0],
        business_miles=[100.0],
    )
    out = check(
        t,
        workers(worker_id=["w0"], date_of_birth=["1980-01-01"]),
        "2026-11-01",
        vehicle_cost_per_mile=0.45,
    )
    assert out["nmw_pay"].iloc[0] == pytest.approx(145.0)
    assert out["vehicle_cost_reduction"].iloc[0] == pytest.approx(20.0)
    assert out["shortfall"].iloc[0] == 0 and not out["below_nmw"].iloc[0]


def test_age_on_the_first_day_of_the_prp_decides_the_band():
    # Born 2004-06-03: 20 on Mon 2025-06-02 (18-20, £10.00), 21 from 2025-06-03 (21+, £12.21).
    # PRP 2025-06-02..08 contains the birthday but starts at 20 → £10.00 for the whole PRP;
    # PRP 2025-06-03..09 starts on the birthday → £12.21.
    t = totals(
        worker_id=["a", "a"],
        period_start=["2025-06-02", "2025-06-03"],
        period_end=["2025-06-08", "2025-06-09"],
    )
    out = check(t, workers(worker_id=["a"], date_of_birth=["2004-06-03"]), "2025-07-01")
    assert list(out["age"]) == [20, 21]
    assert list(out["band"]) == ["18-20", "21+"]
    np.testing.assert_allclose(out["nmw_rate"], [10.00, 12.21])


def test_leap_day_birthday_reaches_new_age_on_1_march():
    ages = whole_years(
        np.array(["2004-02-29"] * 2, dtype="datetime64[D]"),
        np.array(["2025-02-28", "2025-03-01"], dtype="datetime64[D]"),
    )
    np.testing.assert_array_equal(ages, [20, 21])


def test_no_date_of_birth_top_band_flagged_and_under_16_no_nmw():
    t = totals(worker_id=["nodob", "young"], gross_pay=[50.0, 10.0])
    w = workers(worker_id=["young"], date_of_birth=["2011-01-01"])  # 15 on 2026-06-01
    out = check(t, w, "2026-11-01")
    assert out["flags"].tolist() == ["no_date_of_birth", "under_16"]
    assert out["band"].iloc[0] == "21+" and out["nmw_rate"].iloc[0] == 12.71
    # 10 h × 12.71 = 127.10 − 50 = 77.10
    assert out["shortfall"].iloc[0] == pytest.approx(77.10)
    assert np.isnan(out["nmw_rate"].iloc[1]) and out["shortfall"].iloc[1] == 0
    assert not out["below_nmw"].iloc[1]


def test_apprentices():
    # PRP starting 2026-06-01. a: 18 → apprentice (under 19). b: 25, started 2025-09-01 (first year)
    # → apprentice £8.00. c: 25, started 2025-05-31 (over a year) → 21+ £12.71.
    # d: 25, start unknown → age band, flagged.
    t = totals(worker_id=["a", "b", "c", "d"])
    w = workers(
        worker_id=["a", "b", "c", "d"],
        date_of_birth=["2008-01-01", "2001-01-01", "2001-01-01", "2001-01-01"],
        apprentice=[True, True, True, True],
        apprenticeship_start=["2026-01-01", "2025-09-01", "2025-05-31", None],
    )
    out = check(t, w, "2026-11-01")
    assert out["band"].tolist() == ["apprentice", "apprentice", "21+", "21+"]
    np.testing.assert_allclose(out["nmw_rate"], [8.00, 8.00, 12.71, 12.71])
    assert out["flags"].tolist() == ["", "", "", "apprenticeship_start_unknown"]


def test_rate_change_inside_prp_uses_the_old_rate_and_flags_it():
    # Weekly PRP Mon 2026-03-30 .. Sun 2026-04-05 contains 2026-04-01: £12.21 all week
    # (reg 4B; reg 4(2) as made in 2015).
    t = totals(
        period_start=["2026-03-30"],
        period_end=["2026-04-05"],
        working_hours=[10.0],
        gross_pay=[125.0],
    )
    out = check(t, workers(worker_id=["w0"], date_of_birth=["1980-01-01"]), "2026-11-01")
    assert out["nmw_rate"].iloc[0] == 12.21
    # 10 × 12.21 = 122.10 ≤ 125: not below, though below the new £12.71.
    assert out["shortfall"].iloc[0] == 0 and out["flags"].iloc[0] == "rate_change_in_period"


def test_abolished_band_uses_top_rate_now():
    # 22-year-old in 2023-24 (21-22 band, £10.18): 10 h paid £90 → shortfall 101.80 − 90 = 11.80.
    # The band is gone in 2026; R_now = top £12.71: 11.80 ÷ 10.18 × 12.71 = 14.7326… → £14.74
    # (amounts owed are rounded up to the penny, in the worker's favour: NMWM09010).
    t = totals(period_start=["2023-06-05"], period_end=["2023-06-11"], gross_pay=[90.0])
    out = check(t, workers(worker_id=["w0"], date_of_birth=["2001-01-01"]), "2026-06-01")
    assert out["band"].iloc[0] == "21-22"
    assert out["shortfall"].iloc[0] == pytest.approx(11.80)
    assert out["arrears"].iloc[0] == pytest.approx(14.74)


def test_flags_from_events_merged_sorted():
    t = totals(flag_overlap=[True], flag_travel_unknown=[True])
    out = check(t, None, "2026-11-01")
    assert out["flags"].iloc[0] == "no_date_of_birth;overlap;travel_unknown"
    assert not [c for c in out.columns if c.startswith("flag_")]


def test_round_half_up():
    np.testing.assert_allclose(
        round_half_up([0.005, 0.015, 1.005, 2.675, 82.5]), [0.01, 0.02, 1.01, 2.68, 82.50]
    )


def test_round_up_in_the_workers_favour():
    # Issue 8 item 10: amounts owed go up to the next penny (NMWM09010: any shortfall is a
    # breach), float noise aside (82.50000000001 is £82.50, not £82.51).
    np.testing.assert_allclose(
        round_up([0.0001, 0.005, 1.001, 82.5 + 1e-11, 0.0]), [0.01, 0.01, 1.01, 82.50, 0.0]
    )


def test_fraction_of_a_penny_short_owes_a_penny():
    # Issue 8 item 10, NMWM09010: 10 h at £12.71 (21+, 2026-06-01) = £127.10; paid £127.099:
    # short by £0.001 → below the minimum wage, owed £0.01 (rounded up), never £0.00.
    t = totals(working_hours=[10.0], gross_pay=[127.099])
    out = check(t, workers(worker_id=["w0"], date_of_birth=["1980-01-01"]), "2026-11-01")
    assert bool(out["below_nmw"].iloc[0])
    assert out["shortfall"].iloc[0] == pytest.approx(0.01)
    assert out["arrears"].iloc[0] == pytest.approx(0.01)


def test_exactly_at_the_rate_owes_nothing():
    # 10 h × £12.71 = £127.10 paid £127.10: not below, £0 (rounding up adds nothing to £0).
    t = totals(working_hours=[10.0], gross_pay=[127.10])
    out = check(t, workers(worker_id=["w0"], date_of_birth=["1980-01-01"]), "2026-11-01")
    assert not bool(out["below_nmw"].iloc[0]) and out["shortfall"].iloc[0] == 0.0


def test_no_working_time_with_a_deduction_owes_nothing():
    # Issue 8 item 9, rules §5: shortfall = rate × working hours − NMW pay. A period with only a
    # paid cancellation (0 working hours) and a £20 uniform deduction: NMW pay = £0 − £20 = −£20,
    # but 12.71 × 0 h = £0 is owed: no minimum wage is due for no working time.
    t = totals(working_hours=[0.0], gross_pay=[0.0], deductions=[20.0])
    out = check(t, workers(worker_id=["w0"], date_of_birth=["1980-01-01"]), "2026-11-01")
    assert out["shortfall"].iloc[0] == 0.0 and out["arrears"].iloc[0] == 0.0
    assert not bool(out["below_nmw"].iloc[0])
    assert np.isnan(out["true_hourly_rate"].iloc[0])


def test_period_before_the_first_rate_flagged_no_rate():
    # Issue 8 item 8: the table starts 2016-04-01; a PRP starting 2016-03-28 has no rate here.
    # It must never pass as compliant in silence: flagged no_rate (analysis refuses its rows).
    t = totals(period_start=["2016-03-28"], period_end=["2016-04-03"], gross_pay=[10.0])
    out = check(t, workers(worker_id=["w0"], date_of_birth=["1980-01-01"]), "2026-11-01")
    assert np.isnan(out["nmw_rate"].iloc[0])
    assert "no_rate" in out["flags"].iloc[0].split(";")

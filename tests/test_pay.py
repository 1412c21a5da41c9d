"""Pay per event under a policy (rules §4; ARCHITECTURE.md "Event pay"), on hand-built
timelines."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from payfair.pay import event_pay
from payfair.policy import PayPolicy, Rules


def timeline(**columns) -> pd.DataFrame:
    """A minimal timeline frame: one row per value, defaults for everything else."""
    n = len(next(iter(columns.values())))
    base = {
        "worker_id": ["w1"] * n,
        "start": pd.Series(pd.to_datetime(["2026-06-03 09:00"] * n)).dt.tz_localize(
            "Europe/London"
        ),  # a Wednesday
        "kind": ["visit"] * n,
        "status": ["completed"] * n,
        "contact_minutes": [0.0] * n,
        "other_minutes": [0.0] * n,
        "travel_counted_minutes": [0.0] * n,
        "waiting_minutes": [0.0] * n,
        "counted_minutes": [0.0] * n,
        "business_miles": [0.0] * n,
        "pay": [np.nan] * n,
        "premium_pay": [0.0] * n,
        "allowance_pay": [0.0] * n,
        "mileage_pay": [np.nan] * n,
        "deduction": [0.0] * n,
    }
    base.update(columns)
    if "start" in columns and not isinstance(columns["start"], pd.Series):
        base["start"] = pd.Series(pd.to_datetime(columns["start"])).dt.tz_localize("Europe/London")
    return pd.DataFrame(base)


def test_basic_pay_by_kind_of_time_travel_unpaid_by_default():
    tl = timeline(
        contact_minutes=[30.0],
        counted_minutes=[30.0],
        travel_counted_minutes=[15.0],
        waiting_minutes=[10.0],
    )
    out = event_pay(tl, PayPolicy(contact_rate=12.00))
    # 30 min × £12/h = £6.00; travel and waiting at £0 (the default contract in docs/rules.md).
    assert out["contact_pay"].iloc[0] == pytest.approx(6.00)
    assert out["travel_pay"].iloc[0] == 0 and out["waiting_pay"].iloc[0] == 0
    assert out["paid_minutes"].iloc[0] == 30  # only the contact minutes are paid
    assert out["gross_pay"].iloc[0] == pytest.approx(6.00)


def test_worker_contact_rate_overrides_policy_and_role_floor_applies_to_paid_rates():
    tl = timeline(
        worker_id=["a", "b", "c"],
        contact_minutes=[60.0] * 3,
        counted_minutes=[60.0] * 3,
        travel_counted_minutes=[30.0] * 3,
        other_minutes=[0.0] * 3,
    )
    workers = pd.DataFrame(
        {
            "worker_id": ["a", "b", "c"],
            "contact_rate": [11.00, np.nan, 14.00],
            "role": ["care or support worker", "supervisor or leader", pd.NA],
        }
    )
    policy = PayPolicy(
        contact_rate=12.00,
        travel_rate=5.00,
        role_floor={"*": 12.50, "supervisor or leader": 13.00},
    )
    out = event_pay(tl, policy, workers)
    # a: own £11 floored to "*" £12.50 → 1 h × 12.50 = 12.50; travel £5 → 12.50 × 0.5 h = 6.25
    # b: policy £12 floored to max(13.00, 12.50) = £13 → 13.00; travel 0.5 × 13 = 6.50
    # c: own £14 above every floor → 14.00; travel floored to 12.50 → 6.25
    np.testing.assert_allclose(out["contact_pay"], [12.50, 13.00, 14.00])
    np.testing.assert_allclose(out["travel_pay"], [6.25, 6.50, 6.25])


def test_zero_rate_stays_zero_under_a_floor_and_contact_string_means_contact_rate():
    tl = timeline(
        contact_minutes=[60.0],
        counted_minutes=[60.0],
        travel_counted_minutes=[20.0],
        waiting_minutes=[30.0],
    )
    policy = PayPolicy(
        contact_rate=12.00, travel_rate="contact", waiting_rate=0.0, role_floor={"*": 12.60}
    )
    out = event_pay(tl, policy)
    # contact floored to £12.60: 12.60; travel "contact" = 12.60 × 20/60 = 4.20; waiting unpaid.
    assert out["contact_pay"].iloc[0] == pytest.approx(12.60)
    assert out["travel_pay"].iloc[0] == pytest.approx(4.20)
    assert out["waiting_pay"].iloc[0] == 0
    assert out["paid_minutes"].iloc[0] == 80  # 60 contact + 20 travel; waiting unpaid


def test_other_rate_none_means_contact_rate():
    tl = timeline(
        kind=["training", "office"], other_minutes=[120.0, 60.0], counted_minutes=[120.0, 60.0]
    )
    out = event_pay(tl, PayPolicy(contact_rate=12.00))
    np.testing.assert_allclose(out["other_pay"], [24.00, 12.00])  # 2 h and 1 h × £12
    out = event_pay(tl, PayPolicy(contact_rate=12.00, other_rate=0.0))
    np.testing.assert_allclose(out["other_pay"], [0.0, 0.0])
    np.testing.assert_allclose(out["paid_minutes"], [0.0, 0.0])


def test_weekend_and_bank_holiday_premiums_by_local_start_date():
    # Wed 2026-06-03; Sat 2026-06-06; Mon 2026-05-25 (Spring bank holiday);
    # Fri 2026-06-05 23:30 (crosses into Saturday but starts on Friday: no weekend premium).
    tl = timeline(
        start=["2026-06-03 09:00", "2026-06-06 09:00", "2026-05-25 09:00", "2026-06-05 23:30"],
        contact_minutes=[60.0] * 4,
        counted_minutes=[60.0] * 4,
    )
    out = event_pay(
        tl, PayPolicy(contact_rate=12.00, weekend_premium=2.00, bank_holiday_multiplier=1.5)
    )
    # weekend: £2/h × 1 h = 2.00; bank holiday: (1.5 − 1) × £12 × 1 h = 6.00.
    np.testing.assert_allclose(out["premium_pay"], [0.0, 2.00, 6.00, 0.0])
    np.testing.assert_allclose(out["gross_pay"], [12.00, 14.00, 18.00, 12.00])


def test_mileage_is_an_expense_rota_figure_first_then_policy():
    tl = timeline(
        business_miles=[4.0, 4.0],
        mileage_pay=[np.nan, 3.00],
        contact_minutes=[30.0, 30.0],
        counted_minutes=[30.0, 30.0],
    )
    out = event_pay(tl, PayPolicy(contact_rate=12.00, mileage_rate=0.25))
    # policy: 4 miles × £0.25 = £1.00; rota: £3.00 as given. Neither is in gross pay (NMWM09170).
    np.testing.assert_allclose(out["mileage_pay"], [1.00, 3.00])
    np.testing.assert_allclose(out["gross_pay"], [6.00, 6.00])


def test_rota_pay_used_as_is_and_use_rota_pay_false_ignores_it():
    tl = timeline(
        kind=["visit", "training"],
        contact_minutes=[60.0, 0.0],
        other_minutes=[0.0, 60.0],
        counted_minutes=[60.0, 60.0],
        pay=[20.00, 0.0],
        premium_pay=[3.00, 0.0],
        allowance_pay=[1.00, 0.0],
        mileage_pay=[np.nan, np.nan],
        business_miles=[2.0, 2.0],
    )
    policy = PayPolicy(contact_rate=12.00, mileage_rate=0.45)
    out = event_pay(tl, policy)
    # visit: gross 20.00 = basic 16.00 + premium 3.00 + allowance 1.00; no policy mileage.
    np.testing.assert_allclose(out["gross_pay"], [20.00, 0.0])
    np.testing.assert_allclose(out["contact_pay"], [16.00, 0.0])
    np.testing.assert_allclose(out["premium_pay"], [3.00, 0.0])
    np.testing.assert_allclose(out["mileage_pay"], [0.0, 0.0])
    np.testing.assert_allclose(out["paid_minutes"], [60.0, 0.0])  # pay 0 → not paid
    scenario = event_pay(tl, policy, use_rota_pay=False)
    # policy: visit 12.00 + rota allowance 1.00 = 13.00; training 12.00; mileage 2 × 0.45 = 0.90.
    np.testing.assert_allclose(scenario["gross_pay"], [13.00, 12.00])
    np.testing.assert_allclose(scenario["premium_pay"], [0.0, 0.0])
    np.testing.assert_allclose(scenario["mileage_pay"], [0.90, 0.90])


def test_vehicle_cost_reduction_only_when_set():
    tl = timeline(business_miles=[10.0], mileage_pay=[2.50])
    assert event_pay(tl, PayPolicy())["vehicle_cost_reduction"].iloc[0] == 0
    out = event_pay(tl, PayPolicy(rules=Rules(vehicle_cost_per_mile=0.45)))
    # 10 miles × £0.45 = £4.50 − £2.50 paid = £2.00 (rules §4, scenario setting).
    assert out["vehicle_cost_reduction"].iloc[0] == pytest.approx(2.00)


def test_empty_timeline():
    out = event_pay(timeline(contact_minutes=[]), PayPolicy())
    assert out.empty and "gross_pay" in out.columns


def test_bank_holidays_found_across_years_and_missing_dates():
    # England and Wales bank holidays (holidays package): Christmas Day 2025 (a Thursday), the
    # substitute day for Boxing Day 2026 (Monday 28 December, Boxing Day being a Saturday) and
    # New Year's Day 2027; 24 December 2025 is not one, and a missing date is never one.
    from payfair.holidays import is_bank_holiday

    days = np.array(
        ["2025-12-25", "2025-12-24", "NaT", "2026-12-28", "2027-01-01"], dtype="datetime64[D]"
    )
    assert is_bank_holiday(days).tolist() == [True, False, False, True, True]
    assert is_bank_holiday(days[2:3]).tolist() == [False]

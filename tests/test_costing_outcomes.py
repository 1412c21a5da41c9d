"""A scenario applied to a rota: who gains and by how much (rules §8), hand-worked."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from payfair.costing.employer_costs import default_employer_costs
from payfair.costing.outcomes import apply_scenario, outcomes_from_periods
from payfair.costing.scenario import load_scenario, scenario_from_dict
from payfair.importers import load_rota
from payfair.policy import load_policy

NO_EA = default_employer_costs().with_changes(apply_employment_allowance=False)
FLOOR = scenario_from_dict(
    {
        "name": "floor 12.21",
        "pay": {"contact_rate": 12.21, "travel_rate": "contact", "waiting_rate": "contact"},
        "terms": {"sick_days_per_year": 0.0},
    }
)


def frame(rows):
    df = pd.DataFrame(rows)
    df["period_start"] = pd.to_datetime(df["period_start"])
    df["period_end"] = df["period_start"] + pd.Timedelta(days=6)
    return df


NOW = frame(
    [
        # w1: 10 contact hours paid £12, 2 hours of travel unpaid: £120 for 12 working hours
        {
            "worker_id": "w1",
            "period_start": "2026-04-06",
            "contact_hours": 10.0,
            "working_hours": 12.0,
            "paid_hours": 10.0,
            "unpaid_working_hours": 2.0,
            "gross_pay": 120.0,
            "nmw_pay": 120.0,
            "true_hourly_rate": 10.0,
            "below_nmw": True,
            "mileage_pay": 5.0,
            "role": "care or support worker",
            "age": 30.0,
        },
        # w2: £12.50 for every working hour already
        {
            "worker_id": "w2",
            "period_start": "2026-04-06",
            "contact_hours": 10.0,
            "working_hours": 12.0,
            "paid_hours": 12.0,
            "unpaid_working_hours": 0.0,
            "gross_pay": 150.0,
            "nmw_pay": 150.0,
            "true_hourly_rate": 12.5,
            "below_nmw": False,
            "mileage_pay": 5.0,
            "role": "care or support worker",
            "age": 30.0,
        },
    ]
)
REPAID = frame(
    [
        {
            "worker_id": "w1",
            "period_start": "2026-04-06",
            "contact_hours": 10.0,
            "working_hours": 12.0,
            "paid_hours": 12.0,
            "unpaid_working_hours": 0.0,
            "gross_pay": 146.52,
            "nmw_pay": 146.52,
            "true_hourly_rate": 12.21,
            "below_nmw": False,
            "mileage_pay": 9.0,
            "role": "care or support worker",
            "age": 30.0,
        },
        {
            "worker_id": "w2",
            "period_start": "2026-04-06",
            "contact_hours": 10.0,
            "working_hours": 12.0,
            "paid_hours": 12.0,
            "unpaid_working_hours": 0.0,
            "gross_pay": 150.0,
            "nmw_pay": 150.0,
            "true_hourly_rate": 12.5,
            "below_nmw": False,
            "mileage_pay": 9.0,
            "role": "care or support worker",
            "age": 30.0,
        },
    ]
)


def test_outcomes_per_worker_period_hand_worked():
    o = outcomes_from_periods(NOW, REPAID, FLOOR, period="weekly", settings=NO_EA)
    w1 = o.periods.set_index("worker_id").loc["w1"]
    assert w1["change"] == pytest.approx(26.52)  # 12 h × £12.21 = 146.52 − 120
    assert w1["change_pct"] == pytest.approx(22.1)  # 26.52 / 120
    assert w1["true_hourly_rate_scenario"] == pytest.approx(12.21)
    assert bool(w1["below_nmw_now"]) and not bool(w1["below_nmw_scenario"])
    # employer cost now: 120 × 1.1207 = 134.484; NI 0.15 × (134.484 − 96) = 5.7726;
    # below the £192 pension trigger; + £5 mileage = 145.2566
    assert w1["employer_cost_now"] == pytest.approx(145.2566)
    # scenario: 146.52 × 1.1207 = 164.204964; NI 0.15 × 68.204964 = 10.2307446; + £9 mileage
    assert w1["employer_cost_scenario"] == pytest.approx(183.4357086)
    assert o.periods.set_index("worker_id").loc["w2", "change"] == pytest.approx(0.0)


def test_outcomes_totals_gainers_and_distribution():
    o = outcomes_from_periods(NOW, REPAID, FLOOR, period="weekly", settings=NO_EA)
    t = o.totals
    assert t["pay_now"] == pytest.approx(270.0)
    assert t["pay_scenario"] == pytest.approx(296.52)
    assert t["change"] == pytest.approx(26.52)
    assert t["workers_gaining"] == 1
    assert t["periods_below_nmw_now"] == 1 and t["periods_below_nmw_scenario"] == 0
    assert t["weeks_covered"] == pytest.approx(1.0)
    assert t["employer_cost_change_per_year"] == pytest.approx(t["employer_cost_change"] * 52)
    assert o.top_gainers.iloc[0]["worker_id"] == "w1"
    dist = o.distribution.set_index("change_per_week")["workers"]
    assert dist["£25 to £50"] == 1  # w1: £26.52 a week
    assert dist["no gain"] == 1  # w2
    assert dist.sum() == 2


def rota_csv(text):
    return load_rota(io.BytesIO(text.encode()), filename="rota.csv")


def test_apply_scenario_through_the_engine_keeps_own_higher_rate():
    # default policy: contact £12.80, travel unpaid. Two 30-minute visits with 10 minutes of
    # travel between them (the first visit's travel is commute, rules §3.6).
    rota = rota_csv(
        "worker_id,start,end,kind,status,client_id,travel_minutes,travel_miles\n"
        "A,2026-04-07 09:00,2026-04-07 09:30,visit,completed,c1,15,3\n"
        "A,2026-04-07 09:40,2026-04-07 10:10,visit,completed,c2,10,2\n"
    )
    scenario = load_scenario("minimum_lawful_2026_27")  # floor £12.71 < A's own £12.80
    o = apply_scenario(rota, scenario, load_policy(), as_of="2026-05-01")
    row = o.periods.iloc[0]
    assert row["working_hours"] == pytest.approx(70 / 60)
    assert row["pay_now"] == pytest.approx(12.80)  # 60 contact minutes × £12.80
    assert row["pay_scenario"] == pytest.approx(70 / 60 * 12.80)  # own rate kept: 14.9333
    assert row["change"] == pytest.approx(10 / 60 * 12.80)  # 2.1333
    assert row["mileage_scenario"] == pytest.approx(2 * 0.45)  # business miles only


def test_apply_scenario_role_floor_lifts_rate():
    rota = rota_csv(
        "worker_id,start,end,kind,status,client_id,travel_minutes\n"
        "A,2026-04-07 09:00,2026-04-07 10:00,visit,completed,c1,\n"
    )
    workers = pd.DataFrame({"worker_id": ["A"], "role": ["supervisor or leader"]})
    fpa = load_scenario("fair_pay_agreement_illustrative")
    o = apply_scenario(rota, fpa, load_policy(), workers=workers, as_of="2026-05-01")
    # 1 h at the illustrative supervisor floor £15.50 against £12.80 now
    assert o.periods.iloc[0]["pay_scenario"] == pytest.approx(15.50)
    assert o.periods.iloc[0]["change"] == pytest.approx(15.50 - 12.80)

"""Fee per contact hour, hand-worked, from assumptions and from a rota (rules §7)."""

from __future__ import annotations

import pandas as pd
import pytest

from payfair.costing.employer_costs import default_employer_costs
from payfair.costing.fee_rate import (
    assumptions_from_rota,
    budget_impact,
    fee_from_assumptions,
    fee_from_rota,
)
from payfair.costing.scenario import load_scenario, scenario_from_dict

NO_EA = default_employer_costs().with_changes(apply_employment_allowance=False)


def simple_scenario(**assumptions):
    """£12 an hour for all working time, 50p a mile, statutory on-costs, no sick days or training;
    running the business £5 an hour and a 5% surplus."""
    a = {
        "average_visit_minutes": 30.0,
        "travel_minutes_per_visit": 6.0,
        "waiting_minutes_per_visit": 3.0,
        "miles_per_visit": 2.0,
        "contact_hours_per_worker_week": 20.0,
        "running_costs_per_contact_hour": 5.0,
        "surplus_share": 0.05,
    }
    a.update(assumptions)
    return scenario_from_dict(
        {
            "name": "simple",
            "pay": {
                "contact_rate": 12.0,
                "travel_rate": "contact",
                "waiting_rate": "contact",
                "mileage_rate": 0.5,
                "role_floor": {"*": 12.0},
            },
            "terms": {"sick_days_per_year": 0.0, "training_hours_per_year": 0.0},
            "assumptions": a,
        }
    )


def test_fee_from_assumptions_hand_worked():
    # rules §7: 30-minute visits = 2 visits per contact hour;
    # travel (60/30) × 6 = 12 min, waiting (60/30) × 3 = 6 min per contact hour; 4 miles
    r = fee_from_assumptions(simple_scenario())
    assert r.line("contact_pay") == pytest.approx(12.00)
    assert r.line("travel_waiting_pay") == pytest.approx(3.60)  # 0.3 h × £12
    assert r.line("mileage") == pytest.approx(2.00)  # 4 miles × 50p
    # one worker-week: 20 contact h × £15.60 = £312.00 gross
    assert r.line("holiday") == pytest.approx(0.1207 * 312 / 20)  # 37.6584 / 20 = 1.88292
    # earnings 312 + 37.6584 = 349.6584; NI 0.15 × (349.6584 − 96) = 38.04876 a week
    assert r.line("employer_ni") == pytest.approx(38.04876 / 20)  # 1.902438
    # pension 0.03 × (349.6584 − 120) = 6.889752 a week
    assert r.line("pension") == pytest.approx(6.889752 / 20)  # 0.3444876
    assert r.line("sick_pay") == 0.0
    assert r.line("training") == 0.0
    # direct 12 + 3.6 + 2 + 1.88292 + 1.902438 + 0.3444876 = 21.7298456
    # fee = (21.7298456 + 5) / (1 − 0.05) = 28.1366796
    assert r.fee == pytest.approx(26.7298456 / 0.95)
    assert r.line("running_business") == pytest.approx(5.0)
    assert r.line("surplus") == pytest.approx(0.05 * 26.7298456 / 0.95)  # 1.40683
    assert r.breakdown["share_of_fee"].iloc[-1] == pytest.approx(1.0)


def test_running_costs_as_share_of_turnover():
    # running 20% of the fee and surplus 5%: fee = 21.7298456 / (1 − 0.25) = 28.9731275
    r = fee_from_assumptions(
        simple_scenario(running_costs_per_contact_hour=0.0, running_costs_share=0.20)
    )
    assert r.fee == pytest.approx(21.7298456 / 0.75)
    assert r.line("running_business") == pytest.approx(0.20 * 21.7298456 / 0.75)


def test_visit_length_table_fair_cost_of_care_travel_formula():
    # rules §7: minutes of travel per contact hour = (60 ÷ visit minutes) × travel minutes
    t = fee_from_assumptions(simple_scenario()).visit_lengths
    assert t["visit_minutes"].tolist() == [15, 30, 45, 60]
    assert t["travel_minutes_per_contact_hour"].tolist() == pytest.approx([24, 12, 8, 6])
    # shorter visits cost more per hour (travel a larger share) but less per visit
    assert t["fee_per_hour"].is_monotonic_decreasing
    assert t["fee_per_visit"].is_monotonic_increasing
    # the 30-minute row is the headline fee; per visit = fee × 30 / 60
    assert t.loc[1, "fee_per_hour"] == pytest.approx(26.7298456 / 0.95)
    assert t.loc[1, "fee_per_visit"] == pytest.approx(26.7298456 / 0.95 / 2)


def test_visit_length_table_marks_visits_a_scenario_forbids():
    charter = load_scenario("unison_ethical_care_charter")
    t = fee_from_assumptions(charter).visit_lengths
    assert t["allowed"].tolist() == [False, True, True, True]  # no 15-minute visits


def test_budget_impact():
    # (fee needed − current fee) × commissioned hours a week × 52
    b = budget_impact(28.14, 24.10, 1000)
    assert b["gap_per_hour"] == pytest.approx(4.04)
    assert b["per_week"] == pytest.approx(4040.0)
    assert b["per_year"] == pytest.approx(210080.0)  # 4.04 × 1000 × 52
    r = fee_from_assumptions(simple_scenario(), current_fee=24.10, hours_per_week=1000)
    assert r.budget["per_year"] == pytest.approx((26.7298456 / 0.95 - 24.10) * 1000 * 52)


def two_worker_periods():
    """One week, two workers, both paid £12 for every working hour (a scenario re-pay)."""
    return pd.DataFrame(
        {
            "worker_id": ["w1", "w2"],
            "period_start": pd.to_datetime(["2026-04-06"] * 2),
            "period_end": pd.to_datetime(["2026-04-12"] * 2),
            "contact_hours": [20.0, 10.0],
            "travel_hours": [3.0, 2.0],
            "waiting_hours": [1.0, 0.0],
            "other_hours": [0.0, 2.0],
            "working_hours": [24.0, 14.0],
            "paid_hours": [24.0, 14.0],
            "gross_pay": [288.0, 168.0],
            "premium_pay": [0.0, 0.0],
            "allowance_pay": [0.0, 0.0],
            "mileage_pay": [10.0, 5.0],
            "business_miles": [20.0, 10.0],
            "age": [30.0, 40.0],
            "events": [40, 21],
        }
    )


def test_fee_from_rota_hand_worked():
    p = two_worker_periods()
    r = fee_from_rota(p, simple_scenario(), period="weekly", settings=NO_EA)
    assert r.contact_hours == 30.0
    assert r.line("contact_pay") == pytest.approx(360 / 30)  # (12 × 20 + 12 × 10) / 30
    assert r.line("travel_waiting_pay") == pytest.approx(72 / 30)  # 12 × (3 + 1) + 12 × 2
    assert r.line("other_working_pay") == pytest.approx(24 / 30)  # 12 × 2 training hours
    assert r.line("mileage") == pytest.approx(15 / 30)
    # holiday 0.1207 × 288 = 34.7616 and 0.1207 × 168 = 20.2776
    assert r.line("holiday") == pytest.approx(55.0392 / 30)
    # NI: w1 0.15 × (322.7616 − 96) = 34.01424; w2 0.15 × (188.2776 − 96) = 13.84164
    assert r.line("employer_ni") == pytest.approx(47.85588 / 30)
    # pension: w1 0.03 × (322.7616 − 120) = 6.082848; w2 earns 188.2776 < £192 trigger: none
    assert r.line("pension") == pytest.approx(6.082848 / 30)
    direct = (360 + 72 + 24 + 15 + 55.0392 + 47.85588 + 6.082848) / 30  # 19.3325976
    assert r.fee == pytest.approx((direct + 5) / 0.95)  # 25.6132606


def test_fee_from_rota_employment_allowance():
    # one week of pay = 1/52 of £10,500 = £201.92 > the £47.86 NI due: NI fully offset
    r = fee_from_rota(two_worker_periods(), simple_scenario(), period="weekly")
    assert r.line("employer_ni") == pytest.approx(0.0)


def test_assumptions_measured_from_rota():
    p = two_worker_periods()
    timeline = pd.DataFrame({"contact_minutes": [30.0] * 60 + [0.0]})  # 60 visits, 1 training
    a = assumptions_from_rota(p, period="weekly", timeline=timeline, settings=NO_EA)
    assert a.average_visit_minutes == pytest.approx(30.0)  # 30 h × 60 / 60 visits
    assert a.travel_minutes_per_visit == pytest.approx(5.0)  # 5 h × 60 / 60
    assert a.waiting_minutes_per_visit == pytest.approx(1.0)  # 1 h × 60 / 60
    assert a.miles_per_visit == pytest.approx(0.5)  # 30 miles / 60
    assert a.contact_hours_per_worker_week == pytest.approx(15.0)  # 30 h / 2 worker-weeks
    assert a.contact_rate == pytest.approx(12.0)  # £456 / 38 paid hours
    assert a.employer_contact_hours_per_year == 0.0  # allowance off
    a = assumptions_from_rota(p, period="weekly", timeline=timeline)
    assert a.employer_contact_hours_per_year == pytest.approx(30 * 52)


def identical_workers(n=3, period_days=7):
    p = two_worker_periods().iloc[[0] * n].reset_index(drop=True)
    p["worker_id"] = [f"w{i}" for i in range(n)]
    return p


@pytest.mark.parametrize("ea", [False, True])
def test_rota_and_measured_assumptions_agree(ea):
    # rules §7: a fee measured from a rota equals the fee from the assumptions measured from it
    settings = default_employer_costs().with_changes(apply_employment_allowance=ea)
    scenario = simple_scenario()
    p = identical_workers()
    timeline = pd.DataFrame({"contact_minutes": [30.0] * 120})  # 3 workers × 40 visits
    rota = fee_from_rota(p, scenario, period="weekly", timeline=timeline, settings=settings)
    ass = fee_from_assumptions(scenario, rota.inputs, settings=settings)
    assert ass.fee == pytest.approx(rota.fee, rel=1e-9)
    for line in ("contact_pay", "travel_waiting_pay", "employer_ni", "pension", "holiday"):
        assert ass.line(line) == pytest.approx(rota.line(line), abs=1e-9)


def test_scenario_rate_keeps_higher_own_rate_and_role_floor():
    fpa = load_scenario("fair_pay_agreement_illustrative")
    assert fpa.rate_for("care or support worker") == pytest.approx(13.85)
    assert fpa.rate_for("enhanced care worker", own_rate=15.0) == pytest.approx(15.0)
    assert fpa.rate_for("unknown role") == pytest.approx(13.45)  # the "*" floor


# ---------------------------------------------------------------- through the real engine


def _engine_rota(workers=3):
    """Identical workers: each day three 30-minute visits with 10 minutes' travel (2 miles) and
    5 minutes' wait between them, Monday to Friday, one week."""
    import io

    from payfair.importers import load_rota

    lines = ["worker_id,start,end,kind,status,client_id,travel_minutes,travel_miles"]
    for w in range(workers):
        for day in range(6, 11):  # 6-10 April 2026
            for start in ("09:00", "09:45", "10:30"):
                h, m = map(int, start.split(":"))
                end = f"{h + (m + 30) // 60:02d}:{(m + 30) % 60:02d}"
                lines.append(
                    f"W{w},2026-04-{day:02d} {start},2026-04-{day:02d} {end},visit,completed,"
                    f"c{w},10,2"
                )
    return load_rota(io.BytesIO("\n".join(lines).encode()), filename="rota.csv")


def test_engine_rota_and_measured_assumptions_agree_exactly():
    # rules §7: identical workers, so the rota's fee and the assumption fee must be equal
    from payfair.costing.outcomes import apply_scenario
    from payfair.policy import load_policy

    scenario = load_scenario("minimum_lawful_2026_27")
    o = apply_scenario(_engine_rota(), scenario, load_policy(), as_of="2026-05-01")
    rota = fee_from_rota(o.repaid.periods, scenario, period="weekly", timeline=o.repaid.timeline)
    a = rota.inputs
    assert a.average_visit_minutes == pytest.approx(30.0)
    # per day: travel to visits 2 and 3 counts (the first is commute): 20 min over 3 visits
    assert a.travel_minutes_per_visit == pytest.approx(20 / 3)
    assert a.waiting_minutes_per_visit == pytest.approx(10 / 3)  # two 5-minute waits a day
    assert a.miles_per_visit == pytest.approx(4 / 3)
    assert a.contact_hours_per_worker_week == pytest.approx(7.5)  # 15 visits × 30 minutes
    assert a.contact_rate == pytest.approx(12.80)  # their own rate, above the £12.71 floor
    ass = fee_from_assumptions(scenario, a)
    assert ass.fee == pytest.approx(rota.fee, rel=1e-9)


def test_sample_rota_and_measured_assumptions_agree_closely():
    # A real branch: workers differ, so NI and pension (not linear in pay) differ a little
    from pathlib import Path

    from payfair.costing.outcomes import apply_scenario
    from payfair.importers import load_rota, load_workers
    from payfair.policy import load_policy

    root = Path(__file__).resolve().parent.parent / "rota_samples"
    if not (root / "canonical_branch.csv").exists():
        pytest.skip("sample rota not present")
    workers, _ = load_workers(root / "canonical_branch_workers.csv")
    scenario = load_scenario("fair_pay_agreement_illustrative")
    o = apply_scenario(
        load_rota(root / "canonical_branch.csv"),
        scenario,
        load_policy(),
        workers=workers,
        as_of="2026-05-01",
    )
    rota = fee_from_rota(o.repaid.periods, scenario, period="weekly", timeline=o.repaid.timeline)
    ass = fee_from_assumptions(scenario, rota.inputs)
    assert ass.fee == pytest.approx(rota.fee, rel=0.02)
    # 1%: the sample's paid cancellations (£144, carried into every scenario's re-pay) are
    # contact pay in the rota's lines but raise the measured contact rate for all working time
    for line in ("contact_pay", "travel_waiting_pay", "other_working_pay", "mileage", "training"):
        assert ass.line(line) == pytest.approx(rota.line(line), rel=0.01)


# ------------------------------------------- issue 8 item 6: pay lines from each event's own pay


def unpaid_travel_scenario():
    """`simple_scenario` but travel between visits unpaid (waiting still at the contact rate)."""
    s = simple_scenario()
    from dataclasses import replace

    return replace(s, policy=replace(s.policy, travel_rate=0.0))


def test_unpaid_travel_shows_no_travel_pay_from_assumptions():
    r = fee_from_assumptions(unpaid_travel_scenario(), settings=NO_EA)
    # 20 contact hours; 30-minute visits = 2 visits an hour; waiting 3 min a visit = 0.1 h per
    # contact hour = 2 h a week at £12 = £24; travel (6 min a visit = 4 h) unpaid = £0.
    assert r.line("contact_pay") == pytest.approx(12.0)  # 20 × £12 / 20
    assert r.line("travel_waiting_pay") == pytest.approx(24 / 20)  # £1.20, waiting only
    # (split by hours it was £264 × 20/26 / 20 = £10.15 contact and £2.03 travel and waiting)
    assert r.notes == []


def test_unpaid_travel_shows_no_travel_pay_from_rota():
    from payfair.costing.outcomes import apply_scenario
    from payfair.policy import load_policy

    scenario = unpaid_travel_scenario()
    o = apply_scenario(_engine_rota(workers=1), scenario, load_policy(), as_of="2026-05-01")
    r = fee_from_rota(o.repaid.periods, scenario, period="weekly", timeline=o.repaid.timeline)
    # one worker, one week: 15 visits × 30 min = 7.5 contact hours at their own £12.80 = £96;
    # waiting 2 × 5 min a day × 5 days = 50 min = 5/6 h × £12.80 = £10.6667; travel unpaid.
    assert r.line("contact_pay") == pytest.approx(96 / 7.5)  # £12.80
    assert r.line("travel_waiting_pay") == pytest.approx((50 / 60 * 12.80) / 7.5)  # £1.4222
    assert r.line("other_working_pay") == pytest.approx(0.0)
    assert not any("proportion to hours" in n for n in r.notes)


def test_hours_split_is_announced_when_event_pay_is_missing():
    r = fee_from_rota(two_worker_periods(), simple_scenario(), period="weekly", settings=NO_EA)
    assert any("in proportion to hours" in n for n in r.notes)

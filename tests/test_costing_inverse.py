"""The inverse questions, solved exactly (rules §7): what pay a fee funds, and what floor a
budget buys. Hand-worked figures, then a property test: each answer plugged back into the
forward calculation gives the fee or budget it started from, to the penny."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payfair.costing.assumptions import CostingModel, default_model, pay_scenario, price
from payfair.costing.inverse import (
    Forward,
    RotaForward,
    floor_funded,
    pay_funded,
    with_rota_gainers,
    workers_who_gain,
)
from tests.test_costing_model import simple_model


def fee_at(model: CostingModel, pay: float) -> float:
    """The forward calculation, as `payfair price` does it."""
    return price(model, pay_scenario(pay, model)).fee


def test_what_pay_a_fee_funds_hand_worked():
    # simple model above the pension trigger: fee = ((33.06065 p − 18) / 20 + 5) / 0.95, so
    # £25.00 → (25 × 0.95 − 5) × 20 = 375; 33.06065 p = 393; p = 11.887244 (rules §7)
    a = pay_funded(25.00, simple_model())
    assert a.pay == pytest.approx(393 / 33.06065)
    assert a.pay_to_the_penny == 11.88
    assert a.fee_at_pay == pytest.approx(25.00, abs=1e-9)
    assert not a.funds_minimum_wage  # below the £12.71 National Living Wage 2026-27
    assert "cannot fund lawful pay" in a.sentence()
    assert fee_at(simple_model(), 11.88) <= 25.00


def test_fee_for_the_minimum_wage_funds_it():
    m = simple_model()
    a = pay_funded(fee_at(m, 12.71), m)
    assert a.pay == pytest.approx(12.71)
    assert a.funds_minimum_wage


def test_what_floor_a_budget_buys_hand_worked():
    # £1 more pay an hour adds 33.06065 / 20 / 0.95 = £1.740034 per contact hour; over 1,000
    # contact hours a week × 52 that is £90,481.77 a year, so that budget lifts £12 to £13
    budget = 33.06065 / 20 / 0.95 * 1000 * 52
    b = floor_funded(budget, 1000, simple_model(), pay_now=12.0)
    assert b.extra_per_contact_hour == pytest.approx(33.06065 / 20 / 0.95)
    assert b.floor.pay == pytest.approx(13.0)
    assert b.cost_of_floor == pytest.approx(budget)


def test_a_fee_below_running_costs_funds_nothing():
    a = pay_funded(5.00, simple_model())  # running costs alone are £5 / 0.95 = £5.26
    assert a.pay is None and "funds no pay" in a.sentence()


def test_a_fee_in_the_pension_step():
    # Pension starts at once when weekly earnings pass the £192 trigger (rules §6): a fee
    # between the fee just below and just above that point funds pay up to the trigger only.
    m = simple_model(contact_hours_per_worker_week=8.0)  # 10 paid hours: trigger near £17.13
    fwd = Forward(m)
    trigger_pay = 192 / (10 * 1.1207)  # earnings = 10 h × p × 1.1207 = 192
    below, above = fwd.fee(trigger_pay), fwd.fee(trigger_pay + 1e-7)
    assert above - below > 0.05  # 0.03 × (192 − 120) / 8 / 0.95 = £0.284 step
    a = pay_funded((below + above) / 2, m)
    assert a.pay == pytest.approx(trigger_pay)
    assert a.step == "pension auto-enrolment trigger"
    assert a.fee_at_pay <= (below + above) / 2


def test_workers_who_gain_on_a_rota():
    periods = pd.DataFrame(
        {
            "worker_id": ["a", "a", "b", "c"],
            "true_hourly_rate": [12.80, 13.20, 14.10, float("nan")],
        }
    )
    assert workers_who_gain(periods, 13.00) == (1, 3)  # a (one week at £12.80) gains
    assert workers_who_gain(periods, 15.00) == (2, 3)  # c has no working time


models = st.builds(
    lambda short, travel, miles, hours, sick, training, running, surplus, ea: (
        default_model().with_changes(
            visit_mix={15: short, 30: 1 - short},
            travel_minutes_per_visit=travel,
            miles_per_visit=miles,
            contact_hours_per_worker_week=hours,
            sick_days_per_year=sick,
            training_hours_per_year=training,
            running_costs={"management_and_supervision": running},
            surplus_share=surplus,
            employment_allowance=ea,
            contact_hours_per_year=20_000.0 if ea else 0.0,
        )
    ),
    st.floats(0, 1),
    st.floats(0, 30),
    st.floats(0, 10),
    st.floats(2, 45),
    st.floats(0, 20),
    st.floats(0, 60),
    st.floats(0, 15),
    st.floats(0, 0.2),
    st.booleans(),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=models, pay=st.floats(0.5, 40))
def test_inverse_fee_round_trips_to_the_penny(model, pay):
    fee = round(fee_at(model, pay), 2)  # a fee a council would quote
    a = pay_funded(fee, model)
    if a.pay is None:
        assert fee < fee_at(model, 0.0)
        return
    back = fee_at(model, a.pay)
    if a.step:
        assert back <= fee + 1e-9 < fee_at(model, a.pay + 1e-6)
    else:
        assert abs(back - fee) < 0.005  # to the penny (in fact to 1e-9)
        assert back == pytest.approx(fee, abs=1e-8)
    assert fee_at(model, a.pay_to_the_penny) <= fee + 1e-9


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    model=models,
    extra=st.floats(0.01, 20),
    hours=st.floats(100, 5e6),
)
def test_inverse_budget_round_trips_to_the_penny(model, extra, hours):
    budget = round(extra * hours * 52, 2)  # up to £20 more per contact hour
    b = floor_funded(budget, hours, model)
    if b.floor.step or b.floor.pay is None:
        return
    assert abs(b.cost_of_floor - budget) < 0.01  # the floor costs the budget, to the penny


# ------------------------------------------------------------------------------- on a rota


def rota_periods(hours=(20.0, 8.0), travel=(4.0, 2.0), own=(12.0, 13.0), ages=(30.0, 19.0)):
    """Two workers, one week each: contact and travel hours, pay now at `own` £ per working
    hour (nmw_pay), 2 miles per contact hour."""
    h, t = np.array(hours), np.array(travel)
    return pd.DataFrame(
        {
            "worker_id": ["a", "b", "c", "d"][: len(h)],
            "period_start": pd.to_datetime(["2026-04-06"] * len(h)),
            "period_end": pd.to_datetime(["2026-04-12"] * len(h)),
            "contact_hours": h,
            "travel_hours": t,
            "waiting_hours": 0.0,
            "other_hours": 0.0,
            "nmw_pay": np.array(own) * (h + t),
            "true_hourly_rate": np.array(own),
            "business_miles": 2.0 * h,
            "age": np.array(ages),
            "events": (2 * h).astype(int),
        }
    )


def test_rota_forward_is_the_rota_fee_calculation():
    # the rota re-paid under pay terms of £15 for all working time through the real engine
    # (payfair.costing.outcomes.apply_scenario) gives the same fee as RotaForward at £15
    from payfair.costing.assumptions import model_settings, with_model
    from payfair.costing.fee_rate import fee_from_rota
    from payfair.costing.outcomes import apply_scenario
    from payfair.policy import load_policy
    from tests.test_costing_fee_rate import _engine_rota

    m = simple_model(training_hours_per_year=24.0, sick_days_per_year=8.0)
    s = with_model(pay_scenario(15.0, m), m)
    o = apply_scenario(_engine_rota(), s, load_policy(), as_of="2026-05-01")
    engine = fee_from_rota(
        o.repaid.periods,
        s,
        period="weekly",
        timeline=o.repaid.timeline,
        settings=model_settings(m),  # the model's NI rate, no Employment Allowance
    )
    fwd = RotaForward(o.baseline.periods, "weekly", m, floor=False)  # the rota as paid now
    assert fwd.fee(15.0) == pytest.approx(engine.fee, abs=1e-9)


def test_what_pay_a_fee_funds_on_a_rota_hand_worked():
    # Worker a (30): 20 contact + 4 travel = 24 working hours; b (19): 8 + 2 = 10. At pay p
    # for all working time, simple model (no sickness or training, holiday 12.07%, NI 15% over
    # £96, pension 3% over £120 above the £192 trigger; mileage 2 miles a contact hour × 28 h
    # × £0.45 = £25.20):
    #   a earns 24 × 1.1207 p = 26.8968 p: costs 26.8968 p × 1.18 − 14.4 − 3.6;
    #   b earns 10 × 1.1207 p = 11.207 p: under 21, so employer NI is 0% below the upper
    #   secondary threshold, £967 a week (SSCBA 1992 s 9A, rules §6); too young for
    #   automatic enrolment (22): costs 11.207 p.
    # costs = 31.738224 p − 18 + 11.207 p + 25.20 = 42.945224 p + 7.2
    # fee = (costs ÷ 28 + 5) ÷ 0.95; £30.00 → (30 × 0.95 − 5) × 28 = 658 → p = 650.8 ÷
    # 42.945224 = £15.154
    m = simple_model()
    fwd = RotaForward(rota_periods(), "weekly", m, floor=False)
    a = pay_funded(30.00, m, forward=fwd)
    assert a.pay == pytest.approx(650.8 / 42.945224, rel=1e-6)
    assert a.pay_to_the_penny == 15.15
    assert fwd.fee(a.pay) == pytest.approx(30.00, abs=1e-9)


def test_what_floor_a_budget_buys_on_a_rota():
    # a is paid £12 and b £13 per working hour now. A floor at p lifts a above £12 and b above
    # £13. From £12 to £13 only a gains: 31.738224 ÷ 28 ÷ 0.95 = £1.193166 per contact hour
    # per £1; from £13 both: 42.945224 ÷ 28 ÷ 0.95 = £1.614482 (costs as above).
    # Floor £14: £2.807648 per contact hour; × 1,000 contact hours a week × 52 = £145,997.72
    m = simple_model()
    fwd = RotaForward(rota_periods(), "weekly", m, floor=True)
    budget = (31.738224 + 42.945224) / 28 / 0.95 * 1000 * 52
    b = floor_funded(budget, 1000, m, forward=fwd)
    assert b.floor.pay == pytest.approx(14.0, rel=1e-6)
    assert b.cost_of_floor == pytest.approx(budget)
    with_rota_gainers(b, rota_periods())
    assert (b.workers_who_gain, b.workers) == (2, 2)


rota_cases = st.tuples(
    st.lists(st.floats(1, 45), min_size=1, max_size=4),
    st.floats(0, 0.5),
    st.floats(8, 20),
    st.booleans(),
    st.booleans(),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=rota_cases, pay=st.floats(1, 30))
def test_rota_inverse_round_trips_to_the_penny(case, pay):
    hours, travel_share, own, floor, ea = case
    n = len(hours)
    periods = rota_periods(
        hours=tuple(hours),
        travel=tuple(h * travel_share for h in hours),
        own=tuple(own + i for i in range(n)),
        ages=tuple(20.0 + 10 * i for i in range(n)),
    )
    periods["worker_id"] = [f"w{i}" for i in range(n)]
    m = default_model().with_changes(
        employment_allowance=ea, contact_hours_per_year=5_000.0 if ea else 0.0
    )
    fwd = RotaForward(periods, "weekly", m, floor=floor)
    fee = round(fwd.fee(pay), 2)
    a = pay_funded(fee, m, forward=fwd)
    if a.pay is None:
        assert fee < fwd.fee(0.0)
        return
    back = fwd.fee(a.pay)
    if a.step:
        assert back <= fee + 1e-9
    else:
        assert back == pytest.approx(fee, abs=1e-8)  # to the penny, and better
    budget = round(3.0 * 1000 * 52, 2)
    b = floor_funded(budget, 1000, m, forward=fwd)
    if not b.floor.step and b.floor.pay is not None:
        assert abs(b.cost_of_floor - budget) < 0.01


def test_the_docs_default_figures_hold():
    # docs/costing.md quotes these with the shipped defaults; they must stay true
    from pathlib import Path

    docs = (Path(__file__).resolve().parent.parent / "docs" / "costing.md").read_text("utf-8")
    m = default_model()
    a = pay_funded(24.10, m)
    assert a.pay_to_the_penny == 8.51 and "**£8.51**" in docs
    assert round(a.fee_at_minimum_wage, 2) == 31.14 and "needs £31.14" in docs
    b = floor_funded(m.national_budget, m.national_hours_per_week, m)
    assert round(b.extra_per_contact_hour, 2) == 2.35  # 500m ÷ (4.1m × 52)
    assert b.floor.pay_to_the_penny == 14.10 and "**£14.10**" in docs

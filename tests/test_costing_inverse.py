"""The inverse questions, solved exactly (rules §7): what pay a fee funds, and what floor a
budget buys. Hand-worked figures, then a property test: each answer plugged back into the
forward calculation gives the fee or budget it started from, to the penny."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payfair.costing.assumptions import CostingModel, default_model, pay_scenario, price
from payfair.costing.inverse import (
    Forward,
    floor_funded,
    pay_funded,
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

"""The inverse questions on the union's Pay scenarios page (issue 9 item 5, rules §7), driven
headless with AppTest on the app's bundled sample rota: what pay the council's fee funds, and what
pay floor a budget buys, each checked against payfair.costing.inverse called directly on the same
rota, plugged back into the forward calculation, and against hand-worked figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from payfair.analysis import analyse
from payfair.costing.assumptions import default_model
from payfair.costing.inverse import RotaForward, floor_funded, pay_funded, workers_who_gain
from payfair.importers import load_rota, load_workers
from payfair.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
UNION = "payfair/ui/union.py"
SAMPLE = ROOT / "rota_samples" / "canonical_branch.csv"  # the app's sample pair
SAMPLE_WORKERS = ROOT / "rota_samples" / "canonical_branch_workers.csv"


def clean(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.fixture(scope="module")
def periods():
    """The sample rota's pay periods as the app analyses them (default policy, weekly)."""
    rota = load_rota(SAMPLE)
    workers = load_workers(SAMPLE_WORKERS)[0]
    return analyse(rota, load_policy(None), workers=workers, period="weekly").periods


@pytest.fixture(scope="module")
def at() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=240)
    clean(at.run())
    at.switch_page(UNION).run()
    at.multiselect(key="union_scenarios").set_value([]).run()  # the questions need none
    return clean(at)


def answers(at: AppTest) -> str:
    return " ".join(x.value for x in [*at.success, *at.warning, *at.markdown, *at.caption])


def test_what_pay_the_fee_funds_matches_the_costing_engine(at, periods) -> None:
    at.number_input(key="union_fund_fee").set_value(30.0).run()
    clean(at)
    model = default_model()
    fwd = RotaForward(periods, "weekly", model, floor=False)
    direct = pay_funded(30.0, model, forward=fwd)
    assert direct.sentence() in answers(at)
    # to the penny: the pay shown needs no more than £30.00, a penny more needs more than £30.00
    assert fwd.fee(direct.pay_to_the_penny) <= 30.0 + 1e-9
    assert fwd.fee(direct.pay_to_the_penny + 0.01) > 30.0
    # the assumptions are shown beside the answer: running costs 3.60 + 1.30 + 0.70 + 0.65
    # + 0.10 + 0.35 + 0.25 + 1.52 = £8.47 per contact hour (rates/costing_assumptions.toml)
    text = answers(at)
    assert "running costs £8.47 per contact hour" in text
    assert "National Living Wage, £12.71" in text  # 2026-27 (rates/nmw.toml)


def test_a_fee_below_running_costs_funds_no_pay(at) -> None:
    # £5.00 < £8.47 of running costs per contact hour alone, before any pay or mileage (§7)
    at.number_input(key="union_fund_fee").set_value(5.0).run()
    clean(at)
    assert "does not cover running costs and mileage, so it funds no pay at all" in answers(at)


def test_what_floor_a_budget_buys_matches_the_costing_engine(at, periods) -> None:
    at.number_input(key="union_fund_fee").set_value(24.10).run()
    at.number_input(key="union_budget").set_value(1_040_000.0)
    at.number_input(key="union_budget_hours").set_value(1_000.0).run()
    clean(at)
    text = answers(at)
    # hand-worked: £1,040,000 ÷ (1,000 hours × 52 weeks) = £20.00 more per contact hour
    assert "is £20.00 more per contact hour" in text
    model = default_model()
    fwd = RotaForward(periods, "weekly", model, floor=True)
    direct = floor_funded(1_040_000.0, 1_000.0, model, forward=fwd)
    floor = direct.floor.pay_to_the_penny
    gain, of = workers_who_gain(periods, floor)
    assert f"It funds a pay floor of £{floor:.2f} an hour" in text
    assert f"On this rota {gain} of {of} workers are paid less than that now" in text
    assert {m.label: m.value for m in at.metric}["Pay floor it funds"] == f"£{floor:,.2f}"
    # plugged back in: the floor's fee is within the fee now + £20.00, a penny more is not
    assert fwd.fee(floor) <= direct.fee_now + 20.0 + 1e-9 < fwd.fee(floor + 0.01)
    # gainers counted by hand from the periods: anyone paid below the floor in any period
    below = periods.loc[periods["true_hourly_rate"] < floor, "worker_id"].nunique()
    assert gain == below


def test_the_national_fair_pay_agreement_question(at) -> None:
    at.toggle(key="union_national").set_value(True).run()
    clean(at)
    text = answers(at)
    # hand-worked: £500,000,000 ÷ (4,100,000 hours × 52) = £2.3452… → £2.35 per contact hour
    assert "£500,000,000 a year over 4,100,000 contact hours a week is £2.35 more" in text
    assert "workers are paid less than that now and would gain" in text
    assert at.number_input(key="union_budget").disabled
    at.toggle(key="union_national").set_value(False).run()


def test_the_year_sets_the_minimum_wage_the_answer_is_held_against(at, periods) -> None:
    at.selectbox(key="union_year").set_value("2025-26")
    at.number_input(key="union_fund_fee").set_value(30.0).run()
    clean(at)
    model = default_model().with_changes(year="2025-26")
    direct = pay_funded(30.0, model, forward=RotaForward(periods, "weekly", model, floor=False))
    assert direct.sentence() in answers(at)
    assert "2025-26 National Living Wage of £12.21" in answers(at)
    at.selectbox(key="union_year").set_value("2026-27").run()


def test_assumptions_set_on_the_fee_page_carry_over(periods) -> None:
    at = AppTest.from_file(str(APP), default_timeout=240)
    clean(at.run())
    at.switch_page("payfair/ui/commissioner.py").run()
    at.number_input(key="cm_run_insurance").set_value(0.95).run()
    clean(at)
    at.switch_page(UNION).run()
    at.multiselect(key="union_scenarios").set_value([]).run()
    clean(at)
    text = answers(at)
    assert "as you set them on the" in text
    # hand-worked: £8.47 of running costs with insurance £0.35 → £0.95: 8.47 + 0.60 = £9.07
    assert "running costs £9.07 per contact hour" in text and "Insurance £0.95" in text
    base = default_model()
    model = base.with_changes(running_costs={**base.running_costs, "insurance": 0.95})
    fee = at.number_input(key="union_fund_fee").value
    direct = pay_funded(fee, model, forward=RotaForward(periods, "weekly", model, floor=False))
    assert direct.sentence() in text

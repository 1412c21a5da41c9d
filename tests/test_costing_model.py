"""The open costing model: assumptions file, blended visit mix, itemised running costs and the
fee at other pay rates (rules §7), hand-worked."""

from __future__ import annotations

import pytest

from payfair.config_file import ConfigError
from payfair.costing.assumptions import (
    RUNNING_COSTS,
    CostingModel,
    default_model,
    itemised_breakdown,
    load_model,
    pay_scenario,
    price,
)
from payfair.costing.equivalents import equivalents, pay_rates


def simple_model(**changes) -> CostingModel:
    """Half the hours in 15-minute visits, half in 60-minute visits; 6 minutes' travel a visit,
    no miles; 20 contact hours a week; statutory NI 15%, holiday 12.07%, pension 3%; no sick
    days or training; £5 an hour running costs; 5% surplus."""
    base = CostingModel(
        year="2026-27",
        visit_mix={15: 0.5, 60: 0.5},
        travel_minutes_per_visit=6.0,
        waiting_minutes_per_visit=0.0,
        miles_per_visit=0.0,
        contact_hours_per_worker_week=20.0,
        sick_days_per_year=0.0,
        training_hours_per_year=0.0,
        running_costs={"management_and_supervision": 3.0, "premises": 2.0},
        surplus_share=0.05,
    )
    return base.with_changes(**changes)


def test_blended_visit_from_the_mix():
    m = simple_model()
    # visits per contact hour = 0.5 × 60/15 + 0.5 × 60/60 = 2 + 0.5 = 2.5 (DHSC, rules §7)
    assert m.visits_per_contact_hour == pytest.approx(2.5)
    assert m.average_visit_minutes == pytest.approx(24.0)  # 60 / 2.5


def test_blended_fee_hand_worked():
    r = price(simple_model(), pay_scenario(12.0, simple_model()))
    # travel per contact hour 2.5 visits × 6 min = 15 min = 0.25 h: a week of 20 contact hours
    # has 5 travel hours, 25 paid hours × £12 = £300 (rules §7)
    assert r.line("contact_pay") == pytest.approx(12.0)
    assert r.line("travel_waiting_pay") == pytest.approx(60 / 20)  # 5 h × £12 / 20
    # holiday 0.1207 × 300 = 36.21; earnings 336.21
    assert r.line("holiday") == pytest.approx(36.21 / 20)
    # NI 0.15 × (336.21 − 96) = 36.0315; pension 0.03 × (336.21 − 120) = 6.4863 (rules §6)
    assert r.line("employer_ni") == pytest.approx(36.0315 / 20)
    assert r.line("pension") == pytest.approx(6.4863 / 20)
    direct = (300 + 36.21 + 36.0315 + 6.4863) / 20  # 18.93639
    assert r.fee == pytest.approx((direct + 5.0) / 0.95)  # 25.196200
    assert r.fee == pytest.approx(25.196200, abs=1e-6)


def test_running_costs_are_itemised_and_add_up():
    m = simple_model()
    r = price(m, pay_scenario(12.0, m))
    b = itemised_breakdown(r, m).set_index("line")
    assert b.at["running_costs.management_and_supervision", "per_contact_hour"] == 3.0
    assert b.at["running_costs.premises", "item"] == "Premises"
    items = b[b["part_of"] == "running_business"]["per_contact_hour"].sum()
    assert items == pytest.approx(b.at["running_business", "per_contact_hour"])  # 5.00


def test_changing_an_assumption_changes_the_fee():
    m = simple_model()
    base = price(m, pay_scenario(12.0, m)).fee
    more_15 = m.with_changes(visit_mix={15: 0.8, 60: 0.2})  # more short visits, more travel
    assert price(more_15, pay_scenario(12.0, more_15)).fee > base
    dearer = m.with_changes(running_costs={"management_and_supervision": 4.0, "premises": 2.0})
    # £1 more running costs a contact hour: fee up by 1 / 0.95 = 1.0526
    assert price(dearer, pay_scenario(12.0, dearer)).fee - base == pytest.approx(1 / 0.95)


def test_default_assumptions_are_sourced_and_valid():
    m = default_model()
    assert sum(m.visit_mix.values()) == pytest.approx(1.0)
    assert set(m.running_costs) == set(RUNNING_COSTS)
    # £8.47 = Homecare Association £32.14 − £22.71 − 3% surplus (£0.96), rules §7
    assert m.running_costs_per_contact_hour == pytest.approx(8.47)
    for key in (
        "visit_mix",
        "travel.travel_minutes_per_visit",
        "travel.miles_per_visit",
        "workforce.contact_hours_per_worker_week",
        "on_costs.pension_rate",
        "running_costs.insurance",
        "surplus.share",
        "national.contact_hours_per_week",
    ):
        assert m.source(key), key
    assert "payfair assumption" in m.source("running_costs")  # the split is ours, said so


def test_assumptions_file_round_trips_and_partial_files_keep_defaults(tmp_path):
    m = default_model().with_changes(travel_minutes_per_visit=11.0, visit_mix={30: 1.0})
    assert load_model(m.to_toml().encode()) == m
    f = tmp_path / "mine.toml"
    f.write_text("[travel]\nmiles_per_visit = 3.5\n", encoding="utf-8")
    mine = load_model(f)
    assert mine.miles_per_visit == 3.5
    assert mine.running_costs == default_model().running_costs


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[visit_mix]\n"30" = 0.5\n"60" = 0.4\n', "adds up to 0.9"),
        ('[visit_mix]\n"20" = 1.0\n', "unknown key '20'"),
        ("[travel]\nmiles_per_visit = -1\n", "below the least allowed"),
        ("[running_costs]\nrent = 1.0\n", "unknown setting 'rent'"),
        ('[on_costs]\nholiday_rate = "12%"\n', "should be a number"),
    ],
)
def test_bad_assumptions_files_name_the_key(text, words):
    with pytest.raises(ConfigError) as e:
        load_model(text.encode(), file="mine.toml")
    assert words in str(e.value) and "mine.toml" in str(e.value)


def test_equivalents_side_by_side():
    m = simple_model()
    t = equivalents(m)
    assert list(t["pay_rate"]) == [r.label for r in pay_rates("2026-27")]
    assert t["hourly_pay"].iloc[0] == 12.71  # National Living Wage 2026-27 (rates/nmw.toml)
    assert {"Real Living Wage (UK)", "London Living Wage"} <= set(t["pay_rate"])
    # in the simple model, above the pension trigger, fee = ((33.06065 p − 18)/20 + 5)/0.95
    # (25 paid hours × 1.1207 holiday × 1.18 NI and pension = 33.06065 per £1 of pay)
    for p, fee in zip(t["hourly_pay"], t["fee_per_contact_hour"], strict=True):
        assert fee == pytest.approx(((33.06065 * p - 18) / 20 + 5) / 0.95)
    assert (t["dated"] != "").all() and (t["source"] != "").all()


def test_every_default_value_has_its_own_source():
    from payfair.config_file import read_toml
    from payfair.costing.assumptions import DEFAULT_ASSUMPTIONS_PATH

    data, _ = read_toml(DEFAULT_ASSUMPTIONS_PATH)
    sources = data["sources"]
    for section, values in data.items():
        if section == "sources":
            continue
        if not isinstance(values, dict):
            assert sources.get(section), section  # year, dated
        elif section == "visit_mix":
            assert sources.get("visit_mix")  # one value: the mix
        else:
            for key in values:
                assert sources.get(f"{section}.{key}"), f"{section}.{key}"


def test_minimum_wage_for_a_year_payfair_has_no_rate_for_is_labelled():
    from payfair.costing.equivalents import national_living_wage

    now = national_living_wage("2026-27")
    assert (now.rate, now.year, now.label) == (12.71, "2026-27", "National Living Wage")
    later = national_living_wage("2028-29")  # not set yet: the latest rate, said so
    assert later.rate == 12.71 and later.year == "2026-27"
    assert "latest payfair holds, from 1 April 2026" in later.label

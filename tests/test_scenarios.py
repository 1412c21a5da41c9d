"""Shipped pay scenarios (rules §6-8) and the Homecare Association comparison (rules §7)."""

from __future__ import annotations

import pytest

from payfair.costing.fee_rate import fee_from_assumptions
from payfair.costing.scenario import list_scenarios, load_scenario, scenario_from_dict
from payfair.errors import RotaError

SHIPPED = (
    "minimum_lawful_2025_26",
    "minimum_lawful_2026_27",
    "real_living_wage_2026",
    "fair_pay_agreement_illustrative",
    "unison_ethical_care_charter",
    "homecare_association_2025_26",
)

HCA_MINIMUM_PRICE_2025_26 = 32.14  # £ per contact hour (rules §7)
HCA_TOLERANCE = 0.05  # within 5%: payfair's inputs are of the same kind, not the Association's


def test_all_scenarios_shipped():
    assert set(SHIPPED) <= set(list_scenarios())


@pytest.mark.parametrize("name", SHIPPED)
def test_every_value_has_a_source_and_a_description(name):
    s = load_scenario(name)
    assert s.description
    missing = [key for key, _, source in s.settings_rows() if not source.strip()]
    assert missing == []


@pytest.mark.parametrize(
    ("name", "rate", "ssp"),
    [
        ("minimum_lawful_2025_26", 12.21, "2025-26"),  # rules §6 NLW from 2025-04-01
        ("minimum_lawful_2026_27", 12.71, "2026-27"),  # rules §6 NLW from 2026-04-01
        ("real_living_wage_2026", 13.45, "2026-27"),  # rules §6 Real Living Wage 2026
    ],
)
def test_floor_scenarios_pay_every_working_minute(name, rate, ssp):
    s = load_scenario(name)
    assert s.policy.role_floor["*"] == rate
    assert s.policy.travel_rate == "contact" and s.policy.waiting_rate == "contact"
    assert s.terms.sick_pay == "statutory" and s.terms.ssp_rules == ssp
    assert s.time_rate("travel") == rate


def test_real_living_wage_notes_london():
    assert "14.80" in load_scenario("real_living_wage_2026").description


def test_fair_pay_agreement_is_marked_illustrative():
    # rules §8: no agreement yet; first expected in contracts from April 2028
    s = load_scenario("fair_pay_agreement_illustrative")
    assert "ILLUSTRATIVE" in s.description and "2028" in s.description
    assert s.policy.mileage_rate == 0.45
    assert s.terms.sick_pay == "occupational"
    assert s.policy.travel_rate == "contact" and s.policy.waiting_rate == "contact"
    assert s.policy.role_floor["supervisor or leader"] > s.policy.role_floor["new to care"]
    assert all("ILLUSTRATIVE" in v for k, v in s.sources.items() if k.startswith("pay.role_floor"))


def test_ethical_care_charter_terms():
    s = load_scenario("unison_ethical_care_charter")
    assert s.min_visit_minutes == 30  # no 15-minute visits
    assert s.policy.travel_rate == "contact"
    assert s.policy.role_floor["*"] == 13.45  # Real Living Wage
    assert s.terms.sick_pay == "occupational"


def test_homecare_association_comparison_within_tolerance():
    # rules §7: Minimum Price for Homecare 2025-26 = £32.14 on NLW £12.21 for all working time.
    # payfair, with inputs of the same kind (rates/scenarios/homecare_association_2025_26.toml):
    #   contact 12.21 + travel 14 min/h × 12.21/60 = 2.849 + mileage 4.4 mi × 0.45 = 1.98
    #   + NI, pension, holiday, SSP, training on a 20-contact-hour week
    #   + running the business £8.47 + 3% surplus  →  about £30.85 (docs/costing.md)
    s = load_scenario("homecare_association_2025_26")
    r = fee_from_assumptions(s)
    assert r.line("contact_pay") == pytest.approx(12.21)
    assert r.line("travel_waiting_pay") == pytest.approx(14 / 60 * 12.21)
    assert r.line("mileage") == pytest.approx(4.4 * 0.45)
    assert r.fee == pytest.approx(HCA_MINIMUM_PRICE_2025_26, rel=HCA_TOLERANCE)
    assert r.fee == pytest.approx(30.85, abs=0.01)  # the figure docs/costing.md reports


def test_unknown_setting_is_named():
    with pytest.raises(RotaError, match="travel_minutes_per_vist"):
        scenario_from_dict({"assumptions": {"travel_minutes_per_vist": 3}})
    with pytest.raises(RotaError, match="sick_pay"):
        scenario_from_dict({"terms": {"sick_pay": "generous"}})


def test_missing_scenario_lists_the_shipped_ones():
    with pytest.raises(RotaError, match="real_living_wage_2026"):
        load_scenario("no_such_scenario")

"""Shipped pay scenarios (rules §6-8) and the Homecare Association comparison (rules §7)."""

from __future__ import annotations

from dataclasses import replace

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


# ---------------------------------------------------------------- issue 9: validated files

import io  # noqa: E402
import json  # noqa: E402
import tomllib  # noqa: E402

from payfair.config_file import ConfigError  # noqa: E402
from payfair.costing.scenario import (  # noqa: E402
    scenario_data,
    scenario_from_bytes,
    scenario_toml,
    toml_string,
)

BASE = {"name": "t", "pay": {"contact_rate": 12.71, "role_floor": {"*": 12.71}}}


def with_(section, **values):
    data = json.loads(json.dumps(BASE))
    data.setdefault(section, {}).update(values)
    return data


@pytest.mark.parametrize(
    ("data", "key", "words"),
    [
        ({**BASE, "colour": "red"}, None, "unknown setting 'colour'"),
        ({**BASE, "payy": {}}, None, "did you mean 'pay'"),
        (with_("pay", contact_rate="12.71"), "pay.contact_rate", "should be a number"),
        (with_("pay", mileage_rate=-0.45), "pay.mileage_rate", "below the least allowed"),
        (with_("pay", travel_rate="sometimes"), "pay.travel_rate", "not one of the allowed"),
        (with_("terms", sick_days_per_year=400), "terms.sick_days_per_year", "above the most"),
        (with_("terms", pension_rate=float("nan")), "terms.pension_rate", "not a finite"),
        (with_("assumptions", surplus_share=1.2), "assumptions.surplus_share", "above the most"),
        (with_("pay", uplift_per_hour=1.0, uplift_percent=5.0), "pay.uplift_percent", "both"),
        (with_("pay", contact_rate=12.00), "pay.contact_rate", "no effect"),
        (
            with_("terms", sick_pay="occupational", ssp_rules="2026-27"),
            "terms.ssp_rules",
            "no effect",
        ),
        (
            with_("terms", occupational_sick_fraction=0.5),
            "terms.occupational_sick_fraction",
            "no effect",
        ),
        (with_("assumptions", role="registered manager"), "assumptions.role", "no floor"),
        ({"name": "no rate", "pay": {"travel_rate": "contact"}}, "pay.contact_rate", "no contact"),
    ],
)
def test_scenario_files_are_validated_like_code(data, key, words):
    # issue 9 item 2: a clear error naming the file, the key and the fix
    with pytest.raises(ConfigError) as caught:
        scenario_from_dict(data, file="mine.toml")
    text = str(caught.value)
    assert "file mine.toml" in text and words in text
    if words != "not a finite":  # payfair.config_file gives no fix for NaN (the shared base)
        assert "How to fix" in text
    if key:
        assert f"key {key}" in text


def test_contact_rate_takes_effect():
    # issue 9: `contact_rate = 14.00` in a copy of the minimum-lawful scenario had no effect
    # (each worker kept their own rate). It is now the rate for contact time, kept where a
    # worker's own rate is higher: A's own £12.80 → £14.00 for 70 working minutes = £16.3333.
    from payfair.costing.outcomes import apply_scenario
    from payfair.importers import load_rota
    from payfair.policy import load_policy

    rota = load_rota(io.BytesIO(ROTA.encode()), filename="rota.csv")
    data = scenario_data("minimum_lawful_2026_27")
    data["pay"]["contact_rate"] = 14.00
    o = apply_scenario(rota, scenario_from_dict(data), load_policy(), as_of="2026-05-01")
    assert o.totals["pay_scenario"] == pytest.approx(70 / 60 * 14.00)


ROTA = (
    "worker_id,start,end,kind,status,client_id,travel_minutes,travel_miles\n"
    "A,2026-04-07 09:00,2026-04-07 09:30,visit,completed,c1,15,3\n"
    "A,2026-04-07 09:40,2026-04-07 10:10,visit,completed,c2,10,2\n"
)


@pytest.mark.parametrize(
    ("uplift", "rate"),
    [
        ({"uplift_percent": 10.0}, 12.80 * 1.10),  # own £12.80 + 10% = £14.08
        ({"uplift_per_hour": 1.0}, 13.80),  # own £12.80 + £1 = £13.80
        ({"uplift_per_hour": 0.05}, 12.85),  # £12.85: above the £12.71 floor
    ],
)
def test_uplift_on_own_rate_then_floor(uplift, rate):
    from payfair.costing.outcomes import apply_scenario
    from payfair.importers import load_rota
    from payfair.policy import load_policy

    rota = load_rota(io.BytesIO(ROTA.encode()), filename="rota.csv")
    data = scenario_data("minimum_lawful_2026_27")
    data["pay"].update(uplift)
    o = apply_scenario(rota, scenario_from_dict(data), load_policy(), as_of="2026-05-01")
    # 60 contact + 10 travel minutes (the first journey is commute, rules §3.6) at the new rate
    assert o.totals["pay_scenario"] == pytest.approx(70 / 60 * rate)


def test_missing_assumptions_use_printed_defaults_not_zero():
    # issue 9: leaving out [assumptions] silently dropped running costs and surplus (fee
    # £34.17 → £24.95). The defaults are now the shipped values and are listed beside the result.
    full = load_scenario("minimum_lawful_2026_27")
    data = scenario_data("minimum_lawful_2026_27")
    del data["assumptions"]
    data["sources"] = {k: v for k, v in data["sources"].items() if not k.startswith("assum")}
    bare = scenario_from_dict(data)
    assert bare.assumptions == full.assumptions
    assert "assumptions.running_costs_per_contact_hour = 8.47" in bare.defaults_used
    assert "assumptions.surplus_share = 0.03" in bare.defaults_used
    assert fee_from_assumptions(bare).fee == pytest.approx(fee_from_assumptions(full).fee)
    assert full.defaults_used == ()


def test_blank_template_loads_with_nothing_assumed_in_silence():
    s = scenario_from_dict(scenario_data())
    assert s.policy.role_floor == {"*": 12.71} and s.defaults_used == ()
    assert (
        s.terms.sick_days_per_year == 8.0 and s.assumptions.running_costs_per_contact_hour == 8.47
    )


@pytest.mark.parametrize("name", SHIPPED)
def test_written_file_reads_back_to_the_same_scenario(name):
    text = scenario_toml(scenario_data(name))
    back = scenario_from_bytes(text.encode("utf-8"), file="saved.toml")
    orig = load_scenario(name)
    assert back.policy == orig.policy and back.terms == orig.terms
    assert back.assumptions == orig.assumptions and back.sources == orig.sources
    assert (back.name, back.description, back.note) == (orig.name, orig.description, orig.note)


def test_toml_strings_are_escaped():
    hostile = 'He said "no"\\ \n\t\x00\x7f =cmd|'
    assert tomllib.loads(f"x = {toml_string(hostile)}")["x"] == hostile
    data = scenario_data()
    data["name"] = hostile
    data["pay"]["role_floor"]['odd "role"\n'] = 13.0
    back = scenario_from_bytes(scenario_toml(data).encode())
    assert back.name == hostile and back.policy.role_floor['odd "role"\n'] == 13.0


def test_docs_describe_every_key_and_the_example_loads():
    # issue 9: the format documented (every key, meaning, unit, default) in docs/scenarios.md
    from pathlib import Path

    from payfair.config_file import Table
    from payfair.costing.scenario import SCENARIO_SCHEMA

    text = (Path(__file__).resolve().parent.parent / "docs" / "scenarios.md").read_text()
    for section, keys in SCENARIO_SCHEMA.sections.items():
        if isinstance(keys, Table):
            assert f"[{section}]" in text
            continue
        for key in keys:
            assert f"`{section}.{key}`" in text or key == "role_floor", f"{section}.{key}"
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    s = scenario_from_bytes(example.encode(), file="docs/scenarios.md")
    assert s.policy.role_floor == {"*": 14.0, "supervisor or leader": 15.5}
    assert "terms.holiday_rate = statutory 12.07%" in s.defaults_used


def test_a_scenario_kept_in_memory_reads_as_its_file_does():
    # The app keeps scenarios built or uploaded in a session as text (TEXT_KEY + the TOML),
    # never on disk; the key must give exactly the scenario the same file gives.
    from payfair.costing.scenario import SCENARIOS_DIR, TEXT_KEY, scenario_for_key

    shipped = next(iter(list_scenarios()))
    text = (SCENARIOS_DIR / f"{shipped}.toml").read_text(encoding="utf-8")
    in_memory, from_file = scenario_for_key(TEXT_KEY + text), load_scenario(shipped)
    assert in_memory.path == "your scenario"  # where it came from, said in messages
    assert replace(in_memory, path=from_file.path) == from_file
    assert scenario_for_key(shipped) == load_scenario(shipped)

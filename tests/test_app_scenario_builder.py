"""The Build a scenario page (issue 9), driven headless with AppTest on the bundled sample rota:
from blank to a scenario that gains, saved, and the saved file giving the same figures in
`payfair scenarios`; loading a file back; a bad file as a message, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from payfair.cli import main

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
SAMPLE = ROOT / "rota_samples" / "canonical_branch.csv"
SAMPLE_WORKERS = ROOT / "rota_samples" / "canonical_branch_workers.csv"  # the app's sample pair
BUILDER = "payfair/ui/scenario_builder.py"
UNION = "payfair/ui/union.py"


def clean(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    return at


def builder() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    clean(at.run())
    return clean(at.switch_page(BUILDER).run())


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def money(text: str) -> float:
    return float(text.replace("£", "").replace(",", ""))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """From blank: a floor of £14.00 for every role, travel paid at the contact rate."""
    at = builder()
    at.number_input(key="b_floor_all").set_value(14.0).run()
    at.selectbox(key="b_travel_kind").set_value("at the worker's contact rate").run()
    at.text_input(key="b_name").set_value('Union claim "£14 for all"').run()
    clean(at)
    saved = tmp_path_factory.mktemp("builder") / "claim.toml"
    saved.write_text(at.code[0].value, encoding="utf-8")
    return at, saved


def test_blank_scenario_shows_who_gains_at_once(built):
    at, _ = built
    m = metrics(at)
    # the sample's workers are paid below £14 now, so every one of them gains
    gain, of = m["Workers who gain"].split(" of ")
    assert int(gain) == int(of) > 0
    assert money(m["Extra pay on this rota"]) > 0
    assert money(m["Typical gain per worker a week"]) > 0
    assert m["Fee per contact hour to fund it (from this rota)"].startswith("£")
    table = at.dataframe[-1].value
    assert {"worker_id", "change_per_week"} <= set(table.columns)
    assert (table["change_per_week"] > 0).all()


def test_saved_file_gives_the_same_figures_in_payfair_scenarios(built, tmp_path, capsys):
    at, saved = built
    m = metrics(at)
    out = tmp_path / "s.json"
    args = ["scenarios", str(SAMPLE), "--workers", str(SAMPLE_WORKERS), "--json", str(out)]
    assert main([*args, "--scenario", str(saved)]) == 0
    got = json.loads(out.read_text())["scenarios"][0]
    assert got["name"] == 'Union claim "£14 for all"'  # quotes escaped in the file
    t = got["totals"]
    assert f"{t['workers_gaining']} of {t['workers']}" == m["Workers who gain"]
    assert round(t["change"], 2) == money(m["Extra pay on this rota"])
    assert round(t["median_change_per_worker_week"], 2) == money(
        m["Typical gain per worker a week"]
    )
    fee = got["fee_per_contact_hour"]["fee_per_contact_hour"]
    assert round(fee, 2) == money(m["Fee per contact hour to fund it (from this rota)"])


def test_start_from_a_shipped_scenario_fills_every_term():
    at = builder()
    at.selectbox(key="builder_base").set_value("fair_pay_agreement_illustrative").run()
    clean(at)
    assert at.number_input(key="b_contact_rate").value == 13.45
    assert at.number_input(key="b_weekend").value == 1.0
    assert at.radio(key="b_sick_pay").value == "occupational"
    assert "supervisor or leader" in at.code[0].value
    assert metrics(at)["Workers who gain"]


def test_load_a_saved_file_again(built):
    _, saved = built
    at = builder()
    at.text_area(key="builder_paste").set_value(saved.read_text(encoding="utf-8")).run()
    clean(at)
    assert at.text_input(key="b_name").value == 'Union claim "£14 for all"'
    assert at.number_input(key="b_floor_all").value == 14.0
    assert at.selectbox(key="b_travel_kind").value == "at the worker's contact rate"


def test_a_bad_file_is_a_message_not_a_traceback():
    at = builder()
    at.text_area(key="builder_paste").set_value('name = "x"\n[pay]\ncontact_rat = 13\n').run()
    clean(at)
    text = " ".join(e.value for e in at.error)
    assert "contact_rat" in text and "did you mean 'contact_rate'" in text


def test_built_scenario_can_be_compared_on_the_union_page(built):
    at, _ = built
    clean(at.switch_page(UNION).run())
    options = at.multiselect(key="union_scenarios").options
    assert any("(yours)" in o for o in options)
    assert len(options) > 4  # six shipped and yours: no limit of four


def test_blank_terms_explain_a_cost_that_is_mileage_not_pay():
    """The blank terms (£12.71 for contact time, 45p a mile) pay no one more than the sample
    rota does, but repay more mileage: the sample's 4,813 business miles at 45p are £2,165.85
    against the £1,203.25 of mileage the rota pays, £962.60 more over the 3.0 weeks it covers,
    £962.60 / 3 × 52 = £16,685.07 a year. Mileage is an expense, not pay (rules §4; reg 10), so
    the extra pay reads £0.00 (never -£0.00 from sums that cancel) and the headline box says
    where the employer's extra cost comes from."""
    at = builder()
    m = metrics(at)
    assert m["Workers who gain"].startswith("0 of ")
    assert m["Extra pay on this rota"] == "£0.00"
    assert m["Typical gain per worker a week"] == "£0.00"
    assert m["Extra cost to the employer a year"] == "£16,685"
    captions = " ".join(c.value for c in at.caption)
    assert "includes £16,685 a year more in mileage payments" in captions

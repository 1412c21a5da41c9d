"""The commissioner page as a commissioner uses it (AppTest, no browser): every assumption is an
input with its source, the fee changes as they change, comparators carry their year, the fee at
other pay rates and both inverse questions are answered (rules §7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from payfair.costing.assumptions import RUNNING_COSTS, default_model

APP = Path(__file__).resolve().parent.parent / "app.py"
PAGE = "payfair/ui/commissioner.py"


def money(text: str) -> float:
    return float(text.replace("£", "").replace(",", ""))


@pytest.fixture()
def at() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def fee(at: AppTest) -> float:
    return money({m.label: m.value for m in at.metric}["Fee needed per contact hour"])


def test_every_assumption_is_an_input_with_its_source(at: AppTest) -> None:
    keys = {n.key for n in at.number_input}
    expected = {
        "cm_travel",
        "cm_waiting",
        "cm_miles",
        "cm_mileage_rate",
        "cm_hours",
        "cm_ni",
        "cm_holiday",
        "cm_pension",
        "cm_sick",
        "cm_training",
        "cm_surplus",
    }
    expected |= {f"cm_mix_{m}" for m in (15, 30, 45, 60)}
    expected |= {f"cm_run_{k}" for k in RUNNING_COSTS}
    assert expected <= keys
    m = default_model()
    assert at.number_input(key="cm_travel").value == m.travel_minutes_per_visit
    assert at.number_input(key="cm_mix_30").value == pytest.approx(m.visit_mix[30] * 100)
    # each has its source as help text
    assert "DHSC" in at.number_input(key="cm_travel").help
    assert "Pensions Act 2008" in at.number_input(key="cm_pension").help
    assert not at.error, [e.value for e in at.error]


def test_comparators_are_dated_and_equivalents_shown(at: AppTest) -> None:
    labels = {m.label for m in at.metric}
    assert "Published minimum price 2025-26" in labels
    captions = " ".join(c.value for c in at.caption)
    assert "no 2026-27 figure" in captions
    tables = [d.value for d in at.dataframe]
    equiv = next(t for t in tables if "pay_rate" in t.columns)
    assert len(equiv) == 4
    by_pay = equiv.sort_values("hourly_pay")
    assert by_pay["fee_per_contact_hour"].is_monotonic_increasing  # more pay, higher fee
    nlw = equiv.iloc[0]
    assert nlw["hourly_pay"] == 12.71  # National Living Wage 2026-27
    # the fee at the NLW is the fee for the minimum lawful pay terms (same assumptions)
    assert nlw["fee_per_contact_hour"] == pytest.approx(fee(at), abs=0.005)


def test_visit_mix_and_running_costs_change_the_fee(at: AppTest) -> None:
    before = fee(at)
    for m, share in ((15, 50.0), (30, 50.0), (45, 0.0), (60, 0.0)):
        at.number_input(key=f"cm_mix_{m}").set_value(share)
    at.run()
    assert not at.exception
    shorter = fee(at)
    assert shorter > before  # more short visits: more travel per contact hour
    at.number_input(key="cm_run_insurance").set_value(1.35).run()  # £1.00 more than 0.35
    # £1 more running costs per contact hour raises the fee by 1 ÷ (1 − 3% surplus) = £1.03
    assert fee(at) - shorter == pytest.approx(1 / 0.97, abs=0.006)


def test_a_visit_mix_not_adding_up_is_scaled_and_said(at: AppTest) -> None:
    at.number_input(key="cm_mix_60").set_value(0.0).run()  # 80% left
    assert any("scaled them to 100%" in w.value for w in at.warning)


def test_both_inverse_questions(at: AppTest) -> None:
    at.number_input(key="cm_fund_fee").set_value(40.0).run()
    assert any("funds at most £" in s.value for s in at.success)
    at.number_input(key="cm_fund_fee").set_value(20.0).run()
    assert any("cannot fund lawful pay" in w.value for w in at.warning)
    at.toggle(key="cm_national").set_value(True).run()
    text = " ".join(m.value for m in at.markdown)
    assert "£500,000,000 a year over 4,100,000 contact hours a week" in text
    assert "workers are paid less than that now" in text  # counted on the sample rota
    assert not at.exception


def test_inverse_questions_on_the_rota(at: AppTest) -> None:
    at.radio(key="cm_inverse_basis").set_value("this rota: its own workers and pay periods")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    text = " ".join(w.value for w in at.warning) + " ".join(s.value for s in at.success)
    assert "funds at most £" in text
    floor = " ".join(m.value for m in at.markdown)
    assert "It funds a pay floor of £" in floor and "workers are paid less" in floor
    assert at.number_input(key="cm_pay_now").disabled  # each worker's own pay now


def test_year_priced_dates_the_comparators_and_minimum_wage(at: AppTest) -> None:
    at.selectbox(key="cm_year").set_value("2025-26").run()
    assert not at.exception
    labels = {m.label for m in at.metric}
    assert "Published minimum price 2025-26" in labels
    captions = " ".join(c.value for c in at.caption)
    assert "no 2025-26 figure" not in captions  # the 2025-26 figures are current now
    equiv = next(d.value for d in at.dataframe if "pay_rate" in d.value.columns)
    assert equiv.iloc[0]["hourly_pay"] == 12.21  # National Living Wage 2025-26
    assert any("pay terms are for 2026-27" in i.value for i in at.info)


def test_the_printed_summary_shows_exactly_the_inputs(monkeypatch) -> None:
    # Keep a copy of each download the page offers (the real media store, only recorded)
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: dict[str, bytes] = {}
    real = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = real(self, path_or_data, mimetype, kind, filename)
        if isinstance(path_or_data, bytes):
            files[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.run()
    at.switch_page(PAGE).run()
    for m, share in ((15, 50.0), (30, 0.0), (45, 0.0), (60, 50.0)):
        at.number_input(key=f"cm_mix_{m}").set_value(share)
    at.number_input(key="cm_run_insurance").set_value(0.95).run()
    assert not at.exception
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("cm_summary"))
    page = files[button.proto.url.rsplit("/", 1)[1].split(".")[0]].decode("utf-8")
    fee = {m.label: m.value for m in at.metric}["Fee needed per contact hour"]
    assert f"Fee per contact hour for homecare, 2026-27: {fee}" in page
    assert "15 min 50%, 60 min 50%" in page  # the mix as typed
    assert "24.0 minutes" in page  # 0.5 × 4 + 0.5 × 1 = 2.5 visits an hour: 24 minutes
    assert "Insurance</td><td class='n'>£0.95" in page
    assert "Published minimum price 2025-26" in page and "no 2026-27 figure" in page


def test_inputs_survive_leaving_the_page_and_coming_back(at: AppTest) -> None:
    # Streamlit forgets a widget's value while its page is not shown; the page refills the
    # inputs from what was typed, so coming back neither resets them to 0 nor stops the page.
    at.number_input(key="cm_run_insurance").set_value(1.35).run()
    typed = fee(at)
    at.switch_page("payfair/ui/rota_page.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.number_input(key="cm_run_insurance").value == pytest.approx(1.35)
    assert at.number_input(key="cm_mix_60").value > 0
    assert fee(at) == pytest.approx(typed)

"""`payfair scenarios` end to end on a small rota (rules §8)."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from payfair.cli import main

ROTA = (
    "worker_id,start,end,kind,status,client_id,travel_minutes,travel_miles\n"
    "A,2026-04-07 09:00,2026-04-07 09:30,visit,completed,c1,15,3\n"
    "A,2026-04-07 09:40,2026-04-07 10:10,visit,completed,c2,10,2\n"
)


def test_scenarios_side_by_side(tmp_path, capsys):
    rota = tmp_path / "rota.csv"
    rota.write_text(ROTA)
    j, c, x = tmp_path / "s.json", tmp_path / "s.csv", tmp_path / "s.xlsx"
    code = main(
        [
            "scenarios",
            str(rota),
            "--scenario",
            "minimum_lawful_2026_27",
            "--scenario",
            "real_living_wage_2026",
            "--as-of",
            "2026-05-01",
            "--json",
            str(j),
            "--csv",
            str(c),
            "--xlsx",
            str(x),
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "Change in pay" in text and "Fee per contact hour to fund it" in text
    data = json.loads(j.read_text())
    lawful, rlw = data["scenarios"]
    # own rate £12.80 kept (above £12.71): 10 travel minutes now paid = £2.13
    assert lawful["totals"]["change"] == pytest.approx(10 / 60 * 12.80)
    # Real Living Wage £13.45 for 70 working minutes − £12.80 paid now
    assert rlw["totals"]["change"] == pytest.approx(70 / 60 * 13.45 - 12.80)
    assert len(pd.read_csv(c)) == 2
    wb = openpyxl.load_workbook(x)
    assert wb["Summary"].cell(row=2, column=3).value == "Real Living Wage 2026"


def test_scenario_new_writes_a_file_that_gives_the_same_figures(tmp_path, capsys):
    # issue 9: `payfair scenario new --from NAME --out FILE`, and --scenario takes a file path
    rota = tmp_path / "rota.csv"
    rota.write_text(ROTA)
    mine = tmp_path / "my terms.toml"
    assert main(["scenario", "new", "--from", "real_living_wage_2026", "--out", str(mine)]) == 0
    assert mine.exists()
    assert main(["scenario", "new", "--out", str(mine)]) == 2  # not replaced without --force
    assert main(["scenario", "check", str(mine)]) == 0
    j = tmp_path / "s.json"
    args = ["scenarios", str(rota), "--as-of", "2026-05-01", "--json", str(j)]
    assert main([*args, "--scenario", "real_living_wage_2026", "--scenario", str(mine)]) == 0
    shipped, copy = json.loads(j.read_text())["scenarios"]
    assert copy["name"] == "Real Living Wage 2026 (my copy)"
    for key in ("pay_scenario", "change", "employer_cost_now", "employer_cost_scenario"):
        assert copy["totals"][key] == pytest.approx(shipped["totals"][key])
    assert copy["fee_per_contact_hour"]["breakdown"] == shipped["fee_per_contact_hour"]["breakdown"]
    # the blank template is a working scenario too
    blank = tmp_path / "blank.toml"
    assert main(["scenario", "new", "--out", str(blank)]) == 0
    assert main([*args, "--scenario", str(blank)]) == 0


def test_bad_scenario_file_is_a_clear_error(tmp_path, capsys):
    rota = tmp_path / "rota.csv"
    rota.write_text(ROTA)
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[pay]\ncontact_rate = 13.0\ntravel_rat = "contact"\n')
    assert main(["scenarios", str(rota), "--scenario", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "travel_rat" in err and "did you mean 'travel_rate'" in err


def test_defaults_are_printed_beside_the_result(tmp_path, capsys):
    # issue 9: nothing falls back to a default without being printed beside the result
    rota = tmp_path / "rota.csv"
    rota.write_text(ROTA)
    mine = tmp_path / "mine.toml"
    mine.write_text('name = "mine"\n[pay]\ncontact_rate = 14.0\ntravel_rate = "contact"\n')
    assert main(["scenarios", str(rota), "--scenario", str(mine), "--as-of", "2026-05-01"]) == 0
    out = capsys.readouterr().out
    assert "Not set in the scenario file, so payfair used:" in out
    assert "assumptions.running_costs_per_contact_hour = 8.47" in out
    assert main(["price", "--scenario", str(mine)]) == 0
    assert "not set in the file, so payfair uses:" in capsys.readouterr().out

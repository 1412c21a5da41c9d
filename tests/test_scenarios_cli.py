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

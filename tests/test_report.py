"""Excel workbooks: real .xlsx written and read back with openpyxl (figures and formats)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from payfair.analysis import analyse
from payfair.costing import report
from payfair.costing.fee_rate import fee_from_assumptions
from payfair.costing.outcomes import apply_scenario, outcomes_from_periods
from payfair.costing.scenario import load_scenario
from payfair.importers import load_rota
from payfair.policy import load_policy
from tests.test_costing_fee_rate import simple_scenario
from tests.test_costing_outcomes import FLOOR, NO_EA, NOW, REPAID

ROTA = (
    "worker_id,start,end,kind,status,client_id,travel_minutes,travel_miles\n"
    "A,2026-04-07 09:00,2026-04-07 09:30,visit,completed,c1,15,3\n"
    "A,2026-04-07 09:40,2026-04-07 10:10,visit,completed,c2,10,2\n"
    "B,2026-04-07 09:00,2026-04-07 08:00,visit,completed,c3,,\n"
)


def rota():
    return load_rota(io.BytesIO(ROTA.encode()), filename="rota.csv")


def read(buf):
    return openpyxl.load_workbook(buf)


def summary_figures(ws):
    return {
        r[0]: (r[1], ws.cell(row=i, column=2).number_format)
        for i, r in enumerate(ws.iter_rows(values_only=True), start=1)
        if r and r[0]
    }


def header_index(ws):
    return {c.value: c.column for c in ws[1]}


def test_analysis_workbook_figures_formats_and_layout():
    analysis = analyse(rota(), load_policy(), as_of="2026-05-01")
    buf = report.write_analysis(analysis, io.BytesIO())
    wb = read(buf)
    assert wb.sheetnames == ["Summary", "Periods", "Rejected rows", "Warnings", "Settings"]
    s = summary_figures(wb["Summary"])
    assert s["Rows read"][0] == 3 and s["Rows rejected"][0] == 1
    assert s["Working hours"] == (pytest.approx(70 / 60), report.HOURS)
    assert s["Gross pay"] == (pytest.approx(12.80), report.MONEY)  # 60 contact min × £12.80
    ws = wb["Periods"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")
    col = header_index(ws)
    assert ws.cell(row=2, column=col["Gross pay (£)"]).value == pytest.approx(12.80)
    assert ws.cell(row=2, column=col["Gross pay (£)"]).number_format == report.MONEY
    assert ws.cell(row=2, column=col["Working hours"]).number_format == report.HOURS
    assert ws.cell(row=2, column=col["Pay period start"]).is_date
    assert ws.column_dimensions["A"].width >= 10
    rej = wb["Rejected rows"]
    assert (
        rej.max_row == 2
        and "end"
        in str(
            rej.cell(row=2, column=header_index(rej)["What is wrong and how to fix it"]).value
        ).lower()
    )
    notes = [r[2] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0] == "Note"]
    assert any("top (adult) minimum-wage band was assumed" in str(n) for n in notes)
    assert any("1 row(s) could not be used" in str(n) for n in notes)
    settings = [r[0] for r in wb["Settings"].iter_rows(min_row=2, values_only=True)]
    assert "rules.break_threshold_minutes" in settings


def test_scenarios_workbook_side_by_side():
    o = outcomes_from_periods(NOW, REPAID, FLOOR, period="weekly", settings=NO_EA)
    buf = report.write_scenarios([o], io.BytesIO())
    wb = read(buf)
    assert wb.sheetnames[:3] == ["Summary", "floor 12.21 workers", "floor 12.21 periods"]
    ws = wb["Summary"]
    rows = {r[0]: i for i, r in enumerate(ws.iter_rows(values_only=True), start=1) if r[0]}
    assert ws.cell(row=2, column=2).value == "floor 12.21"
    change = ws.cell(row=rows["Change in pay"], column=2)
    assert change.value == pytest.approx(26.52) and change.number_format == report.MONEY
    assert ws.cell(row=rows["Workers who gain"], column=2).value == 1
    pct = ws.cell(row=rows["Change in pay (%)"], column=2)
    assert (
        pct.value == pytest.approx(26.52 / 270 * 100) and pct.number_format == report.PERCENT_POINTS
    )
    periods = wb["floor 12.21 periods"]
    col = header_index(periods)
    assert periods.cell(row=2, column=col["Change in pay (£)"]).value == pytest.approx(26.52)
    assert (
        periods.cell(row=2, column=col["Change in pay (%)"]).number_format == report.PERCENT_POINTS
    )
    dist = wb["Distribution of gains"]
    assert (
        dist.cell(row=2, column=header_index(dist)["Share of workers"]).number_format
        == report.PERCENT
    )
    assert "Settings and sources" in wb.sheetnames


def test_price_workbook_breakdown_and_visit_lengths(tmp_path):
    s = simple_scenario()
    fee = fee_from_assumptions(s, current_fee=24.10, hours_per_week=1000)
    path = report.write_price([fee], tmp_path / "price.xlsx", scenarios=[s])
    wb = openpyxl.load_workbook(path)
    assert {"Summary", "Fee breakdown", "Visit lengths", "Assumptions"} <= set(wb.sheetnames)
    figures = summary_figures(wb["Summary"])
    assert figures["simple: fee per contact hour"] == (
        pytest.approx(26.7298456 / 0.95),
        report.MONEY,
    )
    assert figures["  budget impact a year"][0] == pytest.approx(
        (26.7298456 / 0.95 - 24.10) * 52000
    )
    fb = wb["Fee breakdown"]
    col = header_index(fb)
    items = [r[col["Item"] - 1] for r in fb.iter_rows(min_row=2, values_only=True)]
    assert items[0] == "Care worker pay for contact time" and items[-1] == "Fee per contact hour"
    assert fb.cell(row=2, column=col["Per contact hour (£)"]).value == pytest.approx(12.0)
    assert fb.cell(row=2, column=col["Per contact hour (£)"]).number_format == report.MONEY
    assert fb.cell(row=2, column=col["Share of the fee"]).number_format == report.PERCENT
    vl = wb["Visit lengths"]
    col = header_index(vl)
    assert [
        r[col["Visit length (minutes)"] - 1] for r in vl.iter_rows(min_row=2, values_only=True)
    ] == [
        15,
        30,
        45,
        60,
    ]
    assert vl.cell(row=3, column=col["Travel minutes per contact hour"]).value == pytest.approx(12)
    assert vl.freeze_panes == "A2"
    sources = [r for r in wb["Assumptions"].iter_rows(min_row=2, values_only=True)]
    assert all(len(r) == 3 for r in sources)


def test_scenarios_workbook_from_the_engine_with_rejected_rows():
    o = apply_scenario(
        rota(), load_scenario("minimum_lawful_2026_27"), load_policy(), as_of="2026-05-01"
    )
    wb = read(report.write_scenarios([o], io.BytesIO()))
    assert wb["Rejected rows"].max_row == 2  # the row whose end is before its start


def test_payfair_analyse_xlsx(tmp_path):
    from payfair.cli import main

    path = tmp_path / "rota.csv"
    path.write_text(ROTA)
    out = tmp_path / "analyse.xlsx"
    assert main(["analyse", str(path), "--as-of", "2026-05-01", "--xlsx", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    figures = summary_figures(wb["Summary"])
    assert figures["Rows rejected"][0] == 1
    assert figures["Gross pay"] == (pytest.approx(12.80), report.MONEY)

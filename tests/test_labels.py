"""Plain-English downloads (issue 10 item 4): headers people read, money to the penny, hours to
two decimals and h:mm, flags and bands in words, no None/False/NaN shown, large sums short,
sheet names that say which scenario they hold. JSON keeps machine names."""

from __future__ import annotations

import csv
import io
import math

import openpyxl
import pandas as pd
import pytest

from payfair import labels
from payfair.analysis import analyse, to_json
from payfair.costing import report
from payfair.costing.outcomes import outcomes_from_periods
from payfair.importers import load_rota
from payfair.policy import load_policy
from payfair.schema import PERIOD_COLUMNS
from payfair.ui import reports
from tests.test_costing_outcomes import FLOOR, NO_EA, NOW, REPAID

ROTA = (
    "worker_id,start,end,kind,status,client_id,travel_minutes,travel_miles\n"
    "A,2026-04-07 09:00,2026-04-07 09:30,visit,completed,c1,15,3\n"
    "A,2026-04-07 09:40,2026-04-07 10:10,visit,completed,c2,10,2\n"
    "B,2026-04-07 09:00,2026-04-07 08:00,visit,completed,c3,,\n"
)
SHOWN_NEVER = ("None", "False", "True", "nan", "NaN", "NaT", "<NA>", "inf", "{}", "[]")


@pytest.fixture(scope="module")
def analysis():
    rota = load_rota(io.BytesIO(ROTA.encode()), filename="rota.csv")
    return analyse(rota, load_policy(), as_of="2026-05-01")


def test_formatting():
    assert labels.money(1234.5) == "£1,234.50"
    assert labels.money(-3.2) == "-£3.20"
    assert labels.money(0.004) == "£0.00" and labels.money(-0.001) == "£0.00"
    assert (
        labels.money(None) == "" and labels.money(math.nan) == "" and labels.money(math.inf) == ""
    )
    assert labels.money_short(5_268_585) == "£5.27m"
    assert labels.money_short(52_686.4) == "£52,686"
    assert labels.money_short(98.81) == "£98.81"
    assert labels.hours(37.983333) == "37.98"
    assert labels.hm(37.983333) == "37:59"  # 0.983333 h × 60 = 59 min
    assert labels.hm(0.25) == "0:15" and labels.hm(None) == ""
    assert labels.hours_and_hm(9.166667) == "9.17 h (9:10)"
    assert labels.day("2026-03-23", weekday=True) == "Monday 23 March 2026"
    series = labels.hm_series(pd.Series([1.5, None, 10 / 60]))
    assert series.tolist() == ["1:30", "", "0:10"]


def test_words_for_flags_bands_and_headers():
    assert labels.band_words("21+") == "National Living Wage, aged 21 and over"
    assert labels.band_words("18-20") == "National Minimum Wage, aged 18 to 20"
    assert labels.band_words("apprentice") == "apprentice rate"
    assert labels.flags_text("no_date_of_birth;overlap") == (
        "no date of birth: the top minimum-wage band is assumed; "
        "visits overlap (the shared time is counted once)"
    )
    assert labels.flags_text("") == "" and labels.flags_text(None) == ""
    for name in PERIOD_COLUMNS:  # every period column has a plain-English header
        assert name in labels.COLUMN_LABELS and "_" not in labels.header(name)
    assert labels.header("true_hourly_rate") == "True hourly rate (£)"
    assert labels.header("working_hours") == "Working hours"
    assert labels.header("some_new_cost") == "Some new cost (£)"  # fallback


def test_periods_csv_reads_as_people_read(analysis):
    data = reports.periods_csv(analysis, reports.Privacy())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    head, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert head[:3] == ["Worker", "Pay period start", "Pay period end"]
    assert "True hourly rate (£)" in head and "Working hours (h:mm)" in head
    # A: 60 contact min + 10 travel (15 min journey fits in the 10 min gap: travel 10, rules
    # §3.2) → working 70 min = 1.17 h = 1:10; gross 60/60 × £12.80 = £12.80.
    assert first["Working hours"] == "1.17" and first["Working hours (h:mm)"] == "1:10"
    assert first["Gross pay (£)"] == "12.8"
    assert first["True hourly rate (£)"] == "10.97"  # 12.80 ÷ 70/60 = 10.971
    assert first["Below the minimum wage"] == "yes"
    assert first["Minimum-wage band"] == "National Living Wage, aged 21 and over"
    assert "no date of birth" in first["Checks"]
    assert first["Pay period start"] == "2026-04-06"
    for row in rows:
        for cell in row:
            assert cell not in SHOWN_NEVER


def test_json_keeps_machine_names(analysis):
    period = to_json(analysis)["periods"][0]
    assert "true_hourly_rate" in period and "flags" in period and "Worker" not in period


def test_analysis_workbook_speaks_plainly(analysis):
    wb = openpyxl.load_workbook(io.BytesIO(report.write_analysis(analysis)))
    ws = wb["Periods"]
    head = [c.value for c in ws[1]]
    assert "_" not in "".join(head)
    row = dict(zip(head, [c for c in ws[2]], strict=True))
    assert row["Gross pay (£)"].value == 12.8 and row["Gross pay (£)"].number_format == report.MONEY
    assert row["True hourly rate (£)"].value == 10.97
    assert row["Working hours (h:mm)"].value == "1:10"
    assert row["Below the minimum wage"].value == "yes"
    for ws in wb.worksheets:
        for r in ws.iter_rows(values_only=True):
            assert not any(str(v) in SHOWN_NEVER for v in r if v is not None)


def test_scenario_sheets_say_which_scenario_and_large_sums_lose_pence():
    o = outcomes_from_periods(NOW, REPAID, FLOOR, period="weekly", settings=NO_EA)
    wb = openpyxl.load_workbook(io.BytesIO(report.write_scenarios([o])))
    assert wb.sheetnames[1:3] == ["floor 12.21 workers", "floor 12.21 periods"]
    title = report.scenario_sheet_title("Unison Ethical Care Charter with full sick pay", "workers")
    assert len(title) <= 31 and title.endswith("… workers")
    assert report.money_format(5_268_585.37) == report.MONEY_LARGE == '"£"#,##0'
    assert report.money_format(98.81) == report.MONEY


def test_people_table_has_no_missing_markers():
    frame = pd.DataFrame(
        {
            "worker_id": ["A", None],
            "shortfall": [1.23456, math.nan],
            "below_nmw": [True, False],
            "flags": ["overlap", None],
            "value": [0.25, None],
        }
    )
    out = labels.for_csv(frame)
    assert out.columns.tolist() == [
        "Worker",
        "Shortfall (£)",
        "Below the minimum wage",
        "Checks",
        "Value",
    ]
    assert out["Shortfall (£)"].iloc[0] == 1.23 and pd.isna(out["Shortfall (£)"].iloc[1])
    assert out["Below the minimum wage"].tolist() == ["yes", "no"]
    assert out["Worker"].tolist() == ["A", ""] and out["Value"].iloc[0] == 0.25
    text = io.StringIO()
    out.to_csv(text, index=False)
    assert not any(m in text.getvalue() for m in ("None", "False", "nan", "<NA>"))


def test_app_headline_money_keeps_pence_below_ten_thousand():
    """The app's headline figures (ui.tables) use the downloads' formatter, but keep pence
    below £10,000: arrears of £5,337.614 are owed as £5,337.61, not £5,338; from £10,000 whole
    pounds (£16,685.07 → £16,685) and millions (£2,500,000 → £2.50m); never -£0.00."""
    from payfair.ui import tables

    assert tables.money_short(5337.614) == "£5,337.61"
    assert tables.money_short(-9999.994) == "-£9,999.99"
    assert tables.money_short(16685.07) == "£16,685"
    assert tables.money_short(2_500_000) == "£2.50m"
    assert tables.money_short(-1e-12) == tables.money(-1e-12) == "£0.00"
    assert tables.money_short(None) == "–"

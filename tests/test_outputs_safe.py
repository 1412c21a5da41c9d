"""Safe outputs (issue 12 item 2): no cell of any CSV or Excel file payfair writes can run as a
formula, control characters never crash a writer, and JSON is strict (no NaN or Infinity).

Hostile worker and client ids go in through the real importer and come out through the real
writers (CLI analyse, the Excel workbooks, the app's download builders); the files are read back
with openpyxl, the csv module and a strict JSON parser."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pandas as pd
import pytest

from payfair.analysis import analyse, to_json
from payfair.cli import main
from payfair.costing import report
from payfair.costing.fee_rate import fee_from_rota
from payfair.costing.outcomes import apply_scenario
from payfair.costing.scenario import load_scenario
from payfair.errors import rejections_frame
from payfair.importers import load_rota
from payfair.policy import load_policy
from payfair.safe_output import safe_series
from payfair.ui import reports

HOSTILE_IDS = (
    '=HYPERLINK("x")',
    "=cmd|' /C calc'!A0",
    "\t=1+2",
    "+cmd",
    "-1+1",
    "@SUM(A1)",
    "nul\x00id",
    "vt\x0bid",
    "esc\x1bid",
    " =1+1",
    "\r=2",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def hostile_csv() -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(
        ["worker_id", "start", "end", "kind", "status", "client_id", "travel_minutes", "pay"]
    )
    for i, wid in enumerate(HOSTILE_IDS):
        day = f"2026-06-0{1 + i % 7}"
        client = "=1+1" if i % 2 else "@c"
        pay = "1e308" if i == 0 else ""  # two events of 1e308 sum to infinity
        w.writerow([wid, f"{day} 09:00", f"{day} 10:00", "visit", "completed", client, 10, pay])
        w.writerow([wid, f"{day} 10:30", f"{day} 11:00", "visit", "completed", "-2+3", 10, pay])
    w.writerow(["=bad", "not a date", "2026-06-01 10:00", "visit", "completed", "", "", ""])
    return buf.getvalue().encode("utf-8")


def _risky(text: str) -> bool:
    return text.lstrip(" \u00a0")[:1] in FORMULA_START


def assert_xlsx_safe(data) -> int:
    """No formula cell, no text cell that starts like a formula; returns the cells checked."""
    wb = openpyxl.load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    checked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                checked += 1
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert not _risky(c.value), (ws.title, c.coordinate, c.value)
                    assert "\x00" not in c.value and "\x1b" not in c.value
    return checked


def assert_csv_safe(data: bytes) -> list[list[str]]:
    """Every cell that starts like a formula is escaped (or is a plain number such as -3.5)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    for row in rows:
        for cell in row:
            if _risky(cell):
                float(cell)  # only a number may start with - or +
    return rows


def strict_json(text: str):
    def refuse(constant):
        raise ValueError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def hostile():
    rota = load_rota(io.BytesIO(hostile_csv()), filename="rota.csv")
    return rota, analyse(rota, load_policy(), as_of="2026-07-01")


def test_cli_analyse_outputs_are_safe(tmp_path, capsys):
    rota = tmp_path / "rota.csv"
    rota.write_bytes(hostile_csv())
    out = {ext: tmp_path / f"out.{ext}" for ext in ("json", "csv", "xlsx")}
    code = main(
        ["analyse", str(rota), "--as-of", "2026-07-01"]
        + [a for ext, p in out.items() for a in (f"--{ext}", str(p))]
    )
    assert code == 0
    capsys.readouterr()
    data = strict_json(out["json"].read_text(encoding="utf-8"))
    assert "Infinity" not in out["json"].read_text(encoding="utf-8")
    # The 1e308 worker: gross pay overflows to infinity, written as null (strict JSON).
    worst = [p for p in data["periods"] if p["worker_id"] == '=HYPERLINK("x")']
    assert worst and worst[0]["gross_pay"] is None
    rows = assert_csv_safe(out["csv"].read_bytes())
    workers = {r[0] for r in rows[1:]}
    assert '\'=HYPERLINK("x")' in workers and "'@SUM(A1)" in workers and "'-1+1" in workers
    assert "nul\ufffdid" in workers and "esc\ufffdid" in workers  # replaced visibly
    assert assert_xlsx_safe(out["xlsx"].read_bytes()) > 100


def test_to_json_is_strict(hostile):
    _, analysis = hostile
    text = json.dumps(to_json(analysis), allow_nan=False)  # raises on NaN or Infinity
    strict_json(text)


def test_analysis_workbook_neutralises_rejected_headers_and_file_names(hostile):
    _, analysis = hostile
    analysis.rejected = pd.concat(
        [
            analysis.rejected,
            rejections_frame(
                [7], "=1+1 is not a time", file="=evil.csv", sheet="@S", column="=SUM(A1)"
            ),
        ],
        ignore_index=True,
    )
    data = report.write_analysis(analysis)
    assert assert_xlsx_safe(data)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    values = {c.value for row in wb["Rejected rows"].iter_rows() for c in row}
    assert {"'=evil.csv", "'@S", "'=SUM(A1)", "'=1+1 is not a time"} <= values


def test_scenario_and_price_workbooks_are_safe(hostile):
    rota, _ = hostile
    scenario = load_scenario("minimum_lawful_2026_27")
    o = apply_scenario(rota, scenario, load_policy(), as_of="2026-07-01")
    assert_xlsx_safe(report.write_scenarios([o]))
    fee = fee_from_rota(o.repaid.periods, scenario, period="weekly", timeline=o.repaid.timeline)
    assert_xlsx_safe(report.write_price([fee], scenarios=[scenario]))


def test_app_downloads_are_safe(hostile):
    _, analysis = hostile
    for data in (reports.events_csv(analysis, reports.Privacy()), reports.periods_csv(analysis)):
        assert_csv_safe(data)
    assert_xlsx_safe(reports.analysis_xlsx(analysis, reports.Privacy()))


def test_control_characters_do_not_crash_the_excel_writer(hostile):
    """Before: NUL/VT/ESC in an id crashed openpyxl (IllegalCharacterError) half-way through."""
    _, analysis = hostile
    ids = set(analysis.periods["worker_id"])
    assert {"nul\x00id", "esc\x1bid"} <= ids  # the importer kept them (VT became a space)
    wb = openpyxl.load_workbook(io.BytesIO(report.write_analysis(analysis)))
    shown = {r[0] for r in wb["Periods"].iter_rows(min_row=2, values_only=True)}
    assert {"nul\ufffdid", "esc\ufffdid"} <= shown


def test_an_all_missing_text_column_is_written():
    """A CSV's `sheet` column is all missing: the safe writer must not trip over it."""
    s = pd.Series([None, None], dtype="string")
    assert safe_series(s).isna().all()

"""The payroll top-up file (issue 10 item 3): one row per worker and pay period below the minimum
wage; figures equal the analysis's; the layout is the documented one (docs/topup.md)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from payfair.analysis import analyse
from payfair.cli import main
from payfair.importers import load_rota, load_workers
from payfair.policy import load_policy
from payfair.topup import TOPUP_COLUMNS, topup_csv, topup_table, topup_xlsx, totals
from payfair.ui import reports
from tests.test_explain import HAND_ROTA, HAND_WORKERS

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "rota_samples"


@pytest.fixture(scope="module")
def sample():
    rota = load_rota(SAMPLES / "canonical_branch.csv")
    workers, _ = load_workers(SAMPLES / "canonical_branch_workers.csv")
    return analyse(rota, load_policy(), workers=workers, as_of="2026-11-23")


@pytest.fixture(scope="module")
def hand():
    rota = load_rota(io.BytesIO(HAND_ROTA.encode()), filename="rota.csv")
    workers, _ = load_workers(io.BytesIO(HAND_WORKERS.encode()), filename="workers.csv")
    return analyse(rota, load_policy(), workers=workers, as_of="2026-06-30")


def test_hand_worked_top_up(hand):
    """tests/test_explain.py's week (rules §2-5): working 5.00 h, pay that counts £57.60, rate
    on 2 June 2025 £12.21: top-up 12.21 × 5 − 57.60 = £3.45; arrears on 30 June 2026 at £12.71:
    3.45 ÷ 12.21 × 12.71 = 3.5913, rounded up in the worker's favour → £3.60, so the uplift is
    3.60 − 3.45 = £0.15."""
    rows = list(csv.DictReader(io.StringIO(topup_csv(hand).decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == list(TOPUP_COLUMNS)
    assert row["Worker"] == "Ann"
    assert row["Pay period start"] == "2025-06-02" and row["Pay period end"] == "2025-06-08"
    assert row["Hours counted"] == "5.00"
    assert row["Top-up (£)"] == "3.45"
    assert row["Arrears uplift (£)"] == "0.15"
    assert row["Total to pay (£)"] == "3.60"
    assert "True hourly rate £11.52" in row["Reason"] and "£12.21 an hour" in row["Reason"]
    assert "National Minimum Wage Act 1998 s17" in row["Reason"]


def test_sample_figures_equal_the_analysis(sample):
    p = sample.periods
    below = p[p["below_nmw"]].sort_values(["worker_id", "period_start"])
    table = topup_table(sample)
    assert len(table) == len(below) > 0
    assert table["Worker"].tolist() == below["worker_id"].tolist()
    assert table["Top-up (£)"].tolist() == pytest.approx(below["shortfall"].tolist())
    assert table["Total to pay (£)"].tolist() == pytest.approx(below["arrears"].tolist())
    uplift = (below["arrears"] - below["shortfall"]).round(2).tolist()
    assert table["Arrears uplift (£)"].tolist() == pytest.approx(uplift)
    assert table["Hours counted"].tolist() == pytest.approx(below["working_hours"].round(2))
    # Each row adds up: top-up + uplift = total to pay.
    assert (table["Top-up (£)"] + table["Arrears uplift (£)"]).round(2).tolist() == pytest.approx(
        table["Total to pay (£)"].tolist()
    )
    t = totals(sample)
    assert t["top_up"] == pytest.approx(below["shortfall"].sum())
    assert t["total"] == pytest.approx(below["arrears"].sum())
    # The README's worked example: Amira Khan's first week, £94.93 + £3.89 = £98.82 (amounts
    # rounded up to the penny in the worker's favour: tests/test_explain.py).
    first = table.iloc[0]
    assert first["Worker"] == "Amira Khan" and first["Top-up (£)"] == 94.93
    assert first["Arrears uplift (£)"] == 3.89 and first["Total to pay (£)"] == 98.82


def test_excel_layout(sample):
    wb = openpyxl.load_workbook(io.BytesIO(topup_xlsx(sample)))
    assert wb.sheetnames == ["Summary", "Top-ups"]
    ws = wb["Top-ups"]
    assert [c.value for c in ws[1]] == list(TOPUP_COLUMNS)
    assert ws.cell(row=2, column=2).is_date
    assert ws.cell(row=2, column=5).number_format == '"£"#,##0.00'
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Total to pay"] == pytest.approx(totals(sample)["total"])


def test_pseudonymised_download_has_no_names(sample):
    privacy = reports.Privacy.for_events("a key", sample.timeline)
    data = reports.topup_csv(sample, privacy).decode("utf-8-sig")
    assert "Amira Khan" not in data and "W-" in data
    wb = openpyxl.load_workbook(io.BytesIO(reports.topup_xlsx(sample, privacy)))
    cells = [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v]
    assert not any("Amira" in c for c in cells) and any(c.startswith("W-") for c in cells)


def test_topup_command(tmp_path, capsys):
    rota = tmp_path / "rota.csv"
    rota.write_text(HAND_ROTA, encoding="utf-8")
    out = tmp_path / "topup.xlsx"
    assert main(["topup", str(rota), "--as-of", "2026-06-30", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "top-up £3.45" in printed and "total to pay £3.60" in printed
    assert "no date of birth" in printed  # no --workers: the top band was assumed, and said
    assert openpyxl.load_workbook(out).sheetnames == ["Summary", "Top-ups"]
    assert main(["topup", str(rota), "--out", str(tmp_path / "t.txt")]) == 2
    assert "must end in .csv or .xlsx" in capsys.readouterr().err


def test_docs_describe_every_column():
    text = (ROOT / "docs" / "topup.md").read_text(encoding="utf-8")
    for column in TOPUP_COLUMNS:
        assert f"`{column}`" in text

"""`payfair analyse` (the issue's CLI): figures in the JSON, the summary, clear errors, --strict."""

from __future__ import annotations

import json

import pytest

from payfair.cli import main

ROTA = """worker_id,start,end,kind,status,travel_minutes,travel_miles
Ann,2026-06-01 09:00,2026-06-01 10:00,visit,completed,,
Ann,2026-06-01 10:15,2026-06-01 11:15,visit,completed,10,4
Ann,2026-06-08 09:00,2026-06-08 10:00,visit,cancelled,,
Bob,2026-06-02 09:00,2026-06-02 19:00,office,completed,,
"""
WORKERS = """worker_id,date_of_birth,apprentice,apprenticeship_start,role,contact_rate
Ann,1990-01-01,no,,care or support worker,
Bob,2008-01-01,no,,care or support worker,10.00
"""


@pytest.fixture
def files(tmp_path):
    rota = tmp_path / "rota.csv"
    rota.write_text(ROTA, encoding="utf-8")
    workers = tmp_path / "workers.csv"
    workers.write_text(WORKERS, encoding="utf-8")
    return tmp_path, rota, workers


def test_analyse_json_figures(files, capsys):
    tmp, rota, workers = files
    out_json, out_csv = tmp / "out.json", tmp / "out.csv"
    code = main(
        [
            "analyse",
            str(rota),
            "--workers",
            str(workers),
            "--as-of",
            "2026-11-01",
            "--json",
            str(out_json),
            "--csv",
            str(out_csv),
        ]
    )
    assert code == 0  # below the NMW is a finding, not an error
    data = json.loads(out_json.read_text(encoding="utf-8"))
    # Rows: 4 read; Ann's cancelled unpaid visit (CSV line 4) rejected; 3 used.
    assert data["rows"]["read"] == 4 and data["rows"]["used"] == 3
    assert [r["row"] for r in data["rows"]["rejected"]] == [4]
    assert data["rows"]["rejected"][0]["column"] == "status"
    by = {p["worker_id"]: p for p in data["periods"]}
    ann, bob = by["Ann"], by["Bob"]
    # Ann (default policy £12.80 contact, travel and waiting unpaid, mileage £0.25/mile):
    # contact 2 h, travel 10 min, waiting 5 min (15-min gap − 10 travel) → working 2.25 h;
    # gross 2 × 12.80 = 25.60; 2.25 × 12.71 = 28.5975 − 25.60 = 2.9975 → shortfall £3.00.
    assert ann["period_start"] == "2026-06-01" and ann["period_end"] == "2026-06-07"
    assert ann["contact_hours"] == pytest.approx(2.0)
    assert ann["travel_hours"] == pytest.approx(10 / 60)
    assert ann["waiting_hours"] == pytest.approx(5 / 60)
    assert ann["working_hours"] == pytest.approx(2.25)
    assert ann["paid_hours"] == pytest.approx(2.0)
    assert ann["gross_pay"] == pytest.approx(25.60)
    assert ann["mileage_pay"] == pytest.approx(1.00)  # 4 business miles × £0.25, an expense
    assert ann["nmw_pay"] == pytest.approx(25.60)
    assert ann["nmw_rate"] == 12.71
    assert ann["true_hourly_rate"] == pytest.approx(25.60 / 2.25)
    assert ann["shortfall"] == pytest.approx(3.00)
    assert ann["arrears"] == pytest.approx(3.00)
    # The rota's events run 1-2 June: the week to 7 June is only partly covered; no pay
    # column: pay from the policy (both shown, never assumed in silence).
    assert ann["flags"] == "partial_period;pay_from_policy"
    # Bob: 18 on 2026-06-01 → 18-20 band £10.85; own rate £10.00 for 10 h office time = £100.00;
    # 10 × 10.85 = 108.50 − 100 = 8.50.
    assert bob["other_hours"] == pytest.approx(10.0)
    assert bob["nmw_rate"] == 10.85 and bob["shortfall"] == pytest.approx(8.50)
    assert data["settings"]["period"] == "weekly" and data["settings"]["as_of"] == "2026-11-01"
    header = out_csv.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Worker,Pay period start,Pay period end")  # people's headers
    printed = capsys.readouterr().out
    assert "Rows: 4 read, 3 used, 1 rejected" in printed
    assert "Below the National Minimum Wage: 2 of 2 worker-periods" in printed
    assert "Total shortfall: £11.50" in printed  # 3.00 + 8.50
    assert "Haringey" in printed  # settings shown with their source


def test_options_change_the_analysis(files):
    tmp, rota, workers = files
    out = tmp / "o.json"
    code = main(
        [
            "analyse",
            str(rota),
            "--period",
            "monthly",
            "--break-threshold",
            "2",
            "--as-of",
            "2026-11-01",
            "--json",
            str(out),
        ]
    )
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    ann = {p["worker_id"]: p for p in data["periods"]}["Ann"]
    # Monthly: June 2026. Threshold 2 min: the 5-min idle is a break → no travel, no waiting.
    assert ann["period_start"] == "2026-06-01" and ann["period_end"] == "2026-06-30"
    assert ann["working_hours"] == pytest.approx(2.0)
    assert data["settings"]["rules"]["break_threshold_minutes"]["value"] == 2.0
    assert "no_date_of_birth" in ann["flags"]  # no --workers: top band assumed


def test_strict_exits_1_when_rows_rejected(files, capsys):
    _, rota, _ = files
    assert main(["analyse", str(rota), "--strict", "--as-of", "2026-11-01"]) == 1
    assert "--strict" in capsys.readouterr().err


def test_missing_column_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("worker_id,start\nAnn,2026-06-01 09:00\n", encoding="utf-8")
    assert main(["analyse", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "end" in err


def test_missing_file_is_a_clear_error(tmp_path, capsys):
    assert main(["analyse", str(tmp_path / "nope.csv")]) == 2
    assert "not found" in capsys.readouterr().err


def test_bad_date_option(files, capsys):
    _, rota, _ = files
    with pytest.raises(SystemExit) as exc:
        main(["analyse", str(rota), "--as-of", "1/6/2026"])
    assert exc.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_bad_row_named_in_summary(tmp_path, capsys):
    rota = tmp_path / "r.csv"
    rota.write_text(
        "worker_id,start,end\n"
        "Ann,2026-06-01 09:00,2026-06-01 10:00\n"
        "Ann,tomorrow,2026-06-01 12:00\n",
        encoding="utf-8",
    )
    assert main(["analyse", str(rota), "--as-of", "2026-11-01"]) == 0
    out = capsys.readouterr().out
    assert "r.csv row 3 column start" in out


def test_help_explains_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["analyse", "--help"])
    text = capsys.readouterr().out
    for option in (
        "--workers",
        "--policy",
        "--period",
        "--period-anchor",
        "--break-threshold",
        "--as-of",
        "--json",
        "--csv",
        "--strict",
    ):
        assert option in text
    assert "minimum wage" in text


def test_unknown_layout_then_mapping_file(tmp_path, capsys):
    """Issue 3: an unknown layout gets an error listing the headers found and what is missing;
    a mapping file passed to `analyse --mapping` then makes it work."""
    rota = tmp_path / "odd.csv"
    rota.write_text(
        "Who,Day,Began,Finished,Drive\n"
        "Ann,06/04/2026,09:00,09:30,\n"
        "Ann,06/04/2026,09:45,10:15,15\n",
        encoding="utf-8",
    )
    assert main(["analyse", str(rota)]) == 2
    err = capsys.readouterr().err
    assert "'Who'" in err and "Missing: worker_id" in err and "--mapping" in err

    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[columns]\nworker_id = "Who"\ndate = "Day"\nstart = "Began"\nend = "Finished"\n'
        'travel_minutes = "Drive"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    assert main(["analyse", str(rota), "--mapping", str(mapping), "--json", str(out)]) == 0
    (period,) = json.loads(out.read_text(encoding="utf-8"))["periods"]
    # Two 30-min visits (1 h contact); the 15-min gap is all travel (15 min) → working 1.25 h.
    # Default policy pays contact only: 1 × £12.80. Week of Mon 6 April 2026: NLW £12.71.
    # Shortfall 12.71 × 1.25 − 12.80 = 15.8875 − 12.80 = 3.0875 → £3.09 (rules §5).
    assert period["working_hours"] == pytest.approx(1.25)
    assert period["travel_hours"] == pytest.approx(0.25)
    assert period["shortfall"] == pytest.approx(3.09)

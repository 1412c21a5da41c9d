"""`payfair price` end to end (rules §7)."""

from __future__ import annotations

import json
import re

import openpyxl
import pytest

from payfair.cli import build_parser, main


def test_price_from_assumptions_with_budget(tmp_path, capsys):
    out = tmp_path / "price.json"
    xlsx = tmp_path / "price.xlsx"
    code = main(
        [
            "price",
            "--scenario",
            "homecare_association_2025_26",
            "--current-fee",
            "24.10",
            "--hours-per-week",
            "1000",
            "--json",
            str(out),
            "--xlsx",
            str(xlsx),
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "£30.85 per contact hour" in text and "By visit length" in text
    data = json.loads(out.read_text())
    fee = data["fees"][0]
    assert fee["fee_per_contact_hour"] == pytest.approx(30.85)
    # (fee − 24.10) × 1000 × 52
    assert fee["budget"]["per_year"] == pytest.approx((fee["budget"]["fee_needed"] - 24.10) * 52000)
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[0] == "Summary"


def test_price_help_is_plain_english():
    text = build_parser()._subparsers._group_actions[0].choices["price"].format_help()
    assert "per contact hour" in text and "--current-fee" in text


def test_unknown_scenario_is_a_clear_error(capsys):
    assert main(["price", "--scenario", "nope"]) == 2
    assert "scenario file not found" in capsys.readouterr().err


# ------------------------------------------------ open costing model, inverse questions, summary


def test_price_with_assumptions_file_and_summary(tmp_path, capsys):
    mine = tmp_path / "mine.toml"
    mine.write_text(
        '[visit_mix]\n"15" = 0.5\n"60" = 0.5\n[running_costs]\ninsurance = 0.95\n'
        '[sources]\n"running_costs" = "our broker\'s <b>quote</b> & renewal (rules §7)"\n',
        encoding="utf-8",
    )
    page = tmp_path / "summary.html"
    code = main(
        [
            "price",
            "--scenario",
            "minimum_lawful_2026_27",
            "--assumptions",
            str(mine),
            "--current-fee",
            "24.10",
            "--summary",
            str(page),
            "--json",
            str(tmp_path / "p.json"),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "from the costing assumptions" in out and "Insurance" in out
    assert "What pay does your current fee fund?" in out
    assert "Published minimum price 2025-26: £32.14. This is the 2025-26 figure" in out
    html = page.read_text(encoding="utf-8")
    # exactly the inputs given: 15 min 50%, 60 min 50% → blended 24.0-minute visit; insurance
    assert "15 min 50%, 60 min 50%" in html and "24.0 minutes" in html
    assert "£0.95" in html
    assert "our broker&#x27;s &lt;b&gt;quote&lt;/b&gt; &amp; renewal" in html  # escaped
    assert "<b>" not in html
    body = re.sub(r"<[^>]+>", " ", html.split("</style>")[1])
    for code_name in ("docs/rules.md", "rates/", "rules §", "running_costs", "visit_mix"):
        assert code_name not in body, code_name
    data = json.loads((tmp_path / "p.json").read_text())
    assert data["costing_model"]["pay_the_current_fee_funds"]["fee"] == 24.10
    assert [r["pay_rate"] for r in data["costing_model"]["equivalents"]][0] == (
        "National Living Wage"
    )


def test_fund_fee_and_budget(capsys):
    assert main(["fund", "--fee", "24.10"]) == 0
    out = capsys.readouterr().out
    assert "What pay does this fee fund?" in out and "cannot fund lawful pay" in out
    assert main(["fund", "--national"]) == 0
    out = capsys.readouterr().out
    assert "£500,000,000 a year over 4,100,000 contact hours a week" in out
    assert main(["fund", "--budget", "1000000", "--hours", "5000"]) == 0
    assert "It funds a pay floor of £" in capsys.readouterr().out


def test_fund_budget_needs_hours(capsys):
    assert main(["fund", "--budget", "1000000"]) == 2
    assert "--hours" in capsys.readouterr().err


def test_fund_bad_assumptions_file_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[travel]\nmile_per_visit = 2\n", encoding="utf-8")
    assert main(["fund", "--fee", "30", "--assumptions", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "did you mean 'miles_per_visit'" in err


def test_price_workbook_shows_the_costing_model_answers(tmp_path):
    xlsx = tmp_path / "p.xlsx"
    argv = ["price", "--scenario", "minimum_lawful_2026_27", "--assumptions"]
    assert main([*argv, "--current-fee", "24.10", "--xlsx", str(xlsx)]) == 0
    ws = openpyxl.load_workbook(xlsx)["Summary"]
    text = " ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "(costing assumptions 2026-27): fee per contact hour" in text
    assert "Fee at the Real Living Wage (UK) (£13.45 an hour, 2025-26)" in text
    assert "A fee of £24.10 per contact hour funds at most £" in text
    assert "Published minimum price 2025-26: £32.14" in text


def test_price_with_a_current_fee_says_what_it_funds(capsys):
    argv = ["price", "--scenario", "minimum_lawful_2026_27", "--current-fee", "24.10"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "What pay does your current fee fund?" in out
    assert "A fee of £24.10 per contact hour funds at most £" in out


def test_fund_on_a_rota_counts_who_gains(capsys):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "rota_samples"
    rota, workers = root / "canonical_branch.csv", root / "canonical_branch_workers.csv"
    argv = ["fund", "--budget", "1000000", "--hours", "10000", "--rota", str(rota)]
    assert main([*argv, "--workers", str(workers)]) == 0
    out = capsys.readouterr().out
    assert "Priced on the rota itself" in out
    assert re.search(r"On this rota \d+ of \d+ workers are paid less than that now", out)


def test_assumptions_changed_on_the_command_line(capsys):
    # 15-minute share raised to 25%, 30-minute cut to 35%: 0.25 × 4 + 0.35 × 2 + 0.2 × 4/3 +
    # 0.2 × 1 = 2.1667 visits per contact hour, a blended visit of 27.7 minutes
    argv = ["price", "--scenario", "minimum_lawful_2026_27", "--set", "visit_mix.15=0.25"]
    assert main([*argv, "--set", "visit_mix.30=0.35", "--set", "travel.miles_per_visit=3"]) == 0
    out = capsys.readouterr().out
    assert "Changed on the command line: visit_mix.15=0.25" in out
    assert "a blended visit of 27.7 minutes" in out and "3.00 miles a visit" in out
    assert main([*argv]) == 2  # 0.25 + 0.55 + 0.2 + 0.2 = 1.2: not a mix
    assert "adds up to 1.2" in capsys.readouterr().err

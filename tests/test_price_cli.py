"""`payfair price` end to end (rules §7)."""

from __future__ import annotations

import json

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

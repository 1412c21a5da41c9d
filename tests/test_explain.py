"""The "why" for one worker and pay period (payfair.explain): its figures are the analysis's own,
its arithmetic is redone by hand here, and each gap is classed by the rule that classes it."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from payfair.analysis import analyse
from payfair.cli import main
from payfair.explain import GAP_COLUMNS, NotInAnalysis, explain_period
from payfair.importers import load_rota, load_workers
from payfair.policy import load_policy
from payfair.schema import PERIOD_COLUMNS

SAMPLES = Path(__file__).resolve().parent.parent / "rota_samples"

# One worker, the week of Monday 2 June 2025 (weekly periods anchored on Monday 2024-01-01).
HAND_ROTA = """worker_id,start,end,kind,status,client_id,travel_minutes,travel_miles
Ann,2025-06-02 09:00,2025-06-02 10:00,visit,completed,c1,10,
Ann,2025-06-02 10:20,2025-06-02 11:20,visit,completed,c2,15,
Ann,2025-06-02 11:30,2025-06-02 12:00,visit,completed,c3,,
Ann,2025-06-02 14:00,2025-06-02 15:00,visit,completed,c4,5,
Ann,2025-06-02 15:00,2025-06-02 16:00,training,completed,,,
"""
HAND_WORKERS = """worker_id,date_of_birth,apprentice,apprenticeship_start,role,contact_rate
Ann,1990-01-01,no,,care or support worker,
"""


def _read(text: str, name: str):
    return load_rota(io.BytesIO(text.encode()), filename=name)


@pytest.fixture(scope="module")
def hand():
    workers, _ = load_workers(io.BytesIO(HAND_WORKERS.encode()), filename="workers.csv")
    return analyse(_read(HAND_ROTA, "rota.csv"), load_policy(), workers=workers, as_of="2026-06-30")


@pytest.fixture(scope="module")
def sample():
    rota = load_rota(SAMPLES / "canonical_branch.csv")
    workers, _ = load_workers(SAMPLES / "canonical_branch_workers.csv")
    return analyse(rota, load_policy(), workers=workers, as_of="2026-11-23")


def test_hand_worked_period(hand):
    """rules §2-5 by hand (default policy: contact and training £12.80/h, travel and waiting
    unpaid):
    visit 1 09:00-10:00, first of the day: its 10 min journey is commute (rules §3.6);
    visit 2 10:20-11:20: gap 20, travel 15 counted, idle 5 → waiting (rules §3.2-3.4);
    visit 3 11:30-12:00: gap 10, journey unknown → all 10 waiting (rules §3.3);
    visit 4 14:00-15:00: gap 120, travel 5, idle 115 > 60 → break 115, commute 5 (rules §3.5-3.6);
    training 15:00-16:00: back to back.
    contact 60+60+30+60 = 210 min = 3.50 h; training 1.00 h; travel 0.25 h; waiting 15 min =
    0.25 h → working 5.00 h. Paid 4.50 h × £12.80 = £57.60 = pay that counts.
    True rate 57.60 ÷ 5 = £11.52. Rate on 2 June 2025 (Ann 35, 21+): £12.21.
    Shortfall 12.21 × 5 − 57.60 = 61.05 − 57.60 = £3.45.
    Arrears on 30 June 2026 (rate £12.71): 3.45 ÷ 12.21 × 12.71 = 3.5913, rounded up to the
    penny in the worker's favour (payfair.minimum_wage) → £3.60; uplift £0.15.
    """
    e = explain_period(hand, "Ann", "2025-06-02")
    f = e.figures
    assert f["contact_hours"] == pytest.approx(3.5)
    assert f["other_hours"] == pytest.approx(1.0)
    assert f["travel_hours"] == pytest.approx(0.25)
    assert f["waiting_hours"] == pytest.approx(0.25)
    assert f["working_hours"] == pytest.approx(5.0)
    assert f["paid_hours"] == pytest.approx(4.5)
    assert f["nmw_pay"] == pytest.approx(57.60)
    assert f["true_hourly_rate"] == pytest.approx(11.52)
    assert f["nmw_rate"] == 12.21 and f["band"] == "21+" and f["age"] == 35
    assert f["shortfall"] == pytest.approx(3.45)
    assert f["nmw_rate_now"] == 12.71
    assert f["arrears"] == pytest.approx(3.60)
    assert f["arrears_uplift"] == pytest.approx(0.15)
    assert f["break_minutes"] == 115 and f["commute_minutes"] == 15
    assert f["date_of_birth_assumed"] is False

    text = e.text
    assert "Working hours 5.00 (5:00) = contact 3.50 + travel between visits 0.25" in text
    assert "True hourly rate £57.60 ÷ 5.00 h = £11.52 an hour." in text
    assert "Minimum-wage rate £12.21 an hour: National Living Wage, aged 21 and over" in text
    assert "aged 35 on 2 June 2025" in text
    assert "Shortfall £12.21 × 5.00 h − £57.60 = £3.45" in text
    assert "£3.60 = £3.45 ÷ £12.21 × £12.71" in text and "uplift of £0.15" in text

    g = e.gaps
    assert list(g.columns) == list(GAP_COLUMNS)
    assert g["Classed as"].tolist() == [
        "commute (home to the first visit)",
        "travel and waiting",
        "waiting (journey time not in the rota)",
        "break, then commute",
        "back to back (no gap)",
    ]
    assert g["Gap (minutes)"].iloc[1:].tolist() == [20, 10, 120, 0]
    assert g["Gap (h:mm)"].tolist() == ["", "0:20", "0:10", "2:00", "0:00"]
    assert g["Travel counted (minutes)"].tolist() == [0, 15, 0, 0, 0]
    assert g["Waiting (minutes)"].tolist() == [0, 5, 10, 0, 0]
    assert g["Break (minutes)"].tolist() == [0, 0, 0, 115, 0]
    assert g["Commute (minutes)"].tolist() == [10, 0, 0, 5, 0]
    assert g["Rule"].str.startswith("payfair rules §3").all()
    assert "reg 34(1)" in g["Rule"].iloc[0]
    assert g["Gap from"].tolist() == ["", "10:00", "11:20", "12:00", "15:00"]


def test_every_sample_period_matches_the_analysis(sample):
    """The explanation's figures are the period row's, and its gaps add up to the period's
    travel and waiting (rules §3): checked on every worker-period of the bundled sample."""
    p = sample.periods
    for _, row in p.iterrows():  # a test loop over 75 periods, not payfair code
        e = explain_period(sample, row["worker_id"], row["period_start"])
        for col in PERIOD_COLUMNS:
            want, got = row[col], e.figures[col]
            if isinstance(want, float) and pd.isna(want):
                assert got is None, col
            elif col in ("period_start", "period_end"):
                assert got == pd.Timestamp(want).date()
            elif isinstance(want, float):
                assert got == pytest.approx(want, abs=1e-9), col
            elif pd.isna(want):
                assert got is None, col
            else:
                assert got == want, col
        g = e.gaps
        assert g["Travel counted (minutes)"].sum() / 60 == pytest.approx(row["travel_hours"])
        assert g["Waiting (minutes)"].sum() / 60 == pytest.approx(row["waiting_hours"])
        assert e.figures["arrears_uplift"] == pytest.approx(row["arrears"] - row["shortfall"])
        assert len(e.events) == row["events"]


def test_readme_worked_example(sample):
    """README: Amira Khan's first week: 37.98 = 24.82 + 3.07 + 6.10 + 4.00; £368.85 ÷ 37.98 =
    £9.71 against £12.21; shortfall 12.21 × 37.98333 − 368.85333 = 94.92317, rounded up in the
    worker's favour → £94.93; arrears 94.93 ÷ 12.21 × 12.71 = 98.8173 → £98.82 (uplift £3.89)."""
    e = explain_period(sample, "Amira Khan", "2026-03-23")
    text = e.text
    assert (
        "Working hours 37.98 (37:59) = contact 24.82 + travel between visits 3.07 + waiting "
        "between visits 6.10 + training and office 4.00" in text
    )
    assert "True hourly rate £368.85 ÷ 37.98 h = £9.71 an hour." in text
    assert "Shortfall £12.21 × 37.98 h − £368.85 = £94.93" in text
    assert "£98.82 = £94.93 ÷ £12.21 × £12.71" in text
    assert "uplift of £3.89" in text
    assert "nan" not in text.lower().replace("financ", "") and "None" not in text


def test_date_inside_a_period_and_case_insensitive_worker(sample):
    e = explain_period(sample, "  amira KHAN", "2026-03-25")
    assert e.period_start.isoformat() == "2026-03-23"
    assert "25 March 2026 is not the first day of a pay period" in e.lines[1]


def test_unknown_worker_and_period_are_clear_errors(sample):
    with pytest.raises(NotInAnalysis, match="Did you mean 'Amira Khan'"):
        explain_period(sample, "Amira Kahn", "2026-03-23")
    with pytest.raises(NotInAnalysis, match="no pay period containing 2020-01-01"):
        explain_period(sample, "Amira Khan", "2020-01-01")


def test_no_date_of_birth_is_said(tmp_path):
    """rules §5: no date of birth → top band assumed, and the text says so."""
    a = analyse(_read(HAND_ROTA, "rota.csv"), load_policy(), as_of="2026-06-30")
    e = explain_period(a, "Ann", "2025-06-02")
    assert e.figures["date_of_birth_assumed"] is True
    assert "no date of birth was given, so the top band is assumed" in e.text


def test_explain_command(tmp_path, capsys):
    rota = tmp_path / "rota.csv"
    rota.write_text(HAND_ROTA, encoding="utf-8")
    gaps = tmp_path / "gaps.csv"
    code = main(
        [
            "explain",
            str(rota),
            "--worker",
            "Ann",
            "--period-start",
            "2025-06-02",
            "--as-of",
            "2026-06-30",
            "--csv",
            str(gaps),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Shortfall £12.21 × 5.00 h − £57.60 = £3.45" in out
    table = pd.read_csv(gaps, encoding="utf-8-sig")
    assert table.columns.tolist() == list(GAP_COLUMNS) and len(table) == 5
    assert main(["explain", str(rota), "--worker", "Bob", "--period-start", "2025-06-02"]) == 2
    assert "not in the rota's results" in capsys.readouterr().err


BANDS_ROTA = HAND_ROTA.replace("2025-06-02", "2026-06-01")  # the same week, a year on


@pytest.mark.parametrize(
    ("workers", "expected"),
    [
        (
            # Born 2011-01-01: 15 on Monday 1 June 2026, under 16: no minimum wage (rules §6).
            "Ann,2011-01-01,no,,care or support worker,\n",
            "Minimum-wage rate: none (aged 15 on 1 June 2026: under 16, so no minimum wage "
            "applies).",
        ),
        (
            # 18 on 1 June 2026, apprentice since 1 September 2025 (first year): apprentice rate
            # £8.00 from 1 April 2026. Working 5.00 h (as the hand-worked week above), pay that
            # counts £57.60 ≥ 8.00 × 5 = £40.00: no shortfall.
            "Ann,2008-01-01,yes,2025-09-01,care or support worker,\n",
            "No shortfall: the pay that counts, £57.60, is at least £8.00 × 5.00 h = £40.00.",
        ),
    ],
)
def test_the_band_and_why(workers, expected):
    header = HAND_WORKERS.splitlines()[0] + "\n"
    table, _ = load_workers(io.BytesIO((header + workers).encode()), filename="workers.csv")
    a = analyse(_read(BANDS_ROTA, "rota.csv"), load_policy(), workers=table, as_of="2026-06-30")
    e = explain_period(a, "Ann", "2026-06-01")
    assert expected in e.lines
    if "yes" in workers:
        assert e.figures["band"] == "apprentice" and e.figures["nmw_rate"] == 8.00
        assert "Minimum-wage rate £8.00 an hour: apprentice rate" in e.text
        assert "an apprentice aged 18 on 1 June 2026" in e.text
    else:
        assert e.figures["shortfall"] == 0 and e.figures["nmw_rate"] is None

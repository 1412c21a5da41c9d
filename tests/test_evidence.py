"""The evidence pack (issue 10 item 2): a printable statement per worker whose figures are the
analysis's, every text escaped, and a zip of all underpaid workers built in memory."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from payfair import labels
from payfair.analysis import analyse
from payfair.cli import main
from payfair.evidence import (
    evidence_zip,
    short_sources,
    statement_file_name,
    underpaid_workers,
    worker_figures,
    worker_statement,
)
from payfair.importers import load_rota, load_workers
from payfair.policy import load_policy
from payfair.ui import reports
from tests.test_explain import HAND_ROTA

SAMPLES = Path(__file__).resolve().parent.parent / "rota_samples"


@pytest.fixture(scope="module")
def sample():
    rota = load_rota(SAMPLES / "canonical_branch.csv")
    workers, _ = load_workers(SAMPLES / "canonical_branch_workers.csv")
    return analyse(rota, load_policy(), workers=workers, as_of="2026-11-23")


def _text(page: str) -> str:
    """The statement's visible text (tags dropped), to look for figures in."""
    return re.sub(r"<[^>]+>", " ", page)


def test_statement_figures_equal_the_analysis(sample):
    """Amira Khan (README example): three weekly periods, all below the minimum wage.
    Shortfalls £94.93 + £34.94 + £107.82 = £237.69; arrears £98.82 + £36.38 + £107.82 =
    £243.02; uplift £243.02 − £237.69 = £5.33."""
    s = worker_statement(sample, "Amira Khan")
    f = s.figures
    p = sample.periods[sample.periods["worker_id"] == "Amira Khan"]
    assert f["periods"] == len(p) == 3 and f["periods_below"] == 3
    assert f["shortfall"] == pytest.approx(p["shortfall"].sum()) == pytest.approx(237.69)
    assert f["arrears"] == pytest.approx(p["arrears"].sum()) == pytest.approx(243.02)
    assert f["arrears_uplift"] == pytest.approx(5.33)
    text = _text(s.html)
    assert "£243.02" in text and "£237.69" in text and "£5.33" in text
    for value in (*p["shortfall"], *p["arrears"], *p["true_hourly_rate"], *p["nmw_pay"]):
        assert labels.money(value) in text
    assert "Shortfall £12.21 × 37.98 h − £368.85 = £94.93" in text
    assert "National Minimum Wage Act 1998 s17" in text and "reg 34(1)" in text
    assert "Annex: every gap between visits" in text
    assert "no date of birth" not in text  # the workers file gives Amira's
    assert s.file_name == "statement-amira-khan.html"


def test_every_underpaid_worker_in_the_zip(sample):
    below = sample.periods[sample.periods["below_nmw"]]
    workers = underpaid_workers(sample)
    assert workers == sorted(below["worker_id"].unique())
    with zipfile.ZipFile(io.BytesIO(evidence_zip(sample))) as zf:
        names = zf.namelist()
        assert len(names) == len(workers) + 1 and "index.html" in names
        index = _text(zf.read("index.html").decode("utf-8"))
    total = sum(worker_figures(sample, w)["arrears"] for w in workers)
    assert total == pytest.approx(below["arrears"].sum())  # arrears are 0 where not below
    assert labels.money(total) in index
    assert {statement_file_name(w) for w in workers} <= set(names)


def test_text_from_the_rota_is_escaped():
    rota_text = HAND_ROTA.replace("Ann,", "<script>alert(1)</script>,").replace(
        ",c2,", ",<img src=x onerror=alert(2)>,"
    )
    rota = load_rota(io.BytesIO(rota_text.encode()), filename="rota.csv")
    analysis = analyse(rota, load_policy(), as_of="2026-06-30")
    page = worker_statement(analysis, "<script>alert(1)</script>").html
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page  # the client, in the annex
    assert "no date of birth: the top minimum-wage band is assumed" in page  # said, not silent


def test_short_sources():
    line = (
        "Pay that counts £1.00 = gross pay £1.00 (rules §4; NMW Regulations 2015 reg 10 "
        "(premiums) and reg 13 (deductions); HMRC NMWM09090)."
    )
    assert short_sources(line) == "Pay that counts £1.00 = gross pay £1.00 (rules §4)."
    keep = "True hourly rate £9.71 (an hour)."
    assert short_sources(keep) == keep


def test_pseudonymised_pack_has_no_names(sample):
    privacy = reports.Privacy.for_events("a key", sample.timeline)
    data = reports.evidence_zip(sample, privacy, workers=["Amira Khan", "Ben Kaur"])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        pages = [zf.read(n).decode("utf-8") for n in zf.namelist()]
        names = zf.namelist()
    real = set(sample.timeline["worker_id"]) | set(sample.timeline["client_id"].dropna())
    assert len(pages) == 3  # two statements and the index
    for page in pages:
        assert not any(name in page for name in real)
    assert not any("amira" in n for n in names)
    one = reports.evidence_html(sample, "Amira Khan", privacy).decode("utf-8")
    assert "Amira" not in one and privacy.name("Amira Khan") in one
    assert reports.file_name("statement", "html", privacy, worker="Amira Khan").startswith(
        "statement-W-"
    )


def test_evidence_command(tmp_path, capsys):
    rota = tmp_path / "rota.csv"
    rota.write_text(HAND_ROTA, encoding="utf-8")
    common = [str(rota), "--as-of", "2026-06-30"]
    assert main(["evidence", *common, "--out", str(tmp_path / "all.zip")]) == 0
    assert "owed in total £3.60" in capsys.readouterr().out  # the hand-worked week
    with zipfile.ZipFile(tmp_path / "all.zip") as zf:
        assert sorted(zf.namelist()) == ["index.html", "statement-ann.html"]
    assert main(["evidence", *common, "--worker", "ann", "--out", str(tmp_path / "a.html")]) == 0
    assert "£3.60" in (tmp_path / "a.html").read_text(encoding="utf-8")
    assert main(["evidence", *common, "--out", str(tmp_path / "dir")]) == 0
    assert (tmp_path / "dir" / "statement-ann.html").exists()
    capsys.readouterr()
    assert main(["evidence", *common, "--out", str(tmp_path / "b.html")]) == 2
    assert "no --worker was given" in capsys.readouterr().err

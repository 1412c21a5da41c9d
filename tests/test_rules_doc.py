"""docs/rules.md is the project's own statement of the law: every "rules §n" cited anywhere in
the repository must exist in it, and nothing in the repository may lean on a file outside it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "docs" / "rules.md"
SECTIONS = {
    "1": "Words",
    "2": "Working time",
    "3": "Gap rules",
    "4": "Pay that counts",
    "5": "The test, the rate, arrears",
    "6": "Statutory figures",
    "7": "Costing for commissioners",
    "8": "Fair Pay Agreement",
}


def _tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    out = []
    for name in filter(None, names):
        path = ROOT / name
        if path.suffix in {".py", ".md", ".toml", ".txt", ".cfg", ".in", ""} and path.is_file():
            out.append(path)
    return out


def _headings() -> set[str]:
    text = RULES.read_text(encoding="utf-8")
    numbers = set(re.findall(r"^## §(\d+) ", text, flags=re.M))
    numbers |= set(re.findall(r"^### (\d+\.\d+) ", text, flags=re.M))
    return numbers


def test_sections_are_numbered_as_the_code_cites_them():
    text = RULES.read_text(encoding="utf-8")
    for number, title in SECTIONS.items():
        assert f"## §{number} {title}" in text
    for sub in ("3.1 Overlap", "3.2 Travel", "3.3 Idle", "3.4 Waiting", "3.5 Break", "3.6 Commute"):
        assert f"### {sub}" in text


def test_every_rules_citation_in_the_repository_exists():
    known = _headings()
    missing = []
    for path in _tracked_text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number in re.findall(r"rules(?:\.md)? §(\d+(?:\.\d+)?)", text):
            if number not in known:
                missing.append(f"{path.relative_to(ROOT)}: §{number}")
    assert missing == []


def test_no_file_leans_on_a_document_outside_the_repository():
    # Section citations are to this project's rules document only ("rules §n"), never to a
    # named document of sections elsewhere ("OTHERDOC §3", "OTHERDOC.md"), and no file points
    # outside the repository ("../something/").
    foreign_sections = re.compile(r"\b(?!rules\b)[A-Z][A-Z_]{2,}(?:\.md)?`? §")
    outside = re.compile(r"(?<![\w.])\.\./[A-Za-z]")
    offenders = [
        str(p.relative_to(ROOT))
        for p in _tracked_text_files()
        if p.name != Path(__file__).name
        and (foreign_sections.search(text := p.read_text(errors="replace")) or outside.search(text))
    ]
    assert offenders == []


def test_the_worked_figures_in_the_rules_are_right():
    """§4 and §5 carry worked examples; redo their arithmetic here."""
    import math

    text = RULES.read_text(encoding="utf-8")
    # §4 premiums (NMWM09270): 20 h × £4 + 15 h × £7 = £185 paid; 35 h × £4 = £140 counts.
    assert 20 * 4 + 15 * 7 == 185 and 35 * 4 == 140
    assert "£185 paid" in text and "£140 counts" in text
    # §5.5 arrears: 35 × 9.50 − 250 = 82.50; 82.50 ÷ 9.50 × 10.42 = 90.4894…, up to 90.49.
    shortfall = round(35 * 9.50 - 250, 2)
    arrears = math.ceil(round(shortfall / 9.50 * 10.42 * 100, 6)) / 100
    assert (shortfall, arrears) == (82.50, 90.49)
    assert "£82.50" in text and "**£90.49**" in text

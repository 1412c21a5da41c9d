"""The workers file (payfair.workers): dates of birth checked, ids matched ignoring case and
spaces, unmatched ids named (issue 8 items 12 and 15; rules §5: the band depends on the age)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from payfair import rota
from payfair.analysis import analyse
from payfair.policy import PayPolicy
from payfair.rota import Source, validate_events
from payfair.workers import name_list, unmatched_workers, validate_workers, worker_key

SRC = Source(file="workers.csv")
TODAY = date(2026, 11, 23)


def frame(*rows: dict) -> pd.DataFrame:
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    raw = pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=columns)
    raw.insert(0, "source_row", range(2, 2 + len(raw)))
    return raw.astype({c: str for c in columns})


def test_rota_keeps_validate_workers_for_existing_callers():
    raw = frame({"worker_id": "W1", "date_of_birth": "1990-01-01"})
    workers, rejected = rota.validate_workers(raw, SRC)
    assert workers["worker_id"].tolist() == ["W1"] and rejected.empty


@pytest.mark.parametrize(
    ("born", "why"),
    [
        ("2090-01-01", "in the future"),  # would give age −64: "under 16", shortfall gone
        ("2026-11-24", "in the future"),  # tomorrow
        ("1899-12-31", "before 1900"),
        ("01/01/1850", "before 1900"),
    ],
)
def test_impossible_dates_of_birth_rejected_with_the_reason(born, why):
    # Issue 8 item 15: the band is fixed by the age on the PRP's first day (rules §5); an
    # impossible date of birth would give a wrong band, so the row is rejected, saying why.
    workers, rejected = validate_workers(
        frame({"worker_id": "W1", "date_of_birth": born}), SRC, today=TODAY
    )
    assert workers.empty and len(rejected) == 1
    assert rejected["row"].tolist() == [2] and rejected["column"].tolist() == ["date_of_birth"]
    reason = rejected["reason"].iloc[0]
    assert why in reason and f"'{born}'" in reason and "check the year" in reason


@pytest.mark.parametrize("born", ["1900-01-01", "2026-11-23", "2010-06-30"])
def test_possible_dates_of_birth_kept(born):
    workers, rejected = validate_workers(
        frame({"worker_id": "W1", "date_of_birth": born}), SRC, today=TODAY
    )
    assert rejected.empty and workers["date_of_birth"].iloc[0] == pd.Timestamp(born)


def test_worker_key_ignores_case_and_spaces():
    ids = pd.Series(["Amira Khan", " amira  KHAN ", "AMIRA\tkhan", "Amira Khann"])
    assert worker_key(ids).tolist() == ["amira khan"] * 3 + ["amira khann"]


def test_duplicate_ids_differing_only_by_case_or_spaces_rejected():
    raw = frame({"worker_id": "Amira Khan"}, {"worker_id": "amira  khan"})
    workers, rejected = validate_workers(raw, SRC, today=TODAY)
    assert workers["worker_id"].tolist() == ["Amira Khan"]
    assert rejected["row"].tolist() == [3]
    assert "already given on row 2" in rejected["reason"].iloc[0]


def test_unmatched_workers_named():
    workers = pd.DataFrame({"worker_id": ["Amira Khan", "Bob Lee"]})
    ids = pd.Series(["amira khan", "Bob  Lee", "Bobb Lee", "Cara"])
    assert unmatched_workers(ids, workers) == ["Bobb Lee", "Cara"]
    assert unmatched_workers(ids, None) == []  # no workers file: warned as no date of birth
    assert name_list(["A", "B", "C"]) == "'A', 'B' and 'C'"
    assert name_list([str(i) for i in range(12)], limit=2) == "'0', '1' and 10 more"


def _rota(*ids: str):
    raw = pd.DataFrame(
        {
            "source_row": range(2, 2 + len(ids)),
            "worker_id": list(ids),
            "start": ["2026-06-01 09:00"] * len(ids),
            "end": ["2026-06-01 17:00"] * len(ids),
            "pay": ["80.00"] * len(ids),
        }
    )
    return validate_events(raw, Source(file="rota.csv"))


def test_case_and_space_differences_still_find_the_workers_band():
    # Issue 8 item 12. The workers file says 'Amira Khan', born 2008-01-01: 18 on 2026-06-01,
    # band 18-20 at £10.85 (rules §6). The rota writes ' AMIRA  khan'. 8 h paid £80:
    # 8 × 10.85 = £86.80 − £80 = £6.80 short (not 8 × 12.71 − 80 = £21.68 at the top band).
    workers, _ = validate_workers(
        frame({"worker_id": "Amira Khan", "date_of_birth": "2008-01-01"}), SRC, today=TODAY
    )
    got = analyse(_rota(" AMIRA  khan"), PayPolicy(), workers=workers, as_of="2026-11-01")
    period = got.periods.iloc[0]
    assert period["band"] == "18-20" and period["nmw_rate"] == 10.85
    assert period["shortfall"] == pytest.approx(6.80)
    assert "no_date_of_birth" not in period["flags"]
    assert not got.warnings["reason"].str.contains("match no one").any()


def test_typo_in_a_worker_id_is_named_not_silently_top_band():
    # Issue 8 item 12: 'Amira Kahn' matches no one: top band assumed, and the warning says so.
    # 8 h × £12.71 = £101.68 − £80 = £21.68 (rules §5: no date of birth → top band).
    workers, _ = validate_workers(
        frame({"worker_id": "Amira Khan", "date_of_birth": "2008-01-01"}), SRC, today=TODAY
    )
    got = analyse(_rota("Amira Kahn"), PayPolicy(), workers=workers, as_of="2026-11-01")
    assert got.periods["shortfall"].iloc[0] == pytest.approx(21.68)
    reasons = got.warnings["reason"]
    unmatched = reasons[reasons.str.contains("match no one in the workers file")]
    assert len(unmatched) == 1 and "'Amira Kahn'" in unmatched.iloc[0]
    no_dob = reasons[reasons.str.contains("no date of birth")]
    assert len(no_dob) == 1 and "'Amira Kahn'" in no_dob.iloc[0]

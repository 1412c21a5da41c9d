"""Every file in rota_samples/ imports with no mapping and gives the same canonical events as
the canonical form (issue 3, item 4). The files are written by rota_samples/make_samples.py
from one generated rota, each in its own layout (Access Provider Portal CSV, Birdie UTC export,
CareLineLive .xlsx, a generic export with banner rows and split date/time + duration, a
workbook with Visits and Workers sheets, Parquet)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from payfair.importers import load_rota, load_workers

SAMPLES = Path(__file__).resolve().parents[1] / "rota_samples"
COMPARE = ["worker_id", "start", "end", "kind", "status", "client_id", "travel_minutes",
           "travel_miles", "pay"]  # fmt: skip
LAYOUT_FILES = {
    "canonical_branch.parquet": "canonical",
    "access_provider_portal.csv": "access",
    "birdie_visits.csv": "birdie",
    "carelinelive_timesheet.xlsx": "carelinelive",
    "generic_export.csv": "generic",
    "branch_workbook.xlsx": "generic",
}


def _key(events: pd.DataFrame) -> pd.DataFrame:
    return (
        events[COMPARE]
        .sort_values(["worker_id", "start", "end", "client_id"], kind="stable")
        .reset_index(drop=True)
    )


@pytest.fixture(scope="module")
def canonical():
    return load_rota(SAMPLES / "canonical_branch.csv")


def test_canonical_branch_has_what_the_engine_needs(canonical):
    ev = canonical.events
    assert canonical.layout == "canonical"
    assert canonical.rows_read == len(ev) + len(canonical.rejected)
    assert ev["worker_id"].nunique() == 25
    assert set(ev["kind"]) == {"visit", "training", "office"}
    # three weeks from Monday 23 March 2026: across the clock change and the 1 April NLW rise
    assert ev["start"].min().date().isoformat() == "2026-03-23"
    assert ev["start"].max().date().isoformat() == "2026-04-12"
    # cancelled and paid (used, pay given) and cancelled unpaid (rejected with the reason)
    assert ((ev["status"] == "cancelled") & (ev["pay"] > 0)).any()
    assert (canonical.rejected["reason"] == "cancelled and unpaid: not working time").any()
    # a double-up: two workers at the same client at the same time
    visits = ev[ev["kind"] == "visit"]
    assert visits.duplicated(["client_id", "start"], keep=False).sum() >= 2
    # exactly one overlap and exactly one too-short travel gap (make_samples.py adds them)
    done = ev[ev["status"] == "completed"].sort_values(["worker_id", "start"])
    gap = (done["start"] - done.groupby("worker_id")["end"].shift()) / pd.Timedelta(minutes=1)
    assert (gap < 0).sum() == 1
    assert ((gap >= 0) & (gap < done["travel_minutes"])).sum() == 1


@pytest.mark.parametrize("name", sorted(LAYOUT_FILES))
def test_sample_gives_the_same_events_as_the_canonical_form(name, canonical):
    read = load_rota(SAMPLES / name)
    assert read.layout == LAYOUT_FILES[name]
    assert read.rows_read == canonical.rows_read
    assert len(read.rejected) == len(canonical.rejected)
    pd.testing.assert_frame_equal(_key(read.events), _key(canonical.events))


def test_workbook_workers_sheet_matches_the_workers_file():
    read = load_rota(SAMPLES / "branch_workbook.xlsx")
    workers, rejected = load_workers(SAMPLES / "canonical_branch_workers.csv")
    assert rejected.empty
    assert read.workers is not None
    pd.testing.assert_frame_equal(
        read.workers.sort_values("worker_id").reset_index(drop=True),
        workers.sort_values("worker_id").reset_index(drop=True),
    )
    assert workers["apprentice"].sum() == 1


def test_banner_rows_shift_the_row_numbers_the_user_sees(canonical):
    # generic_export.csv has 3 banner lines above the header (header on line 4): every
    # rejected row is 3 lines further down than in the canonical file (header on line 1)
    generic = load_rota(SAMPLES / "generic_export.csv")
    assert (generic.rejected["row"].to_numpy() == canonical.rejected["row"].to_numpy() + 3).all()
    assert canonical.rejected["row"].min() >= 2


@pytest.mark.parametrize("name", sorted(LAYOUT_FILES))
def test_sample_gives_the_same_periods_as_the_canonical_form(name, canonical):
    analysis = pytest.importorskip("payfair.analysis")
    policy = pytest.importorskip("payfair.policy")
    if not hasattr(analysis, "analyse"):
        pytest.skip("payfair.analysis.analyse not built yet")
    workers, _ = load_workers(SAMPLES / "canonical_branch_workers.csv")
    pol = policy.load_policy()
    kwargs = {"workers": workers, "period": "weekly", "as_of": "2026-04-14"}
    base = analysis.analyse(canonical, pol, **kwargs).periods
    other = analysis.analyse(load_rota(SAMPLES / name), pol, **kwargs).periods
    pd.testing.assert_frame_equal(
        other.sort_values(["worker_id", "period_start"]).reset_index(drop=True),
        base.sort_values(["worker_id", "period_start"]).reset_index(drop=True),
    )

"""Kind and status matched as whole words from a known vocabulary (issue 8 item 4; rules §1:
kinds payfair does not model are rejected naming them; rules §3 end: only completed events are
worked, cancelled ones count their pay but not their time)."""

from __future__ import annotations

import pandas as pd
import pytest

from payfair.analysis import analyse
from payfair.policy import PayPolicy
from payfair.rota import Source, validate_events
from payfair.vocabulary import classify


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("Visit", "visit"),
        ("Care visit", "visit"),
        ("Home-care  visit", "visit"),
        ("Visit (double up)", "visit"),
        ("Team meeting", "office"),
        ("Supervision", "office"),
        ("Induction training", "training"),
        ("", "visit"),  # blank: the default
    ],
)
def test_known_kinds(value, canonical):
    got, reason = classify(pd.Series([value]), "kind", "visit")
    assert got.tolist() == [canonical] and reason.tolist() == [""]


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("Sleep-in visit", "sleep-in"),  # substring matching read this as a visit: 9 h counted
        ("Sleep in", "sleep-in"),
        ("SLEEPOVER", "sleep-in"),
        ("On-call", "on-call"),
        ("on call visit", "on-call"),
        ("Waking night", "waking night"),
    ],
)
def test_unsupported_kinds_rejected_naming_them(value, named):
    got, reason = classify(pd.Series([value]), "kind", "visit")
    assert got.isna().all()
    assert f"is a {named}, which payfair does not model yet" in reason.iloc[0]


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("Completed", "completed"),
        ("Checked-out", "completed"),
        ("Client cancelled", "cancelled"),
        ("Canceled", "cancelled"),
        ("Cancelled - not completed", "cancelled"),
    ],
)
def test_known_statuses(value, canonical):
    got, reason = classify(pd.Series([value]), "status", "completed")
    assert got.tolist() == [canonical] and reason.tolist() == [""]


@pytest.mark.parametrize("value", ["Not completed", "Incomplete", "NOT COMPLETE", "No show"])
def test_not_completed_is_never_completed(value):
    # Substring matching read "Not completed" and "Incomplete" as completed (worked).
    got, reason = classify(pd.Series([value]), "status", "completed")
    assert got.isna().all() and "does not count it as worked" in reason.iloc[0]


def test_unknown_status_rejected():
    got, reason = classify(pd.Series(["Flibble"]), "status", "completed")
    assert got.isna().all()
    assert reason.iloc[0] == "is not one payfair knows: use one of completed, cancelled"


def test_layout_words_added():
    got, _ = classify(pd.Series(["Hc"]), "kind", "visit", extra={"HC": "visit"})
    assert got.tolist() == ["visit"]


def test_sleep_in_is_not_counted_as_nine_hours_of_visit():
    # A 9-hour "Sleep-in visit" and a 1-hour visit paid £12.71: only the visit is used;
    # 1 h × £12.71 = £12.71 paid → no shortfall; the sleep-in row is rejected naming it, so
    # rows read 2 = 1 used + 1 rejected (never 10 h of "visit" with a £101.68 false shortfall).
    raw = pd.DataFrame(
        {
            "source_row": [2, 3],
            "worker_id": ["W1", "W1"],
            "start": ["2026-06-01 22:00", "2026-06-01 08:00"],
            "end": ["2026-06-02 07:00", "2026-06-01 09:00"],
            "kind": ["Sleep-in visit", "Visit"],
            "status": ["Completed", "Not completed"],
            "pay": ["0", "12.71"],
        }
    )
    rota = validate_events(raw, Source(file="rota.csv"))
    assert rota.events.empty and rota.rejected["row"].tolist() == [2, 3]
    assert "sleep-in" in rota.rejected["reason"][0]
    assert "'Not completed'" in rota.rejected["reason"][1]
    raw.loc[1, "status"] = "Completed"
    rota = validate_events(raw, Source(file="rota.csv"))
    got = analyse(rota, PayPolicy(), as_of="2026-11-01")
    assert got.rows_read == 2 and got.rows_used == 1
    assert got.periods["working_hours"].tolist() == [1.0]
    assert got.periods["shortfall"].tolist() == [0.0]


def test_through_the_importers_too():
    # The importers read the same words: no substring guesses before validation.
    from payfair.importers import load_rota

    text = (
        "worker_id,start,end,kind,status,pay\n"
        "W1,2026-06-01 22:00,2026-06-02 07:00,Sleep-in visit,Completed,50\n"
        "W1,2026-06-02 09:00,2026-06-02 10:00,Visit,Not completed,12.71\n"
        "W1,2026-06-02 11:00,2026-06-02 12:00,Visit,Incomplete,12.71\n"
        "W1,2026-06-03 09:00,2026-06-03 10:00,Care visit,Completed,12.71\n"
    )
    rota = load_rota(text.encode(), filename="rota.csv")
    assert rota.events["source_row"].tolist() == [5]
    assert rota.rejected["row"].tolist() == [2, 3, 4]
    assert "is a sleep-in" in rota.rejected["reason"][0]
    assert "'Not completed'" in rota.rejected["reason"][1]
    assert "'Incomplete'" in rota.rejected["reason"][2]

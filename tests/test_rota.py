"""validate_events / validate_workers: typing, London time, and row rejection with reasons.

Contracts: docs/ARCHITECTURE.md "Canonical events", "Workers", "Rejected rows and warnings".
Law: rules §1 (kinds), §3 end (cancelled events; PRPs by local Europe/London time).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from payfair.errors import RotaError
from payfair.rota import CANCELLED_UNPAID_REASON, Source, validate_events, validate_workers
from payfair.schema import EVENT_COLUMNS, REJECTION_COLUMNS, TZ, WORKER_COLUMNS

SRC = Source(file="rota.csv")


def frame(*rows: dict, first_row: int = 2) -> pd.DataFrame:
    """Rows as a CSV reader would give them: every value a string, blanks as ""."""
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    raw = pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=columns)
    raw = raw.astype(str)
    raw.insert(0, "source_row", range(first_row, first_row + len(raw)))
    return raw


def ok(**extra) -> dict:
    row = {"worker_id": "W1", "start": "2026-04-06 08:00", "end": "2026-04-06 09:00"}
    row.update(extra)
    return row


def check_invariant(read) -> None:
    assert read.rows_read == len(read.events) + len(read.rejected)
    assert read.rejected["row"].is_unique
    assert not set(read.rejected["row"]) & set(read.events["source_row"])


def only_rejection(read) -> pd.Series:
    check_invariant(read)
    assert len(read.rejected) == 1, read.rejected
    return read.rejected.iloc[0]


# ---------------------------------------------------------------------------------------------
# Whole-file errors


def test_missing_required_columns_raise_rota_error_naming_everything():
    raw = pd.DataFrame({"source_row": [2], "carer": ["W1"], "start": ["2026-04-06 08:00"]})
    with pytest.raises(RotaError) as info:
        validate_events(raw, Source(file="rota.xlsx", sheet="April"))
    text = str(info.value)
    assert "rota.xlsx" in text and "'April'" in text
    assert "'worker_id'" in text and "'end'" in text  # both missing columns
    assert "'carer'" in text and "'start'" in text  # the columns found
    assert "How to fix:" in text
    assert "source_row" not in text.split("columns found:")[1].split("How to fix")[0]


# ---------------------------------------------------------------------------------------------
# Typed output


def test_valid_rows_are_typed_with_defaults():
    read = validate_events(frame(ok(), ok(start="2026-04-06 10:00", end="2026-04-06 10:30")), SRC)
    check_invariant(read)
    events = read.events
    assert list(events.columns) == list(EVENT_COLUMNS)
    assert events["source_row"].tolist() == [2, 3]
    assert events["source_row"].dtype == "int64"
    assert isinstance(events["start"].dtype, pd.DatetimeTZDtype)
    assert str(events["start"].dt.tz) == TZ and str(events["end"].dt.tz) == TZ
    assert events["kind"].tolist() == ["visit", "visit"]  # default kind
    assert events["status"].tolist() == ["completed", "completed"]  # default status
    assert events["client_id"].isna().all()
    for col in ("travel_minutes", "travel_miles", "pay", "mileage_pay"):
        assert events[col].dtype == "float64" and events[col].isna().all(), col
    for col in ("premium_pay", "allowance_pay", "deduction"):
        assert events[col].dtype == "float64" and (events[col] == 0).all(), col
    assert events.loc[0, "start"] == pd.Timestamp("2026-04-06 08:00", tz=TZ)
    assert len(read.warnings) == 0
    assert list(read.rejected.columns) == list(REJECTION_COLUMNS)


def test_extra_columns_are_ignored_and_optional_values_kept():
    raw = frame(
        ok(
            notes="door code 1234",
            kind=" Training ",
            client_id="C7",
            travel_minutes="12.5",
            travel_miles="3",
            pay="£1,234.50",
            premium_pay="£2",
            allowance_pay="1.5",
            mileage_pay="0.90",
            deduction="5",
        )
    )
    read = validate_events(raw, SRC)
    check_invariant(read)
    e = read.events.iloc[0]
    assert "notes" not in read.events.columns
    assert e["kind"] == "training"
    assert e["client_id"] == "C7"
    assert (e["travel_minutes"], e["travel_miles"]) == (12.5, 3.0)
    assert e["pay"] == 1234.50  # "£" and thousands commas accepted
    assert (e["premium_pay"], e["allowance_pay"], e["mileage_pay"], e["deduction"]) == (
        2.0,
        1.5,
        0.9,
        5.0,
    )


def test_numbers_already_numeric_and_whole_number_ids():
    raw = pd.DataFrame(
        {
            "source_row": [2, 3],
            "worker_id": [101.0, 102.0],  # as a spreadsheet reader gives whole numbers
            "start": ["2026-04-06 08:00", "2026-04-06 10:00"],
            "end": ["2026-04-06 09:00", "2026-04-06 11:00"],
            "travel_minutes": [10.0, np.nan],
            "pay": [np.nan, 12],
        }
    )
    read = validate_events(raw, SRC)
    check_invariant(read)
    assert read.events["worker_id"].tolist() == ["101", "102"]
    assert read.events["travel_minutes"].iloc[0] == 10.0
    assert np.isnan(read.events["travel_minutes"].iloc[1])
    assert read.events["pay"].iloc[1] == 12.0


@pytest.mark.parametrize("kind", ["visit", "Visit", "VISIT", " visit ", ""])
def test_kind_variants_accepted(kind):
    read = validate_events(frame(ok(kind=kind)), SRC)
    assert read.events["kind"].tolist() == ["visit"]


@pytest.mark.parametrize("status", ["completed", "Completed", " COMPLETED", ""])
def test_status_variants_accepted(status):
    read = validate_events(frame(ok(status=status)), SRC)
    assert read.events["status"].tolist() == ["completed"]


# ---------------------------------------------------------------------------------------------
# Dates and times (ARCHITECTURE "Canonical events"; rules §3 end: local London time)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2026-04-06T08:00", "2026-04-06 08:00"),
        ("2026-04-06 08:00", "2026-04-06 08:00"),
        ("2026-04-06T08:00:30", "2026-04-06 08:00:30"),
        ("06/04/2026 08:00", "2026-04-06 08:00"),  # UK dd/mm/yyyy: 6 April, not 4 June
        ("06/04/2026 08:00:30", "2026-04-06 08:00:30"),
        ("2026-04-06T07:00Z", "2026-04-06 08:00"),  # UTC 07:00 = 08:00 BST
        ("2026-04-06T07:00:00Z", "2026-04-06 08:00"),
        ("2026-04-06T09:00+02:00", "2026-04-06 08:00"),  # 07:00 UTC
        ("2026-04-06 07:00+00:00", "2026-04-06 08:00"),
        ("2026-01-06T08:00Z", "2026-01-06 08:00"),  # winter: UTC = GMT
    ],
)
def test_date_formats(start, expected):
    end = "2026-12-31 23:00"
    read = validate_events(frame(ok(start=start, end=end)), SRC)
    check_invariant(read)
    assert len(read.events) == 1, read.rejected["reason"].tolist()
    assert read.events["start"].iloc[0] == pd.Timestamp(expected, tz=TZ)
    assert str(read.events["start"].dt.tz) == TZ


def test_mixed_offsets_in_one_column():
    raw = frame(
        ok(start="2026-04-06T07:00Z", end="2026-04-06T09:00+01:00"),
        ok(start="2026-04-06T10:00+02:00", end="2026-04-06 10:00"),
        ok(start="06/04/2026 11:00", end="2026-04-06T10:30-00:00"),
    )
    read = validate_events(raw, SRC)
    check_invariant(read)
    assert read.events["start"].tolist() == [
        pd.Timestamp("2026-04-06 08:00", tz=TZ),
        pd.Timestamp("2026-04-06 09:00", tz=TZ),
        pd.Timestamp("2026-04-06 11:00", tz=TZ),
    ]
    assert read.events["end"].tolist() == [
        pd.Timestamp("2026-04-06 09:00", tz=TZ),
        pd.Timestamp("2026-04-06 10:00", tz=TZ),
        pd.Timestamp("2026-04-06 11:30", tz=TZ),
    ]


def test_utc_conversion_across_autumn_clock_change():
    # 2026-10-25: clocks go back at 02:00 BST to 01:00 GMT. 00:30 UTC = 01:30 BST and
    # 01:30 UTC = 01:30 GMT: the same wall-clock time, an hour apart (rules §3 end).
    raw = frame(ok(start="2026-10-25T00:30Z", end="2026-10-25T01:30Z"))
    read = validate_events(raw, SRC)
    check_invariant(read)
    start, end = read.events["start"].iloc[0], read.events["end"].iloc[0]
    assert (start.hour, start.minute, start.utcoffset()) == (1, 30, dt.timedelta(hours=1))
    assert (end.hour, end.minute, end.utcoffset()) == (1, 30, dt.timedelta(0))
    assert (end - start) == pd.Timedelta(hours=1)
    assert len(read.warnings) == 0  # offsets given: nothing ambiguous


def test_utc_conversion_across_spring_clock_change():
    # 2026-03-29: 01:00 GMT -> 02:00 BST. 00:30 UTC = 00:30 GMT; 01:30 UTC = 02:30 BST.
    read = validate_events(frame(ok(start="2026-03-29T00:30Z", end="2026-03-29T01:30Z")), SRC)
    assert read.events["start"].iloc[0] == pd.Timestamp("2026-03-29 00:30", tz=TZ)
    assert read.events["end"].iloc[0] == pd.Timestamp("2026-03-29 02:30", tz=TZ)


def test_ambiguous_local_time_takes_bst_and_warns():
    # 01:30 on 2026-10-25 happens twice; payfair takes the first (BST) and warns.
    raw = frame(ok(), ok(start="2026-10-25 01:30", end="2026-10-25 02:30"))
    read = validate_events(raw, SRC)
    check_invariant(read)
    start = read.events["start"].iloc[1]
    assert start == pd.Timestamp("2026-10-25T00:30Z").tz_convert(TZ)  # 01:30 BST
    assert start.utcoffset() == dt.timedelta(hours=1)
    # 02:30 exists once (GMT): the event is 2 hours of real time.
    assert read.events["end"].iloc[1] - start == pd.Timedelta(hours=2)
    assert len(read.warnings) == 1
    warning = read.warnings.iloc[0]
    assert (warning["row"], warning["column"], warning["file"]) == (3, "start", "rota.csv")
    assert "'2026-10-25 01:30'" in warning["reason"] and "BST" in warning["reason"]


def test_nonexistent_local_time_shifts_forward_and_warns():
    # 01:30 on 2026-03-29 does not exist (01:00 GMT -> 02:00 BST): shifted forward to 02:00.
    read = validate_events(frame(ok(start="2026-03-29 01:30", end="2026-03-29 03:00")), SRC)
    check_invariant(read)
    assert read.events["start"].iloc[0] == pd.Timestamp("2026-03-29 02:00", tz=TZ)
    assert read.events["end"].iloc[0] - read.events["start"].iloc[0] == pd.Timedelta(hours=1)
    assert read.warnings["row"].tolist() == [2]
    assert "does not exist" in read.warnings["reason"].iloc[0]


def test_already_datetime_values():
    raw = pd.DataFrame(
        {
            "source_row": [2, 3, 4],
            "worker_id": ["W1", "W1", "W2"],
            "start": pd.Series(
                [
                    dt.datetime(2026, 4, 6, 8, 0),  # naive: London wall clock
                    pd.Timestamp("2026-04-06 09:00", tz="UTC"),  # aware: converted
                    "06/04/2026 12:00",  # text mixed in
                ],
                dtype=object,
            ),
            "end": pd.Series(
                [
                    dt.datetime(2026, 4, 6, 9, 0),
                    pd.Timestamp("2026-04-06 11:00", tz="UTC"),
                    dt.datetime(2026, 4, 6, 13, 0),
                ],
                dtype=object,
            ),
        }
    )
    read = validate_events(raw, SRC)
    check_invariant(read)
    assert read.events["start"].tolist() == [
        pd.Timestamp("2026-04-06 08:00", tz=TZ),
        pd.Timestamp("2026-04-06 10:00", tz=TZ),
        pd.Timestamp("2026-04-06 12:00", tz=TZ),
    ]


def test_datetime64_columns_naive_and_aware():
    naive = pd.DataFrame(
        {
            "worker_id": ["W1"],
            "start": pd.to_datetime(["2026-10-25 01:30"]),
            "end": pd.to_datetime(["2026-10-25 03:00"]),
        }
    )
    read = validate_events(naive, SRC)
    assert read.events["source_row"].tolist() == [2]  # no source_row given: header is row 1
    assert read.events["start"].iloc[0].utcoffset() == dt.timedelta(hours=1)
    assert read.warnings["row"].tolist() == [2]  # ambiguous
    aware = naive.assign(
        start=pd.to_datetime(["2026-10-25 01:30"]).tz_localize("UTC"),
        end=pd.to_datetime(["2026-10-25 03:00"]).tz_localize("UTC"),
    )
    read = validate_events(aware, SRC)
    assert read.events["start"].iloc[0] == pd.Timestamp("2026-10-25 01:30", tz="UTC")
    assert str(read.events["start"].dt.tz) == TZ
    assert len(read.warnings) == 0


# ---------------------------------------------------------------------------------------------
# Row rejections: one per row, with the row the user sees, the column and how to fix it


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (ok(worker_id=""), "worker_id", ["worker_id is empty"]),
        (ok(worker_id="   "), "worker_id", ["worker_id is empty"]),
        (ok(start=""), "start", ["start is empty"]),
        (ok(start="31/02/2026 08:00"), "start", ["'31/02/2026 08:00'", "not a date and time"]),
        (ok(start="tomorrow"), "start", ["'tomorrow'", "06/04/2026 08:00"]),
        (ok(end="8am"), "end", ["end '8am'", "not a date and time"]),
        (ok(end="2026-04-06 08:00"), "end", ["end is not after start"]),
        (ok(end="2026-04-06 07:00"), "end", ["end is not after start", "overnight"]),
        (ok(kind="sleep-in"), "kind", ["'sleep-in'", "visit, training, office"]),
        (ok(status="no show"), "status", ["'no show'", "completed, cancelled"]),
        (ok(travel_minutes="ten"), "travel_minutes", ["'ten'", "not a number"]),
        (ok(travel_minutes="-5"), "travel_minutes", ["'-5'", "negative"]),
        (ok(travel_miles="3 miles"), "travel_miles", ["'3 miles'", "not a number"]),
        (ok(travel_miles="-1"), "travel_miles", ["negative"]),
        (ok(pay="12,5"), "pay", ["'12,5'", "not a comma"]),  # decimal comma refused
        (ok(pay="1,23"), "pay", ["not a number"]),
        (ok(pay="£-3"), "pay", ["negative"]),
        (ok(premium_pay="abc"), "premium_pay", ["not a number"]),
        (ok(allowance_pay="-£1"), "allowance_pay", ["negative"]),
        (ok(mileage_pay="x"), "mileage_pay", ["not a number"]),
        (ok(deduction="-2"), "deduction", ["negative"]),
        (ok(status="cancelled"), "status", [CANCELLED_UNPAID_REASON]),
        (ok(status="Cancelled", pay="0"), "status", [CANCELLED_UNPAID_REASON]),
        (ok(status="cancelled", pay="£0.00"), "status", [CANCELLED_UNPAID_REASON]),
    ],
)
def test_each_rejection_reason(row, column, words):
    raw = frame(ok(), row, ok(start="2026-04-06 10:00", end="2026-04-06 11:00"))
    read = validate_events(raw, Source(file="rota.xlsx", sheet="Sheet1"))
    rej = only_rejection(read)
    assert rej["row"] == 3  # the middle row, numbered as the user sees it
    assert rej["column"] == column
    assert (rej["file"], rej["sheet"]) == ("rota.xlsx", "Sheet1")
    for word in words:
        assert word in rej["reason"], rej["reason"]
    assert read.events["source_row"].tolist() == [2, 4]


def test_cancelled_and_paid_is_used():
    # rules §3 end: paid cancellations count their pay, not their time (timeline flags them).
    read = validate_events(frame(ok(status="cancelled", pay="20")), SRC)
    check_invariant(read)
    assert read.events["status"].tolist() == ["cancelled"]
    assert read.events["pay"].tolist() == [20.0]


def test_user_headers_name_the_column():
    headers = {"worker_id": "Carer", "start": "Start time", "travel_minutes": "Travel (mins)"}
    raw = frame(ok(worker_id=""), ok(start="soon"), ok(travel_minutes="lots"))
    read = validate_events(raw, SRC, headers=headers)
    check_invariant(read)
    assert read.rejected["column"].tolist() == ["Carer", "Start time", "Travel (mins)"]
    assert read.rejected["reason"].iloc[1].startswith("Start time 'soon'")


def test_several_problems_on_one_row_reject_it_once():
    raw = frame(
        ok(worker_id="", start="x", end="y", kind="nap", travel_minutes="-1"),
        ok(),
        ok(start="2026-04-06 09:00", end="2026-04-06 08:00", pay="abc"),
    )
    read = validate_events(raw, SRC)
    check_invariant(read)
    assert read.rejected["row"].tolist() == [2, 4]
    first = read.rejected.iloc[0]
    assert first["column"] == "worker_id, start, end, kind, travel_minutes"
    assert first["reason"].count("; ") == 4  # five problems joined
    assert read.rejected.iloc[1]["column"] == "end, pay"
    assert read.rows_read == 3 and read.rows_used == 1


def test_rows_read_invariant_on_a_mixed_file():
    # five distinct good rows (identical rows would be duplicates: issue 8 item 11)
    rows = [ok(client_id=f"C{i}") for i in range(5)]
    rows += [ok(worker_id="")] * 3 + [ok(status="cancelled", end="bad")] * 2
    read = validate_events(frame(*rows, first_row=7), SRC)
    check_invariant(read)
    assert read.rows_read == 10
    assert len(read.events) == 5 and len(read.rejected) == 5
    assert read.rejected["row"].tolist() == [12, 13, 14, 15, 16]


def test_empty_frame():
    raw = pd.DataFrame({"source_row": [], "worker_id": [], "start": [], "end": []})
    read = validate_events(raw, SRC)
    assert read.rows_read == 0 and len(read.events) == 0 and len(read.rejected) == 0
    assert list(read.events.columns) == list(EVENT_COLUMNS)


def test_input_frame_is_not_modified():
    raw = frame(ok(worker_id=""), ok(pay="£5"))
    before = raw.copy()
    validate_events(raw, SRC)
    pd.testing.assert_frame_equal(raw, before)


# ---------------------------------------------------------------------------------------------
# Workers (ARCHITECTURE "Workers"; rules §5: no date of birth -> top band, flagged later)


def test_validate_workers_types_and_rejections():
    raw = frame(
        {
            "worker_id": "W1",
            "date_of_birth": "01/02/2005",
            "apprentice": "Yes",
            "apprenticeship_start": "2025-09-01",
            "role": "care or support worker",
            "contact_rate": "£12.71",
        },
        {"worker_id": "W2", "date_of_birth": "2001-03-04", "apprentice": "", "contact_rate": ""},
        {"worker_id": "W3", "date_of_birth": "", "apprentice": "0"},
        {"worker_id": "W1", "date_of_birth": "1990-01-01"},  # duplicate of row 2
        {"worker_id": "W4", "date_of_birth": "31/13/1990"},
        {"worker_id": "W5", "apprentice": "maybe"},
        {"worker_id": "W6", "contact_rate": "-1"},
        {"worker_id": ""},
    )
    workers, rejected = validate_workers(raw, SRC)
    assert list(workers.columns) == list(WORKER_COLUMNS)
    assert workers["worker_id"].tolist() == ["W1", "W2", "W3"]
    assert workers["date_of_birth"].tolist()[:2] == [
        pd.Timestamp("2005-02-01"),
        pd.Timestamp("2001-03-04"),
    ]
    assert pd.isna(workers["date_of_birth"].iloc[2])
    assert pd.api.types.is_datetime64_dtype(workers["date_of_birth"].dtype)
    assert workers["apprentice"].tolist() == [True, False, False]
    assert workers["apprentice"].dtype == bool
    assert workers["apprenticeship_start"].iloc[0] == pd.Timestamp("2025-09-01")
    assert workers["role"].iloc[0] == "care or support worker" and pd.isna(workers["role"].iloc[1])
    assert workers["contact_rate"].iloc[0] == 12.71 and np.isnan(workers["contact_rate"].iloc[1])

    assert rejected["row"].tolist() == [5, 6, 7, 8, 9]
    assert rejected["column"].tolist() == [
        "worker_id",
        "date_of_birth",
        "apprentice",
        "contact_rate",
        "worker_id",
    ]
    assert "already given on row 2" in rejected["reason"].iloc[0]
    assert "'31/13/1990'" in rejected["reason"].iloc[1]
    assert "'maybe'" in rejected["reason"].iloc[2]
    assert len(workers) + len(rejected) == len(raw)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("Y", True), ("1", True), ("no", False), ("F", False), ("", False)],
)
def test_apprentice_words(value, expected):
    workers, rejected = validate_workers(frame({"worker_id": "W1", "apprentice": value}), SRC)
    assert len(rejected) == 0 and workers["apprentice"].tolist() == [expected]


def test_validate_workers_datetimes_and_defaults():
    raw = pd.DataFrame({"worker_id": ["W1"], "date_of_birth": pd.to_datetime(["2000-05-06 00:00"])})
    workers, rejected = validate_workers(raw, SRC)
    assert len(rejected) == 0
    assert workers["date_of_birth"].iloc[0] == pd.Timestamp("2000-05-06")
    assert workers["apprentice"].tolist() == [False]
    assert pd.isna(workers["apprenticeship_start"].iloc[0])


def test_validate_workers_missing_worker_id_column():
    with pytest.raises(RotaError, match="worker_id"):
        validate_workers(pd.DataFrame({"name": ["A"]}), Source(file="workers.csv"))


def test_ambiguous_end_before_start_takes_gmt():
    # 01:50 BST -> 01:20 on 2026-10-25: the end can only be the second (GMT) 01:20, 30 minutes
    # of real time later; taking BST would make end <= start and reject a good row.
    read = validate_events(frame(ok(start="2026-10-25 01:50", end="2026-10-25 01:20")), SRC)
    check_invariant(read)
    start, end = read.events["start"].iloc[0], read.events["end"].iloc[0]
    assert start.utcoffset() == dt.timedelta(hours=1) and end.utcoffset() == dt.timedelta(0)
    assert end - start == pd.Timedelta(minutes=30)
    assert read.warnings["column"].tolist() == ["start", "end"]
    assert "second (GMT)" in read.warnings["reason"].iloc[1]


def test_exact_duplicate_rows_rejected_naming_the_first():
    # Issue 8 item 11: the same worker, start, end and client twice would double the time and
    # the pay (2 × £15 for one hour); the copy is rejected "duplicate of row 2". Rows read 4 =
    # 2 used + 2 rejected. Another client at the same time is not a duplicate (an overlap,
    # flagged by the timeline), nor is a copy of a row already rejected for another reason.
    raw = frame(
        ok(client_id="C1", pay="15"),
        ok(client_id="C1", pay="15"),
        ok(client_id="C2", pay="15"),
        ok(client_id="C1", pay="15", worker_id="W1 "),  # same after stripping spaces
    )
    read = validate_events(raw, SRC)
    check_invariant(read)
    assert read.events["source_row"].tolist() == [2, 4]
    assert read.rejected["row"].tolist() == [3, 5]
    reasons = read.rejected["reason"].tolist()
    assert [r.split(":")[0] for r in reasons] == ["duplicate of row 2"] * 2
    assert read.rejected["column"].isna().all()


def test_duplicate_without_a_client_names_the_first_row():
    read = validate_events(frame(ok(), ok()), SRC)
    assert read.rejected["reason"].tolist()[0].startswith("duplicate of row 2: the same worker")


def test_duplicate_of_a_rejected_row_is_not_called_a_duplicate():
    raw = frame(ok(pay="x"), ok(pay="x"))
    read = validate_events(raw, SRC)
    assert not read.rejected["reason"].str.contains("duplicate").any()
    assert len(read.rejected) == 2


def test_worker_spellings_differing_by_case_or_spaces_are_one_worker():
    # Issue 8 item 12: 'amira  KHAN' and 'Amira Khan' are one worker (as in the workers file), so
    # their time is added up in one pay period, not split across two "workers"; warned.
    raw = frame(
        ok(worker_id="Amira Khan", client_id="C1"),
        ok(worker_id=" amira  KHAN", client_id="C2"),
        ok(worker_id="Bob", client_id="C1"),
    )
    read = validate_events(raw, SRC)
    assert read.events["worker_id"].tolist() == ["Amira Khan", "Amira Khan", "Bob"]
    assert read.warnings["row"].tolist() == [3]
    assert "'amira  KHAN' is taken as 'Amira Khan'" in read.warnings["reason"][0]

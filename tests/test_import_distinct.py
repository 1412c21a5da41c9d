"""The import works text once per distinct value (ids, words, date and time cells) and spreads
the result back over the rows by code. These tests check that this gives exactly what working
every row gives, on columns long enough (over 1,000 cells) to take the per-distinct path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from payfair.errors import RotaError
from payfair.importers import datetimes, load_rota
from payfair.rota import Source, validate_events
from payfair.vocabulary import classify, classify_distinct

ROWS = 3000

DATE_TIMES = [
    "2026-04-06 08:00", "2026-04-06 08:00:30", "2026-04-06T08:00", "06/04/2026 08:00",
    "6/4/2026 8:00", "06-04-2026 08:00", "Mon 6 Apr 2026 08:00", "6 Apr 2026", "2026-04-06",
    "2026-04-06T08:00+01:00", "2026-04-06 07:00Z", "07:30", "7:30 pm", "46118.3333", "",
    "soon", "07:30 - 08:00", "2026-10-25 01:30", "2026-03-29 01:30", "1990-01-01 07:00",
    "9999-01-01 00:00", "13/04/2026 08:00",
]  # fmt: skip
DATES = ["06/04/2026", "2026-04-06", "6 Apr 2026", "06.04.2026", "46118", "", "13/13/2026"]
TIMES = ["07:30", "7:30:00", "07.30", "7:30 pm", "0.3125", "", "later", "07:30 - 08:00"]
DURATIONS = ["30", "30.0", "0:30", "00:30:00", "1 days 02:00:00", "", "half an hour", "1,5"]


def _first_rows(events: pd.DataFrame, n: int) -> pd.DataFrame:
    """The first n events, their text columns keeping only the categories those rows use
    (canonical events carry only the values they use, ARCHITECTURE "Canonical events")."""
    head = events.head(n)
    return head.assign(
        **{c: head[c].cat.remove_unused_categories() for c in head if head[c].dtype == "category"}
    )


def _column(cells: list[str], seed: int) -> pd.Series:
    """ROWS cells drawn from `cells`, as pandas reads text (str dtype)."""
    picks = np.random.default_rng(seed).integers(0, len(cells), ROWS)
    return pd.Series(np.asarray(cells, dtype=object)[picks], dtype="str")


def _same(a: pd.Series, b: pd.Series) -> None:
    pd.testing.assert_series_equal(a.reset_index(drop=True), b.reset_index(drop=True))


@pytest.mark.parametrize("dayfirst", [True, False])
def test_date_time_cells_per_distinct_value_match_every_row(dayfirst):
    text = _column(DATE_TIMES[:-1], seed=1)  # no day over 12 when month-first: see below
    per_distinct = datetimes.parse_datetimes(text, dayfirst=dayfirst)
    # object cells take the row-by-row path (no factorizing there)
    row_by_row = datetimes.parse_datetimes(text.astype(object), dayfirst=dayfirst)
    for a, b in zip(per_distinct, row_by_row, strict=True):
        _same(a, b)
    assert per_distinct[0].notna().sum() > ROWS // 3  # and it read most cells


def test_date_time_and_duration_pieces_per_distinct_value_match_every_row():
    dates = _column(DATES, seed=2)
    _same(datetimes.parse_dates(dates), datetimes.parse_dates(dates.astype(object)))
    times = _column(TIMES, seed=3)
    _same(datetimes.parse_times(times), datetimes.parse_times(times.astype(object)))
    durations = _column(DURATIONS, seed=4)
    for hours in (False, True):
        _same(
            datetimes.parse_durations(durations, hours=hours),
            datetimes.parse_durations(durations.astype(object), hours=hours),
        )


def test_month_first_error_names_the_first_row_holding_one_on_the_distinct_path():
    cells = ["04/05/2026"] * 1500 + ["04/13/2026", "04/20/2026"] + ["04/06/2026"] * 1500
    with pytest.raises(RotaError) as err:
        datetimes.parse_dates(pd.Series(cells, dtype="str"))
    assert "'04/13/2026'" in str(err.value)  # the first month-first cell, in row order
    assert "no month 13" in str(err.value)


def test_clock_change_candidates_match_the_calendar_fields():
    rng = np.random.default_rng(5)
    seconds = rng.integers(-2_000_000_000, 4_000_000_000, 200_000)  # 1906 .. 2096
    naive = pd.Series(pd.to_datetime(seconds, unit="s")).astype("datetime64[us]")
    naive[::11] = pd.NaT
    # the last Sundays of March and October 2026 are the 29th and the 25th
    naive[:4] = pd.to_datetime(
        ["2026-03-29 01:30", "2026-10-25 02:59:59", "2026-10-25 03:00", "2026-10-18 01:00"],
        format="ISO8601",
    )
    dt = naive.dt
    expected = (
        ((dt.hour < 3) & dt.month.isin([3, 10]) & (dt.day_of_week == 6) & (dt.day >= 25))
        .fillna(False)
        .astype(bool)
    )
    got = datetimes._transition_candidates(naive)
    _same(got, expected)
    assert got[:4].tolist() == [True, True, False, False]  # 03:00 and the 18th are not


def test_classify_per_distinct_value_spreads_back_to_every_row():
    values = _column(["Care Visit", "Sleep-in", "", "training", "huh", "Office"], seed=6)
    canonical, reason = classify(values, "kind", "visit")
    codes, distinct_canonical, distinct_reason = classify_distinct(values, "kind", "visit")
    assert canonical.tolist() == distinct_canonical[codes].tolist()
    assert reason.tolist() == distinct_reason[codes].tolist()
    first = values.tolist().index("Sleep-in")
    assert canonical[first] is None and "sleep-in" in reason[first]


def test_duplicates_found_among_a_thousand_rows_name_the_first_copy():
    # 1,200 distinct visits, then three copies: row numbers as a CSV reader counts them
    # (header row 1, data from row 2), so visit i is on row i + 2.
    starts = pd.date_range("2026-04-06 07:00", periods=1200, freq="30min")
    raw = pd.DataFrame(
        {
            "worker_id": ["Amira Khan", "Ben Ode"] * 600,
            "start": starts.strftime("%Y-%m-%d %H:%M"),
            "end": (starts + pd.Timedelta(minutes=20)).strftime("%Y-%m-%d %H:%M"),
            "client_id": ["C1", None, "C3"] * 400,
        }
    )
    copies = raw.iloc[[0, 1, 4]].copy()  # visit 0 (row 2), 1 (row 3, no client), 4 (row 6)
    copies.loc[copies.index[0], "worker_id"] = "amira  KHAN"  # the same worker respelt
    raw = pd.concat([raw, copies], ignore_index=True)
    read = validate_events(raw, Source(file="rota.csv"))
    rejected = read.rejected.set_index("row")["reason"]
    # the copies are rows 1202, 1203, 1204 (1,200 visits on rows 2..1201)
    assert rejected.index.tolist() == [1202, 1203, 1204]
    assert [r.split(":")[0] for r in rejected] == [
        "duplicate of row 2",
        "duplicate of row 3",
        "duplicate of row 6",
    ]
    assert len(read.events) == 1200 and read.rows_read == 1203


def test_large_rota_reads_the_same_words_ids_and_times_as_a_small_one(tmp_path):
    """The same 3 rows read alone (row-by-row paths) and inside a 1,500-row file (per-distinct
    paths) give the same events."""
    rows = (
        "worker_id,start,end,kind,status,client_id,pay\n"
        " Amira Khan ,06/04/2026 08:00,2026-04-06 08:30,Care Visit,Complete,C 1,£12.50\n"
        "amira khan,2026-10-25 01:30,2026-10-25 01:10,visit,completed,,1e1\n"
        "Ben,2026-04-06T09:00+01:00,2026-04-06 09:45,Training,done,101,\n"
    )
    filler = "".join(
        f"W{i % 50},2026-05-{1 + i % 28:02d} {7 + i % 12:02d}:00,"
        f"2026-05-{1 + i % 28:02d} {7 + i % 12:02d}:{10 + i % 40:02d},visit,completed,C{i},10\n"
        for i in range(1500)
    )
    small = load_rota(rows.encode(), filename="small.csv")
    large = load_rota((rows + filler).encode(), filename="large.csv")
    assert len(large.events) == 1503 and large.rejected.empty
    pd.testing.assert_frame_equal(small.events, _first_rows(large.events, 3))
    pd.testing.assert_frame_equal(
        small.warnings.drop(columns="file"), large.warnings.drop(columns="file")
    )


def test_line_shape_counts_each_line_across_chunk_boundaries(monkeypatch):
    """The CSV limits count delimiters and quotes per line in chunks of whole lines: with
    5-byte chunks every line boundary is also a chunk boundary somewhere."""
    from payfair.importers import limits

    monkeypatch.setattr(limits, "CHUNK", 5)
    data = b'a,b,c\n\n"x,y\nd;e,f\r\nlast,"'  # 5 lines, the last without a newline
    shape = limits.line_shape(data, b",")
    # commas per line: 2, 0, 1, 1, 1 -> widest has 3 fields; lines 3 and 5 hold one quote
    assert shape.lines == 5
    assert shape.widest_fields == 3
    assert shape.odd_quote_lines.tolist() == [3, 5]
    assert not shape.uniform  # field counts differ (and line 2 is empty)
    assert (shape.widest_bytes, shape.widest_line) == (6, 4)  # 'd;e,f\r' is 6 bytes
    semicolons = limits.line_shape(data, b";")
    assert semicolons.widest_fields == 2  # line 4: one ';'


def test_planned_times_for_a_few_rows_of_a_large_timesheet_read_as_alone(tmp_path):
    """A CareLineLive timesheet whose first rows have no actual times (planned ones are used,
    worked on those rows only) reads them as it does in a 4-row file."""
    head = (
        "Carer,Client,Date,Booked Start,Booked End,Actual Start,Actual End,Booking Type,"
        "Status,Cancellation Pay (£),Travel Time (mins),Mileage\n"
    )
    rows = (
        "Amira,C1,06/04/2026,08:00,08:30,,,Care Visit,Completed,,5,1.0\n"
        "Amira,C2,06/04/2026,23:45,00:15,,,Care Visit,Completed,,5,1.0\n"  # over midnight
        "Ben,C3,25/10/2026,01:50,01:20,,,Care Visit,Completed,,0:15,\n"  # clocks go back
        "Ben,C4,06/04/2026,09:00:30,09:40,09:05,09:41,Care Visit,Completed,,,\n"
    )
    filler = "".join(
        f"W{i % 40},C{i},{1 + i % 28:02d}/05/2026,{7 + i % 12:02d}:00,{7 + i % 12:02d}:30,"
        f"{7 + i % 12:02d}:0{i % 10},{7 + i % 12:02d}:3{i % 10},Care Visit,Completed,,5,1.5\n"
        for i in range(1500)
    )
    small = load_rota((head + rows).encode(), filename="small.csv")
    large = load_rota((head + rows + filler).encode(), filename="large.csv")
    assert small.layout == large.layout == "carelinelive"
    assert len(large.events) == 1504 and large.rejected.empty
    pd.testing.assert_frame_equal(small.events, _first_rows(large.events, 4))
    # 23:45 -> 00:15 is 30 minutes; 01:50 BST -> 01:20 GMT on 25 October 2026 is 30 minutes
    minutes = (small.events["end"] - small.events["start"]).dt.total_seconds() / 60
    assert minutes.tolist() == [30.0, 30.0, 30.0, 36.0]  # row 4: actual 09:05 -> 09:41
    pd.testing.assert_frame_equal(
        small.warnings.drop(columns="file"), large.warnings.drop(columns="file")
    )


def test_cancellation_pay_as_numbers_reads_as_the_same_amounts_as_text(tmp_path):
    """A timesheet's cancellation pay typed as numbers (Parquet) is kept as numbers; read as
    text (CSV) it gives the same pay, rejections and messages (issue 8 item 2)."""
    frame = pd.DataFrame(
        {
            "Carer": ["Amira", "Amira", "Ben", "Ben"],
            "Client": ["C1", "C2", "C3", "C4"],
            "Date": ["06/04/2026"] * 4,
            "Booked Start": ["08:00", "09:00", "10:00", "11:00"],
            "Booked End": ["08:30", "09:30", "10:30", "11:30"],
            "Actual Start": ["08:00", "", "", ""],
            "Actual End": ["08:30", "", "", ""],
            "Booking Type": ["Care Visit"] * 4,
            "Status": ["Completed", "Cancelled", "Cancelled", "Cancelled"],
            "Cancellation Pay (£)": [0.0, 12.5, 0.0, -3.0],
            "Travel Time (mins)": [5.0, 0.0, 0.0, 0.0],
            "Mileage": [1.0, 0.0, 0.0, 0.0],
        }
    )
    frame.to_parquet(tmp_path / "t.parquet", index=False)
    frame.to_csv(tmp_path / "t.csv", index=False)
    typed, text = load_rota(tmp_path / "t.parquet"), load_rota(tmp_path / "t.csv")
    pd.testing.assert_frame_equal(typed.events, text.events)
    pd.testing.assert_frame_equal(
        typed.rejected.drop(columns="file"), text.rejected.drop(columns="file")
    )
    # row 2: the completed visit's 0.00 is not its pay (blank); row 3: cancelled and paid
    # £12.50; row 4: cancelled with 0.00, unpaid; row 5: a negative amount is refused
    assert typed.events["pay"].tolist()[0] != typed.events["pay"].tolist()[0]  # NaN
    assert typed.events["pay"].tolist()[1] == 12.5
    reasons = typed.rejected.set_index("row")["reason"]
    assert reasons[4] == "cancelled and unpaid: not working time"
    assert reasons[5].startswith("Cancellation Pay (£) '-3.0' is negative")


def test_number_cells_per_distinct_value_match_every_row():
    from payfair.rota import parse_numbers

    cells = ["12.50", "£12.50", "£1,234.50", "12,5", "", " 7 ", "-3", "abc", "1e3", "inf"]
    text = _column([*cells, "nan", "0", "1,000", "1,00", "£ -2"], seed=7)
    for a, b in zip(parse_numbers(text), parse_numbers(text.astype(object)), strict=True):
        _same(a, b)
    parsed, blank, invalid = parse_numbers(pd.Series(["£1,234.50", "12,5", ""] * 400, dtype="str"))
    # £1,234.50 is 1234.5; a decimal comma is not read; an empty cell is blank, not invalid
    assert parsed[:3].tolist()[0] == 1234.5 and invalid[:3].tolist() == [False, True, False]
    assert blank[:3].tolist() == [False, False, True]


@pytest.mark.parametrize(
    "raw",
    [b"Zo\xc3\xab", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xe2\x82", b"ab\xe9cd"],
)
def test_utf8_check_agrees_with_python(raw):
    """The CSV reader checks UTF-8 with Arrow, in place: it must call valid exactly what
    Python's decoder does (a surrogate, an overlong form, past U+10FFFF, a cut sequence and
    a Windows-1252 'é' are not UTF-8; 'ë' is)."""
    from payfair.importers.readers import _valid_utf8

    data = raw
    try:
        data.decode("utf-8")
        python = True
    except UnicodeDecodeError:
        python = False
    assert _valid_utf8(data) is python


def test_giving_memory_back_is_harmless_and_load_rota_lets_the_cells_go():
    from payfair.allocator import LARGE_ROWS, give_back
    from payfair.importers import inspect_file

    give_back(0)  # small rotas: nothing to do
    give_back(LARGE_ROWS)  # large: Arrow's pool and the C heap (or nothing off glibc)
    data = b"worker_id,start,end\nW1,2026-04-06 08:00,2026-04-06 08:30\n"
    kept = inspect_file(data, filename="r.csv")
    assert kept.table.frame is not None  # `payfair inspect` shows the cells
    consumed = inspect_file(data, filename="r.csv", _consume=True)
    assert consumed.table.frame is None and consumed.table.grid.cells is None
    pd.testing.assert_frame_equal(kept.read.events, consumed.read.events)
    assert consumed.read.rows_read == kept.read.rows_read == 1

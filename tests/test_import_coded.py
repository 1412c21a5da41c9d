"""Text read as codes: Parquet text columns come from the file's own dictionary pages as pandas
Categoricals, and the canonical events carry their text columns as Categoricals of the values
they use, sorted (ARCHITECTURE "Canonical events"). These tests check that a rota read that
way gives exactly the events, rejections and warnings the same rows give read as plain text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from payfair.importers import load_rota
from payfair.rota import Source, validate_events

# Awkward rows: padded and re-cased ids, blank cells, an unreadable time, an Excel error, a
# travel time as hh:mm, a whole duplicate, a cancelled unpaid visit and an unknown kind.
ROWS = [
    # worker, start, end, kind, status, client, travel (minutes)
    ("Amira Khan", "2026-04-06 08:00", "2026-04-06 08:30", "Care Visit", "Completed", "C1", "10"),
    (" amira khan ", "2026-04-06 09:00", "2026-04-06 09:45", "visit", "completed", " C2", "0:15"),
    ("Ben", "2026-04-06 09:00", "2026-04-06 09:30", "Training", "", None, None),
    ("Ben", "2026-04-06 09:00", "2026-04-06 09:30", "Training", "", None, None),  # duplicate
    ("Ben", "soon", "2026-04-06 11:00", "visit", "completed", "C3", "5"),  # unreadable start
    ("Cara", "2026-04-06 12:00", "2026-04-06 12:30", "visit", "cancelled", "C1", "5"),  # unpaid
    ("Cara", "2026-04-06 13:00", "2026-04-06 13:30", "sleep-in", "completed", "C4", "5"),
    ("", "2026-04-06 14:00", "2026-04-06 14:30", "visit", "completed", "C1", "5"),  # no worker
    ("Dan", "2026-04-06 15:00", "2026-04-06 15:30", "visit", "completed", "#N/A", "5"),
    ("Dan", "2026-10-25 01:30", "2026-10-25 01:10", "visit", "completed", "C5", "5"),  # autumn
]
COLUMNS = ["worker_id", "start", "end", "kind", "status", "client_id", "travel_minutes"]


def _frame(repeat: int) -> pd.DataFrame:
    """The rows, repeated (each copy a week later, so only the listed duplicate repeats)."""
    frame = pd.DataFrame(ROWS * repeat, columns=COLUMNS, dtype=object)
    week = np.repeat(np.arange(repeat), len(ROWS))
    for col in ("start", "end"):
        times = pd.to_datetime(frame[col], errors="coerce") + pd.to_timedelta(week * 7, unit="D")
        # the autumn rows keep their own night; unreadable text stays as it is
        keep = (frame.index % len(ROWS) == len(ROWS) - 1) | times.isna()
        frame[col] = frame[col].where(keep, times.dt.strftime("%Y-%m-%d %H:%M"))
    autumn = frame.index % len(ROWS) == len(ROWS) - 1  # the same night: a client per copy
    frame.loc[autumn, "client_id"] = "C5-" + pd.Series(week, dtype=str)[autumn]
    return frame


@pytest.mark.parametrize("repeat", [1, 150])  # 10 rows, and 1,500 (the per-distinct paths)
def test_dictionary_encoded_parquet_reads_as_the_same_rota_as_text(tmp_path, repeat):
    frame = _frame(repeat)
    frame.to_csv(tmp_path / "r.csv", index=False)
    table = pa.Table.from_pandas(frame.astype("string"), preserve_index=False)
    pq.write_table(table, tmp_path / "plain.parquet", use_dictionary=False)
    pq.write_table(table, tmp_path / "dict.parquet", use_dictionary=True)
    # a Parquet file written from pandas Categoricals: Arrow dictionary columns in the schema
    pq.write_table(
        pa.Table.from_pandas(frame.astype("category"), preserve_index=False),
        tmp_path / "categorical.parquet",
    )
    # a banner line above the header: a ragged file, read by pandas' reader as plain str cells
    # (the reference: uniform CSV files are read as codes too); its rows are one line lower
    csv = (tmp_path / "r.csv").read_text()
    (tmp_path / "banner.csv").write_text("Visits export\n" + csv)
    text = load_rota(tmp_path / "banner.csv")
    text.events["source_row"] -= 1
    for part in ("rejected", "warnings"):
        getattr(text, part)["row"] -= 1
    text.rejected["reason"] = text.rejected["reason"].str.replace(
        r"duplicate of row (\d+)", lambda m: f"duplicate of row {int(m.group(1)) - 1}", regex=True
    )
    assert text.rows_read == len(ROWS) * repeat
    # rules §3: the duplicate, the cancelled unpaid visit, the sleep-in, the empty worker, the
    # unreadable start and the Excel error are rejected, once per copy of the rows: 6 of 10
    assert len(text.rejected) == 6 * repeat and len(text.events) == 4 * repeat
    for name in ("r.csv", "plain.parquet", "dict.parquet", "categorical.parquet"):
        read = load_rota(tmp_path / name)
        pd.testing.assert_frame_equal(read.events, text.events)
        for part in ("rejected", "warnings"):
            pd.testing.assert_frame_equal(
                getattr(read, part).drop(columns="file"), getattr(text, part).drop(columns="file")
            )
        assert read.rows_read == text.rows_read == len(ROWS) * repeat


def test_canonical_text_columns_are_categoricals_of_the_used_values_sorted():
    raw = pd.DataFrame(
        {
            "worker_id": ["Zoe", "amy", "Amy", "Zoe", "Bob"],
            "start": ["2026-04-06 08:00", "2026-04-06 09:00", "2026-04-06 10:00"] + ["x"] * 2,
            "end": ["2026-04-06 08:30", "2026-04-06 09:30", "2026-04-06 10:30"] + ["y"] * 2,
            "client_id": ["C2", None, "C1", "C9", "C9"],
        }
    )
    read = validate_events(raw, Source(file="r.csv"))
    events = read.events
    # rows 5 and 6 (Zoe, Bob) have unreadable times: rejected, so C9 and Bob are not used
    assert len(events) == 3 and len(read.rejected) == 2
    # "Amy" is taken as the first row's spelling "amy" (workers.worker_key), with a warning
    assert events["worker_id"].tolist() == ["Zoe", "amy", "amy"]
    assert list(events["worker_id"].cat.categories) == ["Zoe", "amy"]  # code point order
    assert list(events["client_id"].cat.categories) == ["C1", "C2"]
    assert events["client_id"].cat.codes.tolist() == [1, -1, 0]  # missing: code -1
    assert list(events["kind"].cat.categories) == ["visit"]  # the default, rules §1
    assert list(events["status"].cat.categories) == ["completed"]
    for col in ("worker_id", "kind", "status", "client_id"):
        assert events[col].cat.categories.dtype == "str"
    # sorting the codes sorts the text
    codes = events["worker_id"].cat.codes.to_numpy()
    assert np.array_equal(np.argsort(codes, kind="stable"), [0, 1, 2])


def test_multi_file_rotas_stay_categorical_when_joined():
    """Several reads joined (a branch's months) keep their text coded: union_categoricals."""
    from pandas.api.types import union_categoricals

    one = validate_events(
        pd.DataFrame(
            {"worker_id": ["B"], "start": ["2026-04-06 08:00"], "end": ["2026-04-06 09:00"]}
        ),
        Source(file="a.csv"),
    ).events
    two = validate_events(
        pd.DataFrame(
            {"worker_id": ["A"], "start": ["2026-04-07 08:00"], "end": ["2026-04-07 09:00"]}
        ),
        Source(file="b.csv"),
    ).events
    joined = union_categoricals([one["worker_id"], two["worker_id"]], sort_categories=True)
    assert joined.tolist() == ["B", "A"] and list(joined.categories) == ["A", "B"]


def test_rows_sharing_worker_and_start_second_are_only_duplicates_when_all_four_match():
    """The duplicates check compares neighbours in worker-then-start order (rules §3: an exact
    copy would count the time and pay twice); rows in the same second that differ in start
    microseconds, end or client are not copies."""
    rows = [
        ("Amy", "2026-04-06 08:00:00", "2026-04-06 08:30", "C1"),  # row 2
        ("Ben", "2026-04-06 08:00:00", "2026-04-06 08:30", "C1"),  # row 3: another worker
        ("Amy", "2026-04-06 08:00:00.5", "2026-04-06 08:30", "C1"),  # row 4: half a second on
        ("Amy", "2026-04-06 08:00:00", "2026-04-06 08:40", "C1"),  # row 5: another end
        ("Amy", "2026-04-06 08:00:00", "2026-04-06 08:30", "C2"),  # row 6: another client
        ("Amy", "2026-04-06 08:00:00", "2026-04-06 08:30", "C1"),  # row 7: copy of row 2
        ("Ben", "2026-04-06 08:00:00", "2026-04-06 08:30", "C1"),  # row 8: copy of row 3
    ]
    frame = pd.DataFrame(rows * 200, columns=["worker_id", "start", "end", "client_id"])
    # each block of 7 rows on its own day (block b: b days later), so blocks never collide
    day = pd.to_timedelta(np.repeat(np.arange(200), len(rows)), unit="D")
    for col in ("start", "end"):
        frame[col] = (pd.to_datetime(frame[col], format="ISO8601") + day).dt.strftime(
            "%Y-%m-%d %H:%M:%S.%f"
        )
    read = validate_events(frame, Source(file="r.csv"))
    reasons = read.rejected.set_index("row")["reason"].str.split(":").str[0]
    # 2 copies per block of 7: rows 7 and 8 of block 0, 14 and 15 of block 1, ...
    assert reasons.index.tolist()[:4] == [7, 8, 14, 15] and len(reasons) == 400
    assert reasons.tolist()[:4] == [
        "duplicate of row 2",
        "duplicate of row 3",
        "duplicate of row 9",
        "duplicate of row 10",
    ]
    assert len(read.events) == 1000


def test_crowded_visits_from_validation_order_match_a_fresh_sort():
    """The crowded-visits warning (5 or more visits by one worker starting within an hour)
    reuses validation's worker-then-start order; sorting afresh gives the same rows."""
    from payfair.importers.validation import suspect_warnings

    starts = pd.Timestamp("2026-04-06 08:00") + pd.to_timedelta(
        [0, 50, 10, 20, 30, 40, 300, 0, 5, 10, 15, 20, 25], unit="min"
    )
    frame = pd.DataFrame(
        {
            "worker_id": ["Amy"] * 7 + ["Ben"] * 6,
            "start": starts.strftime("%Y-%m-%d %H:%M"),
            "end": (starts + pd.Timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M"),
            "client_id": [f"C{i}" for i in range(13)],
        }
    ).iloc[[7, 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 6]]  # the two workers' rows interleaved
    read = validate_events(frame, Source(file="r.csv"))
    assert read.by_worker_start is not None
    shared = suspect_warnings(read.events, Source(file="r.csv"), {}, read.by_worker_start)
    fresh = suspect_warnings(read.events, Source(file="r.csv"), {})
    pd.testing.assert_frame_equal(shared, fresh)
    # rows (header row 1): Ben 08:00 r2, 08:05 r4, 08:10 r6, 08:15 r8, 08:20 r10, 08:25 r12;
    # Amy 08:00 r3, 08:50 r5, 08:10 r7, 08:20 r9, 08:30 r11, 08:40 r13, 13:00 r14. A visit is
    # flagged when the 4th visit after it starts under an hour later: Amy 08:00 (08:40 is
    # 40 min on) and 08:10 (08:50: 40 min); 08:20's 4th is 13:00. Ben 08:00 (08:20) and
    # 08:05 (08:25); Ben 08:10 has only 3 after it.
    assert sorted(shared["row"].tolist()) == [2, 3, 4, 7]


@pytest.mark.parametrize("in_time_order", [True, False])
def test_worker_then_start_order_is_a_stable_sort_by_worker_and_start_second(in_time_order):
    """by_worker_then_start orders as np.lexsort((seconds, worker)) does (ties in row order),
    whether each worker's rows are already in time order (a stable sort by worker alone) or
    not (the general sort)."""
    from payfair.rota import by_worker_then_start

    rng = np.random.default_rng(5)
    n = 5000
    worker = rng.integers(0, 40, n).astype(np.int32)
    seconds = rng.integers(0, 3 * 86_400, n) // 600 * 600  # ten-minute steps: many ties
    if in_time_order:
        seconds = np.sort(seconds)  # every worker's rows in time order
    start = pd.Series(pd.to_datetime(seconds * 1_000_000 + 1_775_000_000_000_000, unit="us"))
    start = start.dt.tz_localize("UTC").dt.tz_convert("Europe/London")
    rows = np.flatnonzero(rng.random(n) < 0.9)  # some rows left out, as rejected rows are
    expected = rows[np.lexsort((seconds[rows], worker[rows]))]
    assert np.array_equal(by_worker_then_start(worker, start, rows), expected)

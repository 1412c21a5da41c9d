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
    text = load_rota(tmp_path / "r.csv")
    # rules §3: the duplicate, the cancelled unpaid visit, the sleep-in, the empty worker, the
    # unreadable start and the Excel error are rejected, once per copy of the rows: 6 of 10
    assert len(text.rejected) == 6 * repeat and len(text.events) == 4 * repeat
    for name in ("plain.parquet", "dict.parquet", "categorical.parquet"):
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

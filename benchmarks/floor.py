"""The floor: the least a program must do to get working hours per worker-week from a rota file.

    python benchmarks/floor.py FILE LAYOUT OUT.parquet

Reads the file with pyarrow (Parquet, or CSV with every cell as text), parses the times with
one explicit format per column (pyarrow strptime), localises them to Europe/London, drops
cancelled rows (they never count as working time or move a gap, rules §3 end), and applies
the gap rules with numpy only (rules §3 with payfair's default settings: overlaps counted once,
travel up to the gap, the rest of a gap up to 60 minutes waiting, longer gaps a break, travel
to the first event of a run not counted). Hours are summed per worker and weekly pay reference
period (weeks from Monday 2024-01-01). No validation, no messages, no pay: a lower bound on
time for the same answer, timed by benchmarks/bench_analyse.py in the same run as payfair.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

BREAK_MINUTES = 60.0
ANCHOR_DAY = np.datetime64("2024-01-01", "D")  # a Monday

COLUMNS = {
    # layout: (worker, status, travel, start pieces, end pieces)
    "canonical": ("worker_id", "status", "travel_minutes"),
    "carelinelive": ("Carer", "Status", "Travel Time (mins)"),
}


def _read(path: str) -> pa.Table:
    if path.endswith(".parquet"):
        return pq.read_table(path)
    names = pacsv.read_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 16)).column_names
    types = {n: pa.string() for n in names}
    return pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False),
    )


def _text(col: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.cast(col, pa.string()) if not pa.types.is_string(col.type) else col


def _numbers(col: pa.ChunkedArray) -> np.ndarray:
    """A number column (typed, or text with "" for unknown) as float64 with NaN."""
    if not pa.types.is_string(col.type):
        return pc.cast(col, pa.float64()).to_numpy(zero_copy_only=False)
    text = pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col)
    return pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)


def _local_minutes(text: pa.ChunkedArray, fmt: str) -> np.ndarray:
    """Minutes since 1970 (UTC) of local Europe/London wall-clock text."""
    naive = pc.strptime(text, format=fmt, unit="s", error_is_null=True)
    aware = pc.assume_timezone(naive, "Europe/London", ambiguous="earliest", nonexistent="latest")
    secs = pc.cast(aware, pa.timestamp("s")).cast(pa.int64())
    return secs.to_numpy(zero_copy_only=False).astype(np.float64) / 60.0


def _times(table: pa.Table, layout: str) -> tuple[np.ndarray, np.ndarray]:
    if layout == "canonical":
        return (
            _local_minutes(_text(table["start"]), "%Y-%m-%d %H:%M"),
            _local_minutes(_text(table["end"]), "%Y-%m-%d %H:%M"),
        )
    # carelinelive: date, actual times (else booked); an end before the start is the next day
    date = _text(table["Date"])

    def pick(actual: str, booked: str) -> pa.ChunkedArray:
        a, b = _text(table[actual]), _text(table[booked])
        return pc.if_else(pc.equal(a, ""), b, a)

    start_text = pc.binary_join_element_wise(date, pick("Actual Start", "Booked Start"), " ")
    end_text = pc.binary_join_element_wise(date, pick("Actual End", "Booked End"), " ")
    start = _local_minutes(start_text, "%d/%m/%Y %H:%M")
    end = _local_minutes(end_text, "%d/%m/%Y %H:%M")
    end = np.where(end <= start, end + 1440.0, end)
    return start, end


def working_hours(path: str, layout: str) -> pa.Table:
    table = _read(path)
    worker_col, status_col, travel_col = COLUMNS[layout]
    status = pc.utf8_lower(_text(table[status_col]))
    keep = pc.invert(pc.starts_with(status, "cancel")).to_numpy(zero_copy_only=False)
    table = table.filter(pa.array(keep))
    start, end = _times(table, layout)
    travel = _numbers(table[travel_col])
    workers = pc.dictionary_encode(_text(table[worker_col])).combine_chunks()
    codes = workers.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    names = workers.dictionary

    order = np.lexsort((end, start, codes))
    codes, start, end, travel = codes[order], start[order], end[order], travel[order]
    first = np.ones(len(codes), dtype=bool)
    first[1:] = codes[1:] != codes[:-1]
    # latest end so far within each worker: cummax of (worker offset + end)
    offset = codes.astype(np.float64) * 1e9
    cummax = np.maximum.accumulate(offset + end) - offset
    prev_end = np.empty_like(end)
    prev_end[0] = np.nan
    prev_end[1:] = cummax[:-1]
    prev_end[first] = np.nan
    gap = start - prev_end
    overlap = gap < 0
    gapped = ~first & ~overlap
    counted = np.clip(end - np.where(overlap, prev_end, start), 0.0, None)
    g = np.where(gapped, gap, 0.0)
    known = ~np.isnan(travel)
    used = np.where(gapped & known, np.minimum(np.nan_to_num(travel), g), 0.0)
    idle = np.where(gapped, g - used, 0.0)
    in_run = gapped & (idle <= BREAK_MINUTES)
    working = counted + np.where(in_run, used + idle, 0.0)

    # weekly pay reference period of the start's local date
    local_day = (start + _london_offset_minutes(start)) // 1440
    week = ((local_day - ANCHOR_DAY.astype(np.int64)) // 7).astype(np.int64)
    key = codes * 100_000 + (week - week.min())
    uniq, inverse = np.unique(key, return_inverse=True)
    hours = np.bincount(inverse, weights=working) / 60.0
    worker = pc.take(names, pa.array(uniq // 100_000))
    week_start = ANCHOR_DAY + ((uniq % 100_000) + week.min()) * 7
    return pa.table({"worker_id": worker, "period_start": week_start, "working_hours": hours})


def _london_offset_minutes(utc_minutes: np.ndarray) -> np.ndarray:
    """60 in British Summer Time, else 0 (from the last Sundays of March and October, 01:00
    UTC), so a start's local date can be taken with numpy alone."""
    days = (utc_minutes // 1440).astype("datetime64[D]")
    years = days.astype("datetime64[Y]")

    def last_sunday(month: int) -> np.ndarray:
        first_next = (years + 0).astype("datetime64[M]") + month  # first day of the next month
        last = first_next.astype("datetime64[D]") - 1
        weekday = (last.astype(np.int64) - 4) % 7  # 1970-01-01 was a Thursday; Monday = 0
        return last - ((weekday - 6) % 7)

    bst_start = last_sunday(3).astype(np.int64) * 1440 + 60
    bst_end = last_sunday(10).astype(np.int64) * 1440 + 60
    return np.where((utc_minutes >= bst_start) & (utc_minutes < bst_end), 60.0, 0.0)


if __name__ == "__main__":
    t = time.perf_counter()
    result = working_hours(sys.argv[1], sys.argv[2])
    pq.write_table(result, sys.argv[3])
    print(f"floor: {result.num_rows} worker-weeks in {time.perf_counter() - t:.2f} s")

"""The gap rules (rules §2-3): from a worker's events to counted contact, travel and waiting.

`build_timeline(events, rules)` orders each worker's events, measures the gap since the worker's
previous event ended (the latest end so far, so a long event that covers later ones is handled),
and splits each gap into counted travel, waiting, a break, or commuting. Everything is vectorised
over the whole rota: no loops over events.

How, and why this way (a million events in a fraction of a second): worker ids are factorised
once to integer codes (in the ids' own sort order), the rota is put in order of (code, start,
end, source_row), times as int64 clock ticks (`event_order`: a radix sort on the codes when each
worker's events are already in time order, else one `np.lexsort`), and every per-worker step
(latest end so far, previous event, run numbers) is a segment operation on those sorted arrays.
The input columns are taken once, in that order; nothing else copies the events.

Output columns are listed in docs/ARCHITECTURE.md "Timeline".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from payfair.policy import Rules
from payfair.rates import local_days_of
from payfair.schema import TZ

MINUTE = pd.Timedelta(minutes=1)
SORT_KEYS = ["worker_id", "start", "end", "source_row"]
_INT64_MAX = np.iinfo(np.int64).max
#: Columns factorised once: worker ids (sorted, for the order), kind and status (the rules),
#: client ids (few distinct values: taken through their codes).
_CODED = ("worker_id", "kind", "status", "client_id")

TIMELINE_COLUMNS = (
    "event_minutes",
    "counted_minutes",
    "contact_minutes",
    "other_minutes",
    "gap_minutes",
    "travel_known_minutes",
    "travel_counted_minutes",
    "waiting_minutes",
    "break_minutes",
    "commute_minutes",
    "business_miles",
    "run_id",
    "run_start",
    "flag_overlap",
    "flag_insufficient_travel",
    "flag_travel_unknown",
    "flag_cancelled_paid",
)
FLAG_COLUMNS = tuple(c for c in TIMELINE_COLUMNS if c.startswith("flag_"))


def working_minutes(timeline: pd.DataFrame) -> pd.Series:
    """Minutes of working time per event (ARCHITECTURE.md: contact + other + travel + waiting)."""
    return (
        timeline["contact_minutes"]
        + timeline["other_minutes"]
        + timeline["travel_counted_minutes"]
        + timeline["waiting_minutes"]
    )


def _with_defaults(events: pd.DataFrame) -> pd.DataFrame:
    """Fill optional columns an engine caller may leave out (validated rotas have them all).

    A shallow copy: pandas copy-on-write keeps the caller's frame unchanged."""
    out = events.copy(deep=False)
    n = len(out)
    if "source_row" not in out.columns:
        out["source_row"] = np.arange(2, n + 2, dtype="int64")
    if "kind" not in out.columns:
        out["kind"] = "visit"
    if "status" not in out.columns:
        out["status"] = "completed"
    for col in ("travel_minutes", "travel_miles"):
        if col not in out.columns:
            out[col] = np.nan
    for col in ("start", "end"):
        values = out[col]
        if not isinstance(values.dtype, pd.DatetimeTZDtype):
            values = pd.to_datetime(values).dt.tz_localize(
                TZ, ambiguous=np.ones(n, dtype=bool), nonexistent="shift_forward"
            )
            out[col] = values.dt.tz_convert(TZ)
        elif str(values.dt.tz) != TZ:
            out[col] = values.dt.tz_convert(TZ)
    return out


#: Clock ticks in a minute, for each unit pandas keeps datetimes in.
_TICKS_PER_MINUTE = {"s": 60, "ms": 60 * 10**3, "us": 60 * 10**6, "ns": 60 * 10**9}


def common_unit(*times: pd.Series) -> str:
    """The finest unit among datetime columns (validated rotas are in microseconds): times are
    compared as integers in it, so no precision is lost and no date overflows."""
    units = [t.dt.unit for t in times]
    return max(units, key=lambda unit: _TICKS_PER_MINUTE[unit])


def instants(times: pd.Series, unit: str) -> np.ndarray:
    """Tz-aware times as int64 counts of `unit` since 1970 UTC (real elapsed time, DST-safe).

    The unit is set explicitly (`as_unit`) before reading the integers, never assumed. A
    tz-aware column stores exactly these counts (`asi8`), so no conversion pass is made: the
    result may be a view of the column's own storage and is only read, never changed."""
    return times.dt.as_unit(unit).array.asi8


def local_days(ticks: np.ndarray, unit: str) -> np.ndarray:
    """Europe/London wall-clock dates (datetime64[D]) of int64 UTC counts of `unit`: from a
    table of each hour's offset when it applies (payfair.rates.local_days_of), else by pandas."""
    days = local_days_of(ticks, unit, TZ)
    if days is not None:
        return days
    utc = pd.DatetimeIndex(ticks.astype(f"datetime64[{unit}]")).tz_localize("UTC")
    return utc.tz_convert(TZ).tz_localize(None).to_numpy().astype("datetime64[D]")


def worker_codes(worker_id: pd.Series) -> np.ndarray:
    """Integer code per event, ordered as the worker ids sort (missing ids last)."""
    return _sort_codes(*coded(worker_id, sort=True))


def coded(values: pd.Series, *, sort: bool = False) -> tuple[np.ndarray, pd.Index]:
    """(integer codes, distinct values) of a text column; code -1 where missing.

    A Categorical column (the canonical events' text columns) already is that: its own codes
    and categories are returned, with no pass over the values (`sort` is then left to
    `_sort_codes`, as categories need not be in order, and unused ones may be listed). Any
    other column is factorised once (`sort`: distinct values in sorted order)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories
    codes, uniques = pd.factorize(values, sort=sort)
    return codes, pd.Index(uniques)


def equals(values: pd.Series, word: str) -> np.ndarray:
    """True where the text is exactly `word` (missing: False). A Categorical column is tested
    through its categories and codes: one comparison per category, not per event."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = coded(values)
        hit = np.append(np.asarray(uniques == word, dtype=bool), False)
        return hit[codes]  # code -1 (missing) reads the last entry, False
    return (values.astype("str") == word).to_numpy(bool, na_value=False)


def _sort_codes(codes: np.ndarray, uniques: pd.Index) -> np.ndarray:
    """int64 codes (of any integer type) in the order of the values they stand for, missing
    (-1) after every value. Factorised codes with sorted distinct values are that already; a
    Categorical's codes are mapped through each category's place in sorted order (a table as
    long as the categories: a few thousand worker ids)."""
    if uniques.is_monotonic_increasing:
        out = codes.astype(np.int64)
        out[out < 0] = len(uniques)
        return out
    place = np.empty(len(uniques) + 1, dtype=np.int64)
    place[np.argsort(uniques.to_numpy(), kind="stable")] = np.arange(len(uniques))
    place[-1] = len(uniques)  # code -1 (missing) reads the last entry
    return place[codes]


def _narrow_codes(codes: np.ndarray, distinct: int) -> np.ndarray:
    """Factorised codes (-1 for missing) in the smallest signed type that holds them: putting
    a small array in order stays in the processor's cache (10M kinds as int8 are 10 MB)."""
    for dtype in (np.int8, np.int16, np.int32):
        if distinct <= np.iinfo(dtype).max:
            return codes.astype(dtype, copy=False)
    return codes


def _smallest_uint(codes: np.ndarray) -> np.ndarray:
    """Codes in the smallest unsigned type that holds them: numpy sorts 16-bit keys by radix."""
    top = int(codes.max()) if len(codes) else 0
    for dtype in (np.uint8, np.uint16, np.uint32):
        if top <= np.iinfo(dtype).max:
            return codes.astype(dtype)
    return codes


def event_order(
    codes: np.ndarray, start: np.ndarray, end: np.ndarray, source_row: np.ndarray
) -> np.ndarray:
    """The order of a stable sort on (worker code, start, end, source_row).

    Exports usually list each worker's events in time order already; then a stable sort on the
    worker codes alone (radix, for up to 65,536 workers) gives that order, checked here pair by
    pair. Otherwise one `np.lexsort` on all four keys (it sorts by the last key first)."""
    by_worker = np.argsort(_smallest_uint(codes), kind="stable")
    c, s = codes[by_worker], start[by_worker]
    same = c[1:] == c[:-1]  # pairs of neighbouring rows of one worker
    if not (same & (s[1:] < s[:-1])).any():
        # Starts in order; pairs with equal starts (few) must be in order of end, then row.
        tie = np.flatnonzero(same & (s[1:] == s[:-1]))
        e0, e1 = end[by_worker[tie]], end[by_worker[tie + 1]]
        r0, r1 = source_row[by_worker[tie]], source_row[by_worker[tie + 1]]
        if not ((e1 < e0) | ((e1 == e0) & (r1 < r0))).any():
            return by_worker
    return np.lexsort((source_row, end, start, codes))


def _rows_in_order(
    df: pd.DataFrame, order: np.ndarray, coded: dict[str, tuple[np.ndarray, pd.Index]]
) -> pd.DataFrame:
    """`df`'s rows in `order`, every column taken once (none when already in order).
    `coded` gives, for text columns with few distinct values, their factorised codes already
    in `order` and their distinct values.

    Numeric and datetime columns are taken with `np.take` on their own contiguous arrays (about
    three times faster than pandas' take at 10M events, where the order is a random permutation
    of rows and the cost is memory access). Text columns with few distinct values (`coded`:
    codes in order and values) are taken through their codes: a table of distinct values
    taken by integer codes, about half the time of moving a million strings. Other columns
    (nullable integers, objects) by pandas' own take."""
    if np.array_equal(order, np.arange(len(df))):
        return df.reset_index(drop=True)
    if df.columns.has_duplicates:
        return df.take(order).reset_index(drop=True)
    out = pd.DataFrame(index=pd.RangeIndex(len(order)))
    for column in df.columns:
        put(out, column, _taken(df[column], order, coded.get(column)))
    return out


def _taken(
    values: pd.Series, order: np.ndarray, coded: tuple[np.ndarray, pd.Index] | None
) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """One column's values in `order`, in the column's own dtype (a new array)."""
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biufmM":
        array = values.to_numpy()
        if _one_value(array):  # e.g. a deduction column of zeros: nothing to move
            return np.full(len(order), array[0], dtype=array.dtype)
        return np.take(array, order)
    if isinstance(dtype, pd.DatetimeTZDtype):
        # int64 counts since 1970 UTC (the array's own storage), read back in the same dtype.
        return pd.array(np.take(values.array.asi8, order), dtype=dtype)
    if coded is not None and isinstance(dtype, pd.CategoricalDtype):
        # The codes in order are the column in order: no text is moved at all.
        return pd.Categorical.from_codes(coded[0], dtype=dtype, validate=False)
    if coded is not None and isinstance(dtype, pd.StringDtype):
        codes, uniques = coded
        return pd.array(uniques, dtype=dtype).take(codes, allow_fill=True)
    return values.array.take(order)


def _one_value(array: np.ndarray) -> bool:
    """True when every element has the same bits as the first (so NaN equals NaN and 0.0 is
    not -0.0): the column in any order is then the first value repeated. A reader's optional
    columns often are (no premiums, no deductions); reading them in order costs a fraction of
    taking them at random. A different value in the first thousand ends it early."""
    if len(array) == 0:
        return False
    bits = array.view(f"u{array.dtype.itemsize}")
    return bool((bits[:1024] == bits[0]).all() and (bits == bits[0]).all())


def _segment_starts(codes: np.ndarray) -> np.ndarray:
    """True on the first row of each worker (codes sorted)."""
    first = np.ones(len(codes), dtype=bool)
    first[1:] = codes[1:] != codes[:-1]
    return first


def running_max(values: np.ndarray, codes: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Per worker, the largest value so far (codes sorted; `first` marks each worker's first row).

    One `np.maximum.accumulate` over code × span + (value − min): each worker's keys all exceed
    the previous worker's, so the running maximum restarts at each worker. When that key would
    not fit in int64 (a span of centuries over many workers), pandas' grouped cummax does it."""
    if len(values) == 0:
        return values.copy()
    low = int(values.min())
    span = int(values.max()) - low + 1
    if (int(codes[-1]) + 1) * span < _INT64_MAX:
        # The same integer arithmetic in place: two arrays rather than six (at 10M events each
        # new array is fresh memory from the system, which costs more than the arithmetic).
        offset = codes * np.int64(span)
        key = values - np.int64(low)
        key += offset
        np.maximum.accumulate(key, out=key)
        key -= offset
        key += np.int64(low)
        return key
    segment = np.cumsum(first)
    return pd.Series(values).groupby(segment).cummax().to_numpy(np.int64)


def _previous(values: np.ndarray, first: np.ndarray, fill) -> np.ndarray:
    """Each row's previous row's value within its worker; `fill` on a worker's first row."""
    out = np.empty_like(values)
    out[1:] = values[:-1]
    out[first] = fill
    return out


def _next(values: np.ndarray, first: np.ndarray, fill) -> np.ndarray:
    """Each row's next row's value within its worker; `fill` on a worker's last row."""
    out = np.empty_like(values)
    out[:-1] = values[1:]
    last = np.empty_like(first)
    last[:-1] = first[1:]
    last[-1:] = True
    out[last] = fill
    return out


def _lower_in(coded: tuple[np.ndarray, pd.Index], words: tuple[str, ...]) -> np.ndarray:
    """True where the value, lower-cased, is one of `words`, from the column's factorised codes
    and distinct values (lower-cases each distinct value once: a rota has a handful of kinds
    and statuses; a missing value is none of them)."""
    codes, uniques = coded
    hit = np.array([str(u).lower() in words for u in uniques] + [False], dtype=bool)
    return hit[codes]  # code -1 (missing) takes the last entry, False


def build_timeline(events: pd.DataFrame, rules: Rules | None = None) -> pd.DataFrame:
    """Per event: counted minutes, travel, waiting, break, commute, run and flags (rules §3).

    Completed events drive the gaps. Cancelled events (paid ones: unpaid ones were rejected by
    validation) pass through with no counted time and `flag_cancelled_paid`, and do not change
    any other event's gap. Returns every input column plus TIMELINE_COLUMNS, sorted by
    worker_id, start, end, source_row.
    """
    rules = rules or Rules()
    df = _with_defaults(events)
    codes_of = {c: coded(df[c], sort=c == "worker_id") for c in _CODED if c in df.columns}
    codes = _sort_codes(*codes_of["worker_id"])
    unit = common_unit(df["start"], df["end"])
    start = instants(df["start"], unit)
    end = instants(df["end"], unit)
    per_minute = _TICKS_PER_MINUTE[unit]
    order = event_order(codes, start, end, df["source_row"].to_numpy())
    # Each coded column's codes put in order once, in their narrowest type; the text columns,
    # the worker codes and the kind and status tests are all read from these.
    codes_of = {c: (_narrow_codes(k, len(u))[order], u) for c, (k, u) in codes_of.items()}
    out = _rows_in_order(df, order, codes_of)
    del start, end
    # The times in order are the ordered columns' own storage (taken once, above).
    start, end = instants(out["start"], unit), instants(out["end"], unit)
    codes = _sort_codes(*codes_of["worker_id"])
    cancelled = _lower_in(codes_of["status"], ("cancelled",))
    is_visit = _lower_in(codes_of["kind"], ("visit",))
    is_other = _lower_in(codes_of["kind"], ("training", "office"))
    del codes_of, order

    t = _travel_known(out, rules)
    put(out, "event_minutes", (end - start) / per_minute)
    # Completed events only (views, not copies, when none is cancelled).
    done = ~cancelled if cancelled.any() else slice(None)
    completed = (codes[done], start[done], end[done], t[done])
    del start, end  # only the completed events' times are needed from here
    columns = _gap_rules(
        *completed,
        out["travel_miles"].to_numpy("float64", na_value=np.nan)[done],
        is_visit[done],
        is_other[done],
        rules,
        unit,
    )
    completed_codes = completed[0]
    del completed, is_visit, is_other
    if cancelled.any():
        # Cancelled-but-paid events: paid non-working time (rules §3 end): zero minutes, no
        # gap, no run start, only their own flag; they sit in a neighbouring completed run.
        where = np.flatnonzero(cancelled)
        cancelled_runs = _cancelled_run_ids(columns["run_id"], completed_codes, where, codes)
        for name in list(columns):
            values = columns.pop(name)
            # Every row is written once: the cancelled ones (few) with the fill, the rest with
            # the completed events' values (no pass filling all rows first).
            full = np.empty(len(out), dtype=values.dtype)
            full[where] = np.nan if name == "gap_minutes" else 0
            full[done] = values
            del values
            columns[name] = full
        columns["run_id"][where] = cancelled_runs
    del completed_codes
    columns["travel_known_minutes"] = t
    columns["flag_cancelled_paid"] = cancelled
    del t, codes, cancelled
    for name in TIMELINE_COLUMNS:
        if name in columns:
            put(out, name, columns.pop(name))  # each array handed over, none held twice
    return out


def put(frame: pd.DataFrame, name: str, values: np.ndarray) -> None:
    """Set a column to a new numpy array without pandas copying it (a Series over the array
    is adopted as is). Only for arrays made for this frame and not changed afterwards: it
    saves a copy of every computed column (8 MB each per million events)."""
    frame[name] = pd.Series(values, index=frame.index, copy=False)


def _cancelled_run_ids(
    run_id: np.ndarray, completed_codes: np.ndarray, where: np.ndarray, codes: np.ndarray
) -> np.ndarray:
    """Run ids for the cancelled events at positions `where` (ascending) of the sorted rota:
    the run of the same worker's completed event before it, else the one after it, else run 0
    (a worker with only cancelled events).

    `run_id` and `completed_codes` are the completed events' own (in order, cancelled ones
    left out), so only the cancelled events are visited: the k-th cancelled event (from 0) at
    position p has p − k completed events before it, the last of them at index p − k − 1."""
    m = len(run_id)
    if m == 0:  # only cancelled events: every one is in run 0
        return np.zeros(len(where), dtype="int64")
    before = where - np.arange(len(where))  # completed events before each cancelled one
    own = codes[where]
    has_before = before > 0
    has_after = before < m
    use_before = has_before & (completed_codes[np.where(has_before, before - 1, 0)] == own)
    use_after = has_after & (completed_codes[np.where(has_after, before, 0)] == own)
    return np.where(
        use_before,
        run_id[np.clip(before - 1, 0, None)],
        np.where(use_after, run_id[np.clip(before, None, m - 1)], 0),
    ).astype("int64")


def _travel_known(df: pd.DataFrame, rules: Rules) -> np.ndarray:
    """travel_minutes, else miles ÷ assumed speed × 60 when a speed is set (rules §3.2)."""
    t = df["travel_minutes"].to_numpy("float64", na_value=np.nan, copy=True)  # a column of its own
    if rules.assumed_speed_mph:
        miles = df["travel_miles"].to_numpy("float64", na_value=np.nan)
        from_miles = miles / float(rules.assumed_speed_mph) * 60.0
        t = np.where(np.isnan(t), from_miles, t)
    return t


def _gap_rules(
    codes: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    t: np.ndarray,
    miles: np.ndarray,
    is_visit: np.ndarray,
    is_other: np.ndarray,
    rules: Rules,
    unit: str = "ns",
) -> dict[str, np.ndarray]:
    """rules §3 on completed events sorted by worker, start, end, source_row (times as int64
    counts of `unit` since 1970 UTC)."""
    per_minute = _TICKS_PER_MINUTE[unit]
    first = _segment_starts(codes)

    # Previous end = the latest end among this worker's earlier events (so gaps measure real
    # free time even when a long event covers shorter ones). Integer ticks since 1970 UTC are
    # real elapsed time, so clock changes are handled.
    prev_end = _previous(running_max(end, codes, first), first, 0)
    gap = (start - prev_end) / per_minute
    gap[first] = np.nan

    with np.errstate(invalid="ignore"):
        overlap = gap < 0  # NaN compares False
    gapped = ~first & ~overlap  # a real gap g >= 0

    # §3.1 overlap: count only the part not already covered (the union of intervals).
    span = np.where(overlap, prev_end, start)  # the later start
    np.subtract(end, span, out=span)
    counted = span / per_minute
    del span
    np.maximum(counted, 0.0, out=counted)
    if rules.count_commute or not rules.count_travel_across_breaks:
        del prev_end  # only the same-day test below needs it

    # §3.2 travel t, travel used min(t, g), insufficient when t > g.
    known = ~np.isnan(t)
    g = np.where(gapped, gap, 0.0)
    used = np.minimum(t, g)
    used[~(gapped & known)] = 0.0
    with np.errstate(invalid="ignore"):
        insufficient = (gapped & known & (t > g)) | (overlap & known & (t > 0))
    unknown = ~first & ~overlap & ~known

    # §3.3 idle i = g − used (the whole gap when travel is unknown).
    idle = g  # g's own array: g is not needed after this
    idle -= used
    idle[~gapped] = 0.0
    del g

    # §3.4 / §3.5 waiting or a break.
    is_break = gapped & (idle > float(rules.break_threshold_minutes))
    in_run = gapped & ~is_break
    waiting = np.where(in_run, idle, 0.0)
    break_minutes = idle  # idle's own array
    break_minutes[~is_break] = 0.0
    del idle

    # §3.5-3.6 travel to a run start: commute unless a setting counts it.
    if rules.count_commute:
        counts_after_break = is_break
    elif rules.count_travel_across_breaks:
        # Same local (Europe/London) date as the previous event's end; a first event has none.
        # A worker's first event has no previous end (0 there): its own start stands in, so
        # the dates span the rota only; such rows are not same-day whatever it gives.
        previous_end = np.where(first, start, prev_end)
        same_day = ~first & (local_days(previous_end, unit) == local_days(start, unit))
        del previous_end
        counts_after_break = is_break & same_day
    else:
        counts_after_break = np.zeros(len(codes), dtype=bool)
    counts_first = first & bool(rules.count_commute)
    first_travel = np.zeros(len(t))
    first_travel[first] = np.nan_to_num(t[first], nan=0.0)

    travel_counted = np.where(in_run | counts_after_break, used, 0.0)
    travel_counted += np.where(counts_first, first_travel, 0.0)
    commute = np.where(is_break & ~counts_after_break, used, 0.0)
    commute += np.where(first & ~counts_first, first_travel, 0.0)
    del used, first_travel

    # Business miles: journeys between assignments (within a run, including overlapping
    # ones whose minutes did not fit), and run-start journeys that a setting counts.
    counted_journey = (~first & ~is_break) | counts_after_break | counts_first
    business_miles = np.where(counted_journey, miles, 0.0)
    np.nan_to_num(business_miles, copy=False, nan=0.0)

    # Runs numbered per worker from 0: the running count of run starts, less the count at
    # the worker's first event (a worker's first event always starts a run).
    run_start = first | is_break
    runs_so_far = np.cumsum(run_start)
    at_first = np.where(first, runs_so_far, 0)
    np.maximum.accumulate(at_first, out=at_first)
    run_id = runs_so_far  # runs_so_far's own array, less the count at the worker's first
    run_id -= at_first
    del at_first, runs_so_far

    # Flag both events of an overlap: this one and the worker's immediately preceding event.
    next_overlaps = _next(overlap, first, False)

    return {
        "counted_minutes": counted,
        "contact_minutes": np.where(is_visit, counted, 0.0),
        "other_minutes": np.where(is_other, counted, 0.0),
        "gap_minutes": gap,
        "travel_counted_minutes": travel_counted,
        "waiting_minutes": waiting,
        "break_minutes": break_minutes,
        "commute_minutes": commute,
        "business_miles": business_miles,
        "run_id": run_id.astype("int64", copy=False),
        "run_start": run_start,
        "flag_overlap": overlap | next_overlaps,
        "flag_insufficient_travel": insufficient,
        "flag_travel_unknown": unknown,
    }

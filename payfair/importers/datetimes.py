"""Assembling event start and end times from the pieces exports carry. Vectorised throughout.

Handles: one date-time column, or separate date and time columns; Excel serial dates and
fractional-day times (and the datetime/time cells calamine returns); `dd/mm/yyyy` by default,
with a clear error when the dates can only be month-first (e.g. 04/13/2026); times with or
without seconds, 12-hour times with am/pm; an end time earlier than the start → the next day;
durations in minutes (or hours, by header) or `HH:MM(:SS)`; times in UTC or with an offset
converted to Europe/London (both clock changes right); naive local times localised with
non-existent spring times shifted forward and ambiguous autumn times taken as the first (BST)
occurrence, each reported as a warning.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from payfair.allocator import give_back
from payfair.errors import RotaError
from payfair.rota import is_coded, recode_text
from payfair.schema import TZ

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_SERIAL_LOW, _SERIAL_HIGH = 20000, 80000  # 1954 .. 2119
_DMY = r"^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b"
_ISO_DATE = r"^(\d{4})-(\d{1,2})-(\d{1,2})"
_TIME = r"(?:^|[T\s])(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?\s*([AaPp])?\.?[Mm]?\.?\s*$"
_OFFSET = r"(?:[Zz]|[+-]\d{2}:?\d{2})$"
_DURATION_HMS = r"^(?:(\d+)\s+days?,?\s*)?(\d{1,4}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$"
_NUMBER = r"^[+-]?\d+(?:\.\d+)?$"
_RANGE = (
    r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:-|–|—|to|until)\s*\d{1,2}[:.]\d{2}"
)

#: Years a visit may fall in: the National Minimum Wage began on 1 April 1999; a year past
#: 2100 is a typing error (9999 is a common "no end" filler). Outside them a row is rejected.
EARLIEST_EVENT = pd.Timestamp("1999-04-01")
LATEST_EVENT = pd.Timestamp("2100-01-01")
FAR_PAST, FAR_FUTURE = pd.Timestamp("1800-01-01"), pd.Timestamp("2200-01-01")
LONGEST_MINUTES = 366 * 24 * 60  # a duration over a year is not an event: not read

#: One-format passes, tried on a sample of each column; the first that reads the whole sample
#: (else the one that reads most) parses the whole column in one pyarrow call. Rows it cannot
#: read go to the regex path below. Day-first; `dayfirst=False` swaps %d/%m to %m/%d.
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M",
)  # fmt: skip
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
TIME_FORMATS = ("%H:%M", "%H:%M:%S")
SAMPLE = 1000


def as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text ("" when empty), in pandas' str dtype (Arrow strings: no Python
    object per cell). Datetime, time and number cells become their ISO / decimal text."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.dt.strftime("%Y-%m-%d %H:%M:%S").fillna("").astype("str")
    if is_coded(values):  # Parquet text read as codes: worked per category, kept coded
        return recode_text(values, as_text)
    text = values.astype("str").str.strip().fillna("")
    if (
        isinstance(values.dtype, pd.StringDtype)
        and values.dtype == text.dtype
        and not values.isna().any()
        and values.str.len().sum() == text.str.len().sum()
    ):
        # nothing was stripped (stripping only removes): keep the column's own strings, so
        # a million-row text column is not held twice while it is parsed
        text = values
    # pandas writes 'NaT' / 'nan' / 'None' for missing objects in mixed columns
    missing = text.isin(["NaT", "nan", "NaN", "None", "<NA>"])
    return text.mask(missing, "") if missing.any() else text


def piece(values: pd.Series) -> pd.Series:
    """A time piece as read: datetime columns stay typed (Parquet, Excel), the rest as text."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values
    return as_text(values)


def given(values: pd.Series) -> pd.Series:
    """Cells that hold something (a typed datetime, or non-empty text)."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.notna()
    return values != ""


def shown(values: pd.Series) -> pd.Series:
    """Cells as the user typed them, for messages (call on the few rows a message is about)."""
    return as_text(values).astype(object)


def _int(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce")


def _dates_from_parts(year, month, day) -> pd.Series:
    frame = pd.DataFrame({"year": year, "month": month, "day": day})
    ok = frame.notna().all(axis=1)
    out = pd.to_datetime(frame.where(ok).fillna(1).astype("int64"), errors="coerce")
    return out.where(ok).astype("datetime64[us]")


def _slow_dates(text: pd.Series, *, dayfirst: bool = True, where: dict | None = None) -> pd.Series:
    """Dates (midnight, naive datetime64[us]) from text of any shape payfair reads (regex per
    cell: used only for the cells the one-format pass did not read); NaT where unreadable.

    Raises RotaError when dayfirst and the day/month numbers can only be month-first."""
    where = where or {}
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    iso = text.str.extract(_ISO_DATE)
    out = out.fillna(_dates_from_parts(_int(iso[0]), _int(iso[1]), _int(iso[2])))
    dmy = text.str.extract(_DMY)
    a, b, y = _int(dmy[0]), _int(dmy[1]), _int(dmy[2])
    y = y.where(y >= 100, y + 2000)
    if dayfirst and (b > 12).any() and not (a > 12).any() and not where.get("day_over_12"):
        example = text[(b > 12).fillna(False)].iloc[0]
        raise RotaError(
            f"the dates are month-first (e.g. {example!r}: there is no month "
            f"{int(b[(b > 12).fillna(False)].iloc[0])}); payfair reads dd/mm/yyyy",
            column=where.get("column"),
            fix="export the dates as dd/mm/yyyy or yyyy-mm-dd, or, if every date in the "
            "file is month-first, put `dayfirst = false` under [options] in a mapping file",
        )
    day, month = (a, b) if dayfirst else (b, a)
    out = out.fillna(_dates_from_parts(y, month, day))
    # Excel serial day numbers (a whole date cell read as a number)
    number = pd.to_numeric(text.where(text.str.fullmatch(_NUMBER)), errors="coerce")
    serial = number.where((number >= _SERIAL_LOW) & (number < _SERIAL_HIGH))
    out = out.fillna(
        (EXCEL_EPOCH + pd.to_timedelta(np.floor(serial), unit="D")).astype("datetime64[us]")
    )
    # "6 Apr 2026", "06-Apr-2026", "6 April 2026"
    rest = text.where(out.isna() & (text != ""))
    if rest.notna().any():
        stripped = rest.str.replace(r"^[A-Za-z]{3,9},?\s+(?=\d)", "", regex=True)
        for fmt in ("%d %b %Y", "%d-%b-%Y", "%d %B %Y", "%d-%b-%y", "%d %b %y"):
            out = out.fillna(
                pd.to_datetime(stripped.str[:20], format=fmt, errors="coerce").astype(
                    "datetime64[us]"
                )
            )
    return out


def _slow_times(text: pd.Series) -> pd.Series:
    """Minutes after midnight (float) from '07:30', '7:30:00', '07.30', '7:30 pm', a date-time
    text, or an Excel fraction of a day (0.3125); NaN where blank or unreadable."""
    parts = text.str.extract(_TIME)
    h, m, s = _int(parts[0]), _int(parts[1]), _int(parts[2]).fillna(0)
    ampm = parts[3].str.lower()
    twelve = ampm.notna()
    h = h.where(~twelve, (h % 12) + np.where(ampm == "p", 12, 0))
    bad = (h > 23) | (m > 59) | (s > 59) | (twelve & (_int(parts[0]) > 12))
    minutes = (h * 60 + m + s / 60).where(~bad)
    number = pd.to_numeric(text.where(text.str.fullmatch(_NUMBER)), errors="coerce")
    fraction = number.where((number >= 0) & (number < 1)) * 1440
    serial = number.where((number >= _SERIAL_LOW) & (number < _SERIAL_HIGH))
    from_serial = (serial - np.floor(serial)) * 1440
    minutes = minutes.fillna(fraction).fillna(from_serial).round(6).astype("float64")
    return minutes.mask(text.str.contains(_RANGE, regex=True).fillna(False).astype(bool))


def _slow_durations(text: pd.Series, *, hours: bool = False) -> pd.Series:
    """Minutes (float) from '30', '30.0', '0:30', '00:30:00', '1 days 02:00:00', or hours when
    the header says so; NaN where blank or unreadable."""
    number = pd.to_numeric(text.where(text.str.fullmatch(_NUMBER)), errors="coerce")
    minutes = number * (60 if hours else 1)
    parts = text.str.extract(_DURATION_HMS)
    hms = _int(parts[0]).fillna(0) * 1440 + _int(parts[1]) * 60 + _int(parts[2])
    hms = hms + _int(parts[3]).fillna(0) / 60
    hms = hms.where(_int(parts[2]) < 60)
    return minutes.fillna(hms).astype("float64")


def has_offset(text: pd.Series) -> pd.Series:
    return text.str.contains(_OFFSET, regex=True) & text.str.contains(r"\d[:.]\d{2}", regex=True)


def _slow_datetimes(
    text: pd.Series, *, dayfirst: bool = True, where: dict | None = None
) -> tuple[pd.Series, pd.Series]:
    """(naive wall-clock datetime64[us], UTC-aware datetime64[us, UTC] for cells with an offset).

    Each is NaT where the cell is not a full date and time of that kind."""
    offset = has_offset(text)
    aware = pd.to_datetime(text.where(offset), format="ISO8601", utc=True, errors="coerce")
    plain = text.where(~offset, "")
    date = _slow_dates(plain, dayfirst=dayfirst, where=where)
    minutes = _slow_times(plain)
    # an Excel serial date-time is one number: its date and its fraction were parsed above
    naive = (date + pd.to_timedelta(minutes.round(6), unit="min")).astype("datetime64[us]")
    # a date with no time is not a start or end time (the time may be in another column)
    return naive, aware.astype("datetime64[us, UTC]")


_DAY_US, _HOUR_US = 86_400_000_000, 3_600_000_000


def _transition_candidates(naive: pd.Series) -> pd.Series:
    """Wall-clock times that can be ambiguous or missing in Europe/London: between 00:00 and
    03:00 on a Sunday from the 25th of March or October (the clocks change at 01:00 UTC on the
    last Sunday of those months). Only these need the slow checks. Worked on the int64
    microseconds (the pandas .dt fields took 50 ms a million): the hour and weekday for every
    row, the month and day only for the few early-Sunday ones."""
    us = naive.to_numpy(dtype="datetime64[us]").view(np.int64)
    day = us // _DAY_US  # days since 1970-01-01, floored
    sunday = (day + 3) % 7 == 6  # 1970-01-01 was a Thursday (Monday = 0)
    early = (us != np.iinfo(np.int64).min) & (us - day * _DAY_US < 3 * _HOUR_US) & sunday
    rows = np.flatnonzero(early)  # NaT is the smallest int64: left out above
    date = day[rows].astype("datetime64[D]")
    month = date.astype("datetime64[M]")
    month_of_year = month.view(np.int64) % 12 + 1  # months since 1970-01
    day_of_month = (date - month.astype("datetime64[D]")).view(np.int64) + 1
    near = np.zeros(len(us), dtype=bool)
    near[rows] = ((month_of_year == 3) | (month_of_year == 10)) & (day_of_month >= 25)
    return pd.Series(near, index=naive.index)


def localise(naive: pd.Series, tz: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Naive wall-clock times in `tz` → Europe/London. Returns (aware, ambiguous, nonexistent);
    ambiguous autumn times take the first (BST) occurrence, spring-gap times shift forward.
    For Europe/London and UTC, only the few times near a clock change are checked twice."""
    naive = naive.astype("datetime64[us]")
    false = pd.Series(False, index=naive.index)
    if not naive.notna().any():  # e.g. a column of times only: nothing to localise
        empty = pd.Series(pd.NaT, index=naive.index, dtype=f"datetime64[us, {TZ}]")
        return empty, false, false.copy()
    # far years cannot be localised (pandas needs Python's datetime for them): NaT here, and
    # the caller rejects the row naming the year
    naive = naive.mask(((naive < FAR_PAST) | (naive >= FAR_FUTURE)).fillna(False))
    first = naive.dt.tz_localize(
        tz, ambiguous=np.ones(len(naive), dtype=bool), nonexistent="shift_forward"
    )
    if tz == "UTC":
        return first.dt.tz_convert(TZ).astype(f"datetime64[us, {TZ}]"), false, false
    near = _transition_candidates(naive) if tz == TZ else naive.notna()
    ambiguous, nonexistent = false.copy(), false.copy()
    if near.any():
        few = naive[near]
        strict = few.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
        lenient = few.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
        unresolved = strict.isna() & few.notna()
        ambiguous[few.index] = (unresolved & lenient.isna()).to_numpy()
        nonexistent[few.index] = (unresolved & lenient.notna()).to_numpy()
    return first.dt.tz_convert(TZ).astype(f"datetime64[us, {TZ}]"), ambiguous, nonexistent


# --------------------------------------------------------------------------------------------
# One format per column: detect it from a sample, parse the whole column in one call


def _formats(formats: tuple[str, ...], dayfirst: bool) -> tuple[str, ...]:
    if dayfirst:
        return formats
    return tuple(f.replace("%d/%m", "%m/%d").replace("%d-%m", "%m-%d") for f in formats)


def _strptime(text: pd.Series, fmt: str) -> pd.Series:
    """pyarrow's strptime over the whole column (about 0.3 s per million cells on this
    machine, against 0.75 s for pandas.to_datetime with the same explicit format)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(text, type=pa.large_string(), from_pandas=True)
    parsed = pc.strptime(arr, format=fmt, unit="us", error_is_null=True)
    return pd.Series(parsed.to_numpy(zero_copy_only=False), index=text.index).astype(
        "datetime64[us]"
    )


def _sample(text: pd.Series, rows: pd.Series | None = None) -> pd.Series | None:
    """The cells a column's format is chosen on: the first filled ones, and filled ones
    spread over the column (SAMPLE of each at most); of `rows` only when given (as if
    `text[rows]` had been passed). None for typed (datetime) cells: they need no format."""
    if pd.api.types.is_datetime64_any_dtype(text.dtype):
        return None
    filled = (text != "").to_numpy(dtype=bool)
    if rows is not None:
        filled = filled & rows.to_numpy(dtype=bool)
    filled = np.flatnonzero(filled)
    if not len(filled):
        return text.iloc[:0]
    step = max(1, len(filled) // SAMPLE)
    sample = text.iloc[np.concatenate([filled[: SAMPLE // 2], filled[::step][:SAMPLE]])]
    return sample.astype("str") if is_coded(sample) else sample


def _one_format(
    text: pd.Series, formats: tuple[str, ...], sample: pd.Series | None = None
) -> tuple[pd.Series, str | None]:
    """(parsed naive datetimes, the format) for the format that reads a sample of the column
    best; NaT where that format does not read the cell (or it is blank). `sample`: the cells
    to choose on, when `text` holds a column's distinct values (default: drawn from `text`)."""
    if sample is None:
        sample = _sample(text)
    if sample.empty:
        return pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]"), None
    best, best_read = None, 0
    for fmt in formats:  # a handful of formats, each over the sample only
        read = int(_strptime(sample, fmt).notna().sum())
        if read > best_read:
            best, best_read = fmt, read
        if read == len(sample):
            break
    if best is None:
        return pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]"), None
    return _strptime(text, best), best


def _per_distinct(values: pd.Series, parse, **options):
    """`parse` (a function of a text column giving a Series or a tuple of Series, one value
    per cell) worked once per distinct cell, then spread back over the rows by code.

    Why: a rota's date and time cells repeat (a quarter's dates, a day's minutes, about
    30,000 distinct start times in a million visits), and parsing costs per cell. The
    format is still chosen on a sample of the rows, as for the whole column; parsing is
    per cell, so every row gets the value its own cell would have given. Text columns
    only: in an object column 1 and 1.0 are one distinct value but different cells."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)  # a coded column: its codes
    done = parse(pd.Series(uniques, dtype="str" if is_coded(values) else values.dtype), **options)

    def spread(part: pd.Series) -> pd.Series:
        if not part.notna().any():  # nothing read (e.g. times-only cells as date-times)
            return pd.Series(None, index=values.index, dtype=part.dtype)  # NaT or NaN
        return pd.Series(part.array.take(codes), index=values.index)

    return tuple(spread(p) for p in done) if isinstance(done, tuple) else spread(done)


def _distinct_worthwhile(values: pd.Series) -> bool:
    """Whether to parse per distinct value: long text columns, and coded ones at any length
    (their values are parsed as text, never as the codes)."""
    return is_coded(values) or (isinstance(values.dtype, pd.StringDtype) and len(values) > SAMPLE)


def _day_over_12(parsed: pd.Series, fmt: str | None) -> bool:
    """The one-format pass read a day-first date whose day is over 12: the file is day-first."""
    return bool(
        fmt and "%d" in fmt and fmt.index("%d") < fmt.index("%m") and (parsed.dt.day > 12).any()
    )


def parse_datetimes(
    values: pd.Series,
    *,
    dayfirst: bool = True,
    where: dict | None = None,
    sample: pd.Series | None = None,
) -> tuple[pd.Series, pd.Series]:
    """(naive wall-clock datetime64[us], UTC-aware datetime64[us, UTC] for cells with an offset).

    Each is NaT where the cell is not a full date and time of that kind. Typed datetime
    columns pass straight through; text is parsed one format per column, the rest by regex."""
    index = values.index
    naive_none = pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
    aware_none = pd.Series(pd.NaT, index=index, dtype="datetime64[us, UTC]")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return naive_none, values.dt.tz_convert("UTC").astype("datetime64[us, UTC]")
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return values.astype("datetime64[us]"), aware_none
    if sample is None and _distinct_worthwhile(values):
        return _per_distinct(
            values, parse_datetimes, dayfirst=dayfirst, where=where, sample=_sample(values)
        )
    naive, fmt = _one_format(values, _formats(DATETIME_FORMATS, dayfirst), sample)
    rest = (values != "") & naive.isna()
    if rest.any():  # a plain time ('07:30') is not a date-time: no need for the regex path
        times, _ = _one_format(values[rest], TIME_FORMATS)
        rest[times.index[times.notna().to_numpy()]] = False
    if not rest.any():
        return naive, aware_none
    where = {**(where or {}), "day_over_12": _day_over_12(naive, fmt)}
    slow_naive, slow_aware = _slow_datetimes(values[rest], dayfirst=dayfirst, where=where)
    return naive.fillna(slow_naive), aware_none.fillna(slow_aware)


def parse_dates(
    values: pd.Series,
    *,
    dayfirst: bool = True,
    where: dict | None = None,
    sample: pd.Series | None = None,
) -> pd.Series:
    """Dates (midnight, naive datetime64[us]); NaT where blank or unreadable.

    Raises RotaError when dayfirst and the day/month numbers can only be month-first."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return values.dt.normalize().astype("datetime64[us]")
    if sample is None and _distinct_worthwhile(values):
        return _per_distinct(
            values, parse_dates, dayfirst=dayfirst, where=where, sample=_sample(values)
        )
    parsed, fmt = _one_format(values, _formats(DATE_FORMATS, dayfirst), sample)
    rest = (values != "") & parsed.isna()
    if not rest.any():
        return parsed
    where = {**(where or {}), "day_over_12": _day_over_12(parsed, fmt)}
    return parsed.fillna(_slow_dates(values[rest], dayfirst=dayfirst, where=where))


def parse_times(values: pd.Series, *, sample: pd.Series | None = None) -> pd.Series:
    """Minutes after midnight (float) from '07:30', '7:30:00', '07.30', '7:30 pm', a date-time,
    or an Excel fraction of a day (0.3125); NaN where blank, unreadable or a time range.
    `sample`: the cells to choose the format on, when `values` are some rows of a column
    whose format was chosen on others (default: drawn from `values`)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return ((values - values.dt.normalize()) / pd.Timedelta(minutes=1)).astype("float64")
    if _distinct_worthwhile(values):
        sample = _sample(values) if sample is None else sample
        return _per_distinct(values, _text_times, sample=sample)
    return _text_times(values, sample=sample)


def _text_times(values: pd.Series, *, sample: pd.Series | None = None) -> pd.Series:
    """parse_times for text cells; the format is chosen on `sample` when given."""
    parsed, _ = _one_format(values, TIME_FORMATS, sample)
    minutes = ((parsed - parsed.dt.normalize()) / pd.Timedelta(minutes=1)).astype("float64")
    rest = (values != "") & minutes.isna()
    if not rest.any():
        return minutes
    return minutes.fillna(_slow_times(values[rest]))


def parse_durations(values: pd.Series, *, hours: bool = False) -> pd.Series:
    """Minutes (float) from '30', '30.0', '0:30', '00:30:00', '1 days 02:00:00', or hours when
    the header says so; NaN where blank or unreadable."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values):
        return values.astype("float64") * (60 if hours else 1)
    if _distinct_worthwhile(values):
        return _per_distinct(values, _text_durations, hours=hours)
    return _text_durations(values, hours=hours)


def _text_durations(values: pd.Series, *, hours: bool = False) -> pd.Series:
    """parse_durations for text cells."""
    number = pd.to_numeric(values.where(values != ""), errors="coerce").astype("float64")
    minutes = number * (60 if hours else 1)
    rest = (values != "") & minutes.isna()
    if not rest.any():
        return minutes
    return minutes.fillna(_slow_durations(values[rest], hours=hours))


def time_range(values: pd.Series) -> pd.Series:
    """Cells holding a time range ('07:30 - 08:00'): never read as one time."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return pd.Series(False, index=values.index)
    return values.str.contains(_RANGE, regex=True).fillna(False).astype(bool)


# --------------------------------------------------------------------------------------------
# Assembling start and end from the columns a layout has


def _spread(part: pd.Series, index: pd.Index) -> pd.Series:
    """A boolean Series over some rows, spread over all rows (False elsewhere)."""
    out = pd.Series(False, index=index)
    if len(part):
        out[part.index[part.to_numpy()]] = True
    return out


class Assembled:
    """start/end (tz-aware Europe/London), and per-row problems and warnings."""

    def __init__(self, index: pd.Index) -> None:
        self.index = index
        self.start = pd.Series(pd.NaT, index=index, dtype=f"datetime64[us, {TZ}]")
        self.end = self.start.copy()
        self.bad = pd.Series(False, index=index)  # rows with a problem (reason != "")
        self.warnings: list[tuple[pd.Series, pd.Series, str]] = []  # (mask, reason, column)
        self.headers: dict[str, str] = {}
        # made when a first problem is found: a clean rota needs no million-row texts of ""
        self._reason: pd.Series | None = None
        self._column: pd.Series | None = None

    @property
    def reason(self) -> pd.Series:
        if self._reason is None:
            self._reason = pd.Series("", index=self.index, dtype=object)
        return self._reason

    @reason.setter
    def reason(self, value: pd.Series) -> None:
        self._reason = value

    @property
    def column(self) -> pd.Series:
        if self._column is None:
            self._column = pd.Series("", index=self.index, dtype=object)
        return self._column

    @column.setter
    def column(self, value: pd.Series) -> None:
        self._column = value


def _groups(fields: dict[str, str], use_planned: bool) -> list[tuple]:
    """(name, start field, end field, duration field) in order of preference."""
    order = ("planned", "actual") if use_planned else ("actual", "planned")
    groups = []
    for g in (*order, ""):
        suffix = f"_{g}" if g else ""
        own = [f"{p}{suffix}" for p in ("start", "end", "duration") if f"{p}{suffix}" in fields]
        if g and not own:
            continue
        start = f"start{suffix}" if f"start{suffix}" in fields else "start"
        end = f"end{suffix}" if f"end{suffix}" in fields else None
        duration = f"duration{suffix}" if f"duration{suffix}" in fields else None
        if end is None and duration is None:
            end = "end" if "end" in fields else None
            duration = "duration" if (end is None and "duration" in fields) else None
        if start in fields and (end or duration):
            groups.append((g, start, end, duration))
    return groups


def _far_apart(naive: pd.Series, aware: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(wall-clock time of each cell, for the year check; aware times with far years blanked:
    pandas cannot convert them to Europe/London)."""
    wall = naive.fillna(aware.dt.tz_localize(None))
    far = ((wall < FAR_PAST) | (wall >= FAR_FUTURE)).fillna(False)
    return wall, aware.mask(far)


def _ends_after(
    start: pd.Series, naive_e: pd.Series, tz: str
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Localise naive ends; an ambiguous autumn end that would not be after its start (taken
    as BST) is the second, GMT, occurrence: 01:50 BST → 01:20 GMT is 30 minutes (rules §2).

    Returns (end, ambiguous taken as BST, ambiguous taken as GMT, nonexistent)."""
    local_e, amb_e, non_e = localise(naive_e, tz)
    return (*_second_occurrence(start, local_e, amb_e), non_e)


def _second_occurrence(
    start: pd.Series, local_e: pd.Series, amb_e: pd.Series
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(end, ambiguous taken as BST, ambiguous taken as GMT) from localised ends (`localise`):
    an ambiguous end not after its start is the second, GMT, occurrence (see _ends_after)."""
    second = amb_e & (local_e <= start).fillna(False).astype(bool)
    if second.any():  # only on the autumn night
        local_e = local_e.mask(second, local_e + pd.Timedelta(hours=1))
    return local_e, amb_e & ~second, second


def _cells(values: pd.Series, work, **options) -> tuple[pd.Series, ...]:
    """`work` (a function of a column giving a tuple of Series, each cell's values depending
    on that cell alone) once per distinct cell of a long text column, else on the column."""
    if _distinct_worthwhile(values):
        return _per_distinct(values, work, sample=_sample(values), **options)
    return work(values, **options)


def _start_cells(
    values: pd.Series, *, tz: str, dayfirst: bool, where: dict, sample: pd.Series | None = None
) -> tuple[pd.Series, ...]:
    """(naive wall-clock time, wall time for the year check, start in Europe/London,
    ambiguous, nonexistent) of start cells that hold a date and a time each."""
    naive, aware = parse_datetimes(values, dayfirst=dayfirst, where=where, sample=sample)
    wall, aware = _far_apart(naive, aware)
    local, ambiguous, nonexistent = localise(naive, tz)
    start = local.where(aware.isna(), aware.dt.tz_convert(TZ))
    return naive, wall, start, ambiguous, nonexistent


def _end_cells(
    values: pd.Series, *, tz: str, dayfirst: bool, where: dict, sample: pd.Series | None = None
) -> tuple[pd.Series, ...]:
    """(wall time for the year check, localised naive time, time with an offset in
    Europe/London's zone check (far years blanked), ambiguous, nonexistent, whether the cell
    holds a full date and time) of end cells."""
    naive, aware = parse_datetimes(values, dayfirst=dayfirst, where=where, sample=sample)
    full = naive.notna() | aware.notna()
    wall, near = _far_apart(naive, aware)
    local, ambiguous, nonexistent = localise(naive, tz)
    return wall, local, near, ambiguous, nonexistent, full


def _on_every_row(values: pd.Series, rows: np.ndarray, index: pd.Index) -> pd.Series:
    """`values`, worked out for the rows where `rows` is True (in row order), placed on
    every row of `index` by position; NaT (times) or False (flags) on the others. Why: by
    position in numpy it takes milliseconds, where reindexing by label took 80 ms a column."""
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):  # flags
        flags = np.zeros(len(index), dtype=bool)
        flags[rows] = values.fillna(False).to_numpy(dtype=bool)
        return pd.Series(flags, index=index)
    # int64 microseconds: wall-clock for naive times, since 1970 UTC for aware ones
    micros = np.full(len(index), np.iinfo(np.int64).min, dtype=np.int64)  # NaT
    micros[rows] = values.array.as_unit("us").asi8
    every = pd.Series(micros.view("datetime64[us]"), index=index)
    tz = getattr(values.dtype, "tz", None)
    return every if tz is None else every.dt.tz_localize("UTC").dt.tz_convert(tz)


def assemble(
    texts: dict[str, pd.Series],
    fields: dict[str, str],
    *,
    tz: str = TZ,
    dayfirst: bool = True,
    use_planned: bool = False,
) -> Assembled:
    """Start and end per row from the time pieces present (`texts`: field → cells from
    `piece()`, `fields`: field → the user's header). Actual times are used where the row has
    them, else planned (or the reverse with `use_planned`).

    Every path gives the same real (UTC) times across both clock changes: a full date-time, a
    date with separate times, a start with a duration (elapsed time), and UTC exports."""
    index = next(iter(texts.values())).index
    out = Assembled(index)
    groups = _groups(fields, use_planned)
    if not groups:
        return out
    g0 = groups[0]
    out.headers = {"start": fields[g0[1]], "end": fields[g0[2] or g0[3]]}
    date = None
    if "date" in fields:
        date = parse_dates(texts["date"], dayfirst=dayfirst, where={"column": fields["date"]})
    chosen = pd.Series(False, index=index)
    for _, s_field, e_field, d_field in groups:
        s_text = texts[s_field]
        e_text = texts[e_field or d_field]
        present = given(s_text) & given(e_text) & ~chosen
        if not present.any():
            continue
        # Times are worked out on the rows of this group only (a planned group is usually a
        # few rows without actual times); cells are parsed per whole column, so that the
        # format chosen and the month-first check are those of the column.
        rows = present.to_numpy()
        every = bool(rows.all())

        def part(values: pd.Series, rows=rows, every=every) -> pd.Series:
            return values if every else values[rows]

        s_head, e_head = fields[s_field], fields[e_field or d_field]
        options = {"tz": tz, "dayfirst": dayfirst}
        if date is None:
            # a start read from its own cell alone: parsed and localised once per distinct cell
            naive_s, wall_s, start, amb_s, non_s = (
                part(v) for v in _cells(s_text, _start_cells, where={"column": s_head}, **options)
            )
        else:
            naive_s, aware_s = parse_datetimes(s_text, dayfirst=dayfirst, where={"column": s_head})
            need = naive_s.isna() & aware_s.isna()
            sample = _sample(s_text, need)
            need, naive_s, aware_s = part(need), part(naive_s), part(aware_s)
            start_minutes = parse_times(part(s_text)[need], sample=sample)
            naive_s = naive_s.fillna(
                (part(date)[need] + pd.to_timedelta(start_minutes, unit="min")).astype(
                    "datetime64[us]"
                )
            )
            del need, start_minutes
            wall_s, aware_s = _far_apart(naive_s, aware_s)
            local_s, amb_s, non_s = localise(naive_s, tz)
            start = local_s.where(aware_s.isna(), aware_s.dt.tz_convert(TZ))
            # intermediates are let go as soon as they are used: at a million rows each is
            # 8 MB, and a group makes about thirty of them
            del local_s, aware_s

        if e_field is not None:
            # the end cell's own date and time, parsed and localised once per distinct cell
            wall_e, local_e, near_e, amb_e, non_e, full = _cells(
                e_text, _end_cells, where={"column": e_head}, **options
            )
            time_only = ~full & given(e_text)
            sample = _sample(e_text, time_only) if time_only.any() else None
            wall_e, local_e, near_e, amb_e, non_e, time_only = (
                part(v) for v in (wall_e, local_e, near_e, amb_e, non_e, time_only)
            )
            end, amb_e, second_e = _second_occurrence(start, local_e, amb_e)
            end = end.where(near_e.isna(), near_e.dt.tz_convert(TZ))
            del local_e, near_e, full
            if time_only.any():
                # an end time with no date of its own: on the start's day, unless that is not
                # after the start in real time (then the next day), so 01:50 BST → 01:20 GMT on
                # the autumn night is 30 minutes, not 24.5 hours
                end_minutes = parse_times(part(e_text)[time_only], sample=sample)
                base = naive_s[time_only].dt.normalize()
                same_day = (base + pd.to_timedelta(end_minutes, unit="min")).astype(
                    "datetime64[us]"
                )
                e1, a1, s1, n1 = _ends_after(start[time_only], same_day, tz)
                late = (e1 <= start[time_only]).fillna(False).astype(bool)
                # the next day's end, worked out only where the same day's is not after the
                # start (overnight visits: a few), NaT / False on the other rows (not used)
                on_late = late.to_numpy()
                e2, a2, s2, n2 = (
                    _on_every_row(v, on_late, late.index)
                    for v in _ends_after(
                        start[time_only][on_late], same_day[on_late] + pd.Timedelta(days=1), tz
                    )
                )
                end = end.where(~time_only, e1.where(~late, e2))
                amb_e = amb_e.where(~time_only, a1.where(~late, a2))
                second_e = second_e.where(~time_only, s1.where(~late, s2))
                non_e = non_e.where(~time_only, n1.where(~late, n2))
                del end_minutes, base, same_day, e1, a1, s1, n1, late, e2, a2, s2, n2
        else:
            hours = bool(re.search(r"hours|hrs", fields[d_field], re.I))
            minutes = parse_durations(part(e_text), hours=hours)
            minutes = minutes.where(minutes.abs() < LONGEST_MINUTES)
            end = start + pd.to_timedelta(minutes, unit="min")  # elapsed time: DST-safe
            amb_e = second_e = non_e = pd.Series(False, index=start.index)
            wall_e = pd.Series(pd.NaT, index=start.index, dtype="datetime64[us]")
        del naive_s
        if not every:
            # back over every row: the rows of other groups are never looked at below (each
            # use is `present & ...`), they hold NaT / False
            start, end, wall_s, wall_e, amb_s, non_s, amb_e, second_e, non_e = (
                _on_every_row(v, rows, index)
                for v in (start, end, wall_s, wall_e, amb_s, non_s, amb_e, second_e, non_e)
            )

        # years outside those payfair reads (checked first: such times are not localised)
        for value, head, wall in ((start, s_head, wall_s), (end, e_head, wall_e)):
            wall = wall.fillna(value.dt.tz_localize(None))  # noqa: PLW2901
            outside = present & ((wall < EARLIEST_EVENT) | (wall >= LATEST_EVENT)).fillna(False)
            _problem(
                out,
                outside,
                lambda m, wall=wall, head=head: (
                    head
                    + " is in the year "
                    + wall[m].dt.year.astype(str)
                    + f": payfair reads visits from {EARLIEST_EVENT:%d %B %Y} (when the National "
                    f"Minimum Wage began) to {LATEST_EVENT.year - 1}; check the date"
                ),
                head,
            )
        # problems, named by the user's header and showing the cell as they typed it
        bad_start = present & start.isna()
        if date is not None:
            date_text = texts["date"]
            date_blank = present & ~given(date_text) & start.isna()
            date_bad = present & given(date_text) & date.isna() & bad_start
            _problem(out, date_blank, f"{fields['date']} is empty: give the date", fields["date"])
            _problem(
                out,
                date_bad,
                lambda m, date_text=date_text: (
                    fields["date"] + " '" + shown(date_text[m]) + "' is not a date payfair "
                    "reads: write it as dd/mm/yyyy (e.g. 06/04/2026) or yyyy-mm-dd"
                ),
                fields["date"],
            )
            bad_start &= ~date_blank & ~date_bad
        for head, text, value in ((s_head, s_text, start), (e_head, e_text, end)):
            unread = present & value.isna()  # a range is never read: look only where unread
            ranged = _spread(time_range(text[unread]), index)
            _problem(
                out,
                ranged,
                lambda m, head=head, text=text: head + " '" + shown(text[m]) + _RANGE_WORDS,
                head,
            )
        _problem(
            out,
            bad_start,
            lambda m, s_head=s_head, s_text=s_text: (
                s_head + " '" + shown(s_text[m]) + "' is not a time payfair reads: write "
                "it as 08:00, 08:00:00 or 06/04/2026 08:00"
            ),
            s_head,
        )
        bad_end = present & end.isna() & ~bad_start
        what = (
            "a time payfair reads: write it as 08:30 or 06/04/2026 08:30"
            if e_field is not None
            else "a duration payfair reads: write minutes (30) or hours and minutes (0:30)"
        )
        _problem(
            out,
            bad_end,
            lambda m, e_head=e_head, e_text=e_text, what=what: (
                e_head + " '" + shown(e_text[m]) + f"' is not {what}"
            ),
            e_head,
        )
        notes = (
            (amb_s & present, s_head, s_text, start, _FIRST_BST),
            (amb_e & present, e_head, e_text, end, _FIRST_BST),
            (second_e & present, e_head, e_text, end, _SECOND_GMT),
            (non_s & present, s_head, s_text, start, _SPRING_GAP),
            (non_e & present, e_head, e_text, end, _SPRING_GAP),
        )
        for mask, head, text, value, words in notes:
            if mask.any():
                used = value[mask].dt.strftime("%H:%M %Z")
                out.warnings.append(
                    (
                        mask,
                        head + " '" + shown(text[mask]) + "'" + words + used + _TAIL[words],
                        head,
                    )
                )
        out.start = out.start.where(~present, start)
        out.end = out.end.where(~present, end)
        chosen |= present
        give_back(len(index))  # this group's intermediates, before the next group's

    # a row with no end whose start holds a time range ('07:30 - 08:00'): say so
    for _, s_field, e_field, d_field in groups:
        for field in (s_field, e_field or d_field):
            text = texts[field]
            ranged = _spread(time_range(text[~chosen]), index)
            _problem(
                out,
                ranged,
                lambda m, head=fields[field], text=text: (
                    head + " '" + shown(text[m]) + _RANGE_WORDS
                ),
                fields[field],
            )
    starts = " or ".join(dict.fromkeys(fields[g[1]] for g in groups))
    ends = " or ".join(dict.fromkeys(fields[g[2] or g[3]] for g in groups))
    _problem(
        out,
        ~chosen,
        f"no start and end: {starts} and {ends} are empty (give both, or mark the row "
        "cancelled with its planned times)",
        None,
    )
    return out


_RANGE_WORDS = (
    "' holds a time range, not one time: give the start and the end in their own columns (a "
    "mapping file can name them)"
)
_FIRST_BST = " happens twice when the clocks go back; payfair used the first one, "
_SECOND_GMT = (
    " happens twice when the clocks go back; the first one would not be after the start, so "
    "payfair used the second one, "
)
_SPRING_GAP = " does not exist (the clocks go forward from 01:00 to 02:00); payfair used "
_TAIL = {
    _FIRST_BST: ": give a UTC offset (e.g. +00:00) to choose the second",
    _SECOND_GMT: ": give a UTC offset (e.g. +01:00) to choose the first",
    _SPRING_GAP: ", the first time after the gap: check the time",
}


def _problem(out: Assembled, mask: pd.Series, reason, column: str | None) -> None:
    """Record `reason` (text, or a function of the row mask giving one text per row, so that
    messages are built only for the rows they are about) on rows without a problem yet."""
    mask = mask.fillna(False).astype(bool) & ~out.bad
    if not mask.any():
        return
    text = reason if isinstance(reason, str) else reason(mask).astype(object)
    reasons = out.reason.to_numpy(copy=True)
    reasons[mask.to_numpy()] = text if isinstance(text, str) else text.to_numpy()
    out.reason = pd.Series(reasons, index=out.reason.index, dtype=object)
    out.column = out.column.mask(mask, column or "")
    out.bad = out.bad | mask

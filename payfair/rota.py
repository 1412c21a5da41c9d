"""The canonical rota: typing and validating events and workers, rejecting bad rows with reasons.

Input: a DataFrame whose columns already carry canonical names (see payfair.schema and
docs/ARCHITECTURE.md), with values still as read from the file (strings, numbers, datetimes),
and a `source_row` column. Output: typed canonical events, plus rejected rows.

Every check is vectorised over the whole column; a row with several problems is rejected once,
with the problems joined by "; " (so `rows_read == len(events) + len(rejected)` always holds).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from payfair.allocator import give_back
from payfair.errors import RotaError, concat_rejections, empty_rejections, rejections_frame
from payfair.schema import (
    EVENT_COLUMNS,
    OPTIONAL_EVENT_COLUMNS,
    REQUIRED_EVENT_COLUMNS,
    TZ,
)
from payfair.vocabulary import classify_distinct

#: Optional numeric columns and their value when blank (ARCHITECTURE.md "Canonical events").
NUMERIC_DEFAULTS: dict[str, float] = {
    "travel_minutes": np.nan,
    "travel_miles": np.nan,
    "pay": np.nan,
    "premium_pay": 0.0,
    "allowance_pay": 0.0,
    "mileage_pay": np.nan,
    "deduction": 0.0,
}
MONEY_COLUMNS = ("pay", "premium_pay", "allowance_pay", "mileage_pay", "deduction")

DATE_TIME_FORMATS_HINT = (
    "2026-04-06 08:00 (ISO 8601, optionally with an offset or Z) or 06/04/2026 08:00"
)
EMPTY_ID_FIX = "is empty: give the worker's ID or name"
UK_DATE_TIME_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")
UK_DATE_FORMATS = ("%d/%m/%Y",)

CANCELLED_UNPAID_REASON = "cancelled and unpaid: not working time"
AMBIGUOUS_WARNING = (
    " happens twice when the clocks go back; payfair took the first (BST) one: "
    "give a UTC offset (e.g. +00:00) to choose the second"
)
AMBIGUOUS_SECOND_WARNING = (
    " happens twice when the clocks go back; payfair took the second (GMT) one, as the first "
    "would be before the start: give a UTC offset (e.g. +01:00) to choose the first"
)
NONEXISTENT_WARNING = (
    " does not exist (the clocks go forward at 01:00); payfair moved it to 02:00 BST: "
    "check the time"
)

_OFFSET_RE = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|z|[+-]\d{2}(?::?\d{2})?)$"
_TRUE_WORDS = ("true", "yes", "y", "1", "t")
_FALSE_WORDS = ("false", "no", "n", "0", "f", "")


@dataclass
class Source:
    """Where rows came from, for error messages: the file's name and the sheet (Excel only)."""

    file: str
    sheet: str | None = None


@dataclass
class RotaRead:
    """Everything read from one rota: the usable events, the workers (if any), and every row
    that could not be used, with the reason. `rows_read == len(events) + len(rejected)`."""

    events: pd.DataFrame
    rows_read: int
    rejected: pd.DataFrame = field(default_factory=empty_rejections)
    warnings: pd.DataFrame = field(default_factory=empty_rejections)
    workers: pd.DataFrame | None = None
    layout: str = "canonical"
    mapping: dict[str, str] = field(default_factory=dict)
    source: Source | None = None
    #: `source_row` of the rows whose start and end are planned (rostered) times because the
    #: actual (call-monitoring) times were blank. Filled by the importers; the engine shows it
    #: (Analysis.warnings, per-period flag `planned_times`). Empty when unknown.
    planned_rows: list[int] = field(default_factory=list)
    #: The events' positions by worker, then start second (ties in row order), when
    #: validation sorted them (`by_worker_then_start`): the importers' warnings reuse the
    #: order, then let it go. None when not known.
    by_worker_start: np.ndarray | None = field(default=None, repr=False)

    @property
    def rows_used(self) -> int:
        return len(self.events)


# --------------------------------------------------------------------------------------------
# Problem collection: one reason string and one column string per row, built column by column.


class _Problems:
    """Accumulates per-row problems without loops over rows."""

    def __init__(self, index: pd.Index, headers: dict[str, str] | None) -> None:
        self.headers = headers or {}
        self.index = index
        # the reason and column texts are made when a first problem is found (a clean rota
        # needs no million-row columns of ""); rows with a reason are kept as a boolean
        self._reason: pd.Series | None = None
        self._column: pd.Series | None = None
        self._bad = np.zeros(len(index), dtype=bool)

    @property
    def reason(self) -> pd.Series:
        if self._reason is None:
            self._reason = pd.Series("", index=self.index, dtype=object)
        return self._reason

    @property
    def column(self) -> pd.Series:
        if self._column is None:
            self._column = pd.Series("", index=self.index, dtype=object)
        return self._column

    def header(self, canonical: str) -> str:
        return self.headers.get(canonical, canonical)

    def add(
        self,
        mask: pd.Series,
        reason: str | pd.Series,
        canonical: str | None,
        value: pd.Series | None = None,
        after: str | pd.Series = "",
    ) -> None:
        """Record a problem on the rows in `mask`. The reason is `reason`, or when `value` is
        given, `reason` + the row's value in quotes + `after`. Work is done on `mask` rows only."""
        mask = pd.Series(mask, index=self.index).fillna(False).astype(bool)
        if not mask.any():
            return
        if isinstance(reason, pd.Series):
            text: pd.Series | str = reason[mask].astype(object)
        elif value is None:
            text = reason
        else:
            tail = after[mask].astype(str).astype(object) if isinstance(after, pd.Series) else after
            text = reason + _quote(value[mask]) + tail
        current = self.reason[mask]
        sep = np.where(current == "", "", "; ")
        joined = current + sep + text
        self.reason.loc[mask] = joined
        self._bad[mask.to_numpy()] = (joined != "").to_numpy()
        if canonical is not None:
            name = self.header(canonical)
            columns = self.column[mask]
            already = (", " + columns + ", ").str.contains(", " + name + ", ", regex=False)
            csep = np.where(columns == "", "", ", ")
            self.column.loc[mask] = columns.where(already, columns + csep + name)

    @property
    def bad(self) -> pd.Series:
        return pd.Series(self._bad.copy(), index=self.index)

    def frame(self, source_row: pd.Series, source: Source) -> pd.DataFrame:
        bad = self.bad
        if not bad.any():
            return empty_rejections()
        out = rejections_frame(
            source_row[bad], self.reason[bad], file=source.file, sheet=source.sheet
        )
        column = self.column[bad].reset_index(drop=True).astype("string")
        out["column"] = column.mask(column == "")
        return out


def is_coded(values: pd.Series) -> bool:
    """A column held as codes into its distinct values (pandas Categorical): Parquet text read
    from the file's own dictionary pages, and the canonical events' text columns."""
    return isinstance(values.dtype, pd.CategoricalDtype)


def _codes_of(values: pd.Series) -> np.ndarray:
    """A coded column's codes as they are held (`.cat.codes` makes a Series copy of them)."""
    return values.array.codes


def _categories_and_missing(values: pd.Series) -> pd.Series:
    """A coded column's categories as str, with one missing value last: code -1 (missing)
    then picks that last entry when results are taken by code."""
    categories = values.cat.categories.to_numpy(dtype=object)
    return pd.Series(np.append(categories, None), dtype="str")


def codes_and_distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(an int code per row, the distinct values as a Series): equal values have equal codes,
    missing is a value of its own. A coded column's own codes and categories (plus one missing
    value last), else pandas' factorize (distinct values in order of appearance). For steps
    that work on each distinct value alone, where the order and unused values do not matter."""
    if is_coded(values):
        codes = _codes_of(values)
        categories = _categories_and_missing(values)
        if len(codes) and codes.min() < 0:  # missing: the last entry
            codes = np.where(codes < 0, len(categories) - 1, codes)
        return codes, categories
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes, pd.Series(uniques, dtype=values.dtype)


def per_category(values: pd.Series, fn) -> np.ndarray:
    """`fn` (a vectorised function of a text Series giving one value per cell) worked once
    per category of a coded column and taken by code: one value per row, as a numpy array.
    Why: a million rows hold a few thousand distinct values, and the rows' strings are
    never built."""
    done = np.asarray(fn(_categories_and_missing(values)))
    return done[_codes_of(values)]


def recode_text(values: pd.Series, fn) -> pd.Series:
    """`fn` (a vectorised text function giving pandas str) worked once per category of a
    coded column, the result coded again: categories that give one text (' C1' and 'C1')
    become one; a missing result is code -1."""
    categories = _categories_and_missing(values)
    done = fn(categories)
    old_codes = _codes_of(values)
    same = done.iloc[:-1].to_numpy(dtype=object) == categories.iloc[:-1].to_numpy(dtype=object)
    if same.all() and values.cat.categories.dtype == "str" and (old_codes >= 0).all():
        # every category kept as it is and no cell missing (text with nothing to strip, the
        # usual case): the column is its own answer, no row is touched
        return values
    codes, uniques = pd.factorize(done)  # missing results: -1
    rows = codes[old_codes]  # code -1 takes the missing value's result
    dtype = pd.CategoricalDtype(pd.Index(uniques, dtype=str))
    # validate=False: the codes index `uniques` by construction (a check costs a pass)
    return pd.Series(
        pd.Categorical.from_codes(rows, dtype=dtype, validate=False), index=values.index
    )


def _text(s: pd.Series) -> pd.Series:
    """Values as stripped strings (missing → ""); a coded column stays coded."""
    if is_coded(s):
        return recode_text(s, _text)
    return s.astype("string").str.strip().fillna("")


def per_distinct(values: pd.Series, fn) -> pd.Series:
    """`fn` (a vectorised text function) applied once per distinct value and mapped back: ids
    repeat (thousands of workers, a million rows), and Python-regex steps cost per cell."""
    if is_coded(values):
        return recode_text(values, fn)
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    done = fn(pd.Series(uniques, dtype=values.dtype)).to_numpy()
    return pd.Series(done[codes], index=values.index).astype(values.dtype)


def _id_text(s: pd.Series) -> pd.Series:
    """Identifiers as text; whole numbers read as floats (101.0) become "101"."""
    if pd.api.types.is_float_dtype(s.dtype) and (s.dropna() % 1 == 0).all():
        s = s.astype("Int64")
    return _text(s)


def _quote(text: pd.Series) -> pd.Series:
    return "'" + text.astype(str).astype(object) + "'"


# --------------------------------------------------------------------------------------------
# Dates and times


def parse_local_datetimes(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Parse date-times to tz-aware Europe/London, vectorised.

    Returns (parsed, blank, ambiguous, nonexistent): `parsed` is NaT where blank or unparseable;
    `ambiguous` marks naive autumn times that occur twice (taken as the first, BST, occurrence);
    `nonexistent` marks naive spring times that do not exist (shifted forward to 02:00 BST).
    """
    index = values.index
    false = pd.Series(False, index=index)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        parsed = values.dt.tz_convert(TZ)
        return parsed.astype(f"datetime64[us, {TZ}]"), values.isna(), false, false
    if pd.api.types.is_datetime64_dtype(values.dtype):
        naive = values.astype("datetime64[us]")
        blank = values.isna()
        aware, ambiguous, nonexistent = _localise(naive)
        return aware, blank, ambiguous, nonexistent

    text = _text(values)
    blank = (text == "").astype(bool)
    has_offset = text.str.contains(_OFFSET_RE, regex=True).astype(bool)

    # Offset strings (possibly mixed offsets): to UTC, then to London.
    aware_part = pd.to_datetime(
        text.where(has_offset & ~blank), format="ISO8601", utc=True, errors="coerce"
    ).dt.tz_convert(TZ)

    # Naive strings: ISO 8601 first, then the UK formats.
    candidates = ~has_offset & ~blank
    uk = candidates & text.str.match(r"\d{1,2}/\d{1,2}/\d{4}").astype(bool)
    naive = _parse_formats(text, candidates & ~uk, ("ISO8601",))
    naive = naive.fillna(_parse_formats(text, uk, UK_DATE_TIME_FORMATS))
    local, ambiguous, nonexistent = _localise(naive)
    parsed = local.where(~has_offset, aware_part.astype(f"datetime64[us, {TZ}]"))
    return parsed, blank, ambiguous & ~has_offset, nonexistent & ~has_offset


def _parse_formats(text: pd.Series, rows: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Parse `text[rows]` trying each format in turn on what is still unparsed (naive, us)."""
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    todo = rows.copy()
    for fmt in formats:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce").astype("datetime64[us]")
        out.loc[todo] = parsed
        todo = todo & out.isna()
    return out


def _localise(naive: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Localise naive London wall-clock times: spring gap → shift forward; autumn repeat → BST."""
    strict = naive.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="NaT")
    first = naive.dt.tz_localize(
        TZ, ambiguous=np.ones(len(naive), dtype=bool), nonexistent="shift_forward"
    )
    lenient = naive.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="shift_forward")
    unresolved = strict.isna() & naive.notna()
    ambiguous = unresolved & lenient.isna()
    nonexistent = unresolved & lenient.notna()
    return first.astype(f"datetime64[us, {TZ}]"), ambiguous, nonexistent


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse dates (ISO or dd/mm/yyyy, or datetimes) to naive midnight datetime64[us].

    Returns (parsed, blank)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_localize(None).dt.normalize().astype("datetime64[us]"), values.isna()
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return values.dt.normalize().astype("datetime64[us]"), values.isna()
    text = _text(values)
    blank = (text == "").astype(bool)
    uk = ~blank & text.str.match(r"\d{1,2}/\d{1,2}/\d{4}").astype(bool)
    parsed = _parse_formats(text, ~blank & ~uk, ("ISO8601",))
    parsed = parsed.fillna(_parse_formats(text, uk, (*UK_DATE_FORMATS, *UK_DATE_TIME_FORMATS)))
    return parsed.dt.normalize(), blank


# --------------------------------------------------------------------------------------------
# Numbers


def _plain_numbers(text: pd.Series) -> pd.Series:
    """float64 of plain number text (NaN where missing or not a plain number)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = pa.array(text, type=pa.large_string(), from_pandas=True)
        cast = pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False)
        return pd.Series(cast, index=text.index, dtype="float64")
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        plain = pd.to_numeric(text.astype(object), errors="coerce")
        return pd.Series(plain, index=text.index).astype("float64")


#: Columns longer than this are parsed per distinct value (shorter: per cell, as cheap).
DISTINCT_FROM = 1000


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse numbers, accepting a leading "£" and thousands commas ("£1,234.50").

    Returns (parsed float64, blank, invalid). A decimal comma ("12,5") is invalid."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        parsed = values.astype("float64")
        blank = parsed.isna()
        invalid = ~blank & ~np.isfinite(parsed.fillna(0.0))
        return parsed.where(~invalid), blank, invalid
    if is_coded(values):  # once per category, taken by code
        done = _number_cells(_categories_and_missing(values))
        codes = _codes_of(values)
        return tuple(pd.Series(part.to_numpy()[codes], index=values.index) for part in done)
    if isinstance(values.dtype, pd.StringDtype) and len(values) > DISTINCT_FROM:
        # once per distinct cell (a travel or pay column repeats a few hundred values over
        # a million rows), spread back by code: each cell's number depends on it alone
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        done = _number_cells(pd.Series(uniques, dtype=values.dtype))
        return tuple(pd.Series(part.to_numpy()[codes], index=values.index) for part in done)
    return _number_cells(values)


def _number_cells(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """parse_numbers for cells that are not typed numbers (text, or mixed Excel cells)."""
    text = _text(values)
    blank = (text == "").astype(bool)
    # Plain numbers first (fast: one Arrow cast when every cell is a plain number, else
    # pandas' to_numeric); then, only for the rest, "£" and thousands commas.
    parsed = _plain_numbers(text.mask(blank))
    rest = (~blank & parsed.isna()).to_numpy()
    if rest.any():
        other = text[rest]
        shape = other.str.fullmatch(
            r"-?\s*£?\s*-?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d*)?(?:[eE][-+]?\d+)?"
        ).astype(bool)
        cleaned = other.str.replace(r"[£,\s]", "", regex=True).where(shape)
        parsed.loc[rest] = pd.to_numeric(cleaned.astype(object), errors="coerce").astype("float64")
    finite = np.isfinite(parsed.fillna(0.0))
    invalid = ~blank & (parsed.isna() | ~finite)
    return parsed.where(~invalid), blank, invalid


# --------------------------------------------------------------------------------------------
# Events


def _missing_columns_error(
    missing: list[str], raw: pd.DataFrame, source: Source, headers: dict[str, str] | None, what: str
) -> RotaError:
    found = [str(c) for c in raw.columns if c != "source_row"]
    return RotaError(
        f"the {what} has no {', '.join(repr(m) for m in missing)} column"
        f"{'s' if len(missing) > 1 else ''}; columns found: "
        f"{', '.join(repr(c) for c in found) if found else '(none)'}",
        file=source.file,
        sheet=source.sheet,
        column=", ".join(missing),
        fix=(
            f"add a column headed {' and '.join(repr(m) for m in missing)}, or rename the "
            "existing column to it (or give a mapping file that says which column it is)"
        ),
    )


def _source_rows(raw: pd.DataFrame) -> pd.Series:
    if "source_row" in raw.columns:
        return pd.to_numeric(raw["source_row"], errors="coerce").astype("int64")
    # No row numbers given: header is row 1, data from row 2 (as a CSV reader would count).
    return pd.Series(np.arange(2, len(raw) + 2, dtype="int64"), index=raw.index)


@dataclass
class _Coded:
    """A text column as an integer code per row into its distinct values (pandas str).

    Why: a rota's ids and words repeat (thousands of workers, a handful of kinds, over a
    million rows); the text is worked once per distinct value, and the rows' strings are
    built once, at the end, for the usable rows only."""

    codes: np.ndarray  # int32: half the memory of factorize's int64, ample for distinct values
    distinct: pd.api.extensions.ExtensionArray

    def __post_init__(self) -> None:
        self.codes = np.asarray(self.codes).astype(np.int32, copy=False)

    def rows(self, which: np.ndarray | None = None) -> pd.Series:
        """The column for the rows `which` (default: every row), as a pandas Categorical
        whose categories are the values these rows use, sorted (so sorting or comparing the
        column orders as its text would), missing as code -1: no string is built per row."""
        codes = self.codes if which is None else self.codes[which]
        distinct = self.distinct
        used = np.bincount(codes, minlength=len(distinct)).astype(bool)
        used &= ~np.asarray(pd.isna(distinct), dtype=bool)
        keep = np.flatnonzero(used)
        # sorted, each text once (two distinct cells can give one word: "Care Visit" and
        # "visit"); thousands of distinct values at most
        categories, position = np.unique(
            np.asarray(distinct.take(keep), dtype=object), return_inverse=True
        )
        recode = np.full(len(distinct), -1, dtype=np.int32)
        recode[keep] = position
        # validate=False: every code is -1 or a category's by construction (no checking pass)
        column = pd.Categorical.from_codes(
            recode[codes], dtype=text_dtype(categories), validate=False
        )
        return pd.Series(column)


def text_dtype(categories: pd.Index) -> pd.CategoricalDtype:
    """The dtype of the canonical events' text columns: categories of pandas str."""
    return pd.CategoricalDtype(pd.Index(categories, dtype=str), ordered=False)


def _coded(values: pd.Series, text) -> _Coded:
    """`text` (a vectorised function giving pandas str) per distinct value. An object column
    (Excel cells) is converted row by row first: there 1 and 1.0 are one distinct value but
    different text. Equal texts get equal codes."""
    if values.dtype == object:
        values, text = text(values), None
    codes, distinct = codes_and_distinct(values)
    if text is not None:
        distinct = text(distinct)
    # two distinct cells can give one text (' C1' and 'C1'): code them as one
    again, final = pd.factorize(distinct, use_na_sentinel=False)
    return _Coded(again[codes], pd.array(final, dtype=str))


def _constant(value, n: int) -> _Coded:
    return _Coded(np.zeros(n, dtype=np.intp), pd.array([value], dtype=str))


def validate_events(
    raw: pd.DataFrame, source: Source, headers: dict[str, str] | None = None
) -> RotaRead:
    """Type and validate canonical events; rows that fail become rejections (not exceptions).

    `headers` maps canonical column names to the user's own headers, so that rejections name
    the column the user sees. Raises RotaError only when the frame as a whole is unusable
    (a required column missing).
    """
    return validate_events_from([raw], source, headers)


def validate_events_from(
    box: list[pd.DataFrame], source: Source, headers: dict[str, str] | None = None
) -> RotaRead:
    """validate_events on the frame taken out of `box` (a one-item list): when the caller
    keeps no other reference, each column is let go as soon as it is read, so the raw
    columns are not held while the events are built (the importers' large rotas)."""
    raw = box.pop()
    missing = [c for c in REQUIRED_EVENT_COLUMNS if c not in raw.columns]
    if missing:
        raise _missing_columns_error(missing, raw, source, headers, "rota")

    raw = raw.reset_index(drop=True)
    index = raw.index
    n = len(index)
    problems = _Problems(index, headers)
    # the events' columns: typed values per row (numbers, times) or coded text (ids, words)
    out: dict[str, pd.Series] = {"source_row": _source_rows(raw)}
    coded: dict[str, _Coded] = {}

    # worker_id: one spelling per worker. Ids equal ignoring case and spaces are the same
    # worker (as in the workers file): every row takes the first row's spelling, with a warning
    warnings = []
    worker = _id_text(raw["worker_id"])
    problems.add(worker == "", f"{problems.header('worker_id')} {EMPTY_ID_FIX}", "worker_id")
    coded["worker_id"], respelt = _first_spelling(worker)
    if respelt.any():
        header = problems.header("worker_id")
        unified = coded["worker_id"].rows(respelt.to_numpy())
        unified.index = worker.index[respelt.to_numpy()]
        warnings.append(
            rejections_frame(
                out["source_row"][respelt],
                f"{header} "
                + _quote(worker[respelt])
                + " is taken as "
                + _quote(unified)
                + ", the same name in an earlier row ignoring case and spaces: if they are "
                "different people, give them different names",
                file=source.file,
                sheet=source.sheet,
                column=header,
            )
        )
    del worker, respelt  # the ids' text: the codes stand for it from here
    raw = raw.drop(columns="worker_id")

    # start, end
    parsed, blank, ambiguous, nonexistent, shown = {}, {}, {}, {}, {}
    for col in ("start", "end"):
        parsed[col], blank[col], ambiguous[col], nonexistent[col] = parse_local_datetimes(raw[col])
        # typed datetimes are shown only for the few rows a message is about (formatting a
        # million tz-aware datetimes as text takes 40 s)
        typed = pd.api.types.is_datetime64_any_dtype(raw[col].dtype)
        shown[col] = raw[col] if typed else _text(raw[col])
    # An ambiguous end that would fall before its start (taken as BST) is the second, GMT,
    # occurrence: e.g. 01:50 -> 01:20 on the night the clocks go back.
    second = ambiguous["end"] & (parsed["end"] <= parsed["start"]).fillna(False).astype(bool)
    if second.any():
        parsed["end"] = parsed["end"].mask(second, parsed["end"] + pd.Timedelta(hours=1))
    for col in ("start", "end"):
        header = problems.header(col)
        problems.add(
            blank[col], f"{header} is empty: give the date and time, e.g. 2026-04-06 08:00", col
        )
        problems.add(
            ~blank[col] & parsed[col].isna(),
            f"{header} ",
            col,
            value=shown[col],
            after=f" is not a date and time payfair reads: write it as {DATE_TIME_FORMATS_HINT}",
        )
        later = second if col == "end" else pd.Series(False, index=index)
        notes = [
            (nonexistent[col], NONEXISTENT_WARNING),
            (ambiguous[col] & ~later, AMBIGUOUS_WARNING),
            (later, AMBIGUOUS_SECOND_WARNING),
        ]
        for mask, text in notes:
            if mask.any():
                warnings.append(
                    rejections_frame(
                        out["source_row"][mask],
                        f"{header} " + _quote(shown[col][mask]) + text,
                        file=source.file,
                        sheet=source.sheet,
                        column=header,
                    )
                )
        out[col] = parsed[col]
    both = out["start"].notna() & out["end"].notna()
    problems.add(
        both & (out["end"] <= out["start"]),
        f"{problems.header('end')} is not after {problems.header('start')}: check the times "
        "(an overnight event ends on the next day)",
        "end",
    )

    # kind, status: whole words from a known vocabulary (payfair.vocabulary); a kind payfair
    # does not model, an unknown status or one saying the event did not happen is rejected
    for col, default in (("kind", "visit"), ("status", "completed")):
        if col in raw.columns:
            text = _text(raw[col])
            # worked per distinct value (a handful), then spread over the rows by code
            codes, canonical, reason = classify_distinct(text, col, default)
            unusable = (reason != "")[codes]
            if unusable.any():
                problems.add(
                    unusable,
                    f"{problems.header(col)} ",
                    col,
                    value=text,
                    after=" " + pd.Series(reason[codes], index=index, dtype=object),
                )
            words = [default if c is None else c for c in canonical]
            coded[col] = _Coded(codes, pd.array(words, dtype=str))
            del text  # the words' text: the codes stand for it from here
        else:
            coded[col] = _constant(default, n)

    # client_id
    if "client_id" in raw.columns:

        def client_text(values: pd.Series) -> pd.Series:
            client = _id_text(values)
            return client.mask(client == "").astype(str)

        coded["client_id"] = _coded(raw["client_id"], client_text)
    else:
        coded["client_id"] = _constant(np.nan, n)
    raw = raw.drop(columns=[c for c in ("kind", "status", "client_id") if c in raw.columns])

    # numbers
    constants: dict[str, float] = {}
    for col, default in NUMERIC_DEFAULTS.items():
        if col not in raw.columns:
            constants[col] = default  # made for the usable rows only, at the end
            continue
        parsed, blank, invalid = parse_numbers(raw[col])
        money = col in MONEY_COLUMNS
        example = "12.50 or £12.50" if money else "15 or 7.5"
        header = problems.header(col)
        negative = parsed < 0
        if invalid.any() or negative.any():  # the cells are shown only where a message is
            typed = pd.api.types.is_numeric_dtype(raw[col].dtype)
            shown = raw[col] if typed else _text(raw[col])
        else:
            shown = raw[col]
        problems.add(
            invalid,
            f"{header} ",
            col,
            value=shown,
            after=f" is not a number: write it like {example} "
            "(a decimal point, not a comma; leave it empty if unknown)",
        )
        problems.add(
            negative,
            f"{header} ",
            col,
            value=shown,
            after=" is negative: give a number of 0 or more",
        )
        out[col] = parsed.fillna(default).astype("float64")
    rows_read = len(raw)
    raw = shown = None  # every raw column is read: none is held while the events are built

    # cancelled and unpaid: not working time, accounted for as rejected (rules §3 end)
    status = coded["status"]
    cancelled = (np.asarray(status.distinct) == "cancelled")[status.codes]
    if "pay" in out:
        unpaid = (out["pay"].isna() | (out["pay"] == 0)).to_numpy()
    else:  # no pay column: pay is blank (NUMERIC_DEFAULTS) on every row
        unpaid = np.ones(n, dtype=bool)
    cancelled_unpaid = cancelled & unpaid
    problems.add(cancelled_unpaid, CANCELLED_UNPAID_REASON, "status")

    # exact duplicates (same worker, start, end and client): a copy would double the pay and
    # the time, so every later copy of a usable row is rejected naming the first
    ordered = _reject_duplicates(out, coded, problems)

    rejected = problems.frame(out["source_row"], source)
    good = ~problems.bad.to_numpy()
    if ordered is not None:  # the events' positions, by worker then start (int32: held
        # until the warnings are made, half the memory of int64 at 10M events)
        ordered = ordered[good[ordered]]
        ordered = (np.cumsum(good, dtype=np.int64) - 1).astype(np.int32)[ordered]
    give_back(n)  # the checks' intermediates, before the events are built
    which = None if good.all() else np.flatnonzero(good)  # usually nearly every row
    columns = {}
    for col in EVENT_COLUMNS:  # the usable rows' strings are built here, once
        if col in coded:
            columns[col] = coded[col].rows(which)
        elif col in constants:
            used = n if which is None else len(which)
            # copy=False: the array is made here for this column (pandas 3 would copy it)
            full = np.full(used, constants[col], dtype="float64")
            columns[col] = pd.Series(full, copy=False)
        else:
            values = out.pop(col).array  # dropped as it is copied: one copy alive at a time
            if which is not None:
                values = values.take(which)
            # copy=False: the array is this column's own (popped, or a fresh take)
            columns[col] = pd.Series(values, copy=False)
    # copy=False: the columns become the frame's own (no second copy of them in one block)
    events = _event_dtypes(pd.DataFrame(columns, copy=False))
    warning_frame = concat_rejections(warnings) if warnings else empty_rejections()
    if len(warning_frame):
        # Warnings only about rows that are used.
        warning_frame = warning_frame[warning_frame["row"].isin(events["source_row"])]
        warning_frame = warning_frame.reset_index(drop=True)
    return RotaRead(
        events=events,
        rows_read=rows_read,
        rejected=rejected,
        warnings=warning_frame,
        mapping=dict(headers or {}),
        source=source,
        by_worker_start=ordered,
    )


def _first_spelling(worker: pd.Series) -> tuple[_Coded, pd.Series]:
    """(each id as first written among the ids equal to it ignoring case and spaces, coded;
    whether that differs from the row's own).

    Worked on the distinct ids (thousands), not the rows (a million): factorize keeps the
    ids in the order they first appear, so the first distinct id of a matching key is the
    first row's spelling."""
    from payfair.workers import worker_key  # payfair.workers builds on this module

    if is_coded(worker):
        # when no two of its values share a key (the usual case) no row is respelt, and the
        # column's own codes stand for the ids: no pass over the rows to number them
        codes, distinct = codes_and_distinct(worker)
        if worker_key(distinct).is_unique:
            spelt = _Coded(codes, pd.array(distinct.astype(str), dtype=str))
            return spelt, pd.Series(False, index=worker.index)
    codes, uniques = pd.factorize(worker, use_na_sentinel=False)
    distinct = pd.Series(uniques, dtype="str" if is_coded(worker) else worker.dtype)
    key_codes = pd.factorize(worker_key(distinct), use_na_sentinel=False)[0]
    _, first_of_key = np.unique(key_codes, return_index=True)  # keys numbered as they appear
    first = first_of_key[key_codes]  # distinct id -> the first distinct id with its key
    respelt = (first != np.arange(len(distinct))) & (distinct != "").to_numpy()
    spelt = _Coded(first[codes], pd.array(distinct.astype(str), dtype=str))
    return spelt, pd.Series(respelt[codes], index=worker.index)


DUPLICATE_KEYS = ("worker_id", "start", "end", "client_id")


def by_worker_then_start(worker: np.ndarray, start: pd.Series, rows: np.ndarray) -> np.ndarray:
    """`rows` ordered by worker (any one integer code per worker), then start second, ties
    in row order: one stable sort of one int64 key (the code in the high 32 bits, seconds
    since the earliest start in the low 32: visits span 1999..2100, under 2**32 seconds),
    as np.lexsort((seconds, worker)) orders them. Shared by the duplicates check and the
    crowded-visits warning (payfair.importers.validation), so a rota is sorted once."""
    micros = start.array.as_unit("us").asi8  # UTC microseconds since 1970
    codes = worker[rows]
    # Exports usually list each worker's events in time order (by worker, or by date). Then
    # a stable sort by worker alone is the whole answer, and for fewer than 32,768 workers
    # numpy sorts 16-bit integers by radix, in linear time (10M rows: 0.2 s against 1.3 s).
    small = len(codes) and codes.min() >= 0 and codes.max() < 2**15
    order = rows[np.argsort(codes.astype(np.int16) if small else codes, kind="stable")]
    ordered_codes, ordered_micros = worker[order], micros[order]
    # starts never earlier than the row before within a worker: their seconds neither
    back = (ordered_codes[1:] == ordered_codes[:-1]) & (ordered_micros[1:] < ordered_micros[:-1])
    if not back.any():  # each worker's starts already in order: ties stay in row order
        return order
    del order, ordered_codes, ordered_micros, back
    seconds = micros[rows] // 1_000_000  # floored to seconds
    codes = codes.astype(np.int64)
    since = seconds - (seconds.min() if len(seconds) else 0)
    if len(since) and since.max() < 2**32:
        order = np.argsort((codes << 32) | since, kind="stable")
    else:
        order = np.lexsort((seconds, codes))
    return rows[order]


def _duplicate_candidates(
    out: dict[str, pd.Series], coded: dict[str, _Coded], good: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(rows among `good` sharing their worker and start second with another good row, in
    row order; the good rows by worker then start, `by_worker_then_start`).

    Every exact duplicate is among the candidates (equal starts are equal seconds); rows
    whose starts differ within one second are only candidates, and the exact check clears
    them. Why: the good rows are sorted by worker and start once (the crowded-visits warning
    needs that order too), and neighbours compared, where hashing a key for every row of a
    10M-event rota took 1.5 s on top of that sort."""
    worker = coded["worker_id"].codes
    rows = by_worker_then_start(worker, out["start"], np.flatnonzero(good))
    seconds = out["start"].array.as_unit("us").asi8[rows] // 1_000_000
    codes = worker[rows]
    same = (codes[1:] == codes[:-1]) & (seconds[1:] == seconds[:-1])  # with the next row
    del seconds, codes
    repeated = np.zeros(len(rows), dtype=bool)
    repeated[:-1] = same
    repeated[1:] |= same
    return np.sort(rows[repeated]), rows


def _reject_duplicates(
    out: dict[str, pd.Series], coded: dict[str, _Coded], problems: _Problems
) -> np.ndarray | None:
    """Reject rows repeating an earlier usable row's worker, start, end and client exactly
    ("duplicate of row N"); rows already rejected for another reason are left as they are.
    Returns the rows usable before this check, by worker then start (None: under two)."""
    good = ~problems.bad.to_numpy()
    if good.sum() < 2:
        return None
    candidates, ordered = _duplicate_candidates(out, coded, good)
    if len(candidates) < 2:
        return ordered
    # the exact check, on the candidate rows only (in row order, as before); equal texts have
    # equal codes, so the codes stand for the worker and client
    keys = pd.DataFrame(
        {
            col: coded[col].codes[candidates] if col in coded else out[col].iloc[candidates]
            for col in DUPLICATE_KEYS
        },
        index=candidates,
    )
    copy = keys.duplicated(keep="first")
    if not copy.any():
        return ordered
    first = (
        out["source_row"]
        .iloc[candidates]
        .groupby([keys[c] for c in DUPLICATE_KEYS], dropna=False)
        .transform("first")
    )
    mask = pd.Series(False, index=problems.index)
    mask[copy[copy].index] = True
    text = pd.Series("", index=problems.index, dtype=object)
    text[copy[copy].index] = (
        "duplicate of row "
        + first[copy].astype(str)
        + ": the same worker, start, end and client again (it would count the time and pay "
        "twice): delete the copy, or correct it if it is a different event"
    )
    problems.add(mask, text, None)
    return ordered


def _event_dtypes(events: pd.DataFrame) -> pd.DataFrame:
    """The canonical dtypes (ARCHITECTURE.md "Canonical events"); a column already of its
    dtype is left as it is (setting it again would copy it)."""
    dtypes = {
        "source_row": "int64",
        "start": f"datetime64[us, {TZ}]",
        "end": f"datetime64[us, {TZ}]",
    }
    dtypes.update({c: "float64" for c in OPTIONAL_EVENT_COLUMNS if c in NUMERIC_DEFAULTS})
    changes = {
        col: events[col].astype(dtype)
        for col, dtype in dtypes.items()
        if events[col].dtype != pd.Series([], dtype=dtype).dtype
    }
    return events.assign(**changes) if changes else events


def concat_events(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Several rotas' events as one frame, in order: the text columns stay coded (pandas'
    concat makes columns whose categories differ plain objects), their categories the union
    of the frames' used values, sorted as each frame's are (ARCHITECTURE "Canonical events")."""
    from pandas.api.types import union_categoricals

    joined = pd.concat(frames, ignore_index=True)
    text = {
        col: union_categoricals([f[col] for f in frames], sort_categories=True)
        for col in frames[0].columns
        if all(is_coded(f[col]) for f in frames) and not is_coded(joined[col])
    }
    return joined.assign(**{col: pd.Series(values) for col, values in text.items()})


def tidy_text(events: pd.DataFrame) -> pd.DataFrame:
    """The text columns' categories made canonical again (the used values, sorted) where they
    are not: a frame joined from pieces (Dask's shuffle unions their categories in the order
    the pieces arrive) must give the engine what one read gives it."""
    fixes = {}
    for col in events.columns:
        values = events[col]
        if not is_coded(values):
            continue
        used = values.cat.remove_unused_categories()
        categories = used.cat.categories
        if not categories.is_monotonic_increasing or len(categories) < len(values.cat.categories):
            fixes[col] = used.cat.reorder_categories(categories.sort_values())
    return events.assign(**fixes) if fixes else events


def empty_events() -> pd.DataFrame:
    """No events, with the canonical columns and dtypes."""
    raw = pd.DataFrame({c: pd.Series([], dtype=object) for c in REQUIRED_EVENT_COLUMNS})
    return validate_events(raw, Source(file="")).events


# --------------------------------------------------------------------------------------------
# Workers: the workers file lives in payfair.workers; this name stays for existing callers.


def validate_workers(
    raw: pd.DataFrame, source: Source, headers: dict[str, str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Type and validate the workers file: see `payfair.workers.validate_workers`."""
    from payfair.workers import validate_workers as validate

    return validate(raw, source, headers)

"""Reading rota files in the layouts providers already have, into the canonical rota.

`load_rota(path_or_buffer, filename=...)` is the one entry point used by the CLI, the app and
the tests; `load_workers` reads a workers file. Both accept a path, or bytes / a binary
file-like object with `filename=` (the app never writes uploads to disk).

Pipeline: readers (bytes → cell grids per sheet) → header (header row, visits and workers
sheets) → layouts / aliases / mapping (which header is which field) → datetimes (start and
end from the pieces) → payfair.rota.validate_events (typing, row rejection) → validation
(warnings for suspect data).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from payfair.allocator import give_back
from payfair.config_file import ConfigError
from payfair.errors import RotaError, concat_rejections, rejections_frame
from payfair.importers.aliases import (
    EVENT_LOOKUP,
    TIME_PIECES,
    WORKER_LOOKUP,
    match_headers,
    normalise,
    normalise_series,
)
from payfair.importers.datetimes import as_text, assemble, parse_durations, piece
from payfair.importers.header import HeaderFound, choose_sheets, find_header
from payfair.importers.layouts import (
    CANONICAL,
    GENERIC,
    KIND_WORDS,
    MAPPED,
    STATUS_WORDS,
    Layout,
    find_layout,
)
from payfair.importers.limits import DEFAULT_LIMITS, ReadLimits
from payfair.importers.mapping import Mapping, load_mapping
from payfair.importers.readers import Grid, read_grids
from payfair.importers.validation import suspect_warnings
from payfair.rota import (
    RotaRead,
    Source,
    is_coded,
    per_category,
    validate_events_from,
    validate_workers,
)
from payfair.schema import EVENT_COLUMNS, WORKER_COLUMNS

__all__ = [
    "DEFAULT_LIMITS",
    "Plan",
    "ReadLimits",
    "RotaError",
    "load_rota",
    "load_workers",
    "plan_columns",
    "read_table",
]

VALUE_COLUMNS = tuple(c for c in EVENT_COLUMNS if c not in ("source_row", "start", "end"))


@dataclass
class Plan:
    """Which of the user's headers is which field, and how to read the times."""

    layout: Layout
    fields: dict[str, str]  # field → user's header
    timezone: str
    dayfirst: bool
    use_planned: bool


@dataclass
class Table:
    """The data rows of the chosen sheet under their own headers, with row numbers."""

    frame: pd.DataFrame  # user's headers as columns
    source_row: pd.Series  # row number as the user sees it (Excel row / CSV line)
    header: HeaderFound
    grid: Grid
    source: Source


def _blank(values: pd.Series) -> pd.Series:
    """Empty cells; typed (number, date) columns are only empty where missing."""
    if values.dtype == object:
        return as_text(values) == ""
    if is_coded(values):  # Parquet text as codes: each category looked at once
        return pd.Series(per_category(values, _blank), index=values.index)
    if pd.api.types.is_string_dtype(values.dtype):
        return values.isna() | (values.str.strip() == "")
    return values.isna()


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows with every cell empty. Each column is looked at only on the rows still blank, so
    a rota (whose first column is filled on nearly every row) costs about one column."""
    blank = np.ones(len(frame), dtype=bool)
    for i in range(frame.shape[1]):  # a handful of columns
        still = np.flatnonzero(blank)
        if not len(still):
            break
        values = frame.iloc[:, i]
        part = values if len(still) == len(frame) else values.iloc[still]
        blank[still] = _blank(part).to_numpy(dtype=bool)
    return blank


def read_table(grid: Grid, header: HeaderFound, name: str) -> Table:
    """Rows below the header, blank rows dropped, with the user's row numbers."""
    if grid.typed_header is not None:
        # renaming, not copying: pandas copies on write, and the cells are not written to
        frame = grid.cells.set_axis(header.headers, axis=1)
        rows = pd.Series(np.arange(2, len(frame) + 2), index=frame.index, copy=False)
    else:
        body = grid.cells.iloc[header.row + 1 :]
        width = len(header.headers)
        body = body.iloc[:, :width]
        frame = body.set_axis(header.headers[: body.shape[1]], axis=1)
        # row i of the grid is row i + 1 of the file (Excel row number or CSV line number)
        rows = pd.Series(body.index.to_numpy() + 1, index=body.index)
    blank = _blank_rows(frame)
    if blank.any():
        frame = frame[~blank]
        rows = rows[~blank]
    frame = frame.reset_index(drop=True)
    rows = rows.reset_index(drop=True).astype("int64")
    return Table(frame, rows, header, grid, Source(file=name, sheet=grid.sheet))


def plan_columns(
    headers: list[str],
    *,
    mapping: Mapping | None = None,
    use_planned: bool | None = None,
    timezone: str | None = None,
    dayfirst: bool | None = None,
) -> Plan:
    """The layout and field mapping for a header row."""
    by_norm = {normalise(h): h for h in reversed(headers)}  # leftmost wins
    if mapping is not None and mapping.columns:
        layout = MAPPED
        fields = {}
        missing = []
        for field, header in mapping.columns.items():
            actual = by_norm.get(normalise(header))
            if actual is None:
                missing.append(f"{field} = {header!r}")
            else:
                fields[field] = actual
        if missing:
            raise RotaError(
                "the mapping names headers that are not in the file: "
                + "; ".join(missing)
                + "; headers found: "
                + ", ".join(repr(h) for h in headers),
                column=", ".join(m.split(" = ")[0] for m in missing),
                fix="copy the header exactly as it appears (case and spaces do not matter)",
            )
        used = set(fields.values())
        mapped_time = any(f in TIME_PIECES for f in fields)
        guessed = {} if mapping.exact else match_headers(headers, EVENT_LOOKUP)
        for field, header in guessed.items():
            if field in fields or header in used or (mapped_time and field in TIME_PIECES):
                continue
            fields[field] = header
    else:
        named = find_layout(headers)
        if named is not None:
            layout = named
            fields = {
                f: by_norm[normalise(h)]
                for f, h in named.columns.items()
                if normalise(h) in by_norm
            }
        else:
            fields = match_headers(headers, EVENT_LOOKUP)
            canonical = all(normalise(h) == normalise(f) for f, h in fields.items())
            layout = CANONICAL if canonical and "start" in fields else GENERIC
    tz = timezone or (mapping.timezone if mapping and mapping.timezone else layout.timezone)
    return Plan(
        layout=layout,
        fields=fields,
        timezone=tz,
        dayfirst=dayfirst if dayfirst is not None else (mapping.dayfirst if mapping else True),
        use_planned=bool(
            use_planned
            if use_planned is not None
            else (mapping.use_planned if mapping and mapping.use_planned is not None else False)
        ),
    )


def _missing(plan: Plan) -> list[str]:
    f = plan.fields
    missing = []
    if "worker_id" not in f:
        missing.append("worker_id (e.g. 'Carer', 'Care Worker', 'Employee', 'Staff')")
    starts = [p for p in ("start", "start_actual", "start_planned") if p in f]
    if not starts:
        missing.append("start (e.g. 'Start', or 'Visit Date' with 'Start Time')")
    ends = [p for p in TIME_PIECES if p.startswith(("end", "duration")) and p in f]
    if not ends:
        missing.append("end (e.g. 'End', 'End Time', or 'Duration' in minutes)")
    return missing


def _unknown_layout(plan: Plan, headers: list[str], source: Source, missing: list[str]):
    found = ", ".join(repr(h) for h in headers) or "(none)"
    recognised = ", ".join(f"{k} ← {v!r}" for k, v in plan.fields.items()) or "none"
    return RotaError(
        f"payfair does not recognise this layout. Headers found: {found}. "
        f"Recognised: {recognised}. Missing: {'; '.join(missing)}.",
        file=source.file,
        sheet=source.sheet,
        fix=f"run `payfair inspect {source.file}` to see what payfair found, then write a "
        "mapping file (TOML) saying which header is which, e.g.\n"
        '  [columns]\n  worker_id = "Your carer column"\n  start = "Your start column"\n'
        '  end = "Your end column"\nand pass it with --mapping (or mapping= in Python)',
    )


def _words(text: pd.Series, table: dict[str, str], contains: dict[str, str]) -> pd.Series:
    """Kind/status words to canonical ones, worked out once per distinct value (a rota has a
    handful), then mapped onto every row: coded (a Categorical), so that no string is built
    per row."""
    codes, uniques = pd.factorize(text)  # as_text's cells: never missing
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype="str")
    norm = normalise_series(distinct)
    mapped = norm.map(table)
    for needle, value in contains.items():
        hit = pd.Series(np.where(norm.str.contains(needle), value, None), index=norm.index)
        mapped = mapped.fillna(hit)
    canonical = mapped.fillna(distinct.astype(object)).astype(object).to_numpy()
    # two words can map to one ("Visit", "Care Visit"): one category each
    again, words = pd.factorize(pd.Series(canonical, dtype="str"))
    dtype = pd.CategoricalDtype(pd.Index(words, dtype=str))
    coded = pd.Categorical.from_codes(again[codes], dtype=dtype, validate=False)  # in range
    return pd.Series(coded, index=text.index)


_EXCEL_ERROR = r"^#(?:DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)$"
_HOURS_MINUTES = r"^\d{1,3}:\d{2}(?::\d{2})?$"


_YES = ("true", "yes", "y", "1", "1.0", "t", "paid")


def _hash_sign(text: pd.Series) -> pd.Series:
    """Cells starting with '#' (after spaces): maybe an Excel error."""
    return text.str.lstrip().str.startswith("#").fillna(False).astype(bool)


def _colon(text: pd.Series) -> pd.Series:
    """Cells holding ':' (maybe a travel time as hh:mm)."""
    return text.str.contains(":", regex=False).fillna(False).astype(bool)


def _cancellation_pay(raw: pd.DataFrame, frame: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """A cancellation-pay column is pay only on cancelled rows (issue 8 item 2): an export that
    fills it with 0.00 on completed visits must not make every visit unpaid. When the export
    says whether a cancellation is paid (Birdie's IS_PAID_CANCELLATION), an unpaid one has pay
    0 (so it is rejected as "cancelled and unpaid"); a visit's own pay column, if any, wins."""
    if "cancellation_pay" not in plan.fields:
        return raw
    cancelled = raw["status"].eq("cancelled") if "status" in raw else pd.Series(False, raw.index)
    given = frame[plan.fields["cancellation_pay"]]
    plain = given.dtype == np.float64 or isinstance(given.dtype, pd.StringDtype) or is_coded(given)
    if "pay" not in raw and "paid_cancellation" not in plan.fields and plain:
        # no pay column: pay is the amount on cancelled rows, blank elsewhere, kept as the
        # numbers or text it is (not a million Python objects: read the same either way)
        raw["pay"] = given.where(cancelled)
        return raw
    amount = given.astype(object)
    if "paid_cancellation" in plan.fields:
        flag = as_text(frame[plan.fields["paid_cancellation"]]).str.lower()
        amount = amount.where(flag.isin(_YES), 0.0)
    pay = raw["pay"].astype(object) if "pay" in raw else pd.Series(np.nan, raw.index, object)
    blank = as_text(pay) == ""
    raw["pay"] = pay.mask(cancelled & blank, amount)
    return raw


def _messy_values(
    raw: pd.DataFrame, plan: Plan
) -> tuple[pd.DataFrame, pd.Series | None, pd.Series | None, pd.Series]:
    """Cells exports hold that are not plain numbers: travel as hh:mm is read as minutes;
    an Excel error cell (#DIV/0!, #N/A, #VALUE!, ...) in any value column rejects its row with
    a reason naming the cell, never read as blank. Returns (raw, reason, column, flagged) per
    row: `flagged` marks the rows with a reason."""
    flagged = pd.Series(False, index=raw.index)
    reason = column = None  # made at the first Excel error (most rotas have none)
    for col in VALUE_COLUMNS:  # a handful of columns
        if col not in raw or col in ("kind", "status"):  # words: checked by the vocabulary
            continue
        if pd.api.types.is_numeric_dtype(raw[col].dtype):
            continue
        values = raw[col]
        text = values if isinstance(values.dtype, pd.StringDtype) else as_text(values)
        if is_coded(text):  # each category looked at once
            hash_sign = pd.Series(per_category(text, _hash_sign), index=raw.index)
        else:
            hash_sign = _hash_sign(text)
        # the error pattern is matched only where a cell starts with '#' (none, in most rotas)
        error = pd.Series(False, index=raw.index)
        if hash_sign.any():
            text = as_text(values)  # stripped, "" for missing
            error = hash_sign & text.str.match(_EXCEL_ERROR).fillna(False).astype(bool)
            error &= ~flagged  # a row keeps its first Excel error
        if error.any():
            if reason is None:
                reason = pd.Series("", index=raw.index, dtype=object)
                column = pd.Series("", index=raw.index, dtype=object)
            header = plan.fields.get(col) or plan.fields.get("cancellation_pay", col)
            reason = reason.mask(
                error,
                header
                + " holds the Excel error '"
                + text.str.strip().astype(object)
                + "', not a value: "
                "correct the formula in the spreadsheet (or clear the cell if unknown)",
            )
            column = column.mask(error, header)
            flagged |= error
        if col == "travel_minutes":
            if is_coded(text):
                colon = pd.Series(per_category(text, _colon), index=raw.index)
            else:
                colon = _colon(text)
            if not colon.any():
                continue
            text = as_text(values)
            clock = colon & text.str.fullmatch(_HOURS_MINUTES).fillna(False).astype(bool)
            if clock.any():
                minutes = parse_durations(text.where(clock, ""))
                raw[col] = raw[col].astype(object).mask(clock, minutes)
    return raw, reason, column, flagged


def _reading_notes(table: Table) -> tuple[list[pd.DataFrame], list[pd.DataFrame]]:
    """Rows the reader rejected (e.g. a stray quote's line) below the header, and its warnings
    (e.g. a line with Windows-1252 bytes in a UTF-8 file), as rejection frames."""
    first_data_row = table.header.row + 2  # file row numbers are 1-based
    out: tuple[list[pd.DataFrame], list[pd.DataFrame]] = ([], [])
    for target, notes in zip(out, (table.grid.rejected, table.grid.warnings), strict=True):
        for rows, reason in notes:  # one entry per kind of problem
            rows = rows[rows >= first_data_row]
            if len(rows):
                target.append(
                    rejections_frame(rows, reason, file=table.source.file, sheet=table.source.sheet)
                )
    return out


def build_events(table: Table, plan: Plan, *, consume: bool = False) -> RotaRead:
    """Canonical raw columns from the table, validated; every row used or rejected.
    `consume`: the table's cells are let go once their columns are taken (load_rota keeps
    only the events: a million rows' unused text need not stay in memory meanwhile)."""
    frame, source = table.frame, table.source
    texts = {f: piece(frame[h]) for f, h in plan.fields.items() if f in TIME_PIECES}
    try:
        times = assemble(
            texts,
            plan.fields,
            tz=plan.timezone,
            dayfirst=plan.dayfirst,
            use_planned=plan.use_planned,
        )
    except RotaError as exc:
        raise RotaError(
            exc.message, file=source.file, sheet=source.sheet, column=exc.column, fix=exc.fix
        ) from None
    del texts
    give_back(len(frame))  # the time cells' text and parsing buffers
    raw = pd.DataFrame({"source_row": table.source_row})
    for col in VALUE_COLUMNS:
        if col in plan.fields:
            raw[col] = frame[plan.fields[col]]
    if "kind" in raw:
        raw["kind"] = _words(
            as_text(raw["kind"]),
            {**KIND_WORDS, **plan.layout.kind_values},
            {},  # no substring guesses: whole words in validate_events (payfair.vocabulary)
        )
    if "status" in raw:
        raw["status"] = _words(
            as_text(raw["status"]),
            {**STATUS_WORDS, **plan.layout.status_values},
            {},  # "Not completed" is not completed: whole words (payfair.vocabulary)
        )
    raw = _cancellation_pay(raw, frame, plan)
    if consume:  # the cells not taken into `raw` (times' and words' text) can go now
        table.frame = None
        del frame
        give_back(len(raw))
    raw, messy, messy_column, flagged = _messy_values(raw, plan)
    # typed times (tz-aware Europe/London) go to validation as they are: no text round trip
    raw["start"] = times.start
    raw["end"] = times.end
    messy_rows = ~times.bad & flagged
    if messy_rows.any():
        times.reason = times.reason.mask(messy_rows, messy)
        times.column = times.column.mask(messy_rows, messy_column)
    bad = times.bad | messy_rows
    pre_rejected = rejections_frame(
        table.source_row[bad], times.reason[bad], file=source.file, sheet=source.sheet
    )
    if bad.any():
        col = times.column[bad].reset_index(drop=True).astype("string")
        pre_rejected["column"] = col.mask(col == "")
    headers = {c: plan.fields[c] for c in VALUE_COLUMNS if c in plan.fields}
    if "pay" not in headers and "cancellation_pay" in plan.fields:
        headers["pay"] = plan.fields["cancellation_pay"]
    headers.update(times.headers)
    if bad.any():
        raw = raw[~bad].reset_index(drop=True)
    # (else every row goes on as it is: selecting all rows would copy every column)
    box = [raw]  # handed over: validation then holds the only reference to the columns
    del raw
    result = validate_events_from(box, source, headers=headers)
    warnings = [result.warnings]
    for mask, reason, column in times.warnings:
        keep = mask & ~bad
        if keep.any():
            warnings.append(
                rejections_frame(
                    table.source_row[keep],
                    reason[keep[mask].to_numpy()],
                    file=source.file,
                    sheet=source.sheet,
                    column=column,
                )
            )
    warnings.append(suspect_warnings(result.events, source, headers, result.by_worker_start))
    result.by_worker_start = None  # used: let it go
    read_rejected, read_warnings = _reading_notes(table)
    warnings.extend(read_warnings)
    result.rejected = concat_rejections([*read_rejected, pre_rejected, result.rejected])
    used = result.events["source_row"]
    result.warnings = concat_rejections(warnings)
    result.warnings = result.warnings[result.warnings["row"].isin(used)].reset_index(drop=True)
    result.rows_read = len(table.source_row) + sum(len(r) for r in read_rejected)
    result.layout = plan.layout.name
    result.mapping = dict(plan.fields)
    result.source = source
    return result


def _workers_from(table: Table) -> tuple[pd.DataFrame, pd.DataFrame]:
    fields = match_headers(table.header.headers, WORKER_LOOKUP)
    raw = pd.DataFrame({"source_row": table.source_row})
    for col in WORKER_COLUMNS:
        if col in fields:
            raw[col] = table.frame[fields[col]]
    if "worker_id" not in fields:
        raise RotaError(
            "the workers sheet has no worker column; headers found: "
            + ", ".join(repr(h) for h in table.header.headers),
            file=table.source.file,
            sheet=table.source.sheet,
            fix="head the column of names or IDs 'worker_id' (or Carer, Employee, Staff)",
        )
    return validate_workers(raw, table.source, headers={c: fields[c] for c in fields})


def load_rota(
    path_or_buffer,
    *,
    filename: str | None = None,
    mapping=None,
    use_planned: bool | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    timezone: str | None = None,
    dayfirst: bool | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> RotaRead:
    """Read one rota file (CSV, XLSX/XLSM, Parquet; a path, or bytes/file-like with
    `filename`) into canonical events, every unusable row listed as rejected with its reason.

    `mapping`: a TOML mapping (path, text, dict) for layouts payfair does not recognise.
    `use_planned`: use planned (rostered) times instead of actual (call-monitoring) times.
    A workbook's workers sheet, if any, becomes `RotaRead.workers`. `limits`: the sizes a file
    may have (payfair.importers.limits); a file over them is refused before it is parsed."""
    inspect = inspect_file(
        path_or_buffer,
        filename=filename,
        mapping=mapping,
        use_planned=use_planned,
        sheet=sheet,
        header_row=header_row,
        timezone=timezone,
        dayfirst=dayfirst,
        limits=limits,
        _consume=True,
    )
    read = inspect.read
    del inspect  # the file's cells: only the events go on
    give_back(read.rows_read)
    return read


@dataclass
class Inspection:
    read: RotaRead
    table: Table
    plan: Plan
    sheets: list[str | None]


def inspect_file(
    path_or_buffer,
    *,
    filename: str | None = None,
    mapping=None,
    use_planned: bool | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    timezone: str | None = None,
    dayfirst: bool | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    _consume: bool = False,
) -> Inspection:
    """load_rota, keeping what it found (sheet, header row, layout, mapping) for `inspect`.
    `_consume` (load_rota's): the cells are let go as they are read (the Inspection's table
    then has no frame)."""
    m = load_mapping(mapping) if mapping is not None else None
    grids, name = read_grids(path_or_buffer, filename, limits=limits)
    sheet = sheet or (m.sheet if m else None)
    header_row = header_row or (m.header_row if m else None)
    try:
        visits, header, workers = choose_sheets(grids, sheet=sheet, header_row=header_row)
    except RotaError as exc:
        if m is not None and (m.header_row or m.sheet) and not exc.file:
            raise ConfigError(
                exc.message,
                file=m.name,
                column="options.header_row" if "header row" in exc.message else "options.sheet",
                fix=f"{exc.fix} (the rota is {name})",
            ) from None
        exc.file = exc.file or name
        raise
    table = read_table(visits, header, name)
    if _consume and (workers is None or workers[0] is not visits):
        visits.cells = None  # the grid's cells are the table's now (shared): one holder less
    give_back(len(table.frame))  # the reader's decoding buffers
    plan = plan_columns(
        header.headers, mapping=m, use_planned=use_planned, timezone=timezone, dayfirst=dayfirst
    )
    missing = _missing(plan)
    if missing:
        raise _unknown_layout(plan, header.headers, table.source, missing)
    read = build_events(table, plan, consume=_consume)
    if workers is not None:
        wtable = read_table(workers[0], workers[1], name)
        read.workers, wrejected = _workers_from(wtable)
        # workers rows are not events: their rejections are reported as warnings, so that
        # rows_read == len(events) + len(rejected) still holds for the events
        if len(wrejected):
            wrejected = wrejected.assign(reason="worker not used: " + wrejected["reason"])
            read.warnings = concat_rejections([read.warnings, wrejected])
    return Inspection(read=read, table=table, plan=plan, sheets=[g.sheet for g in grids])


def load_workers(
    path_or_buffer,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a workers file (or a workbook's workers sheet) into (workers, rejected)."""
    grids, name = read_grids(path_or_buffer, filename, limits=limits)
    if sheet is not None:
        grids = [g for g in grids if g.sheet == sheet] or grids
    found = [(g, find_header(g, lookup=WORKER_LOOKUP)) for g in grids]
    grid, header = max(found, key=lambda gh: gh[1].score)
    return _workers_from(read_table(grid, header, name))

"""Bytes or a path → a raw cell grid per sheet (no header applied yet). The one reading path.

Every file's bytes are checked against `ReadLimits` (payfair.importers.limits) before a parser
sizes anything; then:

CSV: UTF-8 (with or without BOM), UTF-16 (BOM, or BOM-less by its NUL pattern), Windows-1252,
or UTF-8 with stray Windows-1252 bytes (read as Windows-1252, each row named in a warning, so
"Zoë" stays one worker); comma, semicolon or tab separated. A file whose lines all have the same
number of fields is read by pyarrow's multi-threaded CSV reader, all cells as text (about ten
times faster than pandas' C reader on a 1M-row rota), each column dictionary-encoded as it is
read (codes into its distinct values, a pandas Categorical: at 1M rows load_rota took 1.3-1.5 s
instead of 1.8-2.0 s, 1.7 s instead of 2.3 s for a CareLineLive export); a ragged file (banner
rows above the header) by pandas' C reader. A quote opened and not closed on its line (an
unbalanced quote, or a quoted cell running over many lines) is not allowed to swallow the rows
after it: its line is rejected as a region, with the reason, and the rest is read.

Excel (.xlsx/.xlsm): zip entries and declared sheet dimensions checked, then every sheet read
with python-calamine through pandas, in a child process with memory and time limits
(payfair.importers.sandbox). Parquet: one table, already typed, its text columns as codes into
their distinct values (pandas Categorical, from the file's dictionary pages); a binary column
is refused with a clear message.

A grid is a DataFrame with integer column labels 0..n-1 and one row per line/row of the file;
grid row i is the file's row i + 1. `rejected` and `warnings` hold (row, reason) found while
reading, before any header is known.
"""

from __future__ import annotations

import codecs
import csv
import io
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from payfair.errors import RotaError
from payfair.importers.limits import (
    DEFAULT_LIMITS,
    ReadLimits,
    check_lines,
    check_size,
    check_xlsx,
    line_shape,
)

SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".parquet")
MULTILINE_CELL_LINES = 5  # a quoted cell (notes) may run over this many lines; more: a stray quote
SNIFF_BYTES = 64 * 1024


@dataclass
class Grid:
    """The cells of one sheet (or a whole CSV/Parquet file)."""

    sheet: str | None  # None for CSV and Parquet
    cells: pd.DataFrame  # integer column labels; str/object/typed values
    typed_header: list[str] | None = None  # Parquet: the header is known, cells are typed
    encoding: str | None = None
    delimiter: str | None = None
    rejected: list[tuple[np.ndarray, str]] = field(default_factory=list)  # (rows, reason)
    warnings: list[tuple[np.ndarray, str]] = field(default_factory=list)  # (rows, reason)


def file_bytes(path_or_buffer, filename: str | None) -> tuple[bytes, str]:
    """The file's bytes and the name to show the user. Accepts a path, bytes or a file-like."""
    if isinstance(path_or_buffer, (str, Path)):
        path = Path(path_or_buffer)
        if not path.exists():
            raise RotaError("file not found", file=str(path), fix="check the path")
        if path.is_dir():
            raise RotaError("this is a folder, not a file", file=str(path), fix="give one file")
        return path.read_bytes(), filename or path.name
    if isinstance(path_or_buffer, (bytes, bytearray, memoryview)):
        data = bytes(path_or_buffer)
    elif hasattr(path_or_buffer, "read"):
        buf: BinaryIO = path_or_buffer
        if hasattr(buf, "seek"):
            buf.seek(0)
        data = buf.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        filename = filename or getattr(buf, "name", None)
    else:
        raise TypeError("load_rota takes a path, bytes or a binary file-like object")
    if not filename:
        raise RotaError(
            "no file name given for the uploaded data",
            fix="pass filename= (payfair uses its extension to choose the reader)",
        )
    return data, Path(str(filename)).name


def suffix_of(name: str) -> str:
    return Path(name).suffix.lower()


# --------------------------------------------------------------------------------------------
# Encodings


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit in every other byte (ASCII text in UTF-16)."""
    sample = np.frombuffer(head[: len(head) - len(head) % 2], dtype=np.uint8)
    if len(sample) < 4:
        return None
    even, odd = sample[0::2] == 0, sample[1::2] == 0
    if odd.mean() > 0.4 and even.mean() < 0.05:
        return "utf-16-le"
    if even.mean() > 0.4 and odd.mean() < 0.05:
        return "utf-16-be"
    return None


class _StrayBytes:
    """A decode error handler that reads a byte that is not UTF-8 as Windows-1252 (or Latin-1
    for the five bytes Windows-1252 leaves undefined) and remembers where it was."""

    local = threading.local()

    @classmethod
    def handle(cls, exc: UnicodeDecodeError) -> tuple[str, int]:
        bad = exc.object[exc.start : exc.start + 1]
        cls.local.offsets.append(exc.start)  # one per stray byte: few in a real file
        try:
            return bad.decode("cp1252"), exc.start + 1
        except UnicodeDecodeError:
            return bad.decode("latin-1"), exc.start + 1


codecs.register_error("payfair-stray-bytes", _StrayBytes.handle)


def _valid_utf8(data: bytes) -> bool:
    """Whether the bytes are valid UTF-8, checked by Arrow over the bytes in place (8 ms for
    an 80 MB file, where decoding them to a Python str to find out took 160 ms and as much
    memory again). Arrow and Python agree on what is valid (overlong forms, surrogates and
    code points past U+10FFFF are not)."""
    import pyarrow as pa

    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    one = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        one.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def decode(data: bytes, name: str) -> tuple[bytes, str, list[tuple[np.ndarray, str]]]:
    """The file as UTF-8 bytes, the encoding it was in, and warnings (rows, reason).

    UTF-16 (BOM or NUL pattern) is re-encoded; valid UTF-8 is passed through untouched; a file
    with bytes that are not UTF-8 is read as Windows-1252 where it is not UTF-8, and when the
    same file also holds real UTF-8 letters the rows with stray bytes are named."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        data, encoding = data[3:], "utf-8"
    else:
        encoding = _utf16_without_bom(data[:SNIFF_BYTES]) or "utf-8"
    if encoding.startswith("utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise RotaError(
                f"the file looks like UTF-16 text but byte {exc.start + 1} cannot be read",
                file=name,
                fix="save it again from Excel as 'CSV UTF-8 (Comma delimited)'",
            ) from None
        return text.lstrip("\ufeff").encode("utf-8"), encoding, []
    if data.isascii() or _valid_utf8(data):
        return data, "utf-8", []
    _StrayBytes.local.offsets = []
    text = data.decode("utf-8", errors="payfair-stray-bytes")
    offsets = np.asarray(_StrayBytes.local.offsets, dtype=np.int64)
    high = np.count_nonzero(np.frombuffer(data, dtype=np.uint8) >= 0x80)
    if high == len(offsets):  # no real UTF-8 letters at all: the whole file is Windows-1252
        return text.encode("utf-8"), "cp1252", []
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
    rows = np.unique(np.searchsorted(newlines, offsets) + 1)
    reason = (
        "this line holds a character that is not UTF-8 (the rest of the file is UTF-8): "
        "payfair read it as Windows-1252 (e.g. 'ë'); check the names on this row, and save "
        "the file again as 'CSV UTF-8'"
    )
    return text.encode("utf-8"), "utf-8 with Windows-1252 bytes", [(rows, reason)]


def sniff_delimiter(head: str) -> str:
    """Comma, semicolon or tab: the one that splits the first lines most consistently."""
    lines = [ln for ln in head.splitlines()[:30] if ln.strip()]
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sum(ln.count(d) for ln in lines) for d in ",;\t"}
        return max(counts, key=counts.get) if any(counts.values()) else ","


# --------------------------------------------------------------------------------------------
# CSV


def _stray_quote_lines(odd: np.ndarray) -> np.ndarray:
    """Lines whose quote opens a region that does not close within a few lines (1-based).

    Lines with an odd number of quotes open and close quoted regions in pairs; when the pairs
    do not all close within MULTILINE_CELL_LINES lines, every such line is treated as a stray
    quote (pairing them one by one would be a loop over the file)."""
    if len(odd) == 0:
        return odd
    if len(odd) % 2 == 0 and ((odd[1::2] - odd[0::2]) < MULTILINE_CELL_LINES).all():
        return np.array([], dtype=np.int64)
    return odd


def _blank_lines(data: bytes, lines: np.ndarray) -> bytes:
    """The bytes with the given (1-based) lines emptied, keeping the line count."""
    arr = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(arr == ord("\n"))
    starts = np.concatenate(([0], ends + 1))
    keep = np.ones(len(arr), dtype=bool)
    line_end = np.concatenate((ends, [len(arr)]))
    for i in lines - 1:  # the stray-quote lines only: few in any real file
        keep[starts[i] : line_end[i]] = False
    return arr[keep].tobytes()


def _read_uniform(data: bytes, delimiter: str, width: int) -> pd.DataFrame | None:
    """pyarrow's CSV reader, every cell as text coded into its column's distinct values (the
    importers work text per distinct value); None when it cannot (the caller falls back)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, block_size=16 * 1024 * 1024),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.dictionary(pa.int32(), pa.string()) for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    frame = table.to_pandas()
    frame.columns = range(width)
    return frame


def _control_share(head: bytes) -> float:
    """Share of bytes that are control characters other than tab, CR and LF (text has ~none)."""
    arr = np.frombuffer(head, dtype=np.uint8)
    controls = (arr < 32) & ~np.isin(arr, (9, 10, 13))
    return float(controls.mean()) if len(arr) else 0.0


def read_csv_grid(data: bytes, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> Grid:
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:4] in (b"PK\x03\x04", b"%PDF"):
        kind = {b"\x89PN": "a PNG image", b"PK\x03": "a zip or Excel file", b"%PD": "a PDF"}
        raise RotaError(
            f"this is not a CSV file: it is {kind[data[:3]]}",
            file=name,
            fix="give the rota export itself (.csv, .xlsx or .parquet) with its own extension",
        )
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    head = data[:SNIFF_BYTES]
    if not utf16 and _utf16_without_bom(head) is None and _control_share(head) > 0.05:
        raise RotaError(
            "this is not a text (CSV) file: it holds binary data",
            file=name,
            fix="check that this is the rota export; save it from the rota system or Excel as CSV",
        )
    utf8, encoding, warnings = decode(data, name)
    head = utf8[:SNIFF_BYTES].decode("utf-8", "replace")
    delimiter = sniff_delimiter(head)
    shape = line_shape(utf8, delimiter.encode())
    check_lines(shape, name, limits)
    rejected: list[tuple[np.ndarray, str]] = []
    stray = _stray_quote_lines(shape.odd_quote_lines)
    if len(stray):
        utf8 = _blank_lines(utf8, stray)
        rejected.append(
            (
                stray,
                'this line opens a quote (") that does not close on it, so payfair cannot tell '
                "where its cells end: the line was not used (the lines after it were read on "
                "their own). Remove the stray quote, or put the whole cell in quotes",
            )
        )
    width = shape.widest_fields
    cells = None
    if shape.uniform and not len(stray) and not len(shape.odd_quote_lines):
        cells = _read_uniform(utf8, delimiter, width)
    if cells is None:
        try:
            cells = pd.read_csv(
                io.BytesIO(utf8),
                sep=delimiter,
                header=None,
                names=range(width),
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                engine="c",
                encoding="utf-8",
            )
        except (pd.errors.ParserError, ValueError, MemoryError) as exc:
            raise RotaError(
                f"the CSV file cannot be read: {exc}",
                file=name,
                fix="save it again from the rota system or Excel as CSV",
            ) from None
    return Grid(
        sheet=None,
        cells=cells,
        encoding=encoding,
        delimiter=delimiter,
        rejected=rejected,
        warnings=warnings,
    )


# --------------------------------------------------------------------------------------------
# Excel


def read_excel_grids(
    data: bytes, name: str, *, limits: ReadLimits = DEFAULT_LIMITS, engine: str = "calamine"
) -> list[Grid]:
    check_xlsx(data, name, limits)
    fix = "open it in Excel and save it again as .xlsx (without a password)"
    if limits.sandbox_xlsx and engine == "calamine":
        from payfair.importers.sandbox import read_xlsx_in_child

        sheets, problem = read_xlsx_in_child(
            data, memory_bytes=limits.child_memory_bytes, seconds=limits.child_seconds
        )
        if problem is not None:
            raise RotaError(f"the Excel file cannot be read: {problem}", file=name, fix=fix)
        sheets = {
            sheet: pd.DataFrame(rows, dtype=object).replace("", np.nan).infer_objects()
            for sheet, rows in sheets.items()
        }
    else:
        try:
            sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, engine=engine)
        except Exception as exc:  # broken zip, not a workbook, password-protected
            raise RotaError(
                f"the Excel file cannot be read ({type(exc).__name__}: {exc})", file=name, fix=fix
            ) from None
    grids = []
    for sheet, cells in sheets.items():
        cells = cells.copy()
        cells.columns = range(cells.shape[1])
        grids.append(Grid(sheet=str(sheet), cells=cells))
    if not grids:
        raise RotaError("the workbook has no sheets", file=name, fix=fix)
    return grids


# --------------------------------------------------------------------------------------------
# Parquet


def read_parquet_grid(data: bytes, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> Grid:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(io.BytesIO(data))
        schema = parquet.schema_arrow
        rows = parquet.metadata.num_rows
    except Exception as exc:
        raise RotaError(
            f"the Parquet file cannot be read ({type(exc).__name__}: {exc})",
            file=name,
            fix="write it again from the tool that made it, or save the rota as CSV",
        ) from None
    if rows > limits.max_rows or len(schema) > limits.max_columns:
        raise RotaError(
            f"the file has {rows:,} rows and {len(schema):,} columns, over the limits of "
            f"{limits.max_rows:,} rows and {limits.max_columns:,} columns",
            file=name,
            fix="split the rota into smaller files (for example one per month)",
        )
    unreadable = [
        f.name
        for f in schema
        if pa.types.is_binary(f.type)
        or pa.types.is_large_binary(f.type)
        or pa.types.is_fixed_size_binary(f.type)
        or pa.types.is_nested(f.type)
        or pa.types.is_dictionary(f.type)
        and not pa.types.is_string(f.type.value_type)
    ]
    if unreadable:
        raise RotaError(
            "the column(s) "
            + ", ".join(repr(c) for c in unreadable)
            + " hold binary data or lists, not text, numbers or dates",
            file=name,
            column=", ".join(unreadable),
            fix="write those columns as text (strings) or numbers, or leave them out",
        )
    # text columns read from the file's own dictionary pages, as codes into their distinct
    # values (pandas Categorical): no string is made per row, nor hashed to find the distinct
    # values again (the importers work text once per distinct value)
    text = [
        f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
    ]
    try:
        if text:
            parquet = pq.ParquetFile(io.BytesIO(data), read_dictionary=text)
        frame = parquet.read().to_pandas()
    except Exception as exc:
        raise RotaError(
            f"the Parquet file cannot be read ({type(exc).__name__}: {exc})", file=name
        ) from None
    header = [str(c) for c in frame.columns]
    frame.columns = range(frame.shape[1])
    return Grid(sheet=None, cells=frame, typed_header=header)


def read_grids(
    path_or_buffer, filename: str | None = None, *, limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[list[Grid], str]:
    """All grids in a file, and the file name to show. Raises RotaError for other formats."""
    data, name = file_bytes(path_or_buffer, filename)
    check_size(data, name, limits)
    suffix = suffix_of(name)
    if not data[:SNIFF_BYTES].strip() and not data.strip():
        raise RotaError("the file is empty", file=name, fix="export the rota again")
    if suffix in (".csv", ".txt"):
        return [read_csv_grid(data, name, limits)], name
    if suffix in (".xlsx", ".xlsm"):
        return read_excel_grids(data, name, limits=limits), name
    if suffix == ".parquet":
        return [read_parquet_grid(data, name, limits)], name
    if suffix == ".xls":
        fix = "open it in Excel and save it as .xlsx"
    else:
        fix = "save the rota as .csv, .xlsx or .parquet"
    raise RotaError(
        f"payfair cannot read {suffix or 'files without an extension'} files", file=name, fix=fix
    )

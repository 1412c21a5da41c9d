"""Limits checked on a file's bytes before any parser sizes anything.

A hostile or broken upload must cost one request, never the server: a 2 KB workbook that
declares a cell at XFD1048576 makes the xlsx reader allocate hundreds of GB and abort the
process; a zip bomb inflates to gigabytes; one CSV line of a million commas makes a CSV reader
size every row a million columns wide. So, before parsing:

- every file: its size;
- CSV: rows, the widest line (bytes) and the most delimiters on one line (columns), counted
  with numpy over the raw bytes in chunks (no text decoding, no row objects);
- xlsx: the zip's entries (total uncompressed size, compression ratio of large entries) and
  each sheet's declared `<dimension ref="A1:XFD1048576"/>` (rows, columns, cells);
- xlsx cells are then read in a child process with an address-space (RLIMIT_AS) and a time
  limit (payfair.importers.sandbox), because a sheet can lie about its dimension.

Each refusal is a RotaError naming the file, the limit, and how to split the file.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace

import numpy as np

from payfair.errors import RotaError

MB = 1024 * 1024
GB = 1024 * MB
CHUNK = 16 * MB
DIMENSION_SCAN_BYTES = 4096  # <dimension> sits near the start of a sheet's XML


@dataclass(frozen=True)
class ReadLimits:
    """Named limits for reading one input file; the defaults suit a year of a large provider."""

    max_file_bytes: int = 2 * GB  # on disk; the app's upload limit is lower
    max_rows: int = 20_000_000  # data lines in a CSV, rows in a sheet
    max_columns: int = 500
    max_line_bytes: int = 64 * 1024  # one CSV line (and so any CSV cell; Excel caps a cell
    # at 32,767 characters itself)
    max_cells: int = 200_000_000  # rows × columns declared by a sheet
    max_unzipped_bytes: int = 4 * GB  # an xlsx's entries, uncompressed, in total
    max_zip_ratio: float = 200.0  # uncompressed ÷ compressed, for entries over 16 MB
    zip_ratio_floor_bytes: int = 16 * MB
    child_memory_bytes: int = 6 * GB  # address space of the process that reads xlsx cells
    child_seconds: float = 600.0  # wall time allowed to read one workbook's cells
    sandbox_xlsx: bool = True  # read xlsx cells in a child process

    def but(self, **changes) -> ReadLimits:
        """A copy with some limits changed (e.g. smaller ones for the app or tests)."""
        return replace(self, **changes)


DEFAULT_LIMITS = ReadLimits()

SPLIT_FIX = (
    "split the rota into smaller files (for example one file per month or per branch) and "
    "read them one at a time or as a folder"
)


def _too_big(name: str, what: str, value: float, limit: float, unit: str = "") -> RotaError:
    return RotaError(
        f"the file is too large to read safely: {what} is {value:,.0f}{unit}, over the "
        f"limit of {limit:,.0f}{unit}",
        file=name,
        fix=SPLIT_FIX,
    )


def check_size(data: bytes, name: str, limits: ReadLimits) -> None:
    if len(data) > limits.max_file_bytes:
        raise _too_big(name, "its size", len(data) / MB, limits.max_file_bytes / MB, " MB")


@dataclass
class LineShape:
    """Counts over a text file's raw bytes, per line (split at newline bytes)."""

    lines: int
    widest_bytes: int
    widest_fields: int  # delimiters + 1 on the line with the most delimiters
    widest_line: int  # 1-based line number of the widest line (by bytes)
    uniform: bool  # every line has the same number of delimiters (and none is empty)
    odd_quote_lines: np.ndarray  # 1-based numbers of lines holding an odd number of '"'


def line_shape(data: bytes, delimiter: bytes) -> LineShape:
    """Counted with numpy over the raw bytes (UTF-8 or a single-byte encoding; UTF-16 is
    re-encoded as UTF-8 first): positions of newlines, delimiters and quotes, then counts per
    line with searchsorted/bincount, in chunks so that no array is much larger than the chunk.
    A trailing newline does not start another line; a final line without one counts."""
    arr = np.frombuffer(data, dtype=np.uint8)
    ends = np.concatenate(
        [np.flatnonzero(arr[i : i + CHUNK] == 10) + i for i in range(0, len(arr), CHUNK)]
        or [np.array([], dtype=np.int64)]
    )
    if len(arr) and (not len(ends) or ends[-1] != len(arr) - 1):
        ends = np.append(ends, len(arr))  # a last line without a newline
    lines = len(ends)
    if not lines:
        return LineShape(0, 0, 1, 1, True, np.array([], dtype=np.int64))
    starts = np.concatenate(([0], ends[:-1] + 1))
    lengths = ends - starts

    # chunks of whole lines, about CHUNK bytes each: (first line, line after the last)
    firsts = np.unique(np.searchsorted(starts, np.arange(0, len(arr), CHUNK)))
    firsts = firsts[firsts < lines]
    chunks = list(zip(firsts, [*firsts[1:], lines], strict=True))

    def per_line(byte: int) -> np.ndarray:
        """How many times `byte` occurs on each line: summed per line with np.add.reduceat
        over the chunk's matches (one pass; looking up the line of each match with
        searchsorted took 0.35 s for the 8 million commas of a 1M-row file)."""
        counts = np.empty(lines, dtype=np.int64)
        for first, after in chunks:  # a few chunks
            low = starts[first]
            high = starts[after] if after < lines else len(arr)
            hits = (arr[low:high] == byte).view(np.uint8)
            # each line runs from its start to the next line's start (its newline included,
            # never the byte counted); starts rise strictly, so no segment is empty
            counts[first:after] = np.add.reduceat(hits, starts[first:after] - low, dtype=np.int64)
        return counts

    fields = per_line(delimiter[0]) + 1
    odd = (
        np.flatnonzero(per_line(ord('"')) % 2 == 1) + 1
        if b'"' in data
        else np.array([], dtype=np.int64)
    )
    i = int(np.argmax(lengths))
    # a CR before the newline is part of the line ending; an empty line breaks uniformity
    uniform = bool((fields == fields[0]).all() and (lengths > 1).all())
    return LineShape(lines, int(lengths[i]), int(fields.max()), i + 1, uniform, odd)


def check_lines(shape: LineShape, name: str, limits: ReadLimits) -> None:
    """Refuse CSV text whose rows, line width or column count pass the limits."""
    if shape.lines > limits.max_rows:
        raise _too_big(name, "the number of lines", shape.lines, limits.max_rows)
    if shape.widest_bytes > limits.max_line_bytes:
        raise RotaError(
            f"line {shape.widest_line} is {shape.widest_bytes:,} bytes long, over the limit of "
            f"{limits.max_line_bytes:,} bytes for one line: this is not a rota export "
            "(or a cell holds a whole document)",
            file=name,
            row=shape.widest_line,
            fix="check that this is the rota export; if it is, " + SPLIT_FIX,
        )
    if shape.widest_fields > limits.max_columns:
        raise RotaError(
            f"a line has {shape.widest_fields:,} columns, over the limit of {limits.max_columns:,}",
            file=name,
            fix="remove the empty or unused columns, or save only the visits columns",
        )


# --------------------------------------------------------------------------------------------
# xlsx


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:  # at most three letters
        n = n * 26 + (ch - 64)
    return n


def check_xlsx(data: bytes, name: str, limits: ReadLimits) -> None:
    """Zip entries (total uncompressed size, ratio) and each sheet's declared dimension."""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise RotaError(
            f"the Excel file cannot be read: it is not a complete .xlsx workbook ({exc})",
            file=name,
            fix="open it in Excel and save it again as .xlsx (without a password)",
        ) from None
    total = sum(e.file_size for e in entries)
    if total > limits.max_unzipped_bytes:
        raise _too_big(
            name, "the workbook, unzipped,", total / MB, limits.max_unzipped_bytes / MB, " MB"
        )
    for e in entries:
        if e.file_size > limits.zip_ratio_floor_bytes:
            ratio = e.file_size / max(e.compress_size, 1)
            if ratio > limits.max_zip_ratio:
                raise RotaError(
                    f"the workbook part {e.filename} inflates {ratio:,.0f} times "
                    f"({e.compress_size / MB:,.1f} MB to {e.file_size / MB:,.0f} MB), over the "
                    f"limit of {limits.max_zip_ratio:,.0f} times: it is not a normal export",
                    file=name,
                    fix="open it in Excel and save it again as .xlsx; if it is a real rota, "
                    + SPLIT_FIX,
                )
    for e in entries:
        if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", e.filename):
            continue
        try:
            with archive.open(e) as fh:
                head = fh.read(DIMENSION_SCAN_BYTES)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
            raise RotaError(
                f"the Excel file cannot be read: part {e.filename} is damaged ({exc})",
                file=name,
                fix="open it in Excel and save it again as .xlsx (without a password)",
            ) from None
        found = _DIMENSION.search(head)
        if not found or not found.group(4):
            continue
        first_col = _column_number(found.group(1) or b"A")
        first_row = int(found.group(2) or 1)
        rows = int(found.group(4)) - first_row + 1
        columns = _column_number(found.group(3)) - first_col + 1
        sheet = e.filename.rsplit("/", 1)[-1].removesuffix(".xml")
        ref = found.group(0).split(b'"')[1].decode()
        cells = rows * columns
        if rows > limits.max_rows or columns > limits.max_columns or cells > limits.max_cells:
            raise RotaError(
                f"a sheet ({sheet}) declares cells over {ref}: {rows:,} rows × {columns:,} "
                f"columns, over the limits of {limits.max_rows:,} rows, "
                f"{limits.max_columns:,} columns and {limits.max_cells:,} cells",
                file=name,
                fix="delete the stray cells far below or to the right of the data (Ctrl+End "
                "in Excel shows the last cell), save, and try again; or " + SPLIT_FIX,
            )

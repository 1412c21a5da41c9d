"""Bytes or a path → a raw cell grid per sheet (no header applied yet).

CSV: UTF-8, UTF-8 with BOM or Windows-1252, comma or semicolon (or tab) separated.
Excel (.xlsx/.xlsm): every sheet, read with python-calamine through pandas (much faster than
openpyxl on large exports; see benchmarks/bench_import.py). Parquet: one table, already typed.

A grid is a DataFrame with integer column labels 0..n-1 and one row per line/row of the file;
`first_row` is the file's row number (1-based, as the user sees it) of the grid's first row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from payfair.errors import RotaError

SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".parquet")
ENCODINGS = ("utf-8-sig", "cp1252")


@dataclass
class Grid:
    """The cells of one sheet (or a whole CSV/Parquet file)."""

    sheet: str | None  # None for CSV and Parquet
    cells: pd.DataFrame  # integer column labels; str/object/typed values
    typed_header: list[str] | None = None  # Parquet: the header is known, cells are typed
    encoding: str | None = None
    delimiter: str | None = None


def file_bytes(path_or_buffer, filename: str | None) -> tuple[bytes, str]:
    """The file's bytes and the name to show the user. Accepts a path, bytes or a file-like."""
    if isinstance(path_or_buffer, (str, Path)):
        path = Path(path_or_buffer)
        if not path.exists():
            raise RotaError("file not found", file=str(path), fix="check the path")
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


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text of a CSV and the encoding that read it: UTF-8 (with or without BOM), else cp1252."""
    for enc in ENCODINGS:
        try:
            return data.decode(enc), ("utf-8" if enc == "utf-8-sig" else enc)
        except UnicodeDecodeError:
            continue
    # cp1252 leaves 5 bytes undefined; latin-1 reads anything
    return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first lines most consistently."""
    lines = [ln for ln in text.splitlines()[:30] if ln.strip()]
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sum(ln.count(d) for ln in lines) for d in ",;\t"}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def read_csv_grid(data: bytes, name: str) -> Grid:
    text, encoding = decode(data, name)
    delimiter = sniff_delimiter(text)
    # Lines may have different widths (banner rows): read ragged with the widest width.
    # (a delimiter inside quotes only adds an empty column, which is harmless)
    lines = pd.Series(text.splitlines(), dtype=object)
    width = int(lines.str.count(delimiter).max()) + 1 if len(lines) else 1
    try:
        cells = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        raise RotaError(
            f"the CSV file cannot be read: {exc}",
            file=name,
            fix="save it again from the rota system or Excel as CSV",
        ) from exc
    return Grid(sheet=None, cells=cells, encoding=encoding, delimiter=delimiter)


def read_excel_grids(data: bytes, name: str, *, engine: str = "calamine") -> list[Grid]:
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, engine=engine)
    except Exception as exc:  # broken zip, not a workbook, password-protected
        raise RotaError(
            f"the Excel file cannot be read ({type(exc).__name__}: {exc})",
            file=name,
            fix="open it in Excel and save it again as .xlsx (without a password)",
        ) from exc
    grids = []
    for sheet, cells in sheets.items():
        cells = cells.copy()
        cells.columns = range(cells.shape[1])
        grids.append(Grid(sheet=str(sheet), cells=cells))
    return grids


def read_parquet_grid(data: bytes, name: str) -> Grid:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:
        raise RotaError(
            f"the Parquet file cannot be read ({type(exc).__name__}: {exc})", file=name
        ) from exc
    header = [str(c) for c in frame.columns]
    frame = frame.copy()
    frame.columns = range(frame.shape[1])
    return Grid(sheet=None, cells=frame, typed_header=header)


def read_grids(path_or_buffer, filename: str | None = None) -> tuple[list[Grid], str]:
    """All grids in a file, and the file name to show. Raises RotaError for other formats."""
    data, name = file_bytes(path_or_buffer, filename)
    suffix = suffix_of(name)
    if suffix in (".csv", ".txt"):
        return [read_csv_grid(data, name)], name
    if suffix in (".xlsx", ".xlsm"):
        return read_excel_grids(data, name), name
    if suffix == ".parquet":
        return [read_parquet_grid(data, name)], name
    if suffix == ".xls":
        fix = "open it in Excel and save it as .xlsx"
    else:
        fix = "save the rota as .csv, .xlsx or .parquet"
    raise RotaError(
        f"payfair cannot read {suffix or 'files without an extension'} files", file=name, fix=fix
    )

"""Limits checked before parsing, encodings and CSV structure (issue 12 items 1 and 4).

Each hostile file must be refused with a RotaError naming the file and the limit in well under
a second, or read with every row used or rejected (rows_read == used + rejected)."""

from __future__ import annotations

import io
import re
import time
import zipfile

import openpyxl
import pytest

from payfair.errors import RotaError
from payfair.importers import load_rota
from payfair.importers.limits import DEFAULT_LIMITS

HEADER = "worker_id,start,end,client_id\n"


def _workbook_with_far_cell(dimension: str | None) -> bytes:
    """A 5 KB workbook with cells at A1 and XFD1048576; `dimension` rewrites the declared one."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "worker_id"
    wb.active["XFD1048576"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    if dimension is None:
        return buf.getvalue()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for entry in src.infolist():
            data = src.read(entry)
            if entry.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', dimension.encode(), data)
            dst.writestr(entry, data)
    return out.getvalue()


def _refused(data: bytes, name: str, *words: str, seconds: float = 1.0, **kw) -> str:
    t = time.perf_counter()
    with pytest.raises(RotaError) as err:
        load_rota(data, filename=name, **kw)
    took = time.perf_counter() - t
    text = str(err.value)
    assert name in text
    for word in words:
        assert word in text
    assert took < seconds, f"{name} took {took:.2f} s to refuse"
    return text


def test_far_cell_declared_dimension_refused_before_reading():
    text = _refused(_workbook_with_far_cell(None), "far.xlsx", "XFD1048576", "16,384 columns")
    assert "Ctrl+End" in text  # how to fix it


def test_far_cell_with_a_lying_dimension_costs_only_the_child():
    # the sheet says A1:B2 but holds XFD1048576: the reader in the child process runs out of
    # its address space and dies; this process carries on with a clear error
    data = _workbook_with_far_cell('<dimension ref="A1:B2"/>')
    _refused(data, "lying.xlsx", "more memory than the limit", seconds=5)


def test_zip_bomb_refused_by_its_ratio():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * (64 * 2**20) + b"</a>")
    text = _refused(out.getvalue(), "bomb.xlsx", "inflates", "split the rota")
    assert "limit of 200 times" in text


def test_zip_total_size_limit():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>" * 1000)
    limits = DEFAULT_LIMITS.but(max_unzipped_bytes=1000)
    _refused(out.getvalue(), "big.xlsx", "unzipped", limits=limits)


def test_one_line_of_a_million_commas_refused_cheaply():
    text = _refused(b"," * 1_000_000, "commas.csv", "1,000,000 bytes long", "65,536")
    assert "row 1" in text


def test_too_many_columns_and_rows():
    wide = (",".join(["a"] * 600) + "\n").encode()
    _refused(wide, "wide.csv", "600 columns", "limit of 500")
    many = (HEADER + "W1,2026-04-06 08:00,2026-04-06 09:00,C\n" * 50).encode()
    _refused(many, "many.csv", "51", "limit of 10", limits=DEFAULT_LIMITS.but(max_rows=10))


def _two_rows(name_bytes: bytes) -> bytes:
    return (
        HEADER.encode()
        + name_bytes
        + b",2026-04-06 08:00,2026-04-06 09:00,C1\n"
        + "Zoë,2026-04-06 10:00,2026-04-06 11:00,C2\n".encode()
    )


def test_windows_1252_byte_in_a_utf8_file_keeps_one_worker_and_names_the_row():
    read = load_rota(_two_rows(b"Zo\xeb"), filename="mixed.csv")
    assert read.events["worker_id"].tolist() == ["Zoë", "Zoë"]
    assert read.warnings["row"].tolist() == [2]
    assert "not UTF-8" in read.warnings["reason"].iloc[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(encoding):
    text = _two_rows("Zoë".encode()).decode("utf-8")
    read = load_rota(text.encode(encoding), filename="u16.csv")
    assert read.events["worker_id"].tolist() == ["Zoë", "Zoë"]
    assert read.rows_read == 2 and read.warnings.empty


def test_whole_file_windows_1252_reads_without_warning():
    data = HEADER.encode() + b"Zo\xeb,2026-04-06 08:00,2026-04-06 09:00,C1\n"
    read = load_rota(data, filename="ansi.csv")
    assert read.events["worker_id"].tolist() == ["Zoë"] and read.warnings.empty


def test_unbalanced_quote_is_a_rejected_line_not_merged_rows():
    data = (
        HEADER
        + "Al,2026-04-06 08:00,2026-04-06 09:00,C1\n"
        + '"Bob,2026-04-06 08:00,2026-04-06 09:00,C1\n'
        + "Cy,2026-04-06 10:00,2026-04-06 11:00,C2\n"
        + "Di,2026-04-06 10:00,2026-04-06 11:00,C2\n"
    ).encode()
    read = load_rota(data, filename="quote.csv")
    assert read.events["worker_id"].tolist() == ["Al", "Cy", "Di"]
    assert read.rejected["row"].tolist() == [3]
    assert "quote" in read.rejected["reason"].iloc[0]
    assert read.rows_read == read.rows_used + len(read.rejected) == 4


def test_quoted_cell_over_two_lines_is_kept():
    data = (
        "worker_id,start,end,notes\n"
        + 'Al,2026-04-06 08:00,2026-04-06 09:00,"first line\nsecond, line"\n'
        + "Cy,2026-04-06 10:00,2026-04-06 11:00,\n"
    ).encode()
    read = load_rota(data, filename="notes.csv")
    assert read.events["worker_id"].tolist() == ["Al", "Cy"] and read.rejected.empty


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG image"),
        (b"%PDF-1.4 " + b"\x00\x01" * 100, "PDF"),
        (bytes(range(256)) * 40, "binary data"),
        (b"", "empty"),
        (b"  \n\n", "empty"),
    ],
)
def test_not_a_csv(data, words):
    _refused(data, "rota.csv", words)


def test_binary_parquet_column_is_a_clear_error():
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "worker_id": pa.array([b"\x00\xff"], pa.binary()),
            "start": ["2026-04-06 08:00"],
            "end": ["2026-04-06 09:00"],
        }
    )
    buf = io.BytesIO()
    pq.write_table(table, buf)
    text = _refused(buf.getvalue(), "bin.parquet", "'worker_id'", "binary data")
    assert "as text" in text  # how to fix it

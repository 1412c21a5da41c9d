"""A corpus of hostile and broken input files for the rota readers, each with its expected outcome.

    python tests/hostile_corpus.py DIR    # write every case to DIR (to try them by hand or in
                                          # the app), with expected.txt listing the outcomes

`cases()` builds them in memory: garbage, files of the wrong kind, truncated and bombed
workbooks, sheets declaring far cells, over-wide lines, encodings (UTF-16 with and without BOM,
stray Windows-1252 bytes), unbalanced quotes, control characters in ids, impossible years and
amounts, Excel error cells, time ranges, empty and header-only files, bad Parquet. Each case
expects either `error` (a RotaError whose message names the file, and contains `words`) or
`result` (a RotaRead with rows_read == used + rejected, and the counts given, if any).
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HEADER = "worker_id,start,end,client_id,pay\n"
ROW = "{p}{i},2026-04-06 {h:02d}:00,2026-04-06 {h:02d}:30,C{i},12.50\n"


def rows(n: int, first: int = 8, prefix: str = "W") -> str:
    return "".join(ROW.format(p=prefix, i=i, h=first + i % 12) for i in range(n))


@dataclass
class Case:
    name: str
    filename: str
    data: bytes
    expect: str  # "error" or "result"
    words: tuple[str, ...] = ()  # in the error message, or in some rejected/warning reason
    read: int | None = None
    used: int | None = None
    seconds: float = 5.0  # generous: the test machine is shared; unloaded, each is < 0.3 s
    limits: dict = field(default_factory=dict)  # ReadLimits changes for this case


def _xlsx(cells: dict[str, object], *, dimension: str | None = None) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Visits"
    for ref, value in cells.items():
        ws[ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    if dimension is None:
        return buf.getvalue()
    return _rewrite_sheets(buf.getvalue(), dimension)


def _rewrite_sheets(data: bytes, dimension: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for entry in src.infolist():
            part = src.read(entry)
            if entry.filename.startswith("xl/worksheets/"):
                part = re.sub(rb'<dimension ref="[^"]*"\s*/>', dimension.encode(), part)
            dst.writestr(entry, part)
    return out.getvalue()


def _rota_xlsx(extra: dict[str, object] | None = None) -> bytes:
    cells: dict[str, object] = {}
    for col, head in zip("ABCDE", HEADER.strip().split(","), strict=True):
        cells[f"{col}1"] = head
    for r in range(2, 6):
        cells.update(
            {
                f"A{r}": f"W{r}",
                f"B{r}": f"2026-04-06 0{r}:00",
                f"C{r}": f"2026-04-06 0{r}:30",
                f"D{r}": "C1",
                f"E{r}": 12.5,
            }
        )
    cells.update(extra or {})
    return _xlsx(cells)


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b"0" * (200 * 2**20) + b"</a>")
    return out.getvalue()


def _parquet(columns: dict) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(pa.table(columns), buf)
    return buf.getvalue()


def cases() -> list[Case]:
    good = HEADER + rows(3)
    garbage = bytes((i * 7919 + 13) % 256 for i in range(20_000))
    valid_xlsx = _rota_xlsx()
    valid_parquet = _parquet(
        {
            "worker_id": ["A", "B"],
            "start": ["2026-04-06 08:00"] * 2,
            "end": ["2026-04-06 09:00"] * 2,
        }
    )
    out = [
        # --- not a rota at all ---
        Case("garbage", "rota.csv", garbage, "error", ("binary",)),
        Case("png renamed csv", "rota.csv", b"\x89PNG\r\n\x1a\n" + garbage, "error", ("PNG",)),
        Case("pdf renamed csv", "rota.csv", b"%PDF-1.7\n" + garbage, "error", ("PDF",)),
        Case("xlsx renamed csv", "rota.csv", valid_xlsx, "error", ("zip or Excel",)),
        Case("empty csv", "rota.csv", b"", "error", ("empty",)),
        Case("whitespace csv", "rota.csv", b" \r\n\t\n\n", "error", ("empty",)),
        Case("csv renamed xlsx", "rota.xlsx", good.encode(), "error", ("not a complete",)),
        Case("garbage xlsx", "rota.xlsx", garbage, "error", ("cannot be read",)),
        Case("truncated xlsx", "rota.xlsx", valid_xlsx[: len(valid_xlsx) // 2], "error", ()),
        Case("garbage parquet", "rota.parquet", garbage, "error", ("Parquet",)),
        Case("truncated parquet", "rota.parquet", valid_parquet[:-40], "error", ("Parquet",)),
        Case("xls", "rota.xls", garbage, "error", ("save it as .xlsx",)),
        Case("no extension", "rota", good.encode(), "error", ("cannot read",)),
        Case("docx", "rota.docx", garbage, "error", ("cannot read",)),
        # --- resource limits ---
        Case("million commas", "rota.csv", b"," * 1_000_000, "error", ("bytes long",)),
        Case("600 columns", "rota.csv", (",".join("a" * 600) + "\n").encode(), "error", ("600",)),
        Case(
            "rows over limit",
            "rota.csv",
            (HEADER + rows(30)).encode(),
            "error",
            ("limit of 20",),
            limits={"max_rows": 20},
        ),
        Case(
            "file over limit",
            "rota.csv",
            (HEADER + rows(30)).encode(),
            "error",
            ("MB",),
            limits={"max_file_bytes": 100},
        ),
        Case("zip bomb", "rota.xlsx", _zip_bomb(), "error", ("inflates",)),
        Case(
            "far cell, declared",
            "rota.xlsx",
            _xlsx({"A1": "worker_id", "XFD1048576": 1}),
            "error",
            ("XFD1048576",),
        ),
        Case(
            "far cell, lying dimension",
            "rota.xlsx",
            _xlsx({"A1": "worker_id", "XFD1048576": 1}, dimension='<dimension ref="A1:B2"/>'),
            "error",
            ("memory",),
            seconds=10.0,
        ),
        Case(
            "parquet over row limit",
            "rota.parquet",
            valid_parquet,
            "error",
            ("limits",),
            limits={"max_rows": 1},
        ),
        # --- encodings and CSV structure ---
        Case("utf-16 le bom", "rota.csv", good.encode("utf-16"), "result", read=3, used=3),
        Case(
            "utf-16 be bom",
            "rota.csv",
            b"\xfe\xff" + good.encode("utf-16-be"),
            "result",
            read=3,
            used=3,
        ),  # fmt: skip
        Case("utf-16 le no bom", "rota.csv", good.encode("utf-16-le"), "result", read=3, used=3),
        Case("utf-8 bom", "rota.csv", b"\xef\xbb\xbf" + good.encode(), "result", read=3, used=3),
        Case(
            "stray cp1252 byte",
            "rota.csv",
            HEADER.encode()
            + "Zoë,2026-04-06 08:00,2026-04-06 09:00,C,1\n".encode()
            + b"Zo\xeb,2026-04-06 10:00,2026-04-06 11:00,C,1\n",
            "result",
            ("not UTF-8",),
            read=2,
            used=2,
        ),
        Case(
            "cp1252 file",
            "rota.csv",
            (HEADER + "Zoë,2026-04-06 08:00,2026-04-06 09:00,C,1\n").encode("cp1252"),
            "result",
            read=1,
            used=1,
        ),  # fmt: skip
        Case(
            "unbalanced quote",
            "rota.csv",
            (
                HEADER
                + rows(2)
                + '"W9,2026-04-06 08:00,2026-04-06 09:00,C,1\n'
                + rows(3, prefix="V")
            ).encode(),
            "result",
            ("quote",),
            read=6,
            used=5,
        ),
        Case("crlf", "rota.csv", good.replace("\n", "\r\n").encode(), "result", read=3, used=3),
        Case("semicolons", "rota.csv", good.replace(",", ";").encode(), "result", read=3, used=3),
        Case("tabs", "rota.csv", good.replace(",", "\t").encode(), "result", read=3, used=3),
        Case("header only", "rota.csv", HEADER.encode(), "result", read=0, used=0),
        Case("blank body", "rota.csv", (HEADER + ",,,,\n\n,,,,\n").encode(), "result", read=0),
        Case("unknown layout", "rota.csv", b"a,b,c\n1,2,3\n", "error", ("does not recognise",)),
        Case(
            "month-first dates",
            "rota.csv",
            b"worker_id,start,end\nA,04/13/2026 08:00,04/13/2026 09:00\n",
            "error",
            ("month-first",),
        ),
        Case(
            "duplicate headers",
            "rota.csv",
            (HEADER.strip() + ",pay\n" + rows(2).replace("\n", ",1\n")).encode(),
            "result",
            read=2,
        ),  # fmt: skip
        # --- hostile cells ---
        Case(
            "NUL and ESC in ids",
            "rota.csv",
            (
                HEADER + "W\x001,2026-04-06 08:00,2026-04-06 09:00,C,1\n"
                "W\x1b[31m2,2026-04-06 08:00,2026-04-06 09:00,C\x0b,1\n"
            ).encode(),
            "result",
            read=2,
        ),  # fmt: skip
        Case(
            "formula ids",
            "rota.csv",
            (
                HEADER + '"=HYPERLINK(""http://x"",""y"")",2026-04-06 08:00,2026-04-06 09:00,'
                "=cmd|' /C calc'!A0,1\n"
            ).encode(),
            "result",
            read=1,
            used=1,
        ),  # fmt: skip
        Case(
            "year 9999",
            "rota.csv",
            (HEADER + "A,9999-12-31 08:00,9999-12-31 09:00,C,1\n").encode(),
            "result",
            ("year 9999",),
            read=1,
            used=0,
        ),  # fmt: skip
        Case(
            "year 1900",
            "rota.csv",
            (HEADER + "A,1900-01-01 08:00,1900-01-01 09:00,C,1\n").encode(),
            "result",
            ("year 1900",),
            read=1,
            used=0,
        ),  # fmt: skip
        Case(
            "year 0001",
            "rota.csv",
            (HEADER + "A,0001-01-01 08:00,0001-01-01 09:00,C,1\n").encode(),
            "result",
            read=1,
            used=0,
        ),  # fmt: skip
        Case(
            "pay 1e308",
            "rota.csv",
            (HEADER + "A,2026-04-06 08:00,2026-04-06 09:00,C,1e308\n").encode(),
            "result",
            read=1,
        ),  # fmt: skip
        Case(
            "pay 1e999",
            "rota.csv",
            (HEADER + "A,2026-04-06 08:00,2026-04-06 09:00,C,1e999\n").encode(),
            "result",
            ("not a number",),
            read=1,
            used=0,
        ),  # fmt: skip
        Case(
            "pay nan",
            "rota.csv",
            (HEADER + "A,2026-04-06 08:00,2026-04-06 09:00,C,nan\n").encode(),
            "result",
            read=1,
            used=0,
        ),  # fmt: skip
        Case(
            "pay #DIV/0!",
            "rota.csv",
            (HEADER + "A,2026-04-06 08:00,2026-04-06 09:00,C,#DIV/0!\n").encode(),
            "result",
            ("Excel error",),
            read=1,
            used=0,
        ),  # fmt: skip
        Case(
            "negative pay",
            "rota.csv",
            (HEADER + "A,2026-04-06 08:00,2026-04-06 09:00,C,-5\n").encode(),
            "result",
            ("negative",),
            read=1,
            used=0,
        ),  # fmt: skip
        Case(
            "end before start",
            "rota.csv",
            (HEADER + "A,2026-04-06 09:00,2026-04-06 08:00,C,1\n").encode(),
            "result",
            read=1,
            used=0,
        ),  # fmt: skip
        Case(
            "hour 25",
            "rota.csv",
            b"Carer,Date,Start Time,End Time\nA,06/04/2026,25:00,26:00\n",
            "result",
            read=1,
            used=0,
        ),  # fmt: skip
        Case(
            "time range",
            "rota.csv",
            b"Carer,Date,Start Time,End Time\nA,06/04/2026,07:30 - 08:00,\n",
            "result",
            ("time range",),
            read=1,
            used=0,
        ),  # fmt: skip
        Case(
            "huge cell",
            "rota.csv",
            (HEADER + "A" * 60_000 + ",2026-04-06 08:00,2026-04-06 09:00,C,1\n").encode(),
            "result",
            read=1,
        ),  # fmt: skip
        Case(
            "huge number",
            "rota.csv",
            (HEADER + "A,2026-04-06 08:00,2026-04-06 09:00,C," + "9" * 5000 + "\n").encode(),
            "result",
            read=1,
            used=0,
        ),  # fmt: skip
        # --- workbooks and Parquet with odd cells ---
        Case("xlsx valid", "rota.xlsx", valid_xlsx, "result", read=4, used=4),
        Case(
            "xlsx error cells",
            "rota.xlsx",
            _rota_xlsx({"E3": "#DIV/0!", "E4": "#N/A"}),
            "result",
            ("Excel error",),
            read=4,
            used=2,
        ),  # fmt: skip
        Case("xlsx empty", "rota.xlsx", _xlsx({}), "error", ()),
        Case(
            "parquet binary column",
            "rota.parquet",
            _parquet(
                {
                    "worker_id": [b"\x00\xff"],
                    "start": ["2026-04-06 08:00"],
                    "end": ["2026-04-06 09:00"],
                }
            ),
            "error",
            ("binary",),
        ),  # fmt: skip
        Case(
            "parquet list column",
            "rota.parquet",
            _parquet(
                {
                    "worker_id": [["a", "b"]],
                    "start": ["2026-04-06 08:00"],
                    "end": ["2026-04-06 09:00"],
                }
            ),
            "error",
            ("lists",),
        ),  # fmt: skip
        Case("parquet valid", "rota.parquet", valid_parquet, "result", read=2, used=2),
        Case(
            "parquet no rows",
            "rota.parquet",
            _parquet({"worker_id": [], "start": [], "end": []}),
            "result",
            read=0,
        ),  # fmt: skip
        # --- rows that look like work but are not (each rejected with a reason naming it) ---
        Case(
            "sleep-in and not completed",
            "rota.csv",
            (
                b"worker_id,start,end,kind,status\n"
                b"A,2026-04-06 22:00,2026-04-07 07:00,Sleep-in visit,completed\n"
                b"A,2026-04-07 08:00,2026-04-07 09:00,visit,Not completed\n"
                b"A,2026-04-07 10:00,2026-04-07 11:00,visit,completed\n"
            ),
            "result",
            ("sleep-in",),
            read=3,
            used=1,
        ),
        Case(
            "exact duplicate row",
            "rota.csv",
            (HEADER + rows(2) + rows(1)).encode(),
            "result",
            ("duplicate of row 2",),
            read=3,
            used=2,
        ),
    ]
    return out


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i, case in enumerate(cases(), 1):
        name = f"{i:02d}_{re.sub(r'[^a-z0-9]+', '_', case.name.lower())}_{case.filename}"
        (folder / name).write_bytes(case.data)
        lines.append(f"{name}: {case.expect} {' '.join(case.words)}".rstrip())
    (folder / "expected.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    write(Path(sys.argv[1]))

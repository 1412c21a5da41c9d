"""Reading an xlsx workbook's cells in a child process with memory and time limits.

The xlsx reader (python-calamine, native code) sizes its cell grid from the cells a sheet
holds; a sheet that lies about its dimension can make it allocate hundreds of GB and abort the
process (SIGABRT: no Python exception to catch). Run in a child process whose address space is
capped (resource.RLIMIT_AS) and whose wall time is bounded, such a file costs one request: the
child dies, and the parent raises a RotaError naming the file. The child imports only the reader
(python-calamine); the workbook's bytes go in on stdin, the sheets come back pickled on stdout.

Run as a script by `read_xlsx_in_child` (not imported by the child as part of payfair).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

CHILD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def read_xlsx_in_child(
    data: bytes, *, memory_bytes: int, seconds: float
) -> tuple[dict | None, str | None]:
    """({sheet: rows of cells}, None), or (None, what went wrong in plain words)."""
    env = {**os.environ, **CHILD_ENV}
    try:
        done = subprocess.run(
            [sys.executable, "-I", str(Path(__file__)), str(int(memory_bytes)), str(seconds)],
            input=data,
            capture_output=True,
            timeout=seconds,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"reading its cells took longer than the limit of {seconds:,.0f} seconds"
    if done.returncode == 0:
        try:
            status, payload = pickle.loads(done.stdout)
        except Exception:  # a truncated answer: the child was killed while writing
            return None, "the reader stopped before it finished"
        if status == "ok":
            return payload, None
        return None, payload
    if done.returncode < 0 or done.returncode in (134, 137):
        return None, (
            "reading its cells needs more memory than the limit of "
            f"{memory_bytes / 2**30:,.1f} GB (a sheet holds cells far apart, or very many)"
        )
    tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no detail"]
    if "MemoryError" in tail[0]:
        return None, (
            f"reading its cells needs more memory than the limit of {memory_bytes / 2**30:,.1f} GB"
        )
    return None, f"the reader stopped ({tail[0][:200]})"


def _cell(value):
    """As pandas' calamine reader converts cells: whole floats → int, date → datetime."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:  # at most three letters
        n = n * 26 + ord(ch) - 64
    return n - 1


def _error_cells(data: bytes) -> dict[str, list[tuple[int, int, str]]]:
    """Excel error cells (#DIV/0!, #N/A, ...) per sheet name: (row, column, text), 0-based.

    The reader returns an error cell as an empty string, which would read a broken formula as
    "no value" in silence; so the sheets' XML is scanned for cells of type "e", streamed in
    chunks, only when the bytes hold such a cell at all."""
    import html
    import io
    import re
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    target = {}
    for rel in re.findall(r"<Relationship\b[^>]*>", rels):
        rid, path = re.search(r'\bId="([^"]+)"', rel), re.search(r'\bTarget="([^"]+)"', rel)
        if rid and path:
            where = path.group(1)
            target[rid.group(1)] = where.lstrip("/") if where.startswith("/") else "xl/" + where
    cell = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)>.*?<v>([^<]*)</v>', re.S)
    ref = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
    found: dict[str, list[tuple[int, int, str]]] = {}
    for sheet in re.findall(r"<sheet\b[^>]*>", book):
        name, rid = re.search(r'\bname="([^"]*)"', sheet), re.search(r':id="([^"]*)"', sheet)
        path = target.get(rid.group(1)) if rid else None
        if not name or path not in names:
            continue
        cells = []
        with archive.open(path) as fh:
            carry = b""
            while chunk := fh.read(8 * 2**20):
                block = carry + chunk
                cut = block.rfind(b"</c>") + 4
                if b't="e"' in block[:cut]:
                    for attrs, value in cell.findall(block[:cut]):
                        at = ref.search(attrs)
                        if at:
                            row, col = int(at.group(2)) - 1, _column_index(at.group(1).decode())
                            cells.append((row, col, value.decode("utf-8", "replace")))
                carry = block[cut:] if cut > 3 else block[-(2**20) :]
        if cells:
            found[html.unescape(name.group(1))] = cells
    return found


def _child(memory_bytes: int, seconds: float) -> None:
    """Runs in the child: limits first, then the reader (python-calamine only, no pandas, so
    the child starts in about 0.1 s)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    import io

    from python_calamine import CalamineWorkbook

    data = sys.stdin.buffer.read()
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = {}
        for name in book.sheet_names:  # a handful of sheets
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets[name] = [[_cell(v) for v in row] for row in rows]  # the reader's own cells
        for name, cells in _error_cells(data).items():  # a few cells, if any
            grid = sheets.get(name, [])
            for row, col, value in cells:
                if row < len(grid) and col < len(grid[row]):
                    grid[row][col] = value
        answer = ("ok", sheets)
    except MemoryError:
        answer = ("error", "reading its cells needs more memory than allowed")
    except Exception as exc:  # broken zip, not a workbook, password-protected
        answer = ("error", f"{type(exc).__name__}: {str(exc)[:300]}")
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _child(int(sys.argv[1]), float(sys.argv[2]))

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
        answer = ("ok", sheets)
    except MemoryError:
        answer = ("error", "reading its cells needs more memory than allowed")
    except Exception as exc:  # broken zip, not a workbook, password-protected
        answer = ("error", f"{type(exc).__name__}: {str(exc)[:300]}")
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _child(int(sys.argv[1]), float(sys.argv[2]))

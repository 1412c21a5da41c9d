"""How fast a large .xlsx rota imports: python-calamine (payfair's reader) against openpyxl.

    .venv/bin/python benchmarks/bench_import.py [ROWS]

Writes a generated rota of about ROWS rows (default 100,000) in the generic export layout
(split date and time, duration) to a temporary .xlsx, then times: reading the cells with each
engine, and payfair's full `load_rota` (reading, header, layout, date assembly, validation).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from payfair import sample
from payfair.importers import load_rota


def main(rows: int = 100_000) -> None:
    # about 38 rows per worker-week; generate a little more, then keep `rows`
    weeks = 4
    workers = max(1, round(rows / (weeks * 36)))
    events, _ = sample.generate(workers, weeks, seed=1)
    events = events.head(rows)
    frame = sample.generic_frame(events)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.xlsx"
        t = time.perf_counter()
        sample.write(frame, path)
        print(f"wrote {len(frame):,} rows to .xlsx in {time.perf_counter() - t:.1f} s")
        for engine in ("calamine", "openpyxl"):
            t = time.perf_counter()
            pd.read_excel(path, engine=engine, header=None)
            print(f"read cells with {engine:<9}: {time.perf_counter() - t:6.2f} s")
        t = time.perf_counter()
        read = load_rota(path)
        took = time.perf_counter() - t
        print(
            f"payfair load_rota (calamine): {took:6.2f} s for {read.rows_read:,} rows "
            f"({read.rows_used:,} used, {len(read.rejected):,} rejected)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

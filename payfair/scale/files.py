"""Many rota files as one rota: a folder or a glob of CSV, Parquet or Excel files.

A commissioner or a region holds one export per provider, branch or month. `rota_files` lists the
files a folder or glob names (in a stable, sorted order); `read_files` reads each with the same
importer as a single file and stacks them, so that rows read = rows used + rows rejected still
holds across files and every rejection names the file it came from.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd

from payfair.analysis import refuse_outside_rate_table
from payfair.errors import RotaError, concat_rejections, empty_rejections, rejections_frame
from payfair.importers import load_rota
from payfair.periods import DEFAULT_ANCHOR
from payfair.rota import RotaRead, Source, concat_events

#: File types a folder is searched for (the importers read these).
ROTA_SUFFIXES = (".csv", ".parquet", ".xlsx", ".xlsm")
#: File types the Dask engine reads (no Excel: a workbook's workers sheet could not be shared).
DASK_SUFFIXES = (".csv", ".parquet")
_GLOB_CHARS = set("*?[")


@dataclass
class RowsRead:
    """Rows read, rejected and warned about across every file (the events may live elsewhere,
    e.g. on a Dask cluster): `rows_read == rows_used + len(rejected)`."""

    rows_read: int
    rows_used: int
    rejected: pd.DataFrame = field(default_factory=empty_rejections)
    warnings: pd.DataFrame = field(default_factory=empty_rejections)
    files: list[str] = field(default_factory=list)


def is_many(spec: str | Path) -> bool:
    """True when `spec` names a folder or a glob rather than one file."""
    text = str(spec)
    return Path(text).is_dir() or bool(_GLOB_CHARS & set(text))


def rota_files(spec: str | Path, suffixes: Sequence[str] = ROTA_SUFFIXES) -> list[Path]:
    """The rota files a folder (and its sub-folders), a glob, or a single
    path names, sorted so that every run reads them in the same order."""
    text = str(spec)
    path = Path(text)
    if path.is_dir():
        found = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes]
        where = f"the folder {text}"
    elif _GLOB_CHARS & set(text):
        found = [Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file()]
        found = [p for p in found if p.suffix.lower() in suffixes]
        where = f"the pattern {text}"
    else:
        return [path]
    if not found:
        raise RotaError(
            f"no rota files ({', '.join(suffixes)}) in {where}",
            file=text,
            fix="check the folder or pattern; rota files end in " + ", ".join(suffixes),
        )
    return sorted(found, key=lambda p: str(p))


def file_labels(files: Sequence[Path], spec: str | Path) -> list[str]:
    """The name each file is reported under: its path inside the folder given (or the folder all
    a glob's files share), so two providers' `visits.csv` stay apart; the bare name for one file."""
    if len(files) == 1 and not Path(spec).is_dir():
        return [files[0].name]
    base = (
        Path(spec) if Path(spec).is_dir() else Path(os.path.commonpath([f.parent for f in files]))
    )
    return [f.relative_to(base).as_posix() for f in files]  # files, not rows


def planned_warnings(rows: Sequence[int], source: Source | None) -> pd.DataFrame:
    """One warning per row of a file whose times are planned ones. Row numbers of several files
    would collide in one rota, so a stack of files lists them here, naming each file."""
    return rejections_frame(
        list(rows),
        "no actual (call-monitoring) times, so the planned times were used: fill in the actual "
        "times if the visit ran differently",
        file=source.file if source else None,
        sheet=source.sheet if source else None,
    )


def refuse_per_file(
    read: RotaRead, *, period: str, anchor: date, period_days: int | None = None
) -> RotaRead:
    """`analysis.refuse_outside_rate_table` on one file before it is stacked with others, so
    the refused rows name their own file and header (the Dask engine does the same per file)."""
    kept, refused = refuse_outside_rate_table(
        read, period=period, anchor=anchor, period_days=period_days
    )
    if not len(refused):
        return read
    return replace(read, events=kept, rejected=concat_rejections([read.rejected, refused]))


def stack_reads(reads: Sequence[RotaRead]) -> RotaRead:
    """One RotaRead from several, events in file order; workers sheets combined (first wins);
    each file's planned-time rows listed in the warnings."""
    if len(reads) == 1:
        return reads[0]
    frames = [r.events for r in reads if len(r.events)]
    events = concat_events(frames) if frames else reads[0].events
    workers = [r.workers for r in reads if r.workers is not None and len(r.workers)]
    combined = None
    if workers:
        combined = pd.concat(workers, ignore_index=True)
        combined = combined.drop_duplicates("worker_id", keep="first").reset_index(drop=True)
    planned = [planned_warnings(r.planned_rows, r.source) for r in reads]
    return RotaRead(
        events=events,
        rows_read=sum(r.rows_read for r in reads),
        rejected=concat_rejections([r.rejected for r in reads]),
        warnings=concat_rejections([r.warnings for r in reads] + planned),
        workers=combined,
        layout=", ".join(sorted({r.layout for r in reads})),
        source=Source(file=f"{len(reads)} files"),
    )


def read_files(
    files: Sequence[Path],
    labels: Sequence[str],
    load: Callable[[Path, str], RotaRead] | None = None,
    *,
    period: str | None = None,
    anchor: date | None = None,
    period_days: int | None = None,
) -> RotaRead:
    """Read every file with the same importer (`load(path, label)`, default `load_rota`) and
    stack them: rows read = used + rejected across files, each rejection naming its file. With
    `period`, rows in pay periods the rates table does not cover are refused file by file."""
    load = load or (lambda path, label: load_rota(path, filename=label))
    reads = [load(f, label) for f, label in zip(files, labels, strict=True)]
    if period is not None and len(reads) > 1:
        anchor = anchor or DEFAULT_ANCHOR
        reads = [
            refuse_per_file(r, period=period, anchor=anchor, period_days=period_days) for r in reads
        ]
    return stack_reads(reads)

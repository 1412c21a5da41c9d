"""Finding the header row below banner or title rows, and choosing the sheet that holds visits.

A row is scored by how many distinct fields its cells name (through the alias table, or as a
named layout's header). The header is the best-scoring row among the first 30; ties go to the
first. A workbook's visits sheet is the one whose header scores best; a sheet named like
"workers", "staff" or "carers" whose header names worker columns is the workers sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from payfair.importers.aliases import _UNIT_WORDS, EVENT_LOOKUP, WORKER_LOOKUP, normalise_series
from payfair.importers.layouts import NAMED_LAYOUTS
from payfair.importers.readers import Grid

SCAN_ROWS = 30
MIN_EVENT_SCORE = 2
WORKER_SHEET_NAME = re.compile(r"worker|staff|carer|employee|caregiver|people|team", re.I)
WORKER_ONLY_FIELDS = ("date_of_birth", "apprentice", "apprenticeship_start", "role", "contact_rate")

_LAYOUT_HEADERS = {
    normalise_series(pd.Series(list(lay.columns.values()))).iloc[i]: f
    for lay in NAMED_LAYOUTS
    for i, f in enumerate(lay.columns)
}


@dataclass
class HeaderFound:
    row: int  # 0-based index in the grid
    headers: list[str]
    score: int


def _fields(cells: pd.DataFrame, lookup: dict[str, str]) -> pd.DataFrame:
    """Field named by each cell (NA where none), for a block of rows; vectorised."""
    stacked = cells.stack(future_stack=True)
    norm = normalise_series(stacked)
    table = {**_LAYOUT_HEADERS, **lookup} if lookup is EVENT_LOOKUP else lookup
    field = norm.map(table)
    stripped = norm.str.replace(_UNIT_WORDS.pattern, "", regex=True)
    field = field.fillna(stripped.map(table))
    return field.unstack()


def _scores(cells: pd.DataFrame, lookup: dict[str, str]) -> pd.Series:
    block = cells.iloc[:SCAN_ROWS]
    if block.empty:
        return pd.Series(dtype="int64")
    return _fields(block, lookup).nunique(axis=1)


def header_names(row: pd.Series) -> list[str]:
    """Header cells as text; blank headers become 'column N' (1-based, as in the file)."""
    text = row.astype("string").str.strip().fillna("")
    text = text.mask(text.isin(["nan", "NaN", "None"]), "")
    names = [t if t else f"column {i + 1}" for i, t in enumerate(text.tolist())]
    # duplicate headers: add ' (2)', ' (3)' so that every column can be named
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def find_header(grid: Grid, *, lookup=EVENT_LOOKUP, header_row: int | None = None) -> HeaderFound:
    """The header row of a grid (given as `header_row`, 1-based, or found)."""
    if grid.typed_header is not None:
        headers = list(grid.typed_header)
        score = int(_scores(pd.DataFrame([headers]), lookup).max() or 0)
        return HeaderFound(row=-1, headers=headers, score=score)
    if header_row is not None:
        i = header_row - 1
        if not 0 <= i < len(grid.cells):
            from payfair.errors import RotaError

            raise RotaError(
                f"header row {header_row} is past the end of the "
                + (f"sheet {grid.sheet!r}" if grid.sheet else "file")
                + f", which has {len(grid.cells)} rows",
                sheet=grid.sheet,
                fix="give the header's row number as you see it in Excel (or leave it out and "
                "payfair finds the header)",
            )
        row = grid.cells.iloc[i]
        score = int(_scores(grid.cells.iloc[[i]], lookup).max() or 0)
        return HeaderFound(row=i, headers=header_names(row), score=score)
    scores = _scores(grid.cells, lookup)
    if scores.empty:
        return HeaderFound(row=0, headers=[], score=0)
    best = int(scores.idxmax())  # first row with the best score
    return HeaderFound(
        row=best, headers=header_names(grid.cells.iloc[best]), score=int(scores.max())
    )


def choose_sheets(
    grids: list[Grid], *, sheet: str | None = None, header_row: int | None = None
) -> tuple[Grid, HeaderFound, tuple[Grid, HeaderFound] | None]:
    """(visits grid, its header, (workers grid, header) or None)."""
    if sheet is not None:
        named = [g for g in grids if g.sheet is not None and g.sheet.lower() == sheet.lower()]
        if not named:
            from payfair.errors import RotaError

            if all(g.sheet is None for g in grids):
                raise RotaError(
                    f"there is no sheet {sheet!r}: this file is not a workbook (it has no sheets)",
                    fix="leave out the sheet name for a CSV or Parquet file",
                )
            raise RotaError(
                f"there is no sheet {sheet!r}; sheets: " + ", ".join(repr(g.sheet) for g in grids),
                fix="give one of the sheet names listed",
            )
        visits = named[0]
        return visits, find_header(visits, header_row=header_row), None
    found = [(g, find_header(g, header_row=header_row)) for g in grids]
    workers = None
    for g, _ in found:
        if g.sheet and WORKER_SHEET_NAME.search(g.sheet):
            wh = find_header(g, lookup=WORKER_LOOKUP)
            fields = set(_fields(pd.DataFrame([wh.headers]), WORKER_LOOKUP).iloc[0].dropna())
            if "worker_id" in fields and fields & set(WORKER_ONLY_FIELDS):
                workers = (g, wh)
                break
    candidates = [(g, h) for g, h in found if workers is None or g is not workers[0]]
    visits, header = max(candidates, key=lambda gh: gh[1].score) if candidates else found[0]
    return visits, header, workers

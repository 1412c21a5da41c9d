"""Reading rota files in the layouts providers already have, into the canonical rota.

`load_rota(path_or_buffer, filename=...)` is the one entry point used by the CLI, the app and
the tests; `load_workers` reads a workers file. Both accept a path, or bytes / a binary
file-like object with `filename=` (the app never writes uploads to disk).
"""

from __future__ import annotations

import pandas as pd

from payfair.errors import RotaError
from payfair.importers.readers import read_grids
from payfair.rota import RotaRead, Source, validate_events, validate_workers


def _first_grid_frame(path_or_buffer, filename):
    grids, name = read_grids(path_or_buffer, filename)
    grid = grids[0]
    if grid.typed_header is not None:
        raw = grid.cells.copy()
        raw.columns = grid.typed_header
        first = 2
    else:
        header = grid.cells.iloc[0].astype(str).str.strip().tolist()
        raw = grid.cells.iloc[1:].copy()
        raw.columns = header
        first = 2
    raw.insert(0, "source_row", range(first, len(raw) + first))
    return raw.reset_index(drop=True), Source(file=name, sheet=grid.sheet)


def load_rota(path_or_buffer, *, filename=None, **options) -> RotaRead:
    """Read one rota file into canonical events, with every unusable row listed as rejected."""
    raw, source = _first_grid_frame(path_or_buffer, filename)
    return validate_events(raw, source)


def load_workers(path_or_buffer, *, filename=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a workers file (canonical columns) into (workers, rejected)."""
    raw, source = _first_grid_frame(path_or_buffer, filename)
    return validate_workers(raw, source)


__all__ = ["RotaError", "load_rota", "load_workers"]

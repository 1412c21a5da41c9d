"""Reading rota files in the layouts providers already have, into the canonical rota.

`load_rota(path)` is the one entry point used by the CLI, the app and the tests.
This first version reads files whose headers are already the canonical names (row 1);
the importers issue extends it with layouts, header aliases, banner rows and date assembly.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from payfair.errors import RotaError
from payfair.rota import RotaRead, Source, validate_events


def _read_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if suffix in (".xlsx", ".xlsm"):
        return pd.read_excel(path, sheet_name=0, dtype=object)
    if suffix == ".parquet":
        return pd.read_parquet(path)
    raise RotaError(
        f"payfair cannot read {suffix or 'files without an extension'}",
        file=str(path),
        fix="save the rota as .csv, .xlsx or .parquet",
    )


def load_rota(path: str | Path, **options) -> RotaRead:
    """Read one rota file into canonical events, with every unusable row listed as rejected."""
    path = Path(path)
    if not path.exists():
        raise RotaError("file not found", file=str(path), fix="check the path")
    raw = _read_table(path)
    # Row numbers as the user sees them: header is row 1, first data row is row 2.
    raw.insert(0, "source_row", range(2, len(raw) + 2))
    return validate_events(raw, Source(file=path.name))

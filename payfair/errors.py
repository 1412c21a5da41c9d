"""How payfair reports bad input: a whole-file error, or rejected rows with reasons.

Every input row ends up used or rejected with a reason; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from payfair.schema import REJECTION_COLUMNS


class RotaError(ValueError):
    """The file as a whole cannot be used. The message names the file, sheet, row and column
    where known, and says how to fix it."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"file {self.file}")
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.fix:
            text += f" How to fix: {self.fix}"
        return text


def rejections_frame(
    rows: Iterable[int] | pd.Series,
    reason: str | pd.Series,
    *,
    file: str | None = None,
    sheet: str | None = None,
    column: str | None = None,
) -> pd.DataFrame:
    """Rejected (or warning) rows in the standard shape, vectorised over many rows at once."""
    row = pd.Series(
        list(rows) if not isinstance(rows, pd.Series) else rows.to_numpy(), dtype="Int64"
    )
    n = len(row)
    out = pd.DataFrame(
        {
            "file": pd.Series([file] * n, dtype="string"),
            "sheet": pd.Series([sheet] * n, dtype="string"),
            "row": row,
            "column": pd.Series([column] * n, dtype="string"),
            "reason": (
                reason.astype("string").reset_index(drop=True)
                if isinstance(reason, pd.Series)
                else pd.Series([reason] * n, dtype="string")
            ),
        }
    )
    return out[list(REJECTION_COLUMNS)]


def empty_rejections() -> pd.DataFrame:
    """No rejected rows, with the right columns and dtypes."""
    return rejections_frame([], "")


def concat_rejections(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Stack rejection frames, sorted by file, sheet and row as the user would read them."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_rejections()
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(
        ["file", "sheet", "row"], kind="stable", na_position="first"
    ).reset_index(drop=True)

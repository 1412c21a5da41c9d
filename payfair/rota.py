"""The canonical rota: typing and validating events and workers, rejecting bad rows with reasons.

Input: a DataFrame whose columns already carry canonical names (see payfair.schema and
docs/ARCHITECTURE.md), with values still as read from the file (strings, numbers, datetimes),
and a `source_row` column. Output: typed canonical events, plus rejected rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from payfair.errors import empty_rejections


@dataclass
class Source:
    """Where rows came from, for error messages: the file's name and the sheet (Excel only)."""

    file: str
    sheet: str | None = None


@dataclass
class RotaRead:
    """Everything read from one rota: the usable events, the workers (if any), and every row
    that could not be used, with the reason. `rows_read == len(events) + len(rejected)`."""

    events: pd.DataFrame
    rows_read: int
    rejected: pd.DataFrame = field(default_factory=empty_rejections)
    warnings: pd.DataFrame = field(default_factory=empty_rejections)
    workers: pd.DataFrame | None = None
    layout: str = "canonical"
    mapping: dict[str, str] = field(default_factory=dict)
    source: Source | None = None

    @property
    def rows_used(self) -> int:
        return len(self.events)


def validate_events(raw: pd.DataFrame, source: Source) -> RotaRead:
    """Type and validate canonical events; rows that fail become rejections (not exceptions).

    Raises RotaError only when the frame as a whole is unusable (a required column missing).
    TO BE WRITTEN (engine issue).
    """
    raise NotImplementedError


def validate_workers(raw: pd.DataFrame, source: Source) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Type and validate the workers file; returns (workers, rejected). TO BE WRITTEN."""
    raise NotImplementedError

"""The whole engine, end to end: canonical events → timeline → pay → pay reference periods →
minimum-wage check. TO BE WRITTEN (engine issue); the signatures are the contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from payfair.errors import empty_rejections
from payfair.policy import PayPolicy


@dataclass
class Analysis:
    periods: pd.DataFrame  # payfair.schema.PERIOD_COLUMNS
    timeline: pd.DataFrame  # per event: timeline + pay columns, with period_start/period_end
    rows_read: int
    rejected: pd.DataFrame = field(default_factory=empty_rejections)
    warnings: pd.DataFrame = field(default_factory=empty_rejections)
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_used(self) -> int:
        return self.rows_read - len(self.rejected)


def analyse_events(
    events: pd.DataFrame,
    workers: pd.DataFrame | None,
    policy: PayPolicy,
    *,
    period: str = "weekly",
    period_anchor: date | None = None,
    as_of: date | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pure engine: (timeline with pay and periods, periods table)."""
    raise NotImplementedError

"""What the warnings need to know about a rota's events, in a size that does not grow with them.

`analysis.assumption_warnings` says in words what payfair filled in: how many events had their
pay worked out from the pay policy or their planned times used, and which rows (the first few
row numbers and how many more), the dates the rota runs between, and which worker ids match no
one in the workers file. Those facts are all it needs from the per-event timeline.

On Dask (payfair.scale.dask_engine) each partition of workers works out its own facts and they
are combined on this machine, so a run gathers a few kilobytes per partition rather than
columns per event, and a rota larger than memory stays in bounded memory (issue 11). Row
numbers are kept as a bitmap (bit i set when row low + i is named): a rota's row numbers fill a
range about as long as its longest file, so the map is an eighth of a byte per row of that
file, however many files and events there are, and combining partitions is a bitwise OR.
Counting the set bits gives the distinct rows, as `np.unique` would. (Scattered row numbers are
kept as a sorted array instead.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class FlaggedRows:
    """Events carrying one flag: how many, and their distinct row numbers, kept as a bitmap
    from row `low` (bit i set when row low + i is flagged) when the rows are dense, as they are
    in a rota, or as a sorted array when they are scattered (a bitmap would then be mostly
    empty)."""

    events: int = 0
    low: int = 0
    bitmap: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint8))
    scattered: np.ndarray | None = None  # sorted distinct rows, when not a bitmap

    @classmethod
    def of(cls, rows: pd.Series | np.ndarray) -> FlaggedRows:
        """From the row numbers of the flagged events (one per event; repeats allowed)."""
        numbers = pd.to_numeric(pd.Series(rows), errors="coerce").dropna().to_numpy(np.int64)
        return cls._from_numbers(len(rows), numbers)

    @classmethod
    def _from_numbers(cls, events: int, numbers: np.ndarray) -> FlaggedRows:
        if not len(numbers):
            return cls(events)
        low, high = int(numbers.min()), int(numbers.max())
        if high - low + 1 > 64 * len(numbers):  # scattered: a bitmap would be larger
            return cls(events, scattered=np.unique(numbers))
        seen = np.zeros(high - low + 1, dtype=bool)
        seen[numbers - low] = True
        return cls(events, low, np.packbits(seen))

    def rows(self) -> np.ndarray:
        """The distinct flagged row numbers, ascending."""
        if self.scattered is not None:
            return self.scattered
        return np.flatnonzero(np.unpackbits(self.bitmap)) + self.low

    def combined(self, other: FlaggedRows) -> FlaggedRows:
        """Both partitions' flagged events (their rows as one set)."""
        events = self.events + other.events
        if self.scattered is None and other.scattered is None and self.low == other.low:
            a, b = self.bitmap, other.bitmap  # the common case: rows of files from row 2
            if len(a) < len(b):
                a, b = b, a
            bitmap = a.copy()
            bitmap[: len(b)] |= b
            return FlaggedRows(events, self.low, bitmap)
        return FlaggedRows._from_numbers(events, np.concatenate([self.rows(), other.rows()]))

    def distinct_rows(self) -> int:
        """How many different row numbers are flagged."""
        if self.scattered is not None:
            return len(self.scattered)
        return int(np.unpackbits(self.bitmap).sum(dtype=np.int64))

    def first_rows(self, n: int) -> np.ndarray:
        """The n smallest flagged row numbers, ascending."""
        return self.rows()[:n]


@dataclass(frozen=True)
class EventFacts:
    """The facts about a rota's events that its warnings state (see the module docstring)."""

    events: int = 0
    pay_from_policy: FlaggedRows = field(default_factory=FlaggedRows)
    planned_times: FlaggedRows = field(default_factory=FlaggedRows)
    first_day: pd.Timestamp | None = None  # the first local start date (a naive midnight)
    last_day: pd.Timestamp | None = None
    worker_ids: tuple[str, ...] = ()  # distinct, as written in the rota

    def combined(self, other: EventFacts) -> EventFacts:
        days = [d for d in (self.first_day, other.first_day) if d is not None]
        ends = [d for d in (self.last_day, other.last_day) if d is not None]
        return EventFacts(
            events=self.events + other.events,
            pay_from_policy=self.pay_from_policy.combined(other.pay_from_policy),
            planned_times=self.planned_times.combined(other.planned_times),
            first_day=min(days) if days else None,
            last_day=max(ends) if ends else None,
            worker_ids=tuple(dict.fromkeys(self.worker_ids + other.worker_ids)),
        )


def start_day_span(events: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last local start dates of the events (naive midnights). The local date
    only moves forward with time, so they are the dates of the earliest and latest starts."""
    start = events["start"]
    first, last = (
        pd.Timestamp(t).tz_localize(None).normalize() if pd.notna(t) else pd.NaT
        for t in (start.min(), start.max())
    )
    return first, last


def _flagged(timeline: pd.DataFrame, flag: str) -> FlaggedRows:
    if flag not in timeline or "source_row" not in timeline:
        return FlaggedRows()
    on = timeline[flag].to_numpy(bool)
    return FlaggedRows.of(timeline["source_row"].to_numpy()[on])


def _distinct_ids(worker_id: pd.Series) -> tuple[str, ...]:
    """The distinct worker ids as text, in order of first appearance: found before turning
    them into text, so a Categorical column's ids are made text once each, not once per event."""
    return tuple(pd.Series(pd.unique(worker_id)).astype(str))


def event_facts(timeline: pd.DataFrame, *, worker_ids: bool = True) -> EventFacts:
    """The facts of a timeline (or of one partition's timeline, on Dask). `worker_ids`: also
    the distinct worker ids (needed only when there is a workers file to match them with)."""
    if not len(timeline):
        return EventFacts()
    first_day, last_day = start_day_span(timeline)
    return EventFacts(
        events=len(timeline),
        pay_from_policy=_flagged(timeline, "flag_pay_from_policy"),
        planned_times=_flagged(timeline, "flag_planned_times"),
        first_day=first_day,
        last_day=last_day,
        worker_ids=_distinct_ids(timeline["worker_id"]) if worker_ids else (),
    )


def combine(facts: Sequence[EventFacts]) -> EventFacts:
    """Every partition's facts as those of the whole rota."""
    out = EventFacts()
    for f in facts:  # one per partition, not per event
        out = out.combined(f)
    return out

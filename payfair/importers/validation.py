"""Warnings for suspect data: rows that are used, but that a person should look at.

- a visit longer than 12 hours;
- travel to an event longer than 2 hours;
- many visits by one worker within one hour (5 or more starting within 60 minutes).

Each warning names the file, sheet, row as the user sees it, column (the user's header) and why.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from payfair.errors import concat_rejections, empty_rejections, rejections_frame
from payfair.rota import Source, by_worker_then_start

LONG_EVENT_HOURS = 12
LONG_TRAVEL_MINUTES = 120
CROWDED_VISITS = 5  # this many visits starting within one hour


def suspect_warnings(
    events: pd.DataFrame,
    source: Source,
    headers: dict[str, str],
    by_worker_start: np.ndarray | None = None,
) -> pd.DataFrame:
    """The warnings for suspect rows among the usable `events`. `by_worker_start`: the
    events' positions by worker then start (`rota.by_worker_then_start`), when known."""
    if events.empty:
        return empty_rejections()
    frames = []

    def add(mask: pd.Series, reason, column: str | None) -> None:
        """`reason`: text, or a function of the mask giving one text per row (built only for
        the rows warned about)."""
        if mask.any():
            frames.append(
                rejections_frame(
                    events.loc[mask, "source_row"],
                    reason if isinstance(reason, str) else reason(mask),
                    file=source.file,
                    sheet=source.sheet,
                    column=headers.get(column, column) if column else None,
                )
            )

    hours = (events["end"] - events["start"]) / pd.Timedelta(hours=1)
    add(
        (hours > LONG_EVENT_HOURS) & (events["kind"] == "visit"),
        lambda m: (
            "visit lasts " + hours[m].round(1).astype(str) + " hours (over 12): check the "
            "start and end times"
        ),
        "end",
    )
    travel = events["travel_minutes"]
    add(
        travel > LONG_TRAVEL_MINUTES,
        lambda m: (
            "travel of " + travel[m].round(0).astype(str) + " minutes (over 2 hours): "
            "check the travel time (minutes, not seconds or hours?)"
        ),
        "travel_minutes",
    )
    # crowded visits: sorted by worker code and start instant with numpy (sorting a million
    # worker names and tz-aware times with pandas takes seconds)
    visit = (events["kind"] == "visit").to_numpy()
    # any one code per worker will do (only equal codes are compared): the column's own
    worker = _worker_codes(events["worker_id"])
    if by_worker_start is None:  # sorted here (ties in row order), as validation sorts
        by_worker_start = by_worker_then_start(worker, events["start"], np.arange(len(events)))
    # the visits by worker, then start (a subset of a sorted order stays sorted)
    ordered = by_worker_start[visit[by_worker_start]]
    c = worker[ordered]
    # UTC microseconds since 1970 (asi8 of tz-aware times), floored to seconds
    m = events["start"].array.as_unit("us").asi8[ordered] // 1_000_000
    k = CROWDED_VISITS - 1
    crowded = np.zeros(len(ordered), dtype=bool)
    if len(ordered) > k:
        crowded[:-k] = (c[k:] == c[:-k]) & (m[k:] - m[:-k] < 3600)
    if crowded.any():
        mask = pd.Series(False, index=events.index)
        mask.iloc[ordered[crowded]] = True
        add(
            mask,
            f"{CROWDED_VISITS} or more visits by this worker start within one hour of this one: "
            "check for duplicated or mis-timed rows",
            "worker_id",
        )
    return concat_rejections(frames)


def _worker_codes(worker_id: pd.Series) -> np.ndarray:
    """One integer per worker: the codes of the coded (Categorical) canonical column, else
    factorized."""
    if isinstance(worker_id.dtype, pd.CategoricalDtype):
        return worker_id.array.codes  # as held: .cat.codes would copy them
    return pd.factorize(worker_id)[0]

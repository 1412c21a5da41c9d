"""The workers file: one row per worker (date of birth, apprentice status, role, own rate).

Why its own module: the minimum-wage band depends on it (rules §5), so a bad date of birth or a
worker id that matches nothing changes the money. This module types and validates the file,
rejects impossible dates of birth with a reason, and matches rota worker ids to it ignoring case
and spaces ("amira  KHAN " is "Amira Khan"), so that a typo is named rather than silently given
the top band.

Columns: worker_id (required), date_of_birth, apprentice, apprenticeship_start, role,
contact_rate (docs/ARCHITECTURE.md "Workers").
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from payfair.rota import (
    _FALSE_WORDS,
    _TRUE_WORDS,
    EMPTY_ID_FIX,
    Source,
    _id_text,
    _missing_columns_error,
    _Problems,
    _source_rows,
    _text,
    parse_dates,
    parse_numbers,
)
from payfair.schema import WORKER_COLUMNS

#: The earliest date of birth accepted: anyone born before it would be over 120 in the
#: earliest pay period payfair has a rate for (2016-04-01).
EARLIEST_BIRTH = date(1900, 1, 1)
SHOW_NAMES = 10


def worker_key(ids: pd.Series) -> pd.Series:
    """The matching key of worker ids: case-folded, surrounding spaces removed, runs of spaces
    (tabs, non-breaking spaces) made one space. Two ids with the same key are the same worker."""
    from payfair.rota import per_distinct  # once per distinct id, not per row

    text = ids.astype("string").fillna("")
    return per_distinct(
        text, lambda u: u.str.replace(r"\s+", " ", regex=True).str.strip().str.casefold()
    ).astype(str)


def validate_workers(
    raw: pd.DataFrame,
    source: Source,
    headers: dict[str, str] | None = None,
    *,
    today: date | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Type and validate the workers file; returns (workers, rejected).

    A later row repeating a worker_id (ignoring case and spaces) is rejected. A date of birth
    in the future (after `today`, default the machine's date) or before 1900 is rejected with
    the reason: it would give a negative or impossible age and so a wrong band (rules §5).
    """
    if "worker_id" not in raw.columns:
        raise _missing_columns_error(["worker_id"], raw, source, headers, "workers file")
    today = today or date.today()
    raw = raw.reset_index(drop=True)
    index = raw.index
    problems = _Problems(index, headers)
    source_row = _source_rows(raw)
    out = pd.DataFrame(index=index)

    worker = _id_text(raw["worker_id"])
    empty = worker == ""
    problems.add(empty, f"{problems.header('worker_id')} {EMPTY_ID_FIX}", "worker_id")
    key = worker_key(worker)
    duplicate = key.duplicated(keep="first") & ~empty
    first_row = source_row.groupby(key).transform("first")
    problems.add(
        duplicate,
        f"{problems.header('worker_id')} ",
        "worker_id",
        value=worker,
        after=" is already given on row "
        + first_row.astype(str)
        + " (names are matched ignoring case and spaces): keep one row per worker",
    )
    out["worker_id"] = worker

    for col in ("date_of_birth", "apprenticeship_start"):
        if col in raw.columns:
            parsed, blank = parse_dates(raw[col])
            shown = _text(raw[col])
            header = f"{problems.header(col)} "
            problems.add(
                ~blank & parsed.isna(),
                header,
                col,
                value=shown,
                after=" is not a date payfair reads: write it as 2001-04-06 or 06/04/2001 "
                "(or leave it empty if unknown)",
            )
            if col == "date_of_birth":
                problems.add(
                    parsed > pd.Timestamp(today),
                    header,
                    col,
                    value=shown,
                    after=f" is in the future (after {today.isoformat()}): check the year "
                    "(or leave it empty if unknown: the top band is then assumed)",
                )
                problems.add(
                    parsed < pd.Timestamp(EARLIEST_BIRTH),
                    header,
                    col,
                    value=shown,
                    after=" is before 1900: check the year "
                    "(or leave it empty if unknown: the top band is then assumed)",
                )
            out[col] = parsed
        else:
            out[col] = pd.Series(pd.NaT, index=index, dtype="datetime64[us]")

    if "apprentice" in raw.columns:
        values = raw["apprentice"]
        if pd.api.types.is_bool_dtype(values.dtype):
            flag = values.fillna(False).astype(bool)
        else:
            text = _text(values)
            lower = text.str.lower()
            # Numbers read from a spreadsheet arrive as 1.0 / 0.0.
            lower = lower.replace({"1.0": "1", "0.0": "0"})
            yes = lower.isin(_TRUE_WORDS)
            problems.add(
                ~yes & ~lower.isin(_FALSE_WORDS),
                f"{problems.header('apprentice')} ",
                "apprentice",
                value=text,
                after=" is not yes or no: write yes/no, true/false, y/n or 1/0 (empty means no)",
            )
            flag = yes
        out["apprentice"] = flag.astype(bool)
    else:
        out["apprentice"] = False

    if "role" in raw.columns:
        role = _text(raw["role"])
        out["role"] = role.mask(role == "").astype(str)
    else:
        out["role"] = pd.Series(np.nan, index=index).astype(str)

    if "contact_rate" in raw.columns:
        parsed, blank, invalid = parse_numbers(raw["contact_rate"])
        shown = _text(raw["contact_rate"])
        header = f"{problems.header('contact_rate')} "
        problems.add(
            invalid,
            header,
            "contact_rate",
            value=shown,
            after=" is not a number: write pounds an hour like 12.71",
        )
        problems.add(
            parsed <= 0,
            header,
            "contact_rate",
            value=shown,
            after=" is not above 0: give pounds an hour like 12.71",
        )
        out["contact_rate"] = parsed.astype("float64")
    else:
        out["contact_rate"] = np.nan

    rejected = problems.frame(source_row, source)
    workers = out.loc[~problems.bad, list(WORKER_COLUMNS)].reset_index(drop=True)
    workers = workers.assign(
        worker_id=workers["worker_id"].astype(str),
        date_of_birth=workers["date_of_birth"].astype("datetime64[us]"),
        apprenticeship_start=workers["apprenticeship_start"].astype("datetime64[us]"),
        apprentice=workers["apprentice"].astype(bool),
        role=workers["role"].astype(str),
        contact_rate=workers["contact_rate"].astype("float64"),
    )
    return workers, rejected


def unmatched_workers(rota_ids: pd.Series, workers: pd.DataFrame | None) -> list[str]:
    """Rota worker ids (as first written in the rota) with no row in the workers table,
    matching ignoring case and spaces. Empty when no workers table was given at all."""
    if workers is None or not len(rota_ids):
        return []
    ids = pd.Series(rota_ids).astype(str).drop_duplicates()
    known = set(worker_key(workers["worker_id"]).tolist()) if len(workers) else set()
    missing = ~worker_key(ids).isin(known)
    return sorted(ids[missing.to_numpy()].tolist())


def name_list(names: list[str], limit: int = SHOW_NAMES) -> str:
    """'A, B and C' or 'A, B, … and 7 more': names for a plain-English message."""
    quoted = [f"'{n}'" for n in names]
    if len(quoted) > limit:
        return ", ".join(quoted[:limit]) + f" and {len(quoted) - limit} more"
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


__all__ = [
    "EARLIEST_BIRTH",
    "name_list",
    "unmatched_workers",
    "validate_workers",
    "worker_key",
]

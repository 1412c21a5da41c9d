"""Stable pseudonyms for worker and client names, applied before anything is shown or downloaded.

A name becomes a short code such as ``W-3F9A1C``: the first characters of a keyed SHA-256 hash.
The same name and key always give the same code, so screens, CSVs and the Excel report agree and
a worker can be followed from page to page. The key is random per browser session unless the user
types their own (to get the same codes tomorrow); without the key the codes cannot be reversed by
hashing a list of likely names.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

#: columns holding people's names, and the prefix of their codes
PERSON_COLUMNS = {"worker_id": "W", "client_id": "C"}


def code(name: str, key: str, prefix: str = "W", length: int = 6) -> str:
    """The stable code for one name (blank names stay blank)."""
    digest = hashlib.sha256(f"{key}\x1f{prefix}\x1f{name}".encode()).hexdigest()
    return f"{prefix}-{digest[:length].upper()}"


def code_map(names, key: str, prefix: str = "W") -> dict[str, str]:
    """Codes for each distinct name (a handful of hashes per distinct person, not per row)."""
    distinct = pd.Series(names, dtype="string").dropna().unique()
    return {str(n): code(str(n), key, prefix) for n in distinct if str(n) != ""}


def pseudonymise_frame(df: pd.DataFrame | None, key: str) -> pd.DataFrame | None:
    """A copy of `df` with worker and client names replaced by their codes."""
    if df is None or df.empty:
        return df
    out = df.copy()
    for column, prefix in PERSON_COLUMNS.items():
        if column in out.columns:
            mapping = code_map(out[column], key, prefix)
            out[column] = out[column].astype("string").map(lambda v, m=mapping: m.get(v, v))
    return out


def scrub_text(texts: pd.Series, names: dict[str, str]) -> pd.Series:
    """Replace any known name inside free text (e.g. a rejection reason quoting a cell)."""
    if texts.empty or not names:
        return texts
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in ordered if n))
    return texts.astype("string").str.replace(pattern, lambda m: names[m.group(0)], regex=True)

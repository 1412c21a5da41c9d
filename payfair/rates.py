"""National Minimum Wage rates by band and date (rules §5-6), read from `rates/nmw.toml`.

Every lookup is vectorised over dates with `np.searchsorted`: one call per band (a handful),
never a loop over events or periods.

Band keys are stable across the years; their age ranges are not:

- ``top``: the National Living Wage; 25+ until 2021-03-31, 23+ from 2021-04-01, 21+ from 2024-04-01.
- ``young_adult``: 21-24 until 2021-03-31, 21-22 from 2021-04-01, abolished from 2024-04-01.
- ``18-20``, ``16-17``.
- ``apprentice``: apprentices under 19, or in the first year of the apprenticeship.
- ``under_16`` (no NMW entitlement; not in the table, every lookup gives NaN).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from payfair.resources import rates_path

NMW_PATH = rates_path("nmw.toml")

BANDS = ("top", "young_adult", "18-20", "16-17", "apprentice")
UNDER_16 = "under_16"
APPRENTICE = "apprentice"
TOP = "top"

#: Age-band order from oldest to youngest: the first whose minimum age the worker has reached wins.
_AGE_BANDS = ("top", "young_adult", "18-20", "16-17")


@lru_cache(maxsize=4)
def _load(path: str) -> pd.DataFrame:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    rows = data["rate"]
    table = pd.DataFrame(
        {
            "from": pd.to_datetime([r["from"] for r in rows]).to_numpy("datetime64[D]"),
            "band": pd.Series([r["band"] for r in rows], dtype="str"),
            "label": pd.Series([r["label"] for r in rows], dtype="str"),
            "min_age": pd.Series([r.get("min_age", np.nan) for r in rows], dtype="float64"),
            "rate": pd.Series(
                [np.nan if r.get("abolished") else r["rate"] for r in rows], dtype="float64"
            ),
            "abolished": pd.Series([bool(r.get("abolished", False)) for r in rows], dtype=bool),
            "source": pd.Series([r.get("source", "") for r in rows], dtype="str"),
        }
    )
    return table.sort_values(["band", "from"], kind="stable").reset_index(drop=True)


def load_rates(path: str | Path | None = None) -> pd.DataFrame:
    """The NMW table: columns from (datetime64[D]), band, label, min_age, rate (NaN when the band
    is abolished from that date), abolished, source. A copy: callers may change it freely."""
    return _load(str(path or NMW_PATH)).copy()


def rates_source() -> str:
    """Where the table comes from, for settings shown beside results."""
    data = tomllib.loads(NMW_PATH.read_text(encoding="utf-8"))
    return f"{data['meta']['title']} ({data['meta']['gov_uk']}); table: rates/nmw.toml"


def as_days(dates) -> np.ndarray:
    """Dates (scalar, list, Series, Index or array; naive or tz-aware) as `datetime64[D]`.
    Tz-aware values are taken at their local wall-clock date.

    numpy datetime64 arrays are cast directly (casting to days floors, as `dt.floor("D")` does),
    not boxed into objects: engine callers pass a million of them."""
    if isinstance(dates, np.ndarray) and dates.dtype.kind == "M":
        return dates.astype("datetime64[D]")
    if isinstance(dates, pd.Series):
        values = dates
    elif isinstance(dates, pd.Index):
        values = pd.Series(dates)
    else:
        values = pd.Series(np.atleast_1d(np.asarray(dates, dtype=object)))
    if not isinstance(values.dtype, pd.DatetimeTZDtype) and values.dtype.kind != "M":
        values = pd.to_datetime(values)
    if getattr(values.dt, "tz", None) is not None:
        days = _local_days(values)
        if days is not None:
            return days
        values = values.dt.tz_localize(None)
    # The naive wall-clock times cast to days (floors); no separate floor pass over the column.
    return values.to_numpy().astype("datetime64[D]")


_TICKS_PER_HOUR = {"s": 3600, "ms": 3600 * 10**3, "us": 3600 * 10**6, "ns": 3600 * 10**9}
#: Rotas span days to years: an offset table longer than this (about 23 years of hours) is left
#: to pandas, as are times within 2**62 ticks of the int64 limits.
_MAX_HOURS = 200_000


def _local_days(times: pd.Series) -> np.ndarray | None:
    """Local wall-clock dates of tz-aware times, or None to leave them to pandas
    (see `local_days_of`)."""
    if len(times) == 0 or times.dt.unit not in _TICKS_PER_HOUR:
        return None
    missing = times.isna().to_numpy()
    return local_days_of(
        times.array.asi8, times.dt.unit, times.dt.tz, missing if missing.any() else None
    )


def local_days_of(
    ticks: np.ndarray, unit: str, tz, missing: np.ndarray | None = None
) -> np.ndarray | None:
    """Wall-clock dates in zone `tz` (datetime64[D]) of int64 counts of `unit` since 1970 UTC
    (`missing`: True where a time is missing, NaT then), or None to leave them to pandas.

    pandas converts each time through the zone's transitions (0.14 s at 10M events); here each
    UTC hour of the span gets its offset once (a table of a few thousand hours, converted by
    pandas), and every time adds its hour's offset: local ticks = UTC ticks + offset, and the
    date is the floor of local ticks over a day, as pandas' cast to days floors. Used only when
    the offset is the same at the start and the last tick of every hour of the span (zones
    change their offset on whole UTC hours; a zone that does not is left to pandas)."""
    per_hour = _TICKS_PER_HOUR.get(unit)
    known = ticks[~missing] if missing is not None else ticks
    if per_hour is None or len(known) == 0:
        return None
    low, high = int(known.min()), int(known.max())
    if low < -(2**62) or high > 2**62:
        return None
    first, last = low // per_hour, high // per_hour
    if last - first > _MAX_HOURS:
        return None
    starts = np.arange(first, last + 1, dtype=np.int64) * per_hour
    offset = _offsets(starts, unit, tz)
    if not np.array_equal(offset, _offsets(starts + (per_hour - 1), unit, tz)):
        return None
    hour = ticks // per_hour - first
    if missing is not None:
        hour[missing] = 0  # any entry: these are set to NaT below
    local = ticks + offset[hour]
    del hour
    days = np.floor_divide(local, per_hour * 24, out=local).astype("datetime64[D]")
    if missing is not None:
        days[missing] = np.datetime64("NaT")
    return days


def _offsets(ticks: np.ndarray, unit: str, tz) -> np.ndarray:
    """Local minus UTC, in ticks of `unit`, at each of the UTC times `ticks`."""
    utc = pd.DatetimeIndex(ticks.astype(f"datetime64[{unit}]")).tz_localize("UTC")
    return utc.tz_convert(tz).tz_localize(None).asi8 - ticks


def change_dates(path: str | Path | None = None) -> np.ndarray:
    """The distinct dates on which any rate changed, ascending, as `datetime64[D]`."""
    return np.unique(load_rates(path)["from"].to_numpy("datetime64[D]"))


@lru_cache(maxsize=4)
def _band_arrays(path: str) -> dict[str, dict[str, np.ndarray]]:
    """Per band, its change dates and values as numpy arrays (cached: lookups are hot)."""
    table = _load(path)
    out = {}
    for band, rows in table.groupby("band", sort=False):  # a handful of bands
        out[str(band)] = {
            "from": rows["from"].to_numpy("datetime64[D]"),
            "rate": rows["rate"].to_numpy(float),
            "min_age": np.where(rows["abolished"], np.nan, rows["min_age"].to_numpy(float)),
            "label": rows["label"].to_numpy(object),
            "source": rows["source"].to_numpy(object),
        }
    return out


def _is_text(column: str) -> bool:
    return column in ("label", "source")


def _lookup(band: str, dates: np.ndarray, column: str, path) -> np.ndarray:
    arrays = _band_arrays(str(path or NMW_PATH)).get(band)
    missing = None if _is_text(column) else np.nan
    if arrays is None:
        return np.full(len(dates), missing, dtype=object if _is_text(column) else float)
    idx = np.searchsorted(arrays["from"], dates, side="right") - 1
    values = arrays[column][np.clip(idx, 0, None)]
    return np.where(idx >= 0, values, missing)


def _per_band(band, dates, column: str, path) -> np.ndarray:
    days = as_days(dates)
    if isinstance(band, str):
        return _lookup(band, days, column, path)
    bands = np.asarray(band, dtype=object)
    if len(bands) != len(days):
        raise ValueError("band and dates must have the same length")
    text = _is_text(column)
    out = np.full(len(days), None if text else np.nan, dtype=object if text else float)
    for b in pd.unique(bands):  # a handful of bands
        if isinstance(b, str):
            mask = bands == b
            out[mask] = _lookup(b, days[mask], column, path)
    return out


def rate_on(band, dates, path: str | Path | None = None) -> np.ndarray:
    """£/h for `band` (one key, or one per date) in force on each date. NaN before 2016-04-01,
    for an abolished band, and for ``under_16``."""
    return _per_band(band, dates, "rate", path)


def label_on(band, dates, path: str | Path | None = None) -> np.ndarray:
    """The band's name as it was on each date, e.g. ``23+`` for the top band in 2022."""
    out = _per_band(band, dates, "label", path)
    if not isinstance(band, str):
        bands = np.asarray(band, dtype=object)
        out = np.where(bands == UNDER_16, "under 16", out)
    elif band == UNDER_16:
        out = np.full(len(out), "under 16", dtype=object)
    return out


def source_on(band, dates, path: str | Path | None = None) -> np.ndarray:
    """The legal source of the rate used on each date."""
    return _per_band(band, dates, "source", path)


def min_age_on(band: str, dates, path: str | Path | None = None) -> np.ndarray:
    """The band's minimum age on each date (NaN when the band does not exist then)."""
    return _lookup(band, as_days(dates), "min_age", path)


def band_on(age, apprentice_rate_applies, dates, path: str | Path | None = None) -> np.ndarray:
    """The band key for each (age, apprentice-rate-applies, date), vectorised.

    Under 16 gives ``under_16`` (no NMW entitlement), even for apprentices. A missing age (NaN)
    gives ``top``: rules §5 says assume the top band when the date of birth is unknown; the caller
    flags it. `apprentice_rate_applies` is the already-decided test (under 19, or in the first year
    of the apprenticeship; see payfair.minimum_wage).
    """
    days = as_days(dates)
    age = np.asarray(age, dtype=float)
    if age.ndim == 0:
        age = np.full(len(days), float(age))
    appr = np.asarray(apprentice_rate_applies, dtype=bool)
    if appr.ndim == 0:
        appr = np.full(len(days), bool(appr))
    known = ~np.isnan(age)
    conditions = [known & (age < 16), appr]
    choices = [UNDER_16, APPRENTICE]
    for band in _AGE_BANDS:
        minimum = min_age_on(band, days, path)
        conditions.append(~known | (age >= minimum) if band == TOP else age >= minimum)
        choices.append(band)
    # 16+ always has a band; a pre-2016 date falls through to "top" with a NaN rate.
    return np.select(conditions, choices, default=TOP).astype(object)


def rate_table_span(path: str | Path | None = None) -> tuple[np.datetime64, np.datetime64]:
    """(first, until): pay reference periods starting on or after `first` and before `until` have
    a rate in the table. `first` is the earliest dated rate (2016-04-01); `until` is one year after
    the latest change date, since the rates are uprated every April and a later year's rates are
    not in the table until someone adds them."""
    changes = change_dates(path)
    last = pd.Timestamp(changes[-1])
    return changes[0], np.datetime64(last + pd.DateOffset(years=1), "D")

"""Assembling event start and end times from the pieces exports carry. Vectorised throughout.

Handles: one date-time column, or separate date and time columns; Excel serial dates and
fractional-day times (and the datetime/time cells calamine returns); `dd/mm/yyyy` by default,
with a clear error when the dates can only be month-first (e.g. 04/13/2026); times with or
without seconds, 12-hour times with am/pm; an end time earlier than the start → the next day;
durations in minutes (or hours, by header) or `HH:MM(:SS)`; times in UTC or with an offset
converted to Europe/London (both clock changes right); naive local times localised with
non-existent spring times shifted forward and ambiguous autumn times taken as the first (BST)
occurrence, each reported as a warning.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from payfair.errors import RotaError
from payfair.schema import TZ

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_SERIAL_LOW, _SERIAL_HIGH = 20000, 80000  # 1954 .. 2119
_DMY = r"^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b"
_ISO_DATE = r"^(\d{4})-(\d{1,2})-(\d{1,2})"
_TIME = r"(?:^|[T\s])(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?\s*([AaPp])?\.?[Mm]?\.?\s*$"
_OFFSET = r"(?:[Zz]|[+-]\d{2}:?\d{2})$"
_DURATION_HMS = r"^(?:(\d+)\s+days?,?\s*)?(\d{1,4}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$"
_NUMBER = r"^[+-]?\d+(?:\.\d+)?$"


def as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text ("" when empty). Datetime, time and number cells become their
    ISO / decimal text, which the parsers below read."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.dt.strftime("%Y-%m-%d %H:%M:%S").fillna("").astype(object)
    text = values.astype("string").str.strip().fillna("")
    # pandas writes 'NaT' / 'nan' / 'None' for missing objects in mixed columns
    return text.mask(text.isin(["NaT", "nan", "NaN", "None", "<NA>"]), "").astype(object)


def _int(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce")


def _dates_from_parts(year, month, day) -> pd.Series:
    frame = pd.DataFrame({"year": year, "month": month, "day": day})
    ok = frame.notna().all(axis=1)
    out = pd.to_datetime(frame.where(ok).fillna(1).astype("int64"), errors="coerce")
    return out.where(ok).astype("datetime64[us]")


def parse_dates(text: pd.Series, *, dayfirst: bool = True, where: dict | None = None) -> pd.Series:
    """Dates (midnight, naive datetime64[us]) from text; NaT where blank or unreadable.

    Raises RotaError when dayfirst and the day/month numbers can only be month-first."""
    where = where or {}
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    iso = text.str.extract(_ISO_DATE)
    out = out.fillna(_dates_from_parts(_int(iso[0]), _int(iso[1]), _int(iso[2])))
    dmy = text.str.extract(_DMY)
    a, b, y = _int(dmy[0]), _int(dmy[1]), _int(dmy[2])
    y = y.where(y >= 100, y + 2000)
    if dayfirst and (b > 12).any() and not (a > 12).any():
        example = text[(b > 12).fillna(False)].iloc[0]
        raise RotaError(
            f"the dates are month-first (e.g. {example!r}: there is no month "
            f"{int(b[(b > 12).fillna(False)].iloc[0])}); payfair reads dd/mm/yyyy",
            column=where.get("column"),
            fix="export the dates as dd/mm/yyyy or yyyy-mm-dd, or, if every date in the "
            "file is month-first, put `dayfirst = false` under [options] in a mapping file",
        )
    day, month = (a, b) if dayfirst else (b, a)
    out = out.fillna(_dates_from_parts(y, month, day))
    # Excel serial day numbers (a whole date cell read as a number)
    number = pd.to_numeric(text.where(text.str.fullmatch(_NUMBER)), errors="coerce")
    serial = number.where((number >= _SERIAL_LOW) & (number < _SERIAL_HIGH))
    out = out.fillna(
        (EXCEL_EPOCH + pd.to_timedelta(np.floor(serial), unit="D")).astype("datetime64[us]")
    )
    # "6 Apr 2026", "06-Apr-2026", "6 April 2026"
    rest = text.where(out.isna() & (text != ""))
    if rest.notna().any():
        stripped = rest.str.replace(r"^[A-Za-z]{3,9},?\s+(?=\d)", "", regex=True)
        for fmt in ("%d %b %Y", "%d-%b-%Y", "%d %B %Y", "%d-%b-%y", "%d %b %y"):
            out = out.fillna(
                pd.to_datetime(stripped.str[:20], format=fmt, errors="coerce").astype(
                    "datetime64[us]"
                )
            )
    return out


def parse_times(text: pd.Series) -> pd.Series:
    """Minutes after midnight (float) from '07:30', '7:30:00', '07.30', '7:30 pm', a date-time
    text, or an Excel fraction of a day (0.3125); NaN where blank or unreadable."""
    parts = text.str.extract(_TIME)
    h, m, s = _int(parts[0]), _int(parts[1]), _int(parts[2]).fillna(0)
    ampm = parts[3].str.lower()
    twelve = ampm.notna()
    h = h.where(~twelve, (h % 12) + np.where(ampm == "p", 12, 0))
    bad = (h > 23) | (m > 59) | (s > 59) | (twelve & (_int(parts[0]) > 12))
    minutes = (h * 60 + m + s / 60).where(~bad)
    number = pd.to_numeric(text.where(text.str.fullmatch(_NUMBER)), errors="coerce")
    fraction = number.where((number >= 0) & (number < 1)) * 1440
    serial = number.where((number >= _SERIAL_LOW) & (number < _SERIAL_HIGH))
    from_serial = (serial - np.floor(serial)) * 1440
    return minutes.fillna(fraction).fillna(from_serial).round(6).astype("float64")


def parse_durations(text: pd.Series, *, hours: bool = False) -> pd.Series:
    """Minutes (float) from '30', '30.0', '0:30', '00:30:00', '1 days 02:00:00', or hours when
    the header says so; NaN where blank or unreadable."""
    number = pd.to_numeric(text.where(text.str.fullmatch(_NUMBER)), errors="coerce")
    minutes = number * (60 if hours else 1)
    parts = text.str.extract(_DURATION_HMS)
    hms = _int(parts[0]).fillna(0) * 1440 + _int(parts[1]) * 60 + _int(parts[2])
    hms = hms + _int(parts[3]).fillna(0) / 60
    hms = hms.where(_int(parts[2]) < 60)
    return minutes.fillna(hms).astype("float64")


def has_offset(text: pd.Series) -> pd.Series:
    return text.str.contains(_OFFSET, regex=True) & text.str.contains(r"\d[:.]\d{2}", regex=True)


def parse_datetimes(
    text: pd.Series, *, dayfirst: bool = True, where: dict | None = None
) -> tuple[pd.Series, pd.Series]:
    """(naive wall-clock datetime64[us], UTC-aware datetime64[us, UTC] for cells with an offset).

    Each is NaT where the cell is not a full date and time of that kind."""
    offset = has_offset(text)
    aware = pd.to_datetime(text.where(offset), format="ISO8601", utc=True, errors="coerce")
    plain = text.where(~offset, "")
    date = parse_dates(plain, dayfirst=dayfirst, where=where)
    minutes = parse_times(plain)
    # an Excel serial date-time is one number: its date and its fraction were parsed above
    naive = (date + pd.to_timedelta(minutes.round(6), unit="min")).astype("datetime64[us]")
    # a date with no time is not a start or end time (the time may be in another column)
    return naive, aware.astype("datetime64[us, UTC]")


def localise(naive: pd.Series, tz: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Naive wall-clock times in `tz` → Europe/London. Returns (aware, ambiguous, nonexistent);
    ambiguous autumn times take the first (BST) occurrence, spring-gap times shift forward."""
    naive = naive.astype("datetime64[us]")
    strict = naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    lenient = naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
    first = naive.dt.tz_localize(
        tz, ambiguous=np.ones(len(naive), dtype=bool), nonexistent="shift_forward"
    )
    unresolved = strict.isna() & naive.notna()
    ambiguous = unresolved & lenient.isna()
    nonexistent = unresolved & lenient.notna()
    return first.dt.tz_convert(TZ).astype(f"datetime64[us, {TZ}]"), ambiguous, nonexistent


# --------------------------------------------------------------------------------------------
# Assembling start and end from the columns a layout has


class Assembled:
    """start/end (tz-aware Europe/London), and per-row problems and warnings."""

    def __init__(self, index: pd.Index) -> None:
        self.start = pd.Series(pd.NaT, index=index, dtype=f"datetime64[us, {TZ}]")
        self.end = self.start.copy()
        self.reason = pd.Series("", index=index, dtype=object)
        self.column = pd.Series("", index=index, dtype=object)
        self.warnings: list[tuple[pd.Series, pd.Series, str]] = []  # (mask, reason, column)
        self.headers: dict[str, str] = {}


def _groups(fields: dict[str, str], use_planned: bool) -> list[tuple]:
    """(name, start field, end field, duration field) in order of preference."""
    order = ("planned", "actual") if use_planned else ("actual", "planned")
    groups = []
    for g in (*order, ""):
        suffix = f"_{g}" if g else ""
        own = [f"{p}{suffix}" for p in ("start", "end", "duration") if f"{p}{suffix}" in fields]
        if g and not own:
            continue
        start = f"start{suffix}" if f"start{suffix}" in fields else "start"
        end = f"end{suffix}" if f"end{suffix}" in fields else None
        duration = f"duration{suffix}" if f"duration{suffix}" in fields else None
        if end is None and duration is None:
            end = "end" if "end" in fields else None
            duration = "duration" if (end is None and "duration" in fields) else None
        if start in fields and (end or duration):
            groups.append((g, start, end, duration))
    return groups


def assemble(
    texts: dict[str, pd.Series],
    fields: dict[str, str],
    *,
    tz: str = TZ,
    dayfirst: bool = True,
    use_planned: bool = False,
) -> Assembled:
    """Start and end per row from the time pieces present (`texts`: field → cell text,
    `fields`: field → the user's header). Actual times are used where the row has them, else
    planned (or the reverse with `use_planned`)."""
    index = next(iter(texts.values())).index
    out = Assembled(index)
    groups = _groups(fields, use_planned)
    if not groups:
        return out
    g0 = groups[0]
    out.headers = {"start": fields[g0[1]], "end": fields[g0[2] or g0[3]]}
    date = None
    if "date" in fields:
        date_text = texts["date"]
        date = parse_dates(date_text, dayfirst=dayfirst, where={"column": fields["date"]})
    chosen = pd.Series(False, index=index)
    for _, s_field, e_field, d_field in groups:
        s_text = texts[s_field]
        e_text = texts[e_field or d_field]
        present = (s_text != "") & (e_text != "") & ~chosen
        if not present.any():
            continue
        s_head, e_head = fields[s_field], fields[e_field or d_field]
        where = {"column": s_head}
        naive_s, aware_s = parse_datetimes(s_text, dayfirst=dayfirst, where=where)
        start_minutes = parse_times(s_text)
        if date is not None:
            naive_s = naive_s.fillna(
                (date + pd.to_timedelta(start_minutes, unit="min")).astype("datetime64[us]")
            )
        local_s, amb_s, non_s = localise(naive_s, tz)
        start = local_s.where(aware_s.isna(), aware_s.dt.tz_convert(TZ))

        if e_field is not None:
            naive_e, aware_e = parse_datetimes(e_text, dayfirst=dayfirst, where={"column": e_head})
            end_minutes = parse_times(e_text)
            base = naive_s.dt.normalize()
            time_only = (base + pd.to_timedelta(end_minutes, unit="min")).astype("datetime64[us]")
            # an end time earlier than the start (no date of its own) is on the next day
            time_only = time_only.where(time_only > naive_s, time_only + pd.Timedelta(days=1))
            full = naive_e.notna() | aware_e.notna()
            naive_e = naive_e.where(full, time_only)
            local_e, amb_e, non_e = localise(naive_e, tz)
            end = local_e.where(aware_e.isna(), aware_e.dt.tz_convert(TZ))
        else:
            hours = bool(re.search(r"hours|hrs", fields[d_field], re.I))
            minutes = parse_durations(e_text, hours=hours)
            end = start + pd.to_timedelta(minutes, unit="min")
            amb_e = non_e = pd.Series(False, index=index)

        # problems, named by the user's header and showing the cell as they typed it
        bad_start = present & start.isna()
        if date is not None:
            date_blank = present & (texts["date"] == "") & start.isna()
            date_bad = present & (texts["date"] != "") & date.isna() & bad_start
            _problem(out, date_blank, f"{fields['date']} is empty: give the date", fields["date"])
            _problem(
                out,
                date_bad,
                fields["date"] + " '" + texts["date"] + "' is not a date payfair reads: write "
                "it as dd/mm/yyyy (e.g. 06/04/2026) or yyyy-mm-dd",
                fields["date"],
            )
            bad_start &= ~date_blank & ~date_bad
        _problem(
            out,
            bad_start,
            s_head + " '" + s_text + "' is not a time payfair reads: write it as 08:00, "
            "08:00:00 or 06/04/2026 08:00",
            s_head,
        )
        bad_end = present & end.isna() & ~bad_start
        what = (
            "a time payfair reads: write it as 08:30 or 06/04/2026 08:30"
            if e_field is not None
            else "a duration payfair reads: write minutes (30) or hours and minutes (0:30)"
        )
        _problem(out, bad_end, e_head + " '" + e_text + f"' is not {what}", e_head)
        ambiguous = ((amb_s & present, s_head, s_text), (amb_e & present, e_head, e_text))
        for mask, head, text in ambiguous:
            if mask.any():
                out.warnings.append(
                    (
                        mask,
                        head + " '" + text + "' happens twice when the clocks go back; payfair "
                        "took the first (BST) one: give a UTC offset to choose the second",
                        head,
                    )
                )
        gap = ((non_s & present, s_head, s_text), (non_e & present, e_head, e_text))
        for mask, head, text in gap:
            if mask.any():
                out.warnings.append(
                    (
                        mask,
                        head + " '" + text + "' does not exist (the clocks go forward at "
                        "01:00); payfair moved it forward by an hour: check the time",
                        head,
                    )
                )
        out.start = out.start.where(~present, start)
        out.end = out.end.where(~present, end)
        chosen |= present

    starts = " or ".join(dict.fromkeys(fields[g[1]] for g in groups))
    ends = " or ".join(dict.fromkeys(fields[g[2] or g[3]] for g in groups))
    _problem(
        out,
        ~chosen,
        f"no start and end: {starts} and {ends} are empty (give both, or mark the row "
        "cancelled with its planned times)",
        None,
    )
    return out


def _problem(out: Assembled, mask: pd.Series, reason, column: str | None) -> None:
    mask = mask.fillna(False).astype(bool) & (out.reason == "")
    if not mask.any():
        return
    if isinstance(reason, str):
        reason = pd.Series(reason, index=mask.index, dtype=object)
    out.reason = out.reason.where(~mask, reason.astype(object))
    out.column = out.column.where(~mask, column or "")

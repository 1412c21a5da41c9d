"""Mapping files: say which of your headers is which payfair column, for any other layout.

TOML::

    [columns]
    worker_id = "Staff Member"        # canonical name = "Your header"
    date = "Day"                      # pieces a start/end is built from are allowed too:
    start = "From"                    #   date, start, end, duration, start_planned,
    end = "To"                        #   start_actual, end_planned, end_actual,
    client_id = "Person Supported"    #   duration_planned, duration_actual
    travel_minutes = "Drive (min)"

    [options]                         # all optional
    timezone = "Europe/London"        # or "UTC" when the export's times are UTC
    dayfirst = true                   # false only if every date is month-first
    use_planned = false               # true: planned times instead of actual
    sheet = "Visits"
    header_row = 4                    # the header's row number as you see it in Excel
    exact = false                     # true: use only the columns listed (no guessing the rest)
"""

from __future__ import annotations

import io
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from payfair.errors import RotaError
from payfair.importers.aliases import EVENT_FIELDS
from payfair.schema import TZ

OPTION_TYPES = {
    "timezone": str,
    "dayfirst": bool,
    "use_planned": bool,
    "sheet": str,
    "header_row": int,
    "exact": bool,
}


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    timezone: str | None = None
    dayfirst: bool = True
    use_planned: bool | None = None
    sheet: str | None = None
    header_row: int | None = None
    name: str = "mapping"
    exact: bool = False  # only the columns listed: fields left out are not guessed from headers


def load_mapping(source) -> Mapping:
    """A Mapping from a path, TOML text, bytes, a file-like object or a dict."""
    name = "mapping"
    if isinstance(source, Mapping):
        return source
    if isinstance(source, dict):
        data = source
    else:
        if isinstance(source, Path) or (
            isinstance(source, str) and "\n" not in source and source.lower().endswith(".toml")
        ):
            path = Path(source)
            if not path.exists():
                raise RotaError("mapping file not found", file=str(path), fix="check the path")
            name = path.name
            raw = path.read_bytes()
        elif isinstance(source, (bytes, bytearray)):
            raw = bytes(source)
        elif isinstance(source, str):
            raw = source.encode("utf-8")
        elif isinstance(source, io.IOBase) or hasattr(source, "read"):
            raw = source.read()
            raw = raw.encode("utf-8") if isinstance(raw, str) else raw
        else:
            raise TypeError("mapping must be a path, TOML text, bytes, file-like or dict")
        try:
            data = tomllib.loads(raw.decode("utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise RotaError(
                f"the mapping file is not valid TOML: {exc}",
                file=name,
                fix='write lines like  worker_id = "Carer Name"  under [columns]',
            ) from exc
    columns = data.get("columns", {})
    unknown = sorted(set(columns) - set(EVENT_FIELDS))
    if unknown:
        raise RotaError(
            f"the mapping names columns payfair does not know: {', '.join(unknown)}",
            file=name,
            fix="use these names on the left: " + ", ".join(EVENT_FIELDS),
        )
    options = data.get("options", {})
    for key, value in options.items():
        kind = OPTION_TYPES.get(key)
        if kind is None or not isinstance(value, kind):
            raise RotaError(
                f"mapping option {key} = {value!r} is not understood",
                file=name,
                fix="options are timezone (text), dayfirst and use_planned (true/false), "
                "sheet (text), header_row (a row number)",
            )
    tz = options.get("timezone")
    if tz is not None:
        try:
            import zoneinfo

            zoneinfo.ZoneInfo(tz)
        except Exception as exc:
            raise RotaError(
                f"timezone {tz!r} is not a time zone name",
                file=name,
                fix='use "UTC" or "Europe/London"',
            ) from exc
    return Mapping(
        columns={k: str(v) for k, v in columns.items()},
        timezone=tz,
        dayfirst=options.get("dayfirst", True),
        use_planned=options.get("use_planned"),
        sheet=options.get("sheet"),
        header_row=options.get("header_row"),
        name=name,
        exact=options.get("exact", False),
    )


DEFAULT_TZ = TZ

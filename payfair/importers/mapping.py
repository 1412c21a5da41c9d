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
from dataclasses import dataclass, field
from pathlib import Path

from payfair.config_file import ConfigError, Key, Schema, Table, read_toml, validate
from payfair.importers.aliases import EVENT_FIELDS
from payfair.schema import TZ

SCHEMA = Schema(
    sections={
        "columns": Table(
            value=Key((str,), meaning="the header of that column in your file, in quotes"),
            meaning="payfair's name on the left, your header on the right",
            key_choices=tuple(EVENT_FIELDS),
        ),
        "options": {
            "timezone": Key(
                (str,), meaning='the time zone of naive times: "Europe/London" or "UTC"'
            ),
            "dayfirst": Key(
                (bool,), meaning="true for dd/mm/yyyy dates (the default), false for mm/dd"
            ),
            "use_planned": Key((bool,), meaning="true to use planned (rostered) times"),
            "sheet": Key((str,), meaning="the Excel sheet that holds the visits"),
            "header_row": Key(
                (int,),
                meaning="the header's row number as you see it in Excel (1 or more)",
                minimum=1,
                maximum=1_048_576,
            ),
            "exact": Key((bool,), meaning="true: use only the columns listed (guess no others)"),
        },
    }
)


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


def _raw(source) -> tuple[bytes | dict, str]:
    """The mapping's bytes (or an already parsed dict) and its name for messages."""
    if isinstance(source, dict):
        return source, "mapping"
    if isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and source.lower().endswith(".toml")
    ):
        path = Path(source)
        if not path.is_file():
            raise ConfigError("mapping file not found", file=str(path), fix="check the path")
        return path.read_bytes(), path.name
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), "mapping"
    if isinstance(source, str):
        return source.encode("utf-8"), "mapping"
    if isinstance(source, io.IOBase) or hasattr(source, "read"):
        raw = source.read()
        name = Path(str(getattr(source, "name", "mapping"))).name
        return (raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)), name
    raise TypeError("mapping must be a path, TOML text, bytes, file-like or dict")


def load_mapping(source) -> Mapping:
    """A Mapping from a path, TOML text, bytes, a file-like object or a dict, validated through
    payfair.config_file: an unknown section (`[colums]`) or key, a wrong type or a header row
    below 1 is a ConfigError naming the file, the key and the fix, never ignored."""
    if isinstance(source, Mapping):
        return source
    raw, name = _raw(source)
    data = raw if isinstance(raw, dict) else read_toml(raw, file=name)[0]
    validate(data, SCHEMA, file=name)
    columns = data.get("columns", {})
    options = data.get("options", {})
    tz = options.get("timezone")
    if tz is not None:
        try:
            import zoneinfo

            zoneinfo.ZoneInfo(tz)
        except Exception:
            raise ConfigError(
                f"options.timezone = {tz!r} is not a time zone name",
                file=name,
                column="options.timezone",
                fix='use "UTC" or "Europe/London"',
            ) from None
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

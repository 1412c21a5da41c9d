"""Reading payfair's own TOML files (pay policies, mapping files, scenarios, assumptions) safely.

Users write these by hand, so they are validated like code: a file that is not UTF-8 or not
TOML, an unknown section or key (with the nearest known name suggested), a wrong type, or a
value out of range is a `ConfigError` naming the file, the key and the fix. Nothing is silently
ignored and nothing falls back to a default without the caller being able to say so.

A schema is plain data: `{"section": {"key": Key(...)}}`; a top-level key is a `Key` at the top
level of the dict. `Table(...)` is a section whose keys are free (e.g. role → £/h floors), with
one `Key` describing every value.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from payfair.errors import RotaError


class ConfigError(RotaError):
    """A configuration file cannot be used as written. The message names file, key and fix.

    `column` holds the key (e.g. `pay.contact_rate`); it is shown as "key", not "column"."""

    def __str__(self) -> str:
        where = [f"file {self.file}"] if self.file else []
        if self.column:
            where.append(f"key {self.column}")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.fix:
            text += f". How to fix: {self.fix}"
        return text


@dataclass(frozen=True)
class Key:
    """One setting: its type(s), allowed range or words, and what it means (for messages/docs)."""

    types: tuple[type, ...]
    meaning: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    unit: str = ""


@dataclass(frozen=True)
class Table:
    """A section whose keys are chosen by the user; every value is checked against `value`."""

    value: Key
    meaning: str = ""
    key_choices: tuple[str, ...] | None = None


@dataclass
class Schema:
    """Sections (name → {key: Key} or Table) and top-level keys."""

    sections: dict[str, dict[str, Any] | Table] = field(default_factory=dict)
    top: dict[str, Key] = field(default_factory=dict)


NUMBER = (int, float)


def read_toml(source: str | Path | bytes, *, file: str | None = None) -> tuple[dict, str]:
    """Parse a TOML file given as a path or bytes. Returns (data, file name for messages)."""
    if isinstance(source, (str, Path)):
        name = file or str(source)
        try:
            raw = Path(source).read_bytes()
        except FileNotFoundError:
            raise ConfigError("file not found", file=name, fix="check the path") from None
        except OSError as exc:
            raise ConfigError(f"cannot be read ({exc.strerror})", file=name) from None
    else:
        name = file or "file"
        raw = bytes(source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"is not UTF-8 text (byte {exc.start + 1} cannot be read)",
            file=name,
            fix="save the file as UTF-8 (in Notepad: Save as, Encoding UTF-8)",
        ) from None
    try:
        return tomllib.loads(text), name
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"is not valid TOML: {exc}",
            file=name,
            fix='write each setting as key = value, text in "quotes", sections as [name]',
        ) from None


def _suggest(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f"did you mean {close[0]!r}? " if close else ""


def _type_words(types: tuple[type, ...]) -> str:
    names = {bool: "true or false", int: "a number", float: "a number", str: "text in quotes"}
    return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in types))


def check_value(value: Any, spec: Key, *, where: str, file: str) -> Any:
    """One value against its Key; returns it (ints widened to float where a number is asked)."""
    ok_type = isinstance(value, spec.types) and not (
        isinstance(value, bool) and bool not in spec.types
    )
    if not ok_type:
        raise ConfigError(
            f"{where} = {value!r} should be {_type_words(spec.types)}",
            file=file,
            column=where,
            fix=f"{where}: {spec.meaning}" if spec.meaning else None,
        )
    if isinstance(value, NUMBER) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(f"{where} = {value} is not a finite number", file=file, column=where)
        unit = f" {spec.unit}" if spec.unit else ""
        if spec.minimum is not None and value < spec.minimum:
            raise ConfigError(
                f"{where} = {value} is below the least allowed, {spec.minimum}{unit}",
                file=file,
                column=where,
                fix=spec.meaning or None,
            )
        if spec.maximum is not None and value > spec.maximum:
            raise ConfigError(
                f"{where} = {value} is above the most allowed, {spec.maximum}{unit}",
                file=file,
                column=where,
                fix=spec.meaning or None,
            )
    if spec.choices is not None and isinstance(value, str) and value not in spec.choices:
        raise ConfigError(
            f"{where} = {value!r} is not one of the allowed words",
            file=file,
            column=where,
            fix=f"{_suggest(value, list(spec.choices))}use one of: {', '.join(spec.choices)}",
        )
    return value


def validate(data: dict[str, Any], schema: Schema, *, file: str) -> dict[str, Any]:
    """Check parsed TOML against a schema; raise ConfigError on the first problem found.

    Unknown sections and keys are errors (with the nearest known name), never ignored."""
    known_top = sorted([*schema.sections, *schema.top])
    for name, value in data.items():
        if name in schema.top:
            check_value(value, schema.top[name], where=name, file=file)
            continue
        if name not in schema.sections:
            kind = "section" if isinstance(value, dict) else "setting"
            raise ConfigError(
                f"unknown {kind} {('[' + name + ']') if isinstance(value, dict) else name!r}",
                file=file,
                fix=f"{_suggest(name, known_top)}known: {', '.join(known_top)}",
            )
        spec = schema.sections[name]
        if not isinstance(value, dict):
            raise ConfigError(
                f"{name} should be a section [{name}], not a single value", file=file, column=name
            )
        if isinstance(spec, Table):
            for key, item in value.items():
                if spec.key_choices is not None and key not in spec.key_choices:
                    raise ConfigError(
                        f"unknown key {key!r} in [{name}]",
                        file=file,
                        column=f"{name}.{key}",
                        fix=f"{_suggest(key, list(spec.key_choices))}"
                        f"use one of: {', '.join(spec.key_choices)}",
                    )
                check_value(item, spec.value, where=f"{name}.{key}", file=file)
            continue
        for key, item in value.items():
            if key not in spec:
                raise ConfigError(
                    f"unknown setting {key!r} in [{name}]",
                    file=file,
                    column=f"{name}.{key}",
                    fix=f"{_suggest(key, sorted(spec))}known: {', '.join(sorted(spec))}",
                )
            sub = spec[key]
            if isinstance(sub, Table):
                validate({key: item}, Schema(sections={key: sub}), file=file)
            else:
                check_value(item, sub, where=f"{name}.{key}", file=file)
    return data


def load(source: str | Path | bytes, schema: Schema, *, file: str | None = None) -> dict:
    """Read and validate a TOML configuration file in one step."""
    data, name = read_toml(source, file=file)
    return validate(data, schema, file=name)

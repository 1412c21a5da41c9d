"""Configuration files are validated like code (payfair/config_file.py): every problem names the
file, the key and the fix; nothing unknown is ignored."""

from __future__ import annotations

import math

import pytest

from payfair.config_file import NUMBER, ConfigError, Key, Schema, Table, load, validate

SCHEMA = Schema(
    sections={
        "pay": {
            "contact_rate": Key(NUMBER, "pounds an hour for contact time", minimum=0, maximum=1000),
            "travel_rate": Key((*NUMBER, str), "pounds an hour, or contact", choices=("contact",)),
        },
        "rules": {"count_commute": Key((bool,), "count travel to the first visit")},
        "role_floor": Table(Key(NUMBER, "pounds an hour", minimum=0)),
    },
    top={"name": Key((str,), "the policy's name")},
)


def _error(data) -> str:
    with pytest.raises(ConfigError) as info:
        validate(data, SCHEMA, file="my_policy.toml")
    return str(info.value)


def test_a_good_file_passes_unchanged():
    data = {"name": "x", "pay": {"contact_rate": 12.8, "travel_rate": "contact"}}
    assert validate(data, SCHEMA, file="f") == data


def test_misspelt_section_and_key_name_the_nearest_known():
    assert "unknown section '[rule]'" in _error({"rule": {}})
    assert "did you mean 'rules'" in _error({"rule": {}})
    msg = _error({"pay": {"contact_rat": 1}})
    assert "my_policy.toml" in msg and "key pay.contact_rat" in msg and "'contact_rate'" in msg


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"pay": {"contact_rate": "twelve"}}, "should be a number"),
        ({"pay": {"contact_rate": True}}, "should be a number"),  # a bool is not a number here
        ({"pay": {"contact_rate": -1}}, "below the least allowed, 0"),
        ({"pay": {"contact_rate": 5000}}, "above the most allowed, 1000"),
        ({"pay": {"contact_rate": math.nan}}, "not a finite number"),
        ({"pay": {"travel_rate": "contract"}}, "did you mean 'contact'"),
        ({"rules": {"count_commute": "yes"}}, "should be true or false"),
        ({"role_floor": {"care worker": -2}}, "role_floor.care worker"),
        ({"pay": 3}, "should be a section [pay]"),
    ],
)
def test_wrong_values_are_errors_that_say_what_to_write(data, words):
    assert words in _error(data)


def test_files_that_are_not_utf8_or_not_toml(tmp_path):
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "Zo\xeb"\n'.encode("cp1252"))
    with pytest.raises(ConfigError, match="not UTF-8.*Save as"):
        load(latin, SCHEMA)
    broken = tmp_path / "broken.toml"
    broken.write_text("[pay\ncontact_rate = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="broken.toml.*not valid TOML"):
        load(broken, SCHEMA)
    with pytest.raises(ConfigError, match="file not found"):
        load(tmp_path / "missing.toml", SCHEMA)
    assert load(b'\xef\xbb\xbfname = "bom"\n', SCHEMA, file="b.toml") == {"name": "bom"}

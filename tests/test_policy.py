"""Pay policy files (rules §3-4 settings) are validated: every mistake is a ConfigError naming
the file, the key and the fix, and the CLI exits 2 with that message, never a traceback."""

from __future__ import annotations

import math

import pytest

from payfair.cli import main
from payfair.config_file import ConfigError
from payfair.errors import RotaError
from payfair.policy import DEFAULT_POLICY_PATH, PayPolicy, load_policy, policy_from_dict
from payfair.resources import samples_path

GOOD = """name = "test policy"
[pay]
contact_rate = 12.80
travel_rate = "contact"
waiting_rate = 0
mileage_rate = 0.45
[pay.role_floor]
"*" = 12.71
[rules]
break_threshold_minutes = 45
count_commute = false
"""


def _write(tmp_path, text: str | bytes, name: str = "policy.toml"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_default_policy_loads_with_the_documented_defaults():
    policy = load_policy()
    assert policy.contact_rate == 12.80  # rates/policies/default.toml
    assert policy.rules.break_threshold_minutes == 60.0  # rules §3.4
    assert policy.rules.count_commute is False  # rules §3.6; reg 34(1)
    assert DEFAULT_POLICY_PATH.is_file()


def test_a_good_file_loads_whole_numbers_as_floats(tmp_path):
    policy = load_policy(_write(tmp_path, GOOD))
    assert policy.name == "test policy"
    assert policy.travel_rate == "contact"
    assert policy.waiting_rate == 0.0 and isinstance(policy.waiting_rate, float)
    assert policy.role_floor == {"*": 12.71}
    assert policy.rules.break_threshold_minutes == 45.0


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        # a misspelt section is an error, with the nearest known name suggested
        ("[rule]\nbreak_threshold_minutes = 30\n", None, "did you mean 'rules'"),
        ("[rules]\nbreak_treshold_minutes = 30\n", "rules.break_treshold_minutes", "did you mean"),
        ("[pay]\ncontact_rate = 12.80\nholiday = 1\n", "pay.holiday", "unknown setting"),
        ('[pay]\ncontact_rate = "twelve"\n', "pay.contact_rate", "should be a number"),
        ("[rules]\ncount_commute = 1\n", "rules.count_commute", "should be true or false"),
        ("[rules]\nbreak_threshold_minutes = -5\n", "rules.break_threshold_minutes", "below"),
        ("[rules]\nbreak_threshold_minutes = nan\n", "rules.break_threshold_minutes", "finite"),
        ("[rules]\nbreak_threshold_minutes = inf\n", "rules.break_threshold_minutes", "finite"),
        ("[pay]\ncontact_rate = 1280\n", "pay.contact_rate", "above the most allowed, 1000"),
        ("[pay]\ncontact_rate = -1\n", "pay.contact_rate", "below"),
        ('[pay]\ntravel_rate = "half"\n', "pay.travel_rate", "one of: contact"),
        ("[pay]\nmileage_rate = 45\n", "pay.mileage_rate", "above the most allowed, 5"),
        ("[pay.role_floor]\ncare_worker = 1e6\n", "role_floor.care_worker", "above"),
        ("[rules]\nassumed_speed_mph = 0\n", "rules.assumed_speed_mph", "below"),
        ("contact_rate = 12.80\n", None, "unknown setting 'contact_rate'"),
        ("pay = 12.80\n", "pay", "should be a section"),
    ],
)
def test_each_mistake_names_file_key_and_fix(tmp_path, text, key, words):
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert str(path) in message
    assert words in message
    if key is not None:
        assert f"key {key}" in message
    assert isinstance(caught.value, RotaError)  # the CLI prints it and exits 2


def test_a_file_that_is_not_utf8_names_the_byte_and_the_fix(tmp_path):
    # "name = 'Zo" is 10 bytes; ë is byte 11, 0xEB in Windows-1252 and not valid UTF-8 there
    path = _write(tmp_path, "name = 'Zo\xeb'\n".encode("cp1252"))
    with pytest.raises(ConfigError, match=r"not UTF-8 text \(byte 11 .*save the file as UTF-8"):
        load_policy(path)


def test_a_file_that_is_not_toml_or_missing(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_policy(_write(tmp_path, "[pay\ncontact_rate = 12\n"))
    with pytest.raises(ConfigError, match="file not found"):
        load_policy(tmp_path / "nowhere.toml")


def test_policy_from_dict_validates_too():
    with pytest.raises(ConfigError, match="rules.break_threshold_minutes"):
        policy_from_dict({"rules": {"break_threshold_minutes": math.nan}})
    assert policy_from_dict({}) == PayPolicy(name="policy")


def test_cli_exits_2_with_the_message_and_no_traceback(tmp_path, capsys):
    path = _write(tmp_path, "[rule]\nbreak_threshold_minutes = -1\n")
    code = main(["analyse", str(samples_path("canonical_branch.csv")), "--policy", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert str(path) in err and "[rule]" in err and "Traceback" not in err


def test_unexpected_error_is_a_short_message_exit_3_and_a_log_file(tmp_path, monkeypatch, capsys):
    """The top-level guard (payfair/cli.py): a fault inside payfair never prints a traceback."""
    import payfair.commands.sample as sample_command

    def broken(args):  # a stand-in for a bug anywhere inside a command
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(sample_command, "run", broken)
    monkeypatch.setenv("PAYFAIR_LOG_DIR", str(tmp_path / "logs"))
    code = main(["sample", "--out", str(tmp_path / "x.csv")])
    err = capsys.readouterr().err
    assert code == 3
    assert "Traceback" not in err and "ZeroDivisionError" in err and "report it" in err
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "division by zero" in text and "command: payfair sample" in text

"""The command line's parser: every command listed, and only the chosen one loaded."""

from __future__ import annotations

import subprocess
import sys

from payfair.cli import COMMANDS, build_parser


def _registered(parser) -> list[str]:
    return list(parser._subparsers._group_actions[0].choices)


def test_help_lists_every_command():
    assert _registered(build_parser([])) == list(COMMANDS)
    assert _registered(build_parser(["--version"])) == list(COMMANDS)
    assert _registered(build_parser(["analyz"])) == list(COMMANDS)  # a typo: all, to list them


def test_a_named_command_loads_only_itself():
    assert _registered(build_parser(["analyse", "rota.csv"])) == ["analyse"]
    assert _registered(build_parser(["market", "--help"])) == ["market"]


def test_analyse_does_not_import_the_costing():
    """`payfair analyse` pays only for what it runs: the costing, market view and Excel writer
    are imported by the commands that use them (about 0.08 s of every run)."""
    code = (
        "import sys; from payfair.cli import build_parser; "
        "build_parser(['analyse', 'x.csv']).parse_args(['analyse', 'x.csv']); "
        "print(sorted(m for m in sys.modules if m.startswith(('payfair.costing', "
        "'payfair.market', 'payfair.evidence', 'openpyxl'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

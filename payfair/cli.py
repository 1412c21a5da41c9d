"""The `payfair` command. Each sub-command lives in payfair/commands/<name>.py and exposes
`register(subparsers)`, which adds its parser and sets `func(args) -> int`."""

from __future__ import annotations

import argparse
import sys

from payfair import __version__
from payfair.commands import analyse, evidence, explain, inspect, price, sample, scenarios, topup
from payfair.errors import RotaError

COMMANDS = (analyse, inspect, sample, scenarios, price, explain, topup, evidence)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="payfair",
        description=(
            "The truth about homecare pay. Reads a rota or call-monitoring export and works out, "
            "per worker and pay reference period, the working time (contact, travel, waiting), "
            "the true hourly rate, any National Minimum Wage shortfall and the arrears owed; "
            "models pay scenarios; and prices the fee per contact hour that funds them."
        ),
        epilog="Start with: payfair analyse rota_samples/canonical_branch.csv",
    )
    parser.add_argument("--version", action="version", version=f"payfair {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except RotaError as exc:
        print(f"payfair: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())

"""`payfair analyse`: true hourly rate, minimum-wage shortfall and arrears per worker and pay period. (Placeholder until its issue lands.)"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyse", help="true hourly rate, minimum-wage shortfall and arrears per worker and pay period", description="true hourly rate, minimum-wage shortfall and arrears per worker and pay period")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("payfair analyse is not built yet.", file=sys.stderr)
    return 1

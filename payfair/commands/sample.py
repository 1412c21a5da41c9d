"""`payfair sample`: write a large realistic generated rota (seeded). (Placeholder until its issue lands.)"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sample", help="write a large realistic generated rota (seeded)", description="write a large realistic generated rota (seeded)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("payfair sample is not built yet.", file=sys.stderr)
    return 1

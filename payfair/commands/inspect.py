"""`payfair inspect`: show the layout and column mapping found in a rota file, and its first parsed rows. (Placeholder until its issue lands.)"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inspect", help="show the layout and column mapping found in a rota file, and its first parsed rows", description="show the layout and column mapping found in a rota file, and its first parsed rows")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("payfair inspect is not built yet.", file=sys.stderr)
    return 1

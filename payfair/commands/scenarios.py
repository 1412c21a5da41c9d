"""`payfair scenarios`: apply pay scenarios to a rota: who gains and by how much. (Placeholder until its issue lands.)"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scenarios", help="apply pay scenarios to a rota: who gains and by how much", description="apply pay scenarios to a rota: who gains and by how much")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("payfair scenarios is not built yet.", file=sys.stderr)
    return 1

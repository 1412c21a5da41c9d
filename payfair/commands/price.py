"""`payfair price`: fee per contact hour needed to fund a pay scenario, and its budget impact. (Placeholder until its issue lands.)"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("price", help="fee per contact hour needed to fund a pay scenario, and its budget impact", description="fee per contact hour needed to fund a pay scenario, and its budget impact")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("payfair price is not built yet.", file=sys.stderr)
    return 1

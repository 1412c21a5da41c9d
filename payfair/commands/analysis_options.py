"""The options every command that analyses a rota shares with `payfair analyse`.

`explain`, `topup` and `evidence` read the rota, the workers file and the pay policy exactly as
`analyse` does (same option names, defaults and help), so a figure they show is the figure
`analyse` gives for the same files and settings.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from payfair.analysis import Analysis, analyse
from payfair.commands.analyse import _iso_date, _minutes
from payfair.commands.rota_input import add_rota_options, read_rota
from payfair.importers import load_workers
from payfair.periods import DEFAULT_ANCHOR
from payfair.policy import load_policy
from payfair.schema import PERIOD_KINDS


def add_analysis_options(p: argparse.ArgumentParser) -> None:
    """ROTA, the rota options (--mapping, --sheet, --use-planned) and analyse's settings."""
    p.add_argument(
        "rota",
        metavar="ROTA",
        help="the rota or call-monitoring export (.csv, .xlsx or .parquet)",
    )
    add_rota_options(p)
    p.add_argument(
        "--workers",
        metavar="FILE",
        help="a file with one row per worker (worker_id, date_of_birth, apprentice, "
        "apprenticeship_start, role, contact_rate). Without it every worker is assumed to be on "
        "the top (adult) minimum-wage band, and the results say so",
    )
    p.add_argument(
        "--policy",
        metavar="FILE",
        help="a pay policy TOML file (default: rates/policies/default.toml: contact time paid, "
        "travel and waiting unpaid)",
    )
    p.add_argument(
        "--period",
        choices=PERIOD_KINDS,
        default="weekly",
        help="the pay reference period: how often the workers are paid. Default: weekly",
    )
    p.add_argument(
        "--period-anchor",
        metavar="DATE",
        type=_iso_date,
        default=None,
        help="the first day of any one pay period (YYYY-MM-DD). "
        f"Default: {DEFAULT_ANCHOR.isoformat()} (a Monday). Monthly periods are calendar months",
    )
    p.add_argument(
        "--break-threshold",
        metavar="MIN",
        type=_minutes,
        default=None,
        help="the longest idle gap between visits, in minutes, that still counts as waiting "
        "time (default: the policy's, 60 minutes)",
    )
    p.add_argument(
        "--as-of",
        metavar="DATE",
        type=_iso_date,
        default=None,
        help="the date arrears are worked out on (YYYY-MM-DD); default: today",
    )


def run_analysis(args: argparse.Namespace) -> tuple[Analysis, pd.DataFrame | None]:
    """The analysis `payfair analyse` would make with these options, and any rejected rows of
    the workers file."""
    policy = load_policy(args.policy)
    if args.break_threshold is not None:
        policy = policy.with_rules(break_threshold_minutes=args.break_threshold)
    rota = read_rota(args.rota, args)
    workers = workers_rejected = None
    if args.workers:
        workers, workers_rejected = load_workers(Path(args.workers))
    analysis = analyse(
        rota,
        policy,
        workers=workers,
        period=args.period,
        period_anchor=args.period_anchor,
        as_of=args.as_of,
    )
    return analysis, workers_rejected

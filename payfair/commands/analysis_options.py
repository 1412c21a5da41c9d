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
from payfair.commands.analyse import _iso_date, _minutes, _period_days, _rejected_lines
from payfair.commands.rota_input import add_rota_options, read_rota
from payfair.importers import load_workers
from payfair.periods import DEFAULT_ANCHOR, MAX_PERIOD_DAYS
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
        f"Default: {DEFAULT_ANCHOR.isoformat()} (a Monday). Monthly periods run from the "
        "anchor's day of the month (e.g. 10 March to 9 April)",
    )
    p.add_argument(
        "--period-days",
        metavar="N",
        type=_period_days,
        default=None,
        help=f"pay periods of N days (1 to {MAX_PERIOD_DAYS}) counted from --period-anchor, when "
        "the payroll runs neither weeks nor months (NMW Regulations 2015 reg 6)",
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
        period_days=args.period_days,
    )
    return analysis, workers_rejected


def input_notes(analysis: Analysis, workers_rejected: pd.DataFrame | None = None) -> list[str]:
    """What a command that prints one result must still say about its inputs: rows read, used
    and rejected (with the first reasons), what payfair assumed (the warnings), and rows of the
    workers file that were rejected, so nothing is dropped or assumed in silence."""
    lines = [
        f"Rows: {analysis.rows_read} read, {analysis.rows_used} used, "
        f"{len(analysis.rejected)} rejected (not in these figures)"
    ]
    if len(analysis.rejected):
        lines += _listed(analysis.rejected)
    if workers_rejected is not None and len(workers_rejected):
        lines.append(f"Workers file: {len(workers_rejected)} row(s) rejected:")
        lines += _listed(workers_rejected)
    if len(analysis.warnings):
        lines.append("Assumed or filled in:")
        lines += ["  " + str(r) for r in analysis.warnings["reason"].astype(str)]
    return lines


def _listed(rejected: pd.DataFrame, limit: int = 5) -> list[str]:
    """The first rejected rows with their reasons, and where to see the rest."""
    lines = _rejected_lines(rejected.head(limit), limit=limit)
    if len(rejected) > limit:
        lines.append(
            f"    … and {len(rejected) - limit} more: `payfair analyse` with the same files "
            "lists them all"
        )
    return lines

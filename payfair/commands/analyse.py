"""`payfair analyse`: true hourly rate, minimum-wage shortfall and arrears per worker and period.

Reads a rota (and optionally a workers file and a pay policy), runs the engine
(payfair.analysis.analyse), prints a readable summary and writes JSON and CSV results.
Exit codes: 0 done (even when workers are below the minimum wage: that is a finding, not an
error); 1 with --strict when any row was rejected; 2 when an input cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from payfair.analysis import Analysis, csv_bytes, rejection_records, to_json
from payfair.commands.rota_input import add_rota_options
from payfair.errors import RotaError
from payfair.importers import load_workers
from payfair.periods import DEFAULT_ANCHOR, MAX_PERIOD_DAYS, check_period_days
from payfair.policy import load_policy
from payfair.safe_output import deliver, json_bytes
from payfair.scale.cli_options import ROTA_HELP, add_engine_options, analyse_rota  # dask helper
from payfair.schema import PERIOD_KINDS

SHOW_REJECTED = 10
SHOW_WORST = 5


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-04-01"
        ) from None


def _period_days(text: str) -> int:
    try:
        return check_period_days(int(text))
    except ValueError as exc:
        message = str(exc) if text.strip().lstrip("-").isdigit() else f"{text!r} is not a number"
        raise argparse.ArgumentTypeError(message) from None


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the break threshold cannot be negative")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyse",
        help="true hourly rate, minimum-wage shortfall and arrears per worker and pay period",
        description=(
            "Work out, for each worker and pay reference period, the working time the law counts "
            "(visits, travel between visits, short waits, training and office time), the pay that "
            "counts for the National Minimum Wage, the true hourly rate, any shortfall below the "
            "minimum wage and the arrears owed today. Every row of the rota is either used or "
            "listed with the reason it was rejected."
        ),
        epilog=(
            "Example: payfair analyse rota.csv --workers workers.csv --period monthly "
            "--json results.json --csv results.csv. Workers below the minimum wage are a finding, "
            "not an error: the exit code is 0 unless an input cannot be read (2) or --strict is "
            "given and some rows were rejected (1)."
        ),
    )
    p.add_argument(
        "rota",
        metavar="ROTA",
        help=ROTA_HELP,  # dask helper: one file, a folder or a glob
    )
    add_rota_options(p)
    add_engine_options(p)  # dask helper: --engine, --scheduler, --partitions
    p.add_argument(
        "--workers",
        metavar="FILE",
        help=(
            "a file with one row per worker: worker_id, date_of_birth, apprentice, "
            "apprenticeship_start, role, contact_rate. Without it every worker is assumed to be on "
            "the top (adult) minimum-wage band, and the results say so"
        ),
    )
    p.add_argument(
        "--policy",
        metavar="FILE",
        help=(
            "a pay policy TOML file: how the workers are paid when the rota has no pay column "
            "(contact, travel and waiting rates, mileage, premiums) and the working-time rules. "
            "Default: rates/policies/default.toml (contact time paid, travel and waiting unpaid)"
        ),
    )
    p.add_argument(
        "--period",
        choices=PERIOD_KINDS,
        default="weekly",
        help=(
            "the pay reference period: how often the workers are paid. The minimum wage is "
            "checked on the average over each period. Default: weekly"
        ),
    )
    p.add_argument(
        "--period-anchor",
        metavar="DATE",
        type=_iso_date,
        default=None,
        help=(
            "the first day of any one pay period (YYYY-MM-DD), as your payroll runs it: weekly, "
            "fortnightly, four-weekly and --period-days periods are counted from it; monthly "
            "periods start on its day of the month (2026-08-10: 10 August to 9 September). "
            f"Default: {DEFAULT_ANCHOR.isoformat()} (a Monday; monthly: calendar months)"
        ),
    )
    p.add_argument(
        "--period-days",
        metavar="N",
        type=_period_days,
        default=None,
        help=(
            f"pay periods of N days (1 to {MAX_PERIOD_DAYS}) counted from --period-anchor, when "
            "your payroll runs neither weeks nor months: a pay reference period is a month, or "
            "the shorter period the worker is paid by (NMW Regulations 2015 reg 6); for a month "
            "use --period monthly"
        ),
    )
    p.add_argument(
        "--break-threshold",
        metavar="MIN",
        type=_minutes,
        default=None,
        help=(
            "the longest gap between visits, in minutes, that still counts as waiting time. A "
            "longer gap is a break: the worker is presumed free to go home. Default: the policy's "
            "(60 minutes, the waiting time a tribunal counted in the Haringey homecare case)"
        ),
    )
    p.add_argument(
        "--as-of",
        metavar="DATE",
        type=_iso_date,
        default=None,
        help=(
            "the date arrears are worked out on (YYYY-MM-DD): a shortfall is repaid at today's "
            "minimum-wage rate if that is higher (National Minimum Wage Act 1998 s17). "
            "Default: today"
        ),
    )
    p.add_argument(
        "--json",
        metavar="PATH",
        help="write every period, the rows read, used and rejected, and the settings, as JSON",
    )
    p.add_argument(
        "--csv",
        metavar="PATH",
        help="write one row per worker and pay period as CSV (opens in Excel)",
    )
    p.add_argument(
        "--xlsx",
        metavar="PATH",
        help="write an Excel workbook: summary, periods, rejected rows, warnings and settings",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="exit with code 1 if any row of the rota or workers file was rejected",
    )
    p.set_defaults(func=run)


def _money(x: float) -> str:
    return f"£{x:,.2f}"


def _rejected_lines(rejected: pd.DataFrame, limit: int = SHOW_REJECTED) -> list[str]:
    head = rejected.head(limit)
    sheet = head["sheet"].fillna("").astype(str)
    where = (
        head["file"].fillna("").astype(str)
        + np.where(sheet != "", " sheet " + sheet, "")
        + " row "
        + head["row"].astype("string").fillna("?").astype(str)
        + np.where(head["column"].notna(), " column " + head["column"].fillna("").astype(str), "")
    )
    lines = ("    " + where + ": " + head["reason"].astype(str)).tolist()
    if len(rejected) > limit:
        lines.append(f"    … and {len(rejected) - limit} more (all listed in the JSON output)")
    return lines


def summary(analysis: Analysis, workers_rejected: pd.DataFrame | None = None) -> str:
    """The readable summary printed by `payfair analyse`."""
    p = analysis.periods
    s = analysis.settings
    lines = [
        f"Rows: {analysis.rows_read} read, {analysis.rows_used} used, "
        f"{len(analysis.rejected)} rejected",
    ]
    if len(analysis.rejected):
        lines.append("  Rejected rows (fix them in the file and run again):")
        lines.extend(_rejected_lines(analysis.rejected))
    if workers_rejected is not None and len(workers_rejected):
        lines.append(f"  Workers file: {len(workers_rejected)} row(s) rejected:")
        lines.extend(_rejected_lines(workers_rejected))
    warnings = analysis.warnings
    general = warnings[warnings["row"].isna()] if len(warnings) else warnings
    if len(general):
        lines.append("")
        lines.append("What payfair assumed or could not use (and how to fix it):")
        lines.extend(("  - " + general["reason"].astype(str)).tolist())
    by_row = len(warnings) - len(general)
    if by_row:
        lines.append(f"  Warnings on rows: {by_row} (listed in the JSON output)")

    below = p[p["below_nmw"].astype(bool)] if len(p) else p
    lines += [
        "",
        f"Workers: {p['worker_id'].nunique() if len(p) else 0}",
        f"Pay periods ({s['period']}): {len(p)} worker-periods",
        f"Below the National Minimum Wage: {len(below)} of {len(p)} worker-periods, "
        f"{below['worker_id'].nunique() if len(below) else 0} worker(s)",
        f"Total shortfall: {_money(float(p['shortfall'].sum()) if len(p) else 0.0)}",
        f"Total arrears (at the rate on {s['as_of']}): "
        f"{_money(float(p['arrears'].sum()) if len(p) else 0.0)}",
    ]
    if len(p):
        hours = p["working_hours"].sum()
        lines.append(
            f"Working hours: {hours:,.1f}, of which unpaid {p['unpaid_working_hours'].sum():,.1f}"
        )
    worst = p.dropna(subset=["true_hourly_rate"]).nsmallest(SHOW_WORST, "true_hourly_rate")
    if len(worst):
        lines += ["", "Lowest true hourly rates:"]
        start = pd.to_datetime(worst["period_start"]).dt.strftime("%Y-%m-%d")
        end = pd.to_datetime(worst["period_end"]).dt.strftime("%Y-%m-%d")
        text = (
            "  "
            + worst["worker_id"].astype(str)
            + ", "
            + start
            + " to "
            + end
            + ": £"
            + worst["true_hourly_rate"].map("{:.2f}".format)
            + "/h against £"
            + worst["nmw_rate"].map("{:.2f}".format)
            + " ("
            + worst["working_hours"].map("{:.1f}".format)
            + " h worked, shortfall £"
            + worst["shortfall"].map("{:.2f}".format)
            + ")"
        )
        lines.extend(text.tolist())
    flagged = p["flags"].astype(str).str.contains("no_date_of_birth").sum() if len(p) else 0
    if flagged:
        lines.append(
            f"\nNote: {flagged} worker-period(s) have no date of birth: the top band was assumed."
        )
    lines.append(
        "Amounts owed are rounded up to the next penny, in the worker's favour: any shortfall "
        "is a breach (HMRC NMWM09010)."
    )

    lines += ["", "Settings used:"]
    lines.append(
        f"  pay reference period: {s['period']}, anchored on {s['period_anchor']}; "
        f"arrears as of {s['as_of']}"
    )
    lines.append(f"  pay policy: {s['policy'].get('name', '')}")
    for name, rule in s["rules"].items():
        source = f"  [{rule['source']}]" if rule["source"] else ""
        lines.append(f"  {name} = {rule['value']}{source}")
    mw = s["minimum_wage"]
    lines.append(f"  rate: {mw['rate_day']}")
    lines.append(f"  arrears: {mw['arrears']}")
    lines.append(f"  rates table: {s['rates']}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    if args.break_threshold is not None:
        policy = policy.with_rules(break_threshold_minutes=args.break_threshold)
    workers = None
    workers_rejected = None
    if args.workers:
        workers, workers_rejected = load_workers(Path(args.workers))
    analysis = analyse_rota(  # dask helper: one file, many files, or --engine dask
        args.rota,
        args,
        policy,
        workers=workers,
        period=args.period,
        period_anchor=args.period_anchor,
        as_of=args.as_of,
        period_days=args.period_days,
    )
    print(summary(analysis, workers_rejected))
    # Every output is built in memory first, then written whole: a failure in one never leaves
    # the others half-written (payfair.safe_output).
    outputs: list[tuple[str, bytes]] = []
    if args.json:
        data = to_json(analysis)
        if workers_rejected is not None:
            data["workers_rejected"] = rejection_records(workers_rejected)
        outputs.append((args.json, json_bytes(data)))  # indented, to read
    if args.csv:
        outputs.append((args.csv, csv_bytes(analysis)))
    if args.xlsx:
        from payfair.costing.report import write_analysis

        outputs.append((args.xlsx, write_analysis(analysis)))
    if outputs:
        print()
    for path, data in outputs:
        deliver(data, path)
        print(f"Wrote {path}")
    rejected_any = len(analysis.rejected) or (
        workers_rejected is not None and len(workers_rejected)
    )
    if args.strict and rejected_any:
        print("payfair: --strict: some rows were rejected (listed above)", file=sys.stderr)
        return 1
    return 0


__all__ = ["RotaError", "register", "run", "summary"]

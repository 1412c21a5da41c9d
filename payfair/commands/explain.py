"""`payfair explain`: the arithmetic behind one worker's pay period, in words.

Prints what payfair.explain.explain_period says: working hours, pay that counts, true rate, the
rate in force and why, shortfall, arrears and the uplift, and every gap of the period with the
rule that classed it. `--csv` writes the gaps as a table.
"""

from __future__ import annotations

import argparse

from payfair.commands.analyse import _iso_date
from payfair.commands.analysis_options import add_analysis_options, input_notes, run_analysis
from payfair.explain import explain_period


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "explain",
        help="why one worker's pay period is below (or above) the minimum wage, step by step",
        description=(
            "Set out, for one worker and pay reference period, the arithmetic in words: working "
            "hours (contact, travel, waiting, training and office), the pay that counts for the "
            "minimum wage, the true hourly rate, the rate in force on the period's first day and "
            "why, the shortfall, the arrears and the uplift to today's rate; then every gap "
            "between visits, what it was classed as and the rule that classed it."
        ),
        epilog=(
            "Example: payfair explain rota.csv --workers workers.csv --worker 'Amira Khan' "
            "--period-start 2026-03-23. A date inside a period explains the period containing it."
        ),
    )
    add_analysis_options(p)
    p.add_argument("--worker", metavar="ID", required=True, help="the worker, as in the rota")
    p.add_argument(
        "--period-start",
        metavar="DATE",
        type=_iso_date,
        required=True,
        help="the first day of the pay period (YYYY-MM-DD), or any day in it",
    )
    p.add_argument(
        "--csv",
        metavar="PATH",
        help="also write the period's gaps (time, minutes, classed as, rule) as CSV",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    analysis, workers_rejected = run_analysis(args)
    explanation = explain_period(analysis, args.worker, args.period_start)
    print(explanation.text)
    print()
    print("\n".join(input_notes(analysis, workers_rejected)))
    if args.csv:
        from payfair.safe_output import write_csv

        write_csv(explanation.gaps, args.csv)
        print(f"\nWrote {args.csv}")
    return 0
